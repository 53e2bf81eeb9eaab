// Undo and redo of report edits. An edit is a list of operations (one cell typed, a block pasted,
// a row added or removed); undoing applies their inverses in reverse order. Typing into one
// field is one step: consecutive sets of the same path merge until the step is sealed (the
// cursor moved to another cell, or something else was edited).

import { getPath, setPath } from '../utils/path'

export type Op =
  | { kind: 'set'; path: string; before: unknown; after: unknown }
  | { kind: 'insert'; list: string; index: number; item: unknown }
  | { kind: 'delete'; list: string; index: number; item: unknown }

export function invert(op: Op): Op {
  switch (op.kind) {
    case 'set':
      return { kind: 'set', path: op.path, before: op.after, after: op.before }
    case 'insert':
      return { kind: 'delete', list: op.list, index: op.index, item: op.item }
    case 'delete':
      return { kind: 'insert', list: op.list, index: op.index, item: op.item }
  }
}

function copy<T>(v: T): T {
  return v === undefined ? v : (JSON.parse(JSON.stringify(v)) as T)
}

/** Applies one operation to a report; false when the report no longer has that shape. */
export function applyOp(root: Record<string, unknown>, op: Op): boolean {
  switch (op.kind) {
    case 'set':
      return setPath(root, op.path, copy(op.after))
    case 'insert': {
      let list = getPath(root, op.list)
      if (!Array.isArray(list)) {
        if (!setPath(root, op.list, [])) return false
        list = getPath(root, op.list)
      }
      const arr = list as unknown[]
      if (op.index < 0 || op.index > arr.length) return false
      arr.splice(op.index, 0, copy(op.item))
      return true
    }
    case 'delete': {
      const list = getPath(root, op.list)
      if (!Array.isArray(list) || op.index < 0 || op.index >= list.length) return false
      list.splice(op.index, 1)
      return true
    }
  }
}

/** The path an operation leaves the user looking at (for moving the cursor there). */
export function pathOf(op: Op): string {
  return op.kind === 'set' ? op.path : op.kind === 'insert' ? `${op.list}[${op.index}]` : op.list
}

interface Step {
  ops: Op[]
  /** The path a typing step is about; further sets of it merge while the step is open. */
  typing: string | null
}

export class History {
  private done: Step[] = []
  private undone: Step[] = []
  private open: Step | null = null
  private batchDepth = 0
  private batch: Op[] | null = null

  constructor(private readonly limit = 200) {}

  get canUndo(): boolean {
    return this.done.length > 0
  }
  get canRedo(): boolean {
    return this.undone.length > 0
  }

  /** Records an operation that was just applied. Values are copied. */
  record(op: Op) {
    const o: Op = op.kind === 'set' ? { ...op, before: copy(op.before), after: copy(op.after) } : { ...op, item: copy(op.item) }
    this.undone = []
    if (this.batch) {
      this.batch.push(o)
      return
    }
    if (o.kind === 'set' && this.open && this.open.typing === o.path) {
      const last = this.open.ops[this.open.ops.length - 1]
      if (last.kind === 'set') last.after = o.after
      return
    }
    const step: Step = { ops: [o], typing: o.kind === 'set' ? o.path : null }
    this.push(step)
    this.open = step.typing ? step : null
  }

  /** Runs `fn` and records everything it does as one step (a paste). */
  group<T>(fn: () => T): T {
    this.batchDepth++
    if (this.batchDepth === 1) {
      this.batch = []
      this.open = null
    }
    try {
      return fn()
    } finally {
      this.batchDepth--
      if (this.batchDepth === 0) {
        const ops = this.batch ?? []
        this.batch = null
        if (ops.length > 0) this.push({ ops, typing: null })
      }
    }
  }

  /** Ends the open typing step: the next set of the same path is a step of its own. */
  seal() {
    this.open = null
  }

  clear() {
    this.done = []
    this.undone = []
    this.open = null
  }

  /** The operations that undo the last step, in the order to apply them; null when none. */
  undo(): Op[] | null {
    const s = this.done.pop()
    if (!s) return null
    this.open = null
    this.undone.push(s)
    return [...s.ops].reverse().map(invert)
  }

  /** The operations that redo the last undone step; null when none. */
  redo(): Op[] | null {
    const s = this.undone.pop()
    if (!s) return null
    this.open = null
    this.done.push(s)
    return s.ops.map((o) => ({ ...o }))
  }

  private push(s: Step) {
    this.done.push(s)
    if (this.done.length > this.limit) this.done.shift()
  }
}
