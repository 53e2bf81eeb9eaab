import { createApp } from 'vue'
import { createPinia } from 'pinia'
import { elementsPlugin } from './elements'
import './elementStyles'
import './styles.css'
import App from './App.vue'
import { i18n } from './i18n'
import { syncNativeChanges } from './utils/nativeSync'

syncNativeChanges()

createApp(App).use(createPinia()).use(i18n).use(elementsPlugin).mount('#app')
