// The CO₂ block the mock backend returns for the demo report (browser preview and tests): the
// demo's fuels with the C.1 defaults and the 2022 national grid factor, as the core computes them.
import type { CarbonView, Provenance } from '../api'
import type { Report } from '../api/report'
import { getList } from '../utils/path'

const C1 = 'GB/T 32151.34-2024 表C.1 (PDF p.26) as transcribed in adgo07/GHGTOOL GB_T_32151_34_2024_MAPPING.md §9.2'

function dflt(confidence: 'S' | 'M', note = ''): Provenance {
  return { kind: 'default', edition: 'gbt32151.34-2024-c1', source: C1, notice: '', valid_from: '2020-01-01', valid_to: '', published: '', data_year: null, confidence, unverified: confidence === 'M', note, measured_index: null, evidence: 0 }
}

export function demoCarbon(r: Report): CarbonView {
  const certs = getList(r, 'carbon.certificates').length
  return {
    year: r.year,
    accounted: true,
    gaps: [],
    settings: ['电力排放因子：全国电网平均', '单独购买并核销的绿证对应电量按零排放计', '计入的绿证均可扣除能耗', '报告年度尚无电力排放因子时，采用最新发布的版本并提示'],
    fallbacks: [],
    fuel_editions: ['gbt32151.34-2024-c1'],
    grid_edition: 'mee-2022-national',
    heat_edition: null,
    fuels: [
      {
        path: 'energy[0]', code: '04', name: '一般烟煤', unit: '吨', treatment: '燃料燃烧',
        consumed: '128500.0000', feedstock: '0.0000', transformation: '0.0000', burned: '128500.0000',
        params: [
          { parameter: 'ncv', label: '低位发热量', value: '19.57', unit: 'GJ/吨', provenance: dflt('S', 'C.1 烟煤') },
          { parameter: 'carbon_content', label: '单位热值含碳量', value: '0.0261', unit: 'tC/GJ', provenance: dflt('S', 'C.1 烟煤') },
          { parameter: 'oxidation', label: '碳氧化率', value: '0.93', unit: '', provenance: dflt('S', 'C.1 烟煤') },
        ],
        co2_t: '223814.82', in_total: true,
      },
      {
        path: 'energy[1]', code: '01', name: '原煤', unit: '吨', treatment: '燃料燃烧',
        consumed: '12000.0000', feedstock: '0.0000', transformation: '0.0000', burned: '12000.0000',
        params: [
          { parameter: 'ncv', label: '低位发热量', value: '20.908', unit: 'GJ/吨', provenance: dflt('M', 'C.1 原煤（无C.1缺省值）') },
          { parameter: 'carbon_content', label: '单位热值含碳量', value: '0.0261', unit: 'tC/GJ', provenance: dflt('M') },
          { parameter: 'oxidation', label: '碳氧化率', value: '0.93', unit: '', provenance: dflt('M') },
        ],
        co2_t: '22330.08', in_total: true,
      },
    ],
    electricity: {
      purchased_mwh: '76000.000', green_trade_mwh: '0.000', certificate_mwh: `${certs}.000`, unproved_green_mwh: '0.000', charged_mwh: `${76000 - certs}.000`,
      factor: { value: '0.5366', unit: 'tCO2/MWh', series: '全国电网平均', provenance: { kind: 'default', edition: 'mee-2022-national', source: 'https://daydaynews.cc/zh-hant/finance/3899452.html', notice: '生态环境部 国家统计局公告（2024年第33号 — number unverified）', valid_from: '2024-01-01', valid_to: '2024-12-31', published: '2024-12-20', data_year: 2022, confidence: 'S', unverified: false, note: '全国电网平均', measured_index: null, evidence: 0 } },
      co2_t: (40781.6 - certs * 0.5366).toFixed(2), exported_mwh: '0.000', exported_co2_t: '0.00', self_renewable_mwh: '0.000', self_fossil_mwh: '0.000',
    },
    lines: [],
    heat: { purchased_gj: '0.0000', exported_gj: '0.0000', factor: null, co2_t: '0.00', exported_co2_t: '0.00' },
    totals: {
      combustion_co2_t: '246144.90', process_co2_t: '0.00', direct_co2_t: '246144.90', indirect_co2_t: (40781.6 - certs * 0.5366).toFixed(2),
      total_co2_t: (286926.5 - certs * 0.5366).toFixed(2), biomass_co2_t: '0.00', per_output_value: '4.3208', per_value_added: '13.9101', per_product: [],
    },
    prior: { year: r.year - 1, total_co2_t: '301220.45', per_output_value: '4.6712', per_value_added: '14.8810', total_change_pct: '-4.75', per_output_value_change_pct: '-7.50', per_value_added_change_pct: '-6.52' },
    certificates: [],
    certificate_totals: { listed: certs, counted_unbundled: 0, counted_trade: 0, energy_deductible: 0 },
    document: {},
  }
}
