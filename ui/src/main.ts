import { createApp } from 'vue'
import { createPinia } from 'pinia'
import ElementPlus from 'element-plus'
import zhCn from 'element-plus/es/locale/lang/zh-cn'
import 'element-plus/dist/index.css'
import './styles.css'
import App from './App.vue'
import { i18n } from './i18n'
import { syncNativeChanges } from './utils/nativeSync'

syncNativeChanges()

createApp(App).use(createPinia()).use(i18n).use(ElementPlus, { locale: zhCn }).mount('#app')
