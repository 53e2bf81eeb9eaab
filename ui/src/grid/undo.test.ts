import { describe, expect, it } from 'vitest'
import { History, applyOp, type Op } from './undo'
import { getPath, setPath } from '../utils/path'

function edit(doc: Record<string, unknown>, h: History, path: string, value: unknown) {
  const before = getPath(doc, path)
  setPath(doc, path, value)
  h.record({ kind: 'set', path, before, after: value })
}
function run(doc: Record<string, unknown>, ops: Op[] | null) {
  for (const op of ops ?? []) applyOp(doc, op)
}

describe('undo history', () => {
  it('typing into one field is one step until sealed', () => {
    const doc: Record<string, unknown> = { energy: [{ factor: '0.7' }] }
    const h = new History()
    edit(doc, h, 'energy[0].factor', '1')
    edit(doc, h, 'energy[0].factor', '1.2')
    edit(doc, h, 'energy[0].factor', '1.23')
    h.seal()
    edit(doc, h, 'energy[0].factor', '1.5')
    run(doc, h.undo())
    expect(getPath(doc, 'energy[0].factor')).toBe('1.23')
    run(doc, h.undo())
    expect(getPath(doc, 'energy[0].factor')).toBe('0.7')
    expect(h.canUndo).toBe(false)
    run(doc, h.redo())
    expect(getPath(doc, 'energy[0].factor')).toBe('1.23')
  })

  it('a paste with added rows is undone in one step, rows and all', () => {
    const doc: Record<string, unknown> = { energy: [{ name: '原煤' }] }
    const h = new History()
    h.group(() => {
      ;(doc.energy as unknown[]).push({})
      h.record({ kind: 'insert', list: 'energy', index: 1, item: {} })
      edit(doc, h, 'energy[1].name', '电力')
      edit(doc, h, 'energy[0].name', '烟煤')
    })
    expect(doc.energy).toEqual([{ name: '烟煤' }, { name: '电力' }])
    run(doc, h.undo())
    expect(doc.energy).toEqual([{ name: '原煤' }])
    run(doc, h.redo())
    expect(doc.energy).toEqual([{ name: '烟煤' }, { name: '电力' }])
  })

  it('a removed row comes back where it was; a new edit clears the redo', () => {
    const doc: Record<string, unknown> = { energy: [{ name: 'a' }, { name: 'b' }, { name: 'c' }] }
    const h = new History()
    const [item] = (doc.energy as unknown[]).splice(1, 1)
    h.record({ kind: 'delete', list: 'energy', index: 1, item })
    run(doc, h.undo())
    expect(doc.energy).toEqual([{ name: 'a' }, { name: 'b' }, { name: 'c' }])
    edit(doc, h, 'energy[0].name', 'x')
    expect(h.canRedo).toBe(false)
  })

  it('recorded values are copies (later changes to the object do not leak into the history)', () => {
    const doc: Record<string, unknown> = { list: [] }
    const h = new History()
    const item = { name: 'a' }
    ;(doc.list as unknown[]).push(item)
    h.record({ kind: 'insert', list: 'list', index: 0, item })
    item.name = 'changed'
    run(doc, h.undo())
    run(doc, h.redo())
    expect(doc.list).toEqual([{ name: 'a' }])
  })
})
