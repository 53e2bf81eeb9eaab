// Registering units from their key cards in one batch: each card read (a folder of card files or
// a list of credit code + public key) is compared with what the county already knows of the unit,
// by fingerprint, before anything is trusted.
import type { KeyCard, KeyEntry } from '../api'

/**
 * held: the card's key is the one on the unit's held files (confirming it releases them);
 * new: the county knows no key of the unit yet; trusted: already registered, nothing to do;
 * differs: the county holds or trusts another key for the unit — compare with the unit first.
 */
export type CardCheck = 'held' | 'new' | 'trusted' | 'differs'

export interface CheckedCard {
  card: KeyCard
  check: CardCheck
  /** The other fingerprint the county has for the unit (differs), to compare. */
  other: string | null
  /** Files held for this unit and key. */
  files: number
}

const norm = (s: string) => s.replace(/[\s:-]/g, '').toLowerCase()

export function checkCards(cards: KeyCard[], keys: KeyEntry[]): CheckedCard[] {
  return cards.map((card) => {
    const mine = keys.filter((k) => k.uscc === card.uscc)
    const fp = norm(card.fingerprint)
    const same = mine.find((k) => norm(k.fingerprint) === fp)
    if (same?.status === 'trusted') return { card, check: 'trusted', other: null, files: 0 }
    const trusted = mine.find((k) => k.status === 'trusted')
    if (same && !trusted) return { card, check: 'held', other: null, files: same.held_files }
    const other = trusted ?? mine.find((k) => norm(k.fingerprint) !== fp)
    if (other) return { card, check: 'differs', other: other.fingerprint, files: same?.held_files ?? 0 }
    return { card, check: 'new', other: null, files: 0 }
  })
}

/** What is registered by default: cards matching held keys, and units the county has no key of. */
export function preselected(checked: CheckedCard[]): CheckedCard[] {
  return checked.filter((c) => c.check === 'held' || c.check === 'new')
}
