// Element Plus inputs follow `input` events only, and on `change` they put the model value back
// into the field. Anything that changes a field without typing — WebDriver's Element Clear, an
// autofill, a script setting .value — fires `change` alone and would be undone. This forwards such
// a change to the component as an input first, so the model takes the field's value.
export function syncNativeChanges(doc: Document = document): () => void {
  const onChange = (e: Event) => {
    const t = e.target
    if (!(t instanceof HTMLInputElement || t instanceof HTMLTextAreaElement)) return
    if (t.readOnly || t.disabled) return
    if (t instanceof HTMLInputElement && ['checkbox', 'radio', 'file', 'range', 'color'].includes(t.type)) return
    if (!t.closest('.el-input, .el-textarea')) return
    if (t.closest('.el-select, .el-select-v2, .el-date-editor, .el-input-number')) return
    t.dispatchEvent(new Event('input', { bubbles: true }))
  }
  doc.addEventListener('change', onChange, true)
  return () => doc.removeEventListener('change', onChange, true)
}
