// Intake screens that follow what other clerks record in the same workspace (on the office's
// shared server, or in the same file): while a screen is shown the workspace's change stamp is
// asked for every few seconds, and again when the window gets the focus back; the screen reloads
// when the stamp moved. The stamp is a few index lookups on the database, so polling is cheap
// on both backends, and nothing has to be pushed from a server.
import { onBeforeUnmount, onMounted } from 'vue'
import { api } from '../api'

/** How often a shown intake screen asks whether something was recorded. */
export const LIVE_INTERVAL_MS = 3000

export interface LiveOptions {
  /** Load the screen when it opens, after taking the first stamp (default true), so nothing
   *  recorded between that load and the first stamp goes unseen. */
  load?: boolean
  interval?: number
}

/** Polls the change stamp while the calling component is mounted; `reload` runs when it moved. */
export function useIntakeLive(reload: () => unknown, options: LiveOptions = {}) {
  const live = intakeLive(reload, options.interval ?? LIVE_INTERVAL_MS)
  onMounted(() => void live.start(options.load ?? true))
  onBeforeUnmount(live.stop)
  return live
}

/** The polling itself, apart from the component's life (tested on its own). */
export function intakeLive(reload: () => unknown, interval: number) {
  let seen: string | null | undefined
  let running = false
  let timer: ReturnType<typeof setInterval> | null = null

  async function stamp(): Promise<string | null | undefined> {
    try {
      return await api.countyChangeStamp()
    } catch {
      return undefined // unreachable for now: the next tick asks again
    }
  }

  /** Asks for the stamp and reloads when it moved since the last answer. */
  async function check() {
    if (running || document.visibilityState === 'hidden') return
    running = true
    try {
      const now = await stamp()
      if (now === undefined) return
      const moved = seen !== undefined && now !== seen
      seen = now
      if (moved) await reload()
    } finally {
      running = false
    }
  }
  const onFocus = () => void check()

  async function start(load: boolean) {
    stop()
    seen = await stamp()
    timer = setInterval(onFocus, interval)
    window.addEventListener('focus', onFocus)
    document.addEventListener('visibilitychange', onFocus)
    if (load) await reload()
  }
  function stop() {
    if (timer !== null) clearInterval(timer)
    timer = null
    window.removeEventListener('focus', onFocus)
    document.removeEventListener('visibilitychange', onFocus)
  }
  return { start, stop, check }
}
