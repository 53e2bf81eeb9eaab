// The tables of a pack as a grouped list (能源利用状况报告, 碳排放, 减排台账, 其他), short enough to
// show whole beside the table on a 1366×768 screen. Other screens can add entries to a group
// (e.g. a 碳排放 overview): `addTableListEntry`.

import { reactive } from 'vue'
import type { PackTable } from '../api'

export type GroupId = 'energy' | 'carbon' | 'reduction' | 'other'

export interface ListEntry {
  /** A pack table's id, or the id of an added entry. */
  id: string
  /** 表2, 碳表1 … */
  number: string
  /** The sheet's short title (能源消费结构). */
  title: string
  group: GroupId
  /** An added entry opens this screen of the enterprise menu instead of a table. */
  view?: string
  /** Where an added entry goes in its group: before the pack's tables (default) or after. */
  after?: boolean
}

export const GROUP_ORDER: GroupId[] = ['energy', 'carbon', 'reduction', 'other']

/** The group of a table by its number: 表…, 碳表…, 减排表…, anything else. */
export function groupOf(number: string): GroupId {
  if (number.startsWith('碳')) return 'carbon'
  if (number.startsWith('减排')) return 'reduction'
  if (/^表\d/.test(number)) return 'energy'
  return 'other'
}

/** "表2 能源消费结构" → "能源消费结构"; the title when the sheet has no number before it. */
export function shortTitle(t: PackTable): string {
  const s = t.sheet.trim()
  const i = s.indexOf(' ')
  return i > 0 ? s.slice(i + 1).trim() : t.title
}

const extras = reactive<ListEntry[]>([])

/** Adds an entry to the table list (once per id). */
export function addTableListEntry(e: ListEntry) {
  const i = extras.findIndex((x) => x.id === e.id)
  if (i >= 0) extras.splice(i, 1, e)
  else extras.push(e)
}

export function tableListEntries(): readonly ListEntry[] {
  return extras
}

/** The grouped list: each group's entries in pack order, added entries first (or last). */
export function groupTables(tables: PackTable[], added: readonly ListEntry[] = extras): { group: GroupId; entries: ListEntry[] }[] {
  const out = new Map<GroupId, ListEntry[]>(GROUP_ORDER.map((g) => [g, []]))
  for (const e of added) if (!e.after) out.get(e.group)!.push(e)
  for (const t of tables) out.get(groupOf(t.number))!.push({ id: t.id, number: t.number, title: shortTitle(t), group: groupOf(t.number) })
  for (const e of added) if (e.after) out.get(e.group)!.push(e)
  return GROUP_ORDER.map((g) => ({ group: g, entries: out.get(g)! })).filter((g) => g.entries.length > 0)
}
