import { describe, expect, it } from 'vitest'
import type { FileResult, KeyEntry } from '../api'
import { groupHeldKeys, sameFingerprint, totalsOf } from './county'

const key = (over: Partial<KeyEntry> & Pick<KeyEntry, 'uscc' | 'fingerprint' | 'status'>): KeyEntry => ({
  name: '',
  public_key: '04',
  source: over.status === 'trusted' ? 'key_card' : 'held',
  first_seen: '2025-03-20T09:00:00+08:00',
  confirmed_at: null,
  confirmed_by: null,
  held_files: 0,
  registered_fingerprint: null,
  ...over,
})

const CEMENT = '91522601MA6DQ7K169'
const CHEM = '91522601MA00000232'
const LOGISTICS = '91522601MA00000661'

describe('held keys by unit', () => {
  const keys: KeyEntry[] = [
    key({ uscc: CEMENT, name: '凯峰水泥', fingerprint: 'AAAA 1111', status: 'trusted' }),
    key({ uscc: CHEM, name: '某化工', fingerprint: 'BBBB 2222', status: 'trusted' }),
    key({ uscc: CHEM, name: '某化工', fingerprint: 'BBBB 9999', status: 'changed', held_files: 2, registered_fingerprint: 'BBBB 2222' }),
    key({ uscc: CHEM, name: '某化工', fingerprint: 'CCCC 3333', status: 'changed', held_files: 1, registered_fingerprint: 'BBBB 2222' }),
    key({ uscc: LOGISTICS, name: '某物流', fingerprint: 'aaaa1111', status: 'unconfirmed', held_files: 1 }),
  ]

  it('lists the keys waiting for a decision under their unit, trusted keys left out', () => {
    const units = groupHeldKeys(keys)
    expect(units.map((u) => u.uscc)).toEqual([CHEM, LOGISTICS])
    const chem = units[0]
    expect(chem.name).toBe('某化工')
    expect(chem.keys.map((k) => k.entry.fingerprint)).toEqual(['BBBB 9999', 'CCCC 3333'])
    expect(chem.files).toBe(3)
    expect(chem.registered).toBe('BBBB 2222')
  })

  it('gives the registered key of a unit whose entry does not carry it, and none for a new unit', () => {
    const units = groupHeldKeys([key({ uscc: CHEM, fingerprint: 'BBBB 2222', status: 'trusted', name: '某化工' }), key({ uscc: CHEM, fingerprint: 'DDDD', status: 'changed', held_files: 1 })])
    expect(units[0].registered).toBe('BBBB 2222')
    expect(units[0].name).toBe('某化工')
    expect(groupHeldKeys(keys)[1].registered).toBeNull()
  })

  it('names the other units that trust a held key (one unit signing for another)', () => {
    const logistics = groupHeldKeys(keys)[1]
    expect(logistics.keys[0].otherUnits).toEqual([{ uscc: CEMENT, name: '凯峰水泥' }])
    expect(groupHeldKeys(keys)[0].keys[0].otherUnits).toEqual([])
    expect(sameFingerprint('aaaa1111', 'AAAA 1111')).toBe(true)
    expect(sameFingerprint(null, 'AAAA')).toBe(false)
  })

  it('is empty when every key is trusted', () => {
    expect(groupHeldKeys(keys.filter((k) => k.status === 'trusted'))).toEqual([])
  })
})

describe('totals of file results', () => {
  it('count every outcome', () => {
    const f = (outcome: FileResult['outcome']) => ({ outcome }) as FileResult
    expect(totalsOf([f('accepted'), f('stale'), f('cancelled'), f('cancelled'), f('held')])).toEqual({
      files: 5,
      accepted: 1,
      accepted_with_warnings: 0,
      stale: 1,
      held: 1,
      rejected: 0,
      skipped: 0,
      cancelled: 2,
    })
  })
})
