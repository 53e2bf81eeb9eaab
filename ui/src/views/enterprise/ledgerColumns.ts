// Column specs of the ledger's own tables (operating records, targets), in the pack's shape so the
// same region renderer draws them. Headings come from the locale.
import type { PackColumn } from '../../api'
import { tr } from '../../i18n'

function col(c: Partial<PackColumn> & { col: string; path: string; heading: string }): PackColumn {
  return { mark: '', group: '', width: 12, key: false, kind: 'text', scale: 0, list: '', unit: '', note: '', required: false, ...c }
}

export function recordColumns(): PackColumn[] {
  return [
    col({ col: 'A', mark: '甲', path: 'period', heading: tr('ledger.rec.period'), width: 12, note: tr('ledger.rec.periodNote') }),
    col({ col: 'B', mark: '1', path: 'hours', heading: tr('ledger.rec.hours'), kind: 'decimal', scale: 4, width: 11 }),
    col({ col: 'C', mark: '2', path: 'load_pct', heading: tr('ledger.rec.load'), kind: 'decimal', scale: 2, width: 10 }),
    col({ col: 'D', mark: '3', path: 'outlet_concentration', heading: tr('ledger.rec.outlet'), kind: 'decimal', scale: 4, width: 11 }),
    col({ col: 'E', mark: '4', path: 'emission_t', heading: tr('ledger.rec.emission'), kind: 'decimal', scale: 3, width: 11 }),
    col({ col: 'F', mark: '5', path: 'abnormal_cause', heading: tr('ledger.rec.cause'), width: 22 }),
    col({ col: 'G', mark: '6', path: 'abnormal_response', heading: tr('ledger.rec.response'), width: 22 }),
  ]
}

export function targetColumns(): PackColumn[] {
  return [
    col({ col: 'A', mark: '甲', path: 'pollutant', heading: tr('ledger.target.pollutant'), list: 'pollutants', width: 18 }),
    col({ col: 'B', mark: '1', path: 'target_t', heading: tr('ledger.target.tonnes'), kind: 'decimal', scale: 3, width: 14 }),
    col({ col: 'C', mark: '乙', path: 'source', heading: tr('ledger.target.source'), width: 40 }),
  ]
}

export const EVIDENCE_KINDS = ['验收报告', '在线监测数据', '执行报告', '票据', '其他']
