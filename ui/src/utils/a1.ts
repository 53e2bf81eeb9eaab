// A1 cell references of the template packs ("B3", "AA12") as grid positions.

export interface CellPos {
  col: number // 1-based
  row: number // 1-based
}

export function colIndex(letters: string): number {
  let n = 0
  for (const ch of letters.toUpperCase()) n = n * 26 + (ch.charCodeAt(0) - 64)
  return n
}

export function colLetters(index: number): string {
  let s = ''
  let n = index
  while (n > 0) {
    const r = (n - 1) % 26
    s = String.fromCharCode(65 + r) + s
    n = Math.floor((n - 1) / 26)
  }
  return s
}

export function parseA1(ref: string): CellPos | null {
  const m = /^([A-Za-z]{1,3})(\d+)$/.exec(ref.trim())
  if (!m) return null
  return { col: colIndex(m[1]), row: Number(m[2]) }
}
