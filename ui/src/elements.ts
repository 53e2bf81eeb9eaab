// The Element Plus components the interface uses, registered one by one so that the shipped
// bundle carries only these (and, through `elementStyles.ts`, their styles) instead of the whole
// library: less script and CSS for WebKit to parse and keep in memory. The list is
// `elementList.ts`; `elements.test.ts` fails when a template uses an `<el-…>` tag missing there
// or a component's styles are not imported.
import type { App, Component } from 'vue'
import { ElLoading } from 'element-plus'
import * as list from './elementList'

/** Component name (as registered, e.g. `ElButton`) → component. */
export const elements: Record<string, Component> = { ...list }

/** Vue plugin: registers the components above and the `v-loading` directive. */
export const elementsPlugin = {
  install(app: App) {
    for (const [name, c] of Object.entries(elements)) app.component(name, c)
    app.use(ElLoading)
  },
}
