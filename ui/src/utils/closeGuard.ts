// Closing the window: the shell holds the close and asks the page (event `app-close-requested`);
// the page saves what is pending, then lets the window close. When something could not be saved
// the user decides; a page that does not answer is closed by the shell after a few seconds.
import { listen, type UnlistenFn } from '@tauri-apps/api/event'
import { ElMessageBox } from 'element-plus'
import { api } from '../api'
import { i18n } from '../i18n'

export const CLOSE_EVENT = 'app-close-requested'

/** Saves what one part of the page holds; resolves to a reason when something is not saved. */
export type Flusher = () => Promise<string | null>

const flushers = new Set<Flusher>()

/** Registers what must be saved before the window closes; returns the unregistration. */
export function onBeforeClose(f: Flusher): () => void {
  flushers.add(f)
  return () => flushers.delete(f)
}

/** Runs every flusher; the reasons of those that could not save. */
export async function flushAll(): Promise<string[]> {
  const results = await Promise.all([...flushers].map((f) => f().catch((e: unknown) => String((e as { message?: string })?.message ?? e))))
  return results.filter((r): r is string => r !== null)
}

/** Asks the user whether to close although something was not saved. */
async function closeAnyway(reasons: string[]): Promise<boolean> {
  const { t } = i18n.global
  try {
    await ElMessageBox.confirm(t('close.unsaved', { reason: reasons.join('；') }), t('close.title'), {
      confirmButtonText: t('close.closeAnyway'),
      cancelButtonText: t('close.stay'),
      type: 'warning',
      distinguishCancelAndClose: true,
    })
    return true
  } catch {
    return false
  }
}

let running: Promise<void> | null = null
let asking = false

/**
 * One close request: flush, then answer the shell. A second request while the first is saving
 * is answered with it; while the user is being asked, it is answered "keep open" at once (so the
 * shell's timer does not close the window under the question).
 */
export function handleCloseRequest(ask: (reasons: string[]) => Promise<boolean> = closeAnyway): Promise<void> {
  if (running) {
    if (asking) void api.appCloseAnswer(false).catch(() => undefined)
    return running
  }
  running = (async () => {
    try {
      const reasons = await flushAll()
      if (reasons.length === 0) {
        await api.appCloseAnswer(true)
        return
      }
      // Keep the window while the user decides (this also stops the shell's timer).
      asking = true
      await api.appCloseAnswer(false)
      if (await ask(reasons)) await api.appCloseAnswer(true)
    } finally {
      asking = false
      running = null
    }
  })()
  return running
}

/** Listens for the shell's close requests for the life of the page; returns the unlisten. */
export async function installCloseGuard(): Promise<UnlistenFn> {
  return listen<number>(CLOSE_EVENT, () => {
    void handleCloseRequest().catch(() => undefined)
  })
}
