import type { Directive } from 'vue'

// v-path="'energy[2].factor'" puts data-path on the real <input>/<textarea> inside an Element
// Plus control (el-select, el-date-picker … keep their input a level down), so tests and the
// findings panel can find and focus the field by its report path.
function apply(el: HTMLElement, path: string | null | undefined) {
  const target = el.matches('input,textarea') ? el : el.querySelector<HTMLElement>('input,textarea')
  if (!target) return
  if (path) target.setAttribute('data-path', path)
  else target.removeAttribute('data-path')
}

export const vPath: Directive<HTMLElement, string | null | undefined> = {
  mounted(el, binding) {
    apply(el, binding.value)
  },
  updated(el, binding) {
    apply(el, binding.value)
  },
}
