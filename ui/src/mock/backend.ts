// A fake Rust side for tests and for looking at the UI in a plain browser (mock.html, dev only).
// Never imported by the app itself: production talks to the real commands.
import { mockIPC, mockWindows } from '@tauri-apps/api/mocks'
import type { AppInfo, Checked, Computed, CountyTotals, Exclusion, Finding, KeyEntry, LedgerSummary, Pollutant, Report, ReportSummary, RosterStatus, Settings, VersionSummary } from '../api'
import catalog from './fixtures/catalog.json'
import packNational from './fixtures/pack-national.json'
import packGuangdong from './fixtures/pack-guangdong.json'
import demo2024 from './fixtures/demo-2024.json'

export interface MockOptions {
  mode?: 'enterprise' | 'county' | null
  /** Start with the demo reports in the workspace. */
  demo?: boolean
  /** Milliseconds each command takes (to see loading states). */
  delay?: number
  /** What the native open dialog "picks". */
  pick?: string[]
  county?: boolean
}

export interface MockBackend {
  calls: { cmd: string; args: Record<string, unknown> }[]
  reports: Map<string, { report: Report; revision: number; versions: { v: VersionSummary; body: Report }[] }>
  settings: Settings
  mode: 'enterprise' | 'county' | null
  pick: string[]
}

const clone = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T
const keyOf = (uscc: string, year: number) => `${uscc}/${year}`

export function demoReport(year = 2024): Report {
  const r = clone(demo2024.report) as unknown as Report
  if (year !== 2024) {
    r.year = year
    ;(r as Record<string, unknown>).reduction_projects = []
  }
  return r
}

export function demoComputed(): Computed {
  const c = clone(demo2024.computed) as unknown as Computed
  const report = demoReport()
  const energy = report.energy as Record<string, string>[]
  c.rows = (c.rows as unknown as { tce: string }[]).map((r, i) => ({
    code: energy[i].code,
    name: energy[i].name,
    unit: energy[i].unit,
    factor: energy[i].factor,
    tce: r.tce,
    total_tce: r.tce,
    equal_value_tce: r.tce,
    feedstock_tce: '0.0000',
    expected_closing_stock: energy[i].closing_stock ?? '0.0000',
  }))
  c.products = (c.products as unknown as Record<string, string>[]).map((p) => ({ name: '吨熟料综合能耗', current: p.current, prior: p.prior, change_pct: p.change_pct, saving_tce: p.saving_tce }))
  c.year = 2024
  c.industrial_basis = true
  return c
}

/** A few rules, enough to exercise the UI: USCC length, coefficient range, a YoY warning. */
export function mockFindings(r: Report, minChars = 6): Finding[] {
  const out: Finding[] = []
  const ent = r.enterprise as Record<string, unknown>
  const uscc = String(ent.uscc ?? '')
  if (uscc.length !== 18) {
    out.push({ rule: 'RF001', severity: 'error', message: { zh: `统一社会信用代码“${uscc}”应为18位。`, en: `The code "${uscc}" must have 18 characters.` }, location: { path: 'enterprise.uscc', sheet: '表1 基本情况', cell: 'B4' } })
  }
  if (!ent.address) {
    out.push({ rule: 'CP001', severity: 'error', message: { zh: '未填写单位地址。', en: 'The address is missing.' }, location: { path: 'enterprise.address', sheet: '表1 基本情况', cell: 'B6' } })
  }
  const energy = (r.energy as Record<string, unknown>[] | undefined) ?? []
  energy.forEach((e, i) => {
    const cat = catalog.energy.find((x) => x.code === e.code)
    const f = Number(e.factor)
    if (cat && e.factor && (f < Number(cat.min) || f > Number(cat.max))) {
      out.push({
        rule: 'EN011',
        severity: 'warning',
        message: { zh: `${cat.name}的采用折标系数${e.factor}超出参考范围${cat.min}—${cat.max}；如按实测热值采用，请说明依据。`, en: `The coefficient ${e.factor} of ${cat.name} is outside ${cat.min}–${cat.max}.` },
        location: { path: `energy[${i}].factor`, sheet: '表2 能源消费结构', cell: `M${6 + i}` },
      })
    }
  })
  const ind = r.indicators as Record<string, Record<string, string>> | undefined
  const cur = Number(ind?.output_value?.current ?? 0)
  const prior = Number(ind?.output_value?.prior ?? 0)
  if (prior > 0 && Math.abs(cur - prior) / prior > 0.3) {
    out.push({ rule: 'YY002', severity: 'warning', message: { zh: '工业总产值同比变化超过30%，请说明原因。', en: 'Output value changed by more than 30%; explain why.' }, location: { path: 'indicators.output_value.current', sheet: '表1 基本情况', cell: 'B14' } })
  }
  out.push({ rule: 'PR006', severity: 'info', message: { zh: '吨熟料综合能耗达到能效标杆水平。', en: 'The clinker indicator reaches the benchmark.' }, location: { path: 'products[0].numerator', sheet: '表3 单位产品综合能耗', cell: 'H6' } })
  const js = (r.justifications as { rule: string; location: string; text: string }[] | undefined) ?? []
  for (const f of out) {
    if (f.severity !== 'warning') continue
    const j = js.find((x) => x.rule === f.rule && x.location === f.location.path)
    if (j && [...j.text.trim()].length >= minChars) f.justification = j.text
  }
  return out
}

function summaryOf(findings: Finding[]) {
  return {
    errors: findings.filter((f) => f.severity === 'error').length,
    warnings: findings.filter((f) => f.severity === 'warning' && !f.justification).length,
    justified: findings.filter((f) => f.severity === 'warning' && f.justification).length,
    infos: findings.filter((f) => f.severity === 'info').length,
  }
}

function ledgerOf(r: Report): LedgerSummary {
  const projects = ((r.reduction_projects as Record<string, unknown>[] | undefined) ?? []).map((p) => {
    const red = p.before_t && p.after_t ? (Number(p.before_t) - Number(p.after_t)).toFixed(3) : null
    const excluded: Exclusion[] = []
    if (p.emergency) excluded.push('emergency')
    if (p.over_limit) excluded.push('over_limit')
    if (!Array.isArray(p.evidence) || p.evidence.length === 0) excluded.push('no_evidence')
    const offset = Number(p.offset_t ?? 0)
    const counted = red && excluded.length === 0 ? Math.max(0, Number(red) - offset).toFixed(3) : '0.000'
    return { id: String(p.id ?? ''), name: String(p.name ?? ''), pollutant: (p.pollutant as Pollutant | undefined) ?? null, reduction_t: red, offset_t: offset.toFixed(3), counted_t: counted, excluded }
  })
  const targets = (r.reduction_targets as { pollutant: string; target_t: string }[] | undefined) ?? []
  const totals = (['COD', 'NH3-N', 'NOx', 'VOCs'] as Pollutant[]).map((pol) => {
    const mine = projects.filter((p) => p.pollutant === pol)
    const counted = mine.filter((p) => p.excluded.length === 0)
    const sum = (xs: (string | null)[]) => xs.reduce((a, b) => a + Number(b ?? 0), 0).toFixed(3)
    const target = targets.find((t) => t.pollutant === pol)?.target_t ?? null
    const c = sum(counted.map((p) => p.counted_t))
    return {
      pollutant: pol,
      projects: mine.length,
      counted_projects: counted.length,
      gross_t: sum(counted.map((p) => p.reduction_t)),
      offset_t: sum(counted.map((p) => p.offset_t)),
      counted_t: c,
      target_t: target,
      completion_pct: target ? ((Number(c) / Number(target)) * 100).toFixed(2) : null,
    }
  })
  return { year: r.year, totals, projects }
}

const FP = 'AEEC 8F6D 7B78 6BC0 228B 3A37 F797 6F54 CE32 C608 D81B 5B11 8E98 9365 7191 443C'

export function installMockBackend(opts: MockOptions = {}): MockBackend {
  const state: MockBackend = {
    calls: [],
    reports: new Map(),
    settings: { language: 'zh-CN', pack: 'national', yoy_threshold_pct: '30', min_justification_chars: '6', actor: '', key_path: '' },
    mode: opts.mode === undefined ? 'enterprise' : opts.mode,
    pick: opts.pick ?? [],
  }
  const loadDemo = () => {
    for (const y of [2023, 2024]) {
      const r = demoReport(y)
      state.reports.set(keyOf(r.enterprise.uscc, y), { report: r, revision: 3, versions: y === 2024 ? [{ v: { version: 1, revision: 2, reason: '签名导出', body_sha256: 'ab12cd34ef56ab12cd34ef56ab12cd34ef56ab12cd34ef56ab12cd34ef56ab12', created_at: '2025-03-18 10:12:00' }, body: clone(r) }] : [] })
    }
  }
  if (opts.demo) loadDemo()
  let countyReady = opts.county ?? false
  const keys: KeyEntry[] = [
    { uscc: '91522601MA6DQ7K169', name: '黔东南州凯峰水泥有限公司', public_key: '04ab', fingerprint: FP, status: 'trusted', source: 'key_card', first_seen: '2025-03-20 09:00:00', confirmed_at: '2025-03-20 09:00:00', confirmed_by: '李' },
    { uscc: '91522601MA00000232', name: '凯里市某化工有限公司', public_key: '04cd', fingerprint: '1A2B 3C4D 5E6F 7081 92A3 B4C5 D6E7 F809 1A2B 3C4D 5E6F 7081 92A3 B4C5 D6E7 F809', status: 'unconfirmed', source: 'first_use', first_seen: '2025-03-21 15:30:00', confirmed_at: null, confirmed_by: null },
  ]
  const files = [
    { file: '/收件/01_凯峰水泥.xlsx', outcome: 'accepted', reason: 'ok', uscc: '91522601MA6DQ7K169', name: '黔东南州凯峰水泥有限公司', year: 2024, errors: 0, warnings: 0, message: '已接收', sha256: 'aa', fingerprint: FP },
    { file: '/收件/02_化工.xlsx', outcome: 'held', reason: 'key_changed', uscc: '91522601MA00000232', name: '凯里市某化工有限公司', year: 2024, errors: 0, warnings: 0, message: '签名正确，但所用密钥与登记的密钥不同，已暂存', sha256: 'bb', fingerprint: '9F9F 1111 2222 3333 4444 5555 6666 7777 8888 9999 AAAA BBBB CCCC DDDD EEEE FFFF' },
    { file: '/收件/03_改动.xlsx', outcome: 'rejected', reason: 'tampered', uscc: '91522601MA0000031W', name: '凯里市某建材厂', year: 2024, errors: 0, warnings: 0, message: '数据在签名后被改动，共1处：表2 能源消费结构!H6（签名时 81300.0000，现为 1.0000）', sha256: 'cc', fingerprint: null },
    { file: '/收件/04_草稿.xlsx', outcome: 'rejected', reason: 'unsigned', uscc: '91522601MA00000582', name: '凯里市某纸业有限公司', year: 2024, errors: 0, warnings: 0, message: '未签名：这是未签名的草稿，不能作为正式报送文件', sha256: 'dd', fingerprint: null },
    { file: '/收件/05_重复.xlsx', outcome: 'skipped', reason: 'duplicate', uscc: '91522601MA6DQ7K169', name: '黔东南州凯峰水泥有限公司', year: 2024, errors: 0, warnings: 0, message: '已导入过相同的文件，跳过', sha256: 'aa', fingerprint: FP },
    { file: '/收件/06_有问题.xlsx', outcome: 'accepted_with_warnings', reason: 'ok', uscc: '91522601MA00000157', name: '凯里市某铝业有限公司', year: 2024, errors: 0, warnings: 2, message: '已接收（有2个警告）', sha256: 'ee', fingerprint: FP },
  ]
  const roster: RosterStatus[] = [
    { uscc: '91522601MA6DQ7K169', name: '黔东南州凯峰水泥有限公司', category: '万吨级', on_roster: true, status: 'filed', version: 1, received_at: '2025-03-20 09:00:00', errors: 0, warnings: 0 },
    { uscc: '91522601MA00000157', name: '凯里市某铝业有限公司', category: '五千吨级', on_roster: true, status: 'late', version: 1, received_at: '2025-04-03 10:00:00', errors: 0, warnings: 2 },
    { uscc: '91522601MA00000232', name: '凯里市某化工有限公司', category: '万吨级', on_roster: true, status: 'key_changed', version: null, received_at: null, errors: 0, warnings: 0 },
    { uscc: '91522601MA00000582', name: '凯里市某纸业有限公司', category: '五千吨级', on_roster: true, status: 'missing', version: null, received_at: null, errors: 0, warnings: 0 },
  ]

  const info = (): AppInfo => ({
    mode: state.mode,
    workspace_path: '/home/user/.local/share/cn.nengbao.desktop/workspace.db',
    county_path: '/home/user/.local/share/cn.nengbao.desktop/county.db',
    version: '0.1.0',
    rule_pack: '2025.1',
    packs: [
      { id: 'national', name: packNational.pack.name },
      { id: 'guangdong', name: packGuangdong.pack.name },
    ],
    settings: state.settings,
  })
  const list = (): ReportSummary[] =>
    [...state.reports.values()].map((x, i) => ({ id: i + 1, uscc: x.report.enterprise.uscc, enterprise_name: x.report.enterprise.name, year: x.report.year, revision: x.revision, versions: x.versions.length, updated_at: '2025-03-18 10:00:00' }))
  const fail = (code: string, message: string) => {
    throw { code, message, detail: null }
  }

  function handle(cmd: string, a: Record<string, unknown>): unknown {
    switch (cmd) {
      case 'app_ready':
        return null
      case 'app_info':
        return info()
      case 'app_mode_set':
        state.mode = a.mode as 'enterprise' | 'county'
        return info()
      case 'settings_set':
        state.settings = a.settings as Settings
        return state.settings
      case 'demo_load':
        loadDemo()
        return list()
      case 'catalog_get':
        return catalog
      case 'pack_get':
        if (a.id === 'national') return packNational
        if (a.id === 'guangdong') return packGuangdong
        return fail('invalid_input', `unknown template pack "${String(a.id)}"`)
      case 'report_list':
        return list()
      case 'report_get': {
        const x = state.reports.get(keyOf(String(a.uscc), Number(a.year)))
        return x ? clone(x.report) : fail('not_found', `no report for ${String(a.uscc)} in ${String(a.year)}`)
      }
      case 'report_new': {
        const from = a.fromUscc ? [...state.reports.values()].find((x) => x.report.enterprise.uscc === a.fromUscc) : null
        return { format: 'nengbao.report/1', year: a.year, enterprise: from ? clone(from.report.enterprise) : { name: '', uscc: '' } }
      }
      case 'report_save': {
        const r = a.report as Report
        if (typeof r.year !== 'number') return fail('invalid_input', '报告：year 缺失')
        const k = keyOf(r.enterprise.uscc, r.year)
        const x = state.reports.get(k)
        const changed = !x || JSON.stringify(x.report) !== JSON.stringify(r)
        const revision = (x?.revision ?? 0) + (changed ? 1 : 0)
        state.reports.set(k, { report: clone(r), revision, versions: x?.versions ?? [] })
        return { report_id: 1, revision, changed }
      }
      case 'report_check': {
        const r = a.report as Report
        const findings = mockFindings(r, Number(state.settings.min_justification_chars))
        const checked: Checked = { computed: demoComputed(), outcome: { findings, summary: summaryOf(findings) } }
        return checked
      }
      case 'report_compute':
        return demoComputed()
      case 'report_versions':
        return state.reports.get(keyOf(String(a.uscc), Number(a.year)))?.versions.map((v) => v.v) ?? []
      case 'report_version_get': {
        const v = state.reports.get(keyOf(String(a.uscc), Number(a.year)))?.versions.find((x) => x.v.version === a.version)
        return v ? clone(v.body) : fail('not_found', 'no such version')
      }
      case 'ledger_summary':
        return ledgerOf(a.report as Report)
      case 'evidence_add': {
        const name = String(a.path).split(/[\\/]/).pop() ?? 'file'
        return { name, kind: a.kind, size: 2048, sha256: '3f7a9c0e1b2d4f6a8c0e2b4d6f8a0c2e4b6d8f0a2c4e6b8d0f2a4c6e8b0d2f4a' }
      }
      case 'submission_export':
        if (!a.draft && a.passphrase !== 'correct-horse') return fail('invalid_input', '口令错误或密钥文件已损坏')
        return { path: a.out, signed: !a.draft, digest: 'b1946ac92492d2347c6235b4d2611184b1946ac92492d2347c6235b4d2611184', fingerprint: a.draft ? null : FP }
      case 'submission_verify':
        return { status: 'valid', message: '签名有效' }
      case 'xlsx_import':
        return {
          pack: 'national',
          report: demoReport(),
          issues: [{ sheet: '表2 能源消费结构', cell: 'M8', path: 'energy[2].factor', severity: 'warning', message_zh: '折标系数超出参考范围', message_en: 'Coefficient out of range' }],
        }
      case 'template_save':
        return a.out
      case 'folder_reveal':
        return null
      case 'dialog_open':
        return state.pick
      case 'dialog_save':
        return `/home/user/文档/${String(a.defaultName)}`
      case 'key_create':
        return { path: a.path, public_key: '04' + 'ab'.repeat(64), fingerprint: FP }
      case 'key_show':
      case 'key_passwd':
        return { path: a.path, public_key: '04' + 'ab'.repeat(64), fingerprint: FP }
      case 'backup_now':
        return '/home/user/.local/share/cn.nengbao.desktop/backups/workspace-manual-20250318-101200.db'
      case 'backup_restore':
        return '/home/user/.local/share/cn.nengbao.desktop/workspace.db.before-restore'
      case 'county_info':
        return countyReady ? { path: '/home/user/.local/share/cn.nengbao.desktop/county.db', division: '522601', name: '凯里市重点用能单位报送' } : null
      case 'county_init':
        countyReady = true
        return { path: '/home/user/.local/share/cn.nengbao.desktop/county.db', division: a.division, name: a.name }
      case 'county_import': {
        const ch = a.channel as { id: number }
        const internals = (window as unknown as { __TAURI_INTERNALS__: { runCallback: (id: number, data: unknown) => void } }).__TAURI_INTERNALS__
        files.forEach((f, i) => internals.runCallback(ch.id, { index: i, message: { done: i + 1, total: files.length, file: f.file, outcome: f.outcome } }))
        const count = (o: string) => files.filter((f) => f.outcome === o).length
        return { files, totals: { files: files.length, accepted: count('accepted'), accepted_with_warnings: count('accepted_with_warnings'), held: count('held'), rejected: count('rejected'), skipped: count('skipped') } }
      }
      case 'county_files':
        return files
      case 'county_roster_import':
      case 'county_roster':
        return roster
      case 'county_keys':
        return keys
      case 'county_key_trust': {
        const k = keys.find((x) => x.uscc === a.uscc)
        if (k) k.status = 'trusted'
        return 1
      }
      case 'county_key_register':
        return { uscc: a.uscc, name: a.name, public_key: a.publicKey, fingerprint: FP, status: 'trusted', source: 'key_card', first_seen: '', confirmed_at: null, confirmed_by: null }
      case 'county_totals':
        return {
          year: Number(a.year),
          units: 2,
          comprehensive_tce: '135449.1760',
          comprehensive_equal_value_tce: '151738.3060',
          feedstock_tce: '0.0000',
          green_electricity_tce: '614.5000',
          assessed_tce: '134834.6760',
          assessed_equal_value_tce: '151123.8060',
          by_industry: [
            { division: '30', name: '非金属矿物制品业', units: 1, comprehensive_tce: '107449.1760', comprehensive_equal_value_tce: '120738.3060', feedstock_tce: '0.0000', green_electricity_tce: '614.5000', assessed_tce: '106834.6760', assessed_equal_value_tce: '120123.8060' },
            { division: '32', name: '有色金属冶炼和压延加工业', units: 1, comprehensive_tce: '28000.0000', comprehensive_equal_value_tce: '31000.0000', feedstock_tce: '0.0000', green_electricity_tce: '0.0000', assessed_tce: '28000.0000', assessed_equal_value_tce: '31000.0000' },
          ],
          reductions: [
            { pollutant: 'COD', counted_t: '0.000', target_t: null, completion_pct: null, projects: 0 },
            { pollutant: 'NH3-N', counted_t: '0.000', target_t: null, completion_pct: null, projects: 0 },
            { pollutant: 'NOx', counted_t: '393.984', target_t: '350.000', completion_pct: '112.57', projects: 1 },
            { pollutant: 'VOCs', counted_t: '2.456', target_t: '2.000', completion_pct: '122.80', projects: 1 },
          ],
          double_claims: [{ pollutant: 'NOx', facility: '2#窑尾SCR脱硝设施（TA002）', permit_no: '91522601MA6DQ7K169001P', basis: 'permit', claims: [['91522601MA6DQ7K169', '黔东南州凯峰水泥有限公司', 'RP-2024-01', '2#熟料线SCR脱硝改造'], ['91522601MA00000157', '凯里市某铝业有限公司', 'RP-2024-03', '窑尾脱硝']] }],
        } satisfies CountyTotals
      case 'county_target_set':
        return null
      case 'county_submission': {
        const r = demoReport()
        const findings = mockFindings(r)
        return { report: r, computed: demoComputed(), outcome: { findings, summary: summaryOf(findings) }, versions: [{ id: 1, version: 1, status: 'accepted', received_at: '2025-03-20 09:00:00', fingerprint: FP }, { id: 2, version: 2, status: 'accepted', received_at: '2025-03-25 14:00:00', fingerprint: FP }] }
      }
      case 'county_diff':
        return [{ path: 'energy[0].consumed_total', before: '135000.0000', after: '135500.0000' }]
      case 'county_summary_save':
        return a.out
      default:
        return fail('unavailable', `mock: no command ${cmd}`)
    }
  }

  mockWindows('main')
  mockIPC(
    async (cmd, args) => {
      const a = (args ?? {}) as Record<string, unknown>
      state.calls.push({ cmd, args: a })
      if (opts.delay) await new Promise((r) => setTimeout(r, opts.delay))
      return handle(cmd, a)
    },
    { shouldMockEvents: true },
  )
  return state
}
