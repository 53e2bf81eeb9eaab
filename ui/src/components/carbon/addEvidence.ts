// Adds files on disk as evidence of one record of the CO₂ inputs: each is hashed and copied into
// the workspace's evidence store by the core (api.evidenceAdd, as for the reduction ledger) and
// listed on the record. Used by the evidence cell's button and by files dropped on a row.
import { ElMessage } from 'element-plus'
import { api, type AppError } from '../../api'
import { baseName } from '../../utils/format'
import type { Editor } from '../editor'

export async function addEvidenceFiles(editor: Editor, listPath: string, kind: string, paths: string[], done: (n: number) => void): Promise<number> {
  let ok = 0
  for (const p of paths) {
    try {
      const ev = await api.evidenceAdd(p, kind)
      editor.add(listPath, { ...ev })
      ok++
    } catch (e) {
      ElMessage.error(`${baseName(p)}：${(e as AppError).message}`)
    }
  }
  if (ok > 0) done(ok)
  return ok
}
