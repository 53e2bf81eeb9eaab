import { afterEach, describe, expect, it, vi } from 'vitest'
import { api } from '../api'
import { intakeLive } from './intakeLive'

afterEach(() => vi.restoreAllMocks())

function stamps(...answers: (string | null | Error)[]) {
  const spy = vi.spyOn(api, 'countyChangeStamp')
  for (const a of answers) {
    if (a instanceof Error) spy.mockRejectedValueOnce({ code: 'storage', message: a.message })
    else spy.mockResolvedValueOnce(a)
  }
  return spy
}

describe('intakeLive', () => {
  it('loads once when the screen opens, then reloads only when the stamp moved', async () => {
    stamps('1.0.0.0', '1.0.0.0', '2.1.1.3', '2.1.1.3')
    const reload = vi.fn()
    const live = intakeLive(reload, 60_000)
    await live.start(true)
    expect(reload).toHaveBeenCalledTimes(1)
    await live.check() // unchanged
    expect(reload).toHaveBeenCalledTimes(1)
    await live.check() // another clerk imported
    expect(reload).toHaveBeenCalledTimes(2)
    await live.check() // nothing since
    expect(reload).toHaveBeenCalledTimes(2)
    live.stop()
  })

  it('sees a workspace created after the screen opened, and survives a failed poll', async () => {
    stamps(null, new Error('连接中断'), '1.0.0.0')
    const reload = vi.fn()
    const live = intakeLive(reload, 60_000)
    await live.start(false)
    expect(reload).not.toHaveBeenCalled()
    await live.check() // the server did not answer: nothing decided
    expect(reload).not.toHaveBeenCalled()
    await live.check()
    expect(reload).toHaveBeenCalledTimes(1)
    live.stop()
  })

  it('asks again when the window gets the focus back, and stops asking when closed', async () => {
    const spy = stamps('1', '2', '3')
    const reload = vi.fn()
    const live = intakeLive(reload, 60_000)
    await live.start(false)
    window.dispatchEvent(new Event('focus'))
    await vi.waitFor(() => expect(reload).toHaveBeenCalledTimes(1))
    live.stop()
    window.dispatchEvent(new Event('focus'))
    await new Promise((r) => setTimeout(r, 10))
    expect(spy).toHaveBeenCalledTimes(2)
  })
})
