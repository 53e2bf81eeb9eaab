// How hard a key's passphrase is to guess, as a hint while it is typed (the rule that counts is
// the length: at least MIN_PASSPHRASE characters).

export const MIN_PASSPHRASE = 8

export type Strength = 'short' | 'weak' | 'fair' | 'strong'

/** Kinds of characters used: digits, lower case, upper case, others (punctuation, Chinese …). */
function kinds(p: string): number {
  let n = 0
  if (/\d/.test(p)) n++
  if (/[a-z]/.test(p)) n++
  if (/[A-Z]/.test(p)) n++
  if (/[^0-9A-Za-z]/.test(p)) n++
  return n
}

export function passphraseStrength(p: string): Strength {
  const len = [...p].length
  if (len < MIN_PASSPHRASE) return 'short'
  // One repeated character, or a run like 12345678 / abcdefgh.
  const chars = [...p]
  const same = chars.every((c) => c === chars[0])
  const run = chars.every((c, i) => i === 0 || c.codePointAt(0)! - chars[i - 1].codePointAt(0)! === 1)
  if (same || run) return 'weak'
  const k = kinds(p)
  // A Chinese character is one of thousands: it weighs as two letters for the length.
  const weight = chars.reduce((n, c) => n + (c.codePointAt(0)! > 0x2e80 ? 2 : 1), 0)
  if (weight >= 14 && k >= 2) return 'strong'
  if (weight >= 10 && k >= 3) return 'strong'
  if (k >= 2) return 'fair'
  return weight >= 16 ? 'fair' : 'weak'
}
