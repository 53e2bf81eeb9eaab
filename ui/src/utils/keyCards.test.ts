import { describe, expect, it } from 'vitest'
import type { KeyCard, KeyEntry } from '../api'
import { checkCards, preselected } from './keyCards'

const card = (uscc: string, fingerprint: string): KeyCard => ({ name: uscc, uscc, public_key: '04', fingerprint, date: '', qr_svg: '' })
const key = (uscc: string, fingerprint: string, status: KeyEntry['status'], held = 0): KeyEntry =>
  ({ uscc, name: '', public_key: '04', fingerprint, status, source: 'first_use', first_seen: '', confirmed_at: null, confirmed_by: null, held_files: held, registered_fingerprint: null }) as KeyEntry

describe('key cards against the registry', () => {
  it('confirms held keys whose fingerprint matches, registers new units, flags a different key', () => {
    const keys = [key('A', 'AAAA 1111', 'unconfirmed', 3), key('B', 'BBBB 2222', 'trusted'), key('C', 'CCCC 3333', 'trusted'), key('D', 'DDDD 4444', 'unconfirmed', 1)]
    const cards = [card('A', 'aaaa1111'), card('B', 'BBBB 2222'), card('C', 'CCCC 9999'), card('D', 'DDDD 0000'), card('E', 'EEEE 5555')]
    const out = checkCards(cards, keys)
    expect(out.map((c) => c.check)).toEqual(['held', 'trusted', 'differs', 'differs', 'new'])
    expect(out[0].files).toBe(3)
    expect(out[2].other).toBe('CCCC 3333')
    expect(out[3].other).toBe('DDDD 4444')
    expect(preselected(out).map((c) => c.card.uscc)).toEqual(['A', 'E'])
  })
})
