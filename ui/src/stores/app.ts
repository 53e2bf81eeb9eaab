import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import { listOptionsFor } from '../components/lists'
import { api, type AppError, type AppInfo, type Catalog, type Pack, type Settings } from '../api'
import { setLanguage, type Lang } from '../i18n'

/** Nothing is set until the core answers (`app_info`), which also sends the defaults. */
const UNSET: Settings = { language: '', pack: '', yoy_threshold_pct: '', min_justification_chars: '', actor: '', key_path: '', county_server: '' }

/** App-wide state: mode, settings, reference catalog and template packs. */
export const useApp = defineStore('app', () => {
  const info = ref<AppInfo | null>(null)
  const settings = ref<Settings>({ ...UNSET })
  const catalog = ref<Catalog | null>(null)
  const packs = ref<Record<string, Pack>>({})
  const error = ref<AppError | null>(null)
  const booted = ref(false)

  const mode = computed(() => info.value?.mode ?? null)
  const lang = computed<Lang>(() => (settings.value.language === 'en' ? 'en' : 'zh-CN'))
  const pack = computed<Pack | null>(() => packs.value[settings.value.pack] ?? null)
  const minChars = computed(() => {
    const n = Number(settings.value.min_justification_chars)
    if (Number.isFinite(n) && n > 0) return n
    const d = Number(info.value?.defaults.min_justification_chars)
    return Number.isFinite(d) && d > 0 ? d : 0
  })

  async function init() {
    error.value = null
    try {
      info.value = await api.appInfo()
      settings.value = { ...info.value.defaults, ...info.value.settings }
      setLanguage(lang.value)
    } catch (e) {
      error.value = e as AppError
    } finally {
      booted.value = true
    }
  }

  async function setMode(m: 'enterprise' | 'county') {
    info.value = await api.appModeSet(m)
  }

  async function saveSettings(next: Settings) {
    const saved = await api.settingsSet(next)
    settings.value = { ...(info.value?.defaults ?? UNSET), ...saved }
    if (info.value) info.value = { ...info.value, settings: settings.value }
    setLanguage(lang.value)
    if (!packs.value[settings.value.pack]) await loadPack(settings.value.pack)
  }

  async function setLang(l: Lang) {
    setLanguage(l)
    settings.value = { ...settings.value, language: l }
    try {
      await saveSettings(settings.value)
    } catch {
      // The language still switches for this session.
    }
  }

  // One request for the catalog however many screens ask for it while it loads.
  let catalogLoading: Promise<Catalog | null> | null = null
  async function loadCatalog(): Promise<Catalog | null> {
    if (catalog.value) return catalog.value
    catalogLoading ??= (async () => {
      try {
        catalog.value = await api.catalog()
      } catch (e) {
        error.value = e as AppError
      } finally {
        catalogLoading = null
      }
      return catalog.value
    })()
    return catalogLoading
  }

  async function loadPack(id: string = settings.value.pack): Promise<Pack | null> {
    const cached = packs.value[id]
    if (cached) return cached
    try {
      const p = await api.pack(id)
      packs.value = { ...packs.value, [id]: p }
      return p
    } catch (e) {
      error.value = e as AppError
      return null
    }
  }

  /** Options of a dropdown list: [code, label in the interface language]. */
  function listOptions(list: string): [string, string][] {
    return listOptionsFor(list, catalog.value)
  }

  return { info, settings, catalog, packs, error, booted, mode, lang, pack, minChars, init, setMode, saveSettings, setLang, loadCatalog, loadPack, listOptions }
})
