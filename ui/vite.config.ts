import { defineConfig } from 'vite'
import vue from '@vitejs/plugin-vue'

export default defineConfig({
  plugins: [vue()],
  // vue-i18n feature flags: Composition API only, no devtools in the shipped app.
  define: {
    __VUE_I18N_FULL_INSTALL__: true,
    __VUE_I18N_LEGACY_API__: false,
    __INTLIFY_PROD_DEVTOOLS__: false,
  },
  clearScreen: false,
  build: {
    target: 'safari15',
    chunkSizeWarningLimit: 2000,
  },
  test: {
    environment: 'jsdom',
    // The whole-app tests mount every screen; on a busy 2-core machine they take several seconds.
    testTimeout: 20000,
    setupFiles: ['src/test/closeOverlays.ts'],
  },
})
