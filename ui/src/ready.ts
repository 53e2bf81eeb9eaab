import { api } from './api'

let told = false
/** Tells the shell once that the first screen shows data (time-to-interactive measurement). */
export function markReady() {
  if (told) return
  told = true
  api.appReady().catch(() => undefined)
}
