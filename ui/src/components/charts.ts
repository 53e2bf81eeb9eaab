// ECharts, registered once with only the parts the app draws (canvas; no remote content).
import 'vue-echarts/style.css'
import { use } from 'echarts/core'
import { CanvasRenderer } from 'echarts/renderers'
import { BarChart, PieChart } from 'echarts/charts'
import { GridComponent, LegendComponent, TooltipComponent, TitleComponent, MarkLineComponent } from 'echarts/components'

use([CanvasRenderer, BarChart, PieChart, GridComponent, LegendComponent, TooltipComponent, TitleComponent, MarkLineComponent])

export const FONT = '"Noto Sans CJK SC", "Microsoft YaHei", "PingFang SC", sans-serif'
export const PALETTE = ['#16775a', '#3b82c4', '#e0a526', '#c8553d', '#7a5fb0', '#4aa3a2', '#8c8c8c', '#b5835a']

/** Grouping separators without rounding the digits a value carries. */
export function axisNum(v: number): string {
  return v.toLocaleString('zh-CN', { maximumFractionDigits: 4 })
}
