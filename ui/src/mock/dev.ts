// Dev-only entry (mock.html): the app over the fake backend, for working on the UI in a browser.
import { installMockBackend } from './backend'

const q = new URLSearchParams(location.search)
const mode = q.get('mode')
installMockBackend({
  mode: mode === 'county' || mode === 'enterprise' ? mode : mode === 'none' ? null : 'enterprise',
  demo: q.get('demo') !== '0',
  county: q.get('county') !== '0',
  delay: Number(q.get('delay') ?? 60),
  importStep: Number(q.get('step') ?? 400),
  pick: ['/home/user/文档/材料/验收报告.pdf'],
})
await import('../main')
