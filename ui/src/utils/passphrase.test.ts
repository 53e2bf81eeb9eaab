import { describe, expect, it } from 'vitest'
import { passphraseStrength } from './passphrase'

describe('passphrase strength', () => {
  it('calls fewer than 8 characters too short', () => {
    expect(passphraseStrength('')).toBe('short')
    expect(passphraseStrength('Ab1!xyz')).toBe('short')
  })
  it('calls repeated characters, runs and one kind of character weak', () => {
    expect(passphraseStrength('aaaaaaaa')).toBe('weak')
    expect(passphraseStrength('12345678')).toBe('weak')
    expect(passphraseStrength('abcdefgh')).toBe('weak')
    expect(passphraseStrength('kaifengsn')).toBe('weak')
  })
  it('grades mixed and long passphrases', () => {
    expect(passphraseStrength('kaifeng2024')).toBe('fair')
    expect(passphraseStrength('Kaifeng-2024')).toBe('strong')
    expect(passphraseStrength('correct-horse-battery')).toBe('strong')
    expect(passphraseStrength('凯峰水泥能源报告专用口令')).toBe('fair')
  })
})
