// Runs around every test: closes the toasts and message boxes Element Plus mounts in their own app
// (outside the tested component, so `unmount()` does not reach them) and lets them leave while the
// test's DOM still exists. A toast left open closes on its own 3 s timer; when that fires after the
// test file's environment is torn down, its leave transition throws "document is not defined" into
// whatever file the worker runs next.
import { afterEach, beforeEach } from 'vitest'
import { ElMessage, ElMessageBox, ElNotification } from 'element-plus'
import { placementInstances } from 'element-plus/es/components/message/src/instance.mjs'

const OVERLAY = ['el-message', 'el-notification', 'el-message-box__wrapper']
let opened = false
const watcher = new MutationObserver((changes) => {
  for (const change of changes) {
    for (const node of Array.from(change.addedNodes)) {
      if (node instanceof Element && OVERLAY.some((c) => node.classList.contains(c) || node.querySelector(`.${c}`))) {
        opened = true
      }
    }
  }
})

beforeEach(() => {
  opened = false
  watcher.observe(document.body, { childList: true, subtree: true })
})

// Test files clear `document.body` in their own afterEach, which runs before this one, so the
// decision rests on what was opened during the test, not on what is still in the page.
afterEach(async () => {
  watcher.disconnect()
  if (!opened) return
  ElMessage.closeAll()
  ElNotification.closeAll()
  ElMessageBox.close()
  // Vue's leave waits two animation frames, then Element Plus unmounts each toast's own app and
  // drops it from its list; the notifications and the message box leave on the same frames.
  const open = () => Object.values(placementInstances).some((list) => list.length > 0)
  const t0 = Date.now()
  while (open() && Date.now() - t0 < 2000) await new Promise((r) => setTimeout(r, 20))
  await new Promise((r) => setTimeout(r, 50))
})
