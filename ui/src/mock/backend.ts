// A fake Rust side for tests and for looking at the UI in a plain browser (mock.html, dev only).
// Never imported by the app itself: production talks to the real commands.
import { mockIPC, mockWindows } from '@tauri-apps/api/mocks'
import type { AppInfo, Checked, Computed, CountySubmission, CountyTotals, Exclusion, FileOutcome, FileResult, Finding, ImportReport, ImportRun, ImportTotals, KeyEntry, KeySource, LedgerSummary, LogEntry, Pollutant, Progress, Report, ReportSummary, RosterStatus, Settings, VersionSummary } from '../api'
import catalog from './fixtures/catalog.json'
import packNational from './fixtures/pack-national.json'
import packGuangdong from './fixtures/pack-guangdong.json'
import demo2024 from './fixtures/demo-2024.json'
import { demoCarbon } from './carbon'

export interface MockOptions {
  mode?: 'enterprise' | 'county' | null
  /** Start with the demo reports in the workspace. */
  demo?: boolean
  /** Milliseconds each command takes (to see loading states). */
  delay?: number
  /** What the native open dialog "picks". */
  pick?: string[]
  county?: boolean
  /** Milliseconds the fake import spends on each file (to see progress and try cancelling). */
  importStep?: number
  /** The intake office's level (a city has offices below it). */
  countyLevel?: 'county' | 'city' | 'province'
}

export interface MockBackend {
  calls: { cmd: string; args: Record<string, unknown> }[]
  /** Credit codes of archived enterprises. */
  archived: Set<string>
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
  if (energy.length === 0) {
    out.push({ rule: 'CP004', severity: 'error', message: { zh: '能源消费结构表没有任何能源品种。', en: 'The energy table has no energy.' }, location: { path: 'energy', sheet: '表2 能源消费结构', cell: 'A6' } })
  }
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
/** The SM3 digest of the mock's signed file (as its paper copy prints it). */
const MOCK_DIGEST = '9fba678f39ebe1ec6388f5455d7e7aa834f8287f3e6bdf7fdf053e05f7123c89'
const FP_CHEM = '1A2B 3C4D 5E6F 7081 92A3 B4C5 D6E7 F809 1A2B 3C4D 5E6F 7081 92A3 B4C5 D6E7 F809'
const FP_NEW = '1A2B 3C4D 9F9F 7081 92A3 B4C5 2222 F809 1A2B 3C4D 5E6F 7081 AAAA B4C5 D6E7 F809'
const FP_ALU = '77C1 0B3E 9A52 E4D0 13F8 6C29 A0B7 45DE 8E13 C6F2 59A4 0D7B E381 2C96 F05A 4B1D'
const FP_CERAMIC = '5C5C 20E1 8B47 D932 6A0F E215 C78B 3D94 0F61 A2C8 57E3 9B10 D4A6 2F85 C39E 71B0'

// The offices below a city (黔东南州): one filed with a finding, one waiting for its key, one missing.
function officeFixtures() {
  const office = (division: string, name: string, status: string, extra: Record<string, unknown> = {}) => ({
    division, name, level: 'county', status, revision: null, signed_at: null, version: null, received_at: null, fingerprint: null, units: 0, findings: 0, summary_id: null, ...extra,
  })
  return {
    offices: [
      office('522601', '凯里市发展和改革局', 'failing', { revision: 1, version: 1, received_at: '2025-03-25T10:00:00+08:00', units: 3, findings: 1, summary_id: 1 }),
      office('522622', '黄平县发展和改革局', 'key_unconfirmed', { revision: 1, received_at: '2025-03-26T10:00:00+08:00', units: 2, summary_id: 2 }),
      office('522623', '施秉县发展和改革局', 'missing'),
    ],
    officeFindings: [
      { kind: 'figure_changed', offices: [['522601', '凯里市发展和改革局']], uscc: '91522601MA00000157', field: '综合能源消费量（当量值，吨标准煤）', claimed: '1.0000', found: '13520.4400', message: { zh: '凯里市发展和改革局：某单位的综合能源消费量（当量值，吨标准煤），汇总为1.0000，企业签名报告为13520.4400', en: '凯里市发展和改革局: 某单位 综合能源消费量（当量值，吨标准煤） is 1.0000 in the summary, 13520.4400 in the unit\'s signed report' } },
    ],
    officeKeys: [
      { division: '522622', name: '黄平县发展和改革局', level: 'county', public_key: '04' + 'cd'.repeat(64), fingerprint: FP, status: 'unconfirmed', source: 'held', files: 1, first_seen: '2025-03-26T10:00:00+08:00', confirmed_at: null, confirmed_by: null, registered: null },
    ],
  }
}

/** What the core's `Settings::default()` answers. */
const MOCK_DEFAULTS: Settings = { language: 'zh-CN', pack: 'national', yoy_threshold_pct: '30', min_justification_chars: '6', actor: '', key_path: '', county_server: '' }

export function installMockBackend(opts: MockOptions = {}): MockBackend {
  const state: MockBackend = {
    calls: [],
    archived: new Set(),
    reports: new Map(),
    settings: { ...MOCK_DEFAULTS },
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
  const { offices, officeFindings, officeKeys } = officeFixtures()
  // Trusted keys; the keys seen on held files are derived from the files (as the core does).
  const trusted: KeyEntry[] = [
    { uscc: '91522601MA6DQ7K169', name: '黔东南州凯峰水泥有限公司', public_key: '04ab', fingerprint: FP, status: 'trusted', source: 'key_card', first_seen: '2025-03-20T09:00:00+08:00', confirmed_at: '2025-03-20T09:00:00+08:00', confirmed_by: '李', held_files: 0, registered_fingerprint: null },
    { uscc: '91522601MA00000232', name: '凯里市某化工有限公司', public_key: '04cd', fingerprint: FP_CHEM, status: 'trusted', source: 'first_use', first_seen: '2024-03-21T15:30:00+08:00', confirmed_at: '2024-03-21T15:30:00+08:00', confirmed_by: '李', held_files: 0, registered_fingerprint: null },
    { uscc: '91522601MA00000157', name: '凯里市某铝业有限公司', public_key: '04ef', fingerprint: FP_ALU, status: 'trusted', source: 'decision', first_seen: '2025-03-22T10:00:00+08:00', confirmed_at: '2025-03-22T10:05:00+08:00', confirmed_by: '王', held_files: 0, registered_fingerprint: null },
  ]
  const file = (over: Partial<FileResult> & Pick<FileResult, 'file' | 'outcome' | 'reason' | 'message'>): FileResult => ({ uscc: null, name: null, year: 2024, errors: 0, warnings: 0, sha256: '', fingerprint: null, ...over })
  // What the inbox holds: each file's decision, in the order the import meets them.
  const files: FileResult[] = [
    file({ file: '/收件/01_凯峰水泥.xlsx', outcome: 'accepted', reason: 'ok', uscc: '91522601MA6DQ7K169', name: '黔东南州凯峰水泥有限公司', message: { zh: '已接收（第2版，替代前一版）', en: 'accepted (version 2, replaces the previous one)' }, sha256: 'aa', fingerprint: FP, revision: 3, signed_at: '2025-03-24T08:30:00Z' }),
    file({ file: '/收件/02_化工.xlsx', outcome: 'held', reason: 'key_changed', uscc: '91522601MA00000232', name: '凯里市某化工有限公司', message: { zh: `签名正确，但所用密钥（指纹 ${FP_NEW}）与登记的密钥不同，已暂存；请向企业核实后接受或拒绝新密钥`, en: `the signature is valid, but the key (fingerprint ${FP_NEW}) is not the registered one; held — check with the unit, then accept or reject the new key` }, sha256: 'bb', fingerprint: FP_NEW, revision: 2, signed_at: '2025-03-25T01:00:00Z' }),
    file({ file: '/收件/03_改动.xlsx', outcome: 'rejected', reason: 'tampered', uscc: '91522601MA0000031W', name: '凯里市某建材厂', message: { zh: '数据在签名后被改动，共1处：表2 能源消费结构!H6（签名时 81300.0000，现为 1.0000）', en: 'changed after signing, in 1 cell: 表2 能源消费结构!H6 (signed 81300.0000, now 1.0000)' }, sha256: 'cc' }),
    file({ file: '/收件/04_草稿.xlsx', outcome: 'rejected', reason: 'unsigned', uscc: '91522601MA00000582', name: '凯里市某纸业有限公司', message: { zh: '未签名：这是未签名的草稿。请企业用能报签名后重新报送', en: 'not signed: this is an unsigned draft. Ask the unit to sign it in Nengbao and submit it again' }, sha256: 'dd' }),
    file({ file: '/收件/05_重复.xlsx', outcome: 'skipped', reason: 'duplicate', uscc: '91522601MA6DQ7K169', name: '黔东南州凯峰水泥有限公司', message: { zh: '与已收到的第2版签名内容相同，跳过', en: 'same signed content as version 2 already received; skipped' }, sha256: 'aa', fingerprint: FP }),
    file({ file: '/收件/06_有问题.xlsx', outcome: 'accepted_with_warnings', reason: 'ok', uscc: '91522601MA00000157', name: '凯里市某铝业有限公司', warnings: 2, message: { zh: '已接收，复核发现0个错误、2个未说明的警告', en: 'accepted; the re-check found 0 errors and 2 unjustified warnings' }, sha256: 'ee', fingerprint: FP_ALU, revision: 1 }),
    file({ file: '/收件/07_凯峰水泥_三月初版.xlsx', outcome: 'stale', reason: 'stale', uscc: '91522601MA6DQ7K169', name: '黔东南州凯峰水泥有限公司', message: { zh: '已有更新的版本（当前为第2版），本文件签署在前，作为第1版历史保存，不影响汇总', en: 'a newer version is current (version 2); this file was signed before it and is kept as version 1 in the history, not counted' }, sha256: 'ff', fingerprint: FP, revision: 2, signed_at: '2025-03-19T06:10:00Z' }),
    file({ file: '/收件/08_扫描件打包.xlsx', outcome: 'rejected', reason: 'oversized', message: { zh: '工作簿的共享字符串超过上限（200000 个）；已拒收，本批其余文件照常导入', en: 'the workbook has more than 200000 shared strings; rejected, the other files of this batch are imported as usual' }, sha256: '0a', year: null }),
    file({ file: '/收件/09_陶瓷.xlsx', outcome: 'held', reason: 'key_unconfirmed', uscc: '91522601MA00000419', name: '凯里市某陶瓷有限公司', message: { zh: `首次收到该单位的密钥（指纹 ${FP_CERAMIC}），请与企业盖章的密钥卡核对后确认，确认前暂存`, en: `first key seen for this unit (fingerprint ${FP_CERAMIC}); compare it with the unit\'s stamped key card and confirm it — held until then` }, sha256: '0b', fingerprint: FP_CERAMIC, revision: 1 }),
    file({ file: '/收件/10_陶瓷_更正.xlsx', outcome: 'held', reason: 'key_unconfirmed', uscc: '91522601MA00000419', name: '凯里市某陶瓷有限公司', message: { zh: `首次收到该单位的密钥（指纹 ${FP_CERAMIC}），请与企业盖章的密钥卡核对后确认，确认前暂存`, en: `first key seen for this unit (fingerprint ${FP_CERAMIC}); compare it with the unit\'s stamped key card and confirm it — held until then` }, sha256: '0c', fingerprint: FP_CERAMIC, revision: 2 }),
    file({ file: '/收件/11_物流.xlsx', outcome: 'held', reason: 'key_of_other_unit', uscc: '91522601MA00000661', name: '凯里市某物流有限公司', message: { zh: `签名正确，但所用密钥（指纹 ${FP}）已登记为其他单位的密钥，已暂存；一个单位不能替另一个单位签名，请核实`, en: `the signature is valid, but the key (fingerprint ${FP}) is registered to another unit; held — one unit cannot sign for another, please check` }, sha256: '0d', fingerprint: FP, revision: 1 }),
  ]
  /** The registry as county_keys returns it: trusted keys, then one entry per (unit, key) on held files. */
  const keysView = (): KeyEntry[] => {
    const out: KeyEntry[] = trusted.map((k) => ({ ...k, held_files: 0, registered_fingerprint: null }))
    for (const f of files) {
      if (f.outcome !== 'held' || !f.uscc || !f.fingerprint) continue
      const e = out.find((k) => k.uscc === f.uscc && k.fingerprint === f.fingerprint)
      if (e) {
        e.held_files += 1
        continue
      }
      const own = trusted.find((k) => k.uscc === f.uscc)
      out.push({ uscc: f.uscc, name: f.name ?? '', public_key: '04' + f.sha256, fingerprint: f.fingerprint, status: own ? 'changed' : 'unconfirmed', source: 'held', first_seen: '2025-03-25T09:00:00+08:00', confirmed_at: null, confirmed_by: null, held_files: 1, registered_fingerprint: own?.fingerprint ?? null })
    }
    return out.sort((x, y) => x.uscc.localeCompare(y.uscc))
  }
  const trustKey = (uscc: string, fingerprint: string, name: string, source: KeySource) => {
    const i = trusted.findIndex((k) => k.uscc === uscc)
    const k: KeyEntry = { uscc, name, public_key: '04' + fingerprint.replace(/\s/g, '').toLowerCase(), fingerprint, status: 'trusted', source, first_seen: '2025-03-26T09:00:00+08:00', confirmed_at: '2025-03-26T09:00:00+08:00', confirmed_by: '李', held_files: 0, registered_fingerprint: null }
    if (i >= 0) trusted.splice(i, 1, k)
    else trusted.push(k)
    const released = files.filter((f) => f.outcome === 'held' && f.uscc === uscc && f.fingerprint === fingerprint)
    for (const f of released) Object.assign(f, { outcome: 'accepted', reason: 'ok', message: { zh: '已接收', en: 'accepted' } })
    // Other keys' files of the unit now wait as changed keys.
    for (const f of files) if (f.outcome === 'held' && f.uscc === uscc && f.fingerprint !== fingerprint) Object.assign(f, { reason: 'key_changed' })
    return released.length
  }
  /** The running fake import, which county_import_cancel stops. */
  let running: { cancel: boolean } | null = null
  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))
  const totalsOf = (list: FileResult[]): ImportTotals => {
    const t: ImportTotals = { files: list.length, accepted: 0, accepted_with_warnings: 0, stale: 0, held: 0, rejected: 0, skipped: 0, cancelled: 0 }
    for (const f of list) t[f.outcome as FileOutcome] += 1
    return t
  }
  async function importFiles(a: Record<string, unknown>): Promise<ImportReport> {
    const ch = a.channel as { id: number }
    const internals = (window as unknown as { __TAURI_INTERNALS__: { runCallback: (id: number, data: unknown) => void } }).__TAURI_INTERNALS__
    const run = { cancel: false }
    running = run
    const out: FileResult[] = []
    try {
      for (const [i, f] of files.entries()) {
        if (run.cancel) {
          out.push(file({ file: f.file, outcome: 'cancelled', reason: 'cancelled', message: { zh: '导入已取消，此文件未处理；再次导入即可继续', en: 'import cancelled before this file; import again to continue' }, year: null }))
          continue
        }
        if (opts.importStep) await sleep(opts.importStep)
        out.push({ ...f })
        const p: Progress = { done: i + 1, total: files.length, file: f.file, outcome: f.outcome }
        internals.runCallback(ch.id, { index: i, message: p })
      }
    } finally {
      running = null
    }
    return { files: out, totals: totalsOf(out), cancelled: out.some((f) => f.outcome === 'cancelled') }
  }
  const roster: RosterStatus[] = [
    { uscc: '91522601MA6DQ7K169', name: '黔东南州凯峰水泥有限公司', category: '万吨级', on_roster: true, status: 'filed', version: 1, received_at: '2025-03-20 09:00:00', errors: 0, warnings: 0 },
    { uscc: '91522601MA00000157', name: '凯里市某铝业有限公司', category: '五千吨级', on_roster: true, status: 'late', version: 1, received_at: '2025-04-03 10:00:00', errors: 0, warnings: 2 },
    { uscc: '91522601MA00000232', name: '凯里市某化工有限公司', category: '万吨级', on_roster: true, status: 'key_changed', version: null, received_at: null, errors: 0, warnings: 0 },
    { uscc: '91522601MA00000582', name: '凯里市某纸业有限公司', category: '五千吨级', on_roster: true, status: 'missing', version: null, received_at: null, errors: 0, warnings: 0 },
    { uscc: '91522601MA00000419', name: '凯里市某陶瓷有限公司', category: '五千吨级', on_roster: true, status: 'key_unconfirmed', version: null, received_at: null, errors: 0, warnings: 0 },
  ]

  // The intake log: two earlier runs, the later one cancelled part-way.
  const importRuns: ImportRun[] = [
    { id: 2, started_at: '2025-03-28T10:20:00+08:00', finished_at: '2025-03-28T10:21:00+08:00', actor: '李', year: 2024, trust_new: false, files: 4, cancelled: true, outcomes: [['accepted', 1], ['held', 1], ['cancelled', 2]] },
    { id: 1, started_at: '2025-03-25T14:00:00+08:00', finished_at: '2025-03-25T14:02:00+08:00', actor: '王', year: null, trust_new: true, files: 4, cancelled: false, outcomes: [['accepted', 2], ['accepted_with_warnings', 1], ['rejected', 1]] },
  ]
  const entry = (run_id: number, seq: number, f: string, outcome: FileOutcome, reason: LogEntry['reason'], message: LogEntry['message'], uscc: string | null = null): LogEntry => ({ run_id, seq, file: `/收件/${f}`, sha256: `${run_id}-${f}`, outcome, reason, message, uscc, year: uscc ? 2024 : null })
  const importLog: LogEntry[] = [
    entry(2, 1, '01_凯峰水泥.xlsx', 'accepted', 'ok', { zh: '已接收（第2版，替代前一版）', en: 'accepted (version 2, replaces the previous one)' }, '91522601MA6DQ7K169'),
    entry(2, 2, '09_陶瓷.xlsx', 'held', 'key_unconfirmed', { zh: `首次收到该单位的密钥（指纹 ${FP_CERAMIC}），请与企业盖章的密钥卡核对后确认，确认前暂存`, en: `first key seen for this unit (fingerprint ${FP_CERAMIC}); compare it with the unit\'s stamped key card and confirm it — held until then` }, '91522601MA00000419'),
    entry(2, 3, '10_陶瓷_更正.xlsx', 'cancelled', 'cancelled', { zh: '导入已取消，此文件未处理；再次导入即可继续', en: 'import cancelled before this file; import again to continue' }),
    entry(2, 4, '11_物流.xlsx', 'cancelled', 'cancelled', { zh: '导入已取消，此文件未处理；再次导入即可继续', en: 'import cancelled before this file; import again to continue' }),
    entry(1, 1, '02_化工.xlsx', 'held', 'key_unconfirmed', { zh: '首次收到该单位的密钥，确认前暂存', en: 'first key seen for this unit; held until it is confirmed' }, '91522601MA00000232'),
    entry(1, 2, '02_化工.xlsx', 'accepted', 'ok', { zh: '已接收（第1版）', en: 'accepted (version 1)' }, '91522601MA00000232'),
    entry(1, 3, '03_改动.xlsx', 'rejected', 'tampered', { zh: '数据在签名后被改动，共1处：表2 能源消费结构!H6（签名时 81300.0000，现为 1.0000）', en: 'changed after signing, in 1 cell: 表2 能源消费结构!H6 (signed 81300.0000, now 1.0000)' }, '91522601MA0000031W'),
    entry(1, 4, '06_有问题.xlsx', 'accepted_with_warnings', 'ok', { zh: '已接收，复核发现0个错误、2个未说明的警告', en: 'accepted; the re-check found 0 errors and 2 unjustified warnings' }, '91522601MA00000157'),
    entry(1, 5, '07_铝业.xlsx', 'accepted', 'ok', { zh: '已接收（第1版）', en: 'accepted (version 1)' }, '91522601MA00000157'),
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
    defaults: { ...MOCK_DEFAULTS },
  })
  const list = (): ReportSummary[] =>
    [...state.reports.values()].map((x, i) => ({ id: i + 1, uscc: x.report.enterprise.uscc, enterprise_name: x.report.enterprise.name, year: x.report.year, revision: x.revision, versions: x.versions.length, updated_at: '2025-03-18 10:00:00', archived: state.archived.has(x.report.enterprise.uscc) }))
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
        const checked: Checked = { computed: demoComputed(), carbon: demoCarbon(r), outcome: { findings, summary: summaryOf(findings) } }
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
        if (!a.draft && a.passphrase !== 'correct-horse') return fail('wrong_passphrase', '口令不正确，无法打开密钥')
        return { path: a.out, signed: !a.draft, digest: 'b1946ac92492d2347c6235b4d2611184b1946ac92492d2347c6235b4d2611184', fingerprint: a.draft ? null : FP }
      case 'submission_verify':
        return { status: 'valid', message: '签名有效', text: { zh: '签名有效', en: 'the signature is valid' } }
      case 'xlsx_import':
        return {
          pack: 'national',
          report: demoReport(),
          issues: [
            { sheet: '表1 基本情况', cell: 'B4', path: 'enterprise.uscc', severity: 'warning', message: { zh: '“91522601MA6DQ7K169 ”首尾有空格，已去除', en: 'Spaces around “91522601MA6DQ7K169 ” removed' } },
            { sheet: '表2 能源消费结构', cell: 'M8', path: 'energy[2].factor', severity: 'warning', message: { zh: '折标系数超出参考范围', en: 'Coefficient out of range' } },
          ],
        }
      case 'enterprise_recode': {
        const old = String(a.old)
        const next = String(a.new).trim()
        if (next.length !== 18) return fail('invalid_input', `统一社会信用代码：${next} 不是有效的统一社会信用代码：长度应为18位`)
        if (old === next) return list()
        const mine = [...state.reports.entries()].filter(([, x]) => x.report.enterprise.uscc === old)
        if (mine.length === 0) return fail('not_found', `没有代码为 ${old} 的单位`)
        if ([...state.reports.values()].some((x) => x.report.enterprise.uscc === next)) return fail('invalid_input', `统一社会信用代码：${next} 已是本工作区中另一个单位的代码；如两者是同一单位，请先归档其中一个`)
        for (const [k, x] of mine) {
          state.reports.delete(k)
          x.report.enterprise.uscc = next
          x.revision += 1
          state.reports.set(keyOf(next, x.report.year), x)
        }
        if (state.archived.delete(old)) state.archived.add(next)
        return list()
      }
      case 'enterprise_archive': {
        const u = String(a.uscc)
        if (![...state.reports.values()].some((x) => x.report.enterprise.uscc === u)) return fail('not_found', `没有代码为 ${u} 的单位`)
        if (a.archived) state.archived.add(u)
        else state.archived.delete(u)
        return list()
      }
      case 'documents_dir':
        return '/home/user/文档'
      case 'app_close_answer':
        return null
      case 'county_import_runs':
        return importRuns
      case 'county_change_stamp':
        return countyReady ? `${importRuns.length}` : null
      case 'county_find': {
        const q = String(a.query).replace(/\s+/g, '').toLowerCase()
        const digest = q.startsWith('nengbao-sub:1:') ? (q.split(':')[4] ?? '') : q
        if (!/^[0-9a-f]{6,64}$/.test(digest)) return fail('invalid_input', '摘要: 请输入打印件上的SM3摘要（至少6位十六进制数字），或扫描打印件上的二维码')
        return MOCK_DIGEST.startsWith(digest)
          ? [{ id: 1, uscc: '91522601MA6DQ7K169', name: '黔东南州凯峰水泥有限公司', year: 2024, version: 1, status: 'current', held_reason: null, revision: 1, signed_at: '2025-03-18T02:12:00Z', received_at: '2025-03-20T01:00:00Z', fingerprint: FP, digest: MOCK_DIGEST, file_sha256: 'ab'.repeat(32), file: '01_凯峰水泥.xlsx' }]
          : []
      }
      case 'print_preview':
        return { html: '<!DOCTYPE html><html><body><section class="page">打印件</section></body></html>', unit: '黔东南州凯峰水泥有限公司', uscc: '91522601MA6DQ7K169', year: 2024, digest: MOCK_DIGEST, fingerprint: FP, revision: 1, pages: 27, qr_text: `NENGBAO-SUB:1:91522601MA6DQ7K169:2024:${MOCK_DIGEST}:${FP.replace(/ /g, '')}` }
      case 'print_save':
        return a.out
      case 'county_import_log':
        return importLog.filter((e) => a.run === null || a.run === undefined || e.run_id === a.run)
      case 'template_save':
        return a.out
      case 'folder_reveal':
        return null
      case 'dialog_open':
        return state.pick
      case 'dialog_save':
        return String(a.defaultName).includes('/') ? String(a.defaultName) : `/home/user/文档/${String(a.defaultName)}`
      case 'key_create':
        return { path: a.path, public_key: '04' + 'ab'.repeat(64), fingerprint: FP }
      case 'key_card':
        return { name: a.name, uscc: a.uscc, public_key: String(a.publicKey), fingerprint: FP, date: a.date, qr_svg: '<svg xmlns="http://www.w3.org/2000/svg" width="180" height="180"><rect width="180" height="180" fill="#fff"/><path d="M12 12h3v3H12z"/></svg>' }
      case 'key_card_save':
        return a.out
      case 'key_show':
      case 'key_passwd':
        return { path: a.path, public_key: '04' + 'ab'.repeat(64), fingerprint: FP }
      case 'backup_now':
        return '/home/user/.local/share/cn.nengbao.desktop/backups/workspace-manual-20250318-101200.db'
      case 'backup_restore':
        return '/home/user/.local/share/cn.nengbao.desktop/workspace.db.before-restore'
      case 'county_info':
        if (!countyReady) return null
        return opts.countyLevel === 'city'
          ? { path: '/home/user/.local/share/cn.nengbao.desktop/county.db', division: '522600', name: '黔东南州发展和改革委员会', level: 'city' }
          : { path: '/home/user/.local/share/cn.nengbao.desktop/county.db', division: '522601', name: '凯里市重点用能单位报送', level: opts.countyLevel ?? 'county' }
      case 'county_init':
        countyReady = true
        return { path: '/home/user/.local/share/cn.nengbao.desktop/county.db', division: a.division, name: a.name, level: a.level ?? 'county' }
      // Offices at three levels: the mock county has no offices below it.
      case 'county_offices':
        return offices.map((o) => ({ ...o }))
      case 'county_office_totals':
        return []
      case 'county_office_findings':
        return officeFindings.map((f) => ({ ...f }))
      case 'county_office_keys':
        return officeKeys.map((k) => ({ ...k }))
      case 'county_office_trust': {
        const k = officeKeys.find((x) => x.division === a.division && x.fingerprint === a.fingerprint)
        if (!k) return fail('not_found', `没有${String(a.division)}以该指纹签名、待确认的汇总`)
        officeKeys.splice(officeKeys.indexOf(k), 1)
        Object.assign(offices[1], { status: 'filed', version: 1, units: 2 })
        return 1
      }
      case 'county_summary_sign':
        return { revision: 1, signed_at: '2025-04-01T10:00:00+08:00', digest: 'ab'.repeat(32), fingerprint: FP, units: 2 }
      case 'county_import':
        return importFiles(a)
      case 'county_reprocess': {
        // Files rejected for the import's year come in when processed again without it.
        const shas = a.sha256s as string[]
        const again = files
          .filter((f) => shas.includes(f.sha256))
          .map((f) => (f.reason === 'wrong_year' && a.year == null ? Object.assign(f, { outcome: 'accepted', reason: 'ok', message: { zh: '已接收', en: 'accepted' } }) : f))
          .map((f) => ({ ...f }))
        return { files: again, totals: totalsOf(again), cancelled: false }
      }
      case 'county_import_cancel':
        if (!running) return false
        running.cancel = true
        return true
      case 'county_files':
        return files.map((f) => ({ ...f, revision: undefined, signed_at: undefined }))
      case 'county_roster_import':
      case 'county_roster':
        return roster
      case 'county_keys':
        return keysView()
      case 'county_key_trust': {
        const k = keysView().find((x) => x.uscc === a.uscc && x.fingerprint === a.fingerprint && x.status !== 'trusted')
        if (!k) return fail('not_found', `${String(a.uscc)} 没有指纹为 ${String(a.fingerprint)} 的待确认密钥`)
        return trustKey(k.uscc, k.fingerprint, k.name, 'decision')
      }
      case 'county_key_reject': {
        const held = files.filter((f) => f.outcome === 'held' && f.uscc === a.uscc && f.fingerprint === a.fingerprint)
        if (held.length === 0) return fail('not_found', `${String(a.uscc)} 没有指纹为 ${String(a.fingerprint)} 的暂存文件`)
        const why = String(a.why).trim() || '未说明理由'
        for (const f of held) Object.assign(f, { outcome: 'rejected', reason: 'key_rejected', message: { zh: `经办人拒绝了该密钥（指纹 ${String(a.fingerprint)}）：${why}`, en: `the clerk rejected this key (fingerprint ${String(a.fingerprint)}): ${why}` } })
        return held.length
      }
      case 'county_key_register': {
        trustKey(String(a.uscc), FP, String(a.name), 'key_card')
        return keysView().find((k) => k.uscc === a.uscc && k.status === 'trusted')
      }
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
            { division: '30', name: '非金属矿物制品业', units: 1, comprehensive_tce: '107449.1760', comprehensive_equal_value_tce: '120738.3060', feedstock_tce: '0.0000', green_electricity_tce: '614.5000', assessed_tce: '106834.6760', assessed_equal_value_tce: '120123.8060', carbon: { units: 1, direct_co2_t: '224851.13', indirect_co2_t: '71554.00', total_co2_t: '296405.13' } },
            { division: '32', name: '有色金属冶炼和压延加工业', units: 1, comprehensive_tce: '28000.0000', comprehensive_equal_value_tce: '31000.0000', feedstock_tce: '0.0000', green_electricity_tce: '0.0000', assessed_tce: '28000.0000', assessed_equal_value_tce: '31000.0000', carbon: { units: 0, direct_co2_t: '0.00', indirect_co2_t: '0.00', total_co2_t: '0.00' } },
          ],
          reductions: [
            { pollutant: 'COD', counted_t: '0.000', target_t: null, completion_pct: null, projects: 0 },
            { pollutant: 'NH3-N', counted_t: '0.000', target_t: null, completion_pct: null, projects: 0 },
            { pollutant: 'NOx', counted_t: '393.984', target_t: '350.000', completion_pct: '112.57', projects: 1 },
            { pollutant: 'VOCs', counted_t: '2.456', target_t: '2.000', completion_pct: '122.80', projects: 1 },
          ],
          carbon: { units: 1, direct_co2_t: '224851.13', indirect_co2_t: '71554.00', total_co2_t: '296405.13' },
          carbon_target: null,
          certificate_double_claims: [],
          double_claims: [{ pollutant: 'NOx', facility: '2#窑尾SCR脱硝设施（TA002）', permit_no: '91522601MA6DQ7K169001P', basis: 'permit', claims: [['91522601MA6DQ7K169', '黔东南州凯峰水泥有限公司', 'RP-2024-01', '2#熟料线SCR脱硝改造'], ['91522601MA00000157', '凯里市某铝业有限公司', 'RP-2024-03', '窑尾脱硝']] }],
        } satisfies CountyTotals
      case 'county_target_set':
        return null
      case 'county_submission': {
        const r = demoReport()
        const findings = mockFindings(r)
        const sub: CountySubmission = {
          report: r,
          computed: demoComputed(),
          outcome: { findings, summary: summaryOf(findings) },
          versions: [
            { id: 1, version: 1, status: 'superseded', held_reason: null, revision: 2, signed_at: '2025-03-19T06:10:00Z', received_at: '2025-03-20T09:00:00+08:00', fingerprint: FP, file_sha256: 'ff' },
            { id: 2, version: 2, status: 'current', held_reason: null, revision: 3, signed_at: '2025-03-24T08:30:00Z', received_at: '2025-03-25T14:00:00+08:00', fingerprint: FP, file_sha256: 'aa' },
            { id: 3, version: null, status: 'held', held_reason: 'key_changed', revision: 4, signed_at: '2025-03-27T02:15:00Z', received_at: '2025-03-28T10:20:00+08:00', fingerprint: FP_NEW, file_sha256: 'b1' },
            { id: 4, version: null, status: 'discarded', held_reason: 'key_changed', revision: 4, signed_at: '2025-03-26T11:40:00Z', received_at: '2025-03-27T16:05:00+08:00', fingerprint: FP_CERAMIC, file_sha256: 'b2' },
          ],
        }
        return sub
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
