import { mount, type ComponentMountingOptions } from '@vue/test-utils'
import { createPinia, setActivePinia, type Pinia } from 'pinia'
import { elementsPlugin } from '../elements'
import type { Component } from 'vue'
import { i18n } from '../i18n'

/** Mounts a component with the app's plugins (its Element Plus components, i18n, a fresh Pinia). */
export function mountApp<C extends Component>(comp: C, options: ComponentMountingOptions<C> = {} as ComponentMountingOptions<C>, pinia?: Pinia) {
  const p = pinia ?? createPinia()
  setActivePinia(p)
  i18n.global.locale.value = 'zh-CN'
  return mount(comp, {
    attachTo: document.body,
    ...options,
    global: { plugins: [elementsPlugin, i18n, p], ...(options.global ?? {}) },
  } as ComponentMountingOptions<C>)
}

export const flush = () => new Promise((r) => setTimeout(r, 0))
