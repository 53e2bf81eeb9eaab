//! The summary workbook for the city: roster status, per-enterprise figures, totals by
//! industry, reductions against targets, double counting; with charts.

use super::*;

impl County {
    /// The summary workbook for the city: roster status, per-enterprise figures, totals by
    /// industry, reductions against targets, double counting; with charts.
    pub fn summary_workbook(&self, year: i32) -> Result<Vec<u8>> {
        let totals = self.totals(year)?;
        let roster = self.roster_status(year)?;
        self.summary_workbook_of(year, &totals, &roster)
    }

    /// The summary workbook from the year's totals and roster status already read (signing a
    /// summary reads them once for the workbook and the signed document).
    pub(in crate::county) fn summary_workbook_of(
        &self,
        year: i32,
        totals: &CountyTotals,
        roster: &[crate::county::roster::RosterStatus],
    ) -> Result<Vec<u8>> {
        self.summary_inner(year, totals, roster).map_err(|e| {
            Error::input(
                crate::text::Text::new("汇总表", "summary"),
                crate::text::Text::new(
                    format!("无法生成汇总表：{e}"),
                    format!("cannot build the summary workbook: {e}"),
                ),
            )
        })
    }

    /// Writes the summary workbook of a year to `out` (temp + fsync + rename).
    pub fn summary_workbook_to(&self, year: i32, out: &std::path::Path) -> Result<()> {
        crate::interchange::write_atomic(out, &self.summary_workbook(year)?)
    }

    fn summary_inner(
        &self,
        year: i32,
        totals: &CountyTotals,
        roster: &[crate::county::roster::RosterStatus],
    ) -> std::result::Result<Vec<u8>, Box<dyn std::error::Error>> {
        // What the sheets show of each unit, read a page of submissions at a time (the reports
        // themselves are not kept: a province's would not fit comfortably in memory).
        let mut current = Vec::new();
        self.for_each_current(year, |s| {
            current.push(UnitLine::of(s));
            Ok(())
        })?;
        let county = format!("{}（{}）", self.name()?, self.division()?);
        let mut wb = Workbook::new();
        let title = Format::new()
            .set_font_name("黑体")
            .set_font_size(15.0)
            .set_bold();
        let head = Format::new()
            .set_bold()
            .set_border(FormatBorder::Thin)
            .set_background_color(Color::RGB(0xE8EEF4))
            .set_text_wrap()
            .set_align(FormatAlign::Center);
        let cell = Format::new().set_border(FormatBorder::Thin);
        let num = Format::new()
            .set_border(FormatBorder::Thin)
            .set_num_format("#,##0.0000");
        let num2 = Format::new()
            .set_border(FormatBorder::Thin)
            .set_num_format("#,##0.00");
        let int = Format::new()
            .set_border(FormatBorder::Thin)
            .set_num_format("0");

        // 1. Filing status.
        {
            let ws = titled_sheet(
                &mut wb,
                "报送情况",
                format!("{county} {year}年度重点用能单位能源利用状况报告报送情况"),
                &title,
            )?;
            let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
            for r in roster {
                *counts.entry(r.status.zh()).or_default() += 1;
            }
            let summary = counts
                .iter()
                .map(|(k, v)| format!("{k} {v} 家"))
                .collect::<Vec<_>>()
                .join("　");
            ws.write_string(1, 0, &summary)?;
            let heads = [
                "统一社会信用代码",
                "单位名称",
                "类别",
                "在名单内",
                "状态",
                "版本",
                "接收时间",
                "错误",
                "警告",
            ];
            let widths = [22.0, 34.0, 10.0, 9.0, 14.0, 6.0, 26.0, 6.0, 6.0];
            headings(ws, 3, &heads, |c| widths[c], &head)?;
            for (i, r) in roster.iter().enumerate() {
                let row = 4 + i as u32;
                ws.write_string_with_format(row, 0, &r.uscc, &cell)?;
                ws.write_string_with_format(row, 1, &r.name, &cell)?;
                ws.write_string_with_format(row, 2, &r.category, &cell)?;
                ws.write_string_with_format(row, 3, if r.on_roster { "是" } else { "否" }, &cell)?;
                ws.write_string_with_format(row, 4, r.status.zh(), &cell)?;
                number_or_blank(ws, row, 5, r.version.map(|v| v as f64), &int, &cell)?;
                ws.write_string_with_format(row, 6, r.received_at.as_deref().unwrap_or(""), &cell)?;
                ws.write_number_with_format(row, 7, r.errors as f64, &int)?;
                ws.write_number_with_format(row, 8, r.warnings as f64, &int)?;
            }
            ws.set_freeze_panes(4, 0)?;
        }
        // 2. Per-enterprise figures.
        {
            let ws = titled_sheet(
                &mut wb,
                "企业主要指标",
                format!("{county} {year}年度 各单位主要指标（吨标准煤）"),
                &title,
            )?;
            let heads = [
                "统一社会信用代码",
                "单位名称",
                "行业",
                "综合能源消费量（当量值）",
                "综合能源消费量（等价值）",
                "原料用能",
                "绿电",
                "扣除原料用能和绿电后",
                "单位产值能耗（吨标准煤/万元）",
                "错误",
                "警告（未说明）",
                "已说明",
            ];
            headings(ws, 2, &heads, |c| if c < 2 { 28.0 } else { 16.0 }, &head)?;
            for (i, s) in current.iter().enumerate() {
                let row = 3 + i as u32;
                ws.write_string_with_format(row, 0, &s.uscc, &cell)?;
                ws.write_string_with_format(row, 1, &s.name, &cell)?;
                ws.write_string_with_format(row, 2, &s.industry_code, &cell)?;
                if let Some((figures, per_output)) = &s.energy {
                    numbers(ws, row, 3, figures, &num)?;
                    let per_output = per_output.map(|p| p.to_f64());
                    number_or_blank(ws, row, 8, per_output, &num, &cell)?;
                }
                let f = s.findings;
                ws.write_number_with_format(row, 9, f.errors as f64, &int)?;
                ws.write_number_with_format(row, 10, f.warnings as f64, &int)?;
                ws.write_number_with_format(row, 11, f.justified as f64, &int)?;
            }
            ws.set_freeze_panes(3, 2)?;
        }
        // 3. By industry, with a chart.
        {
            let ws = titled_sheet(
                &mut wb,
                "分行业汇总",
                format!("{county} {year}年度 分行业能源消费（吨标准煤）"),
                &title,
            )?;
            let heads = [
                "行业代码",
                "行业名称",
                "单位数",
                "综合能源消费量（当量值）",
                "综合能源消费量（等价值）",
                "原料用能",
                "绿电",
                "扣除原料用能和绿电后",
            ];
            headings(ws, 2, &heads, |c| if c == 1 { 28.0 } else { 16.0 }, &head)?;
            let n = totals.by_industry.len() as u32;
            for (i, it) in totals.by_industry.iter().enumerate() {
                let row = 3 + i as u32;
                ws.write_string_with_format(row, 0, &it.division, &cell)?;
                ws.write_string_with_format(row, 1, &it.name, &cell)?;
                ws.write_number_with_format(row, 2, it.units as f64, &int)?;
                let figures = [
                    it.energy.comprehensive_tce,
                    it.energy.comprehensive_equal_value_tce,
                    it.energy.feedstock_tce,
                    it.energy.green_electricity_tce,
                    it.energy.assessed_tce,
                ];
                numbers(ws, row, 3, &figures, &num)?;
            }
            let total_row = 3 + n;
            ws.write_string_with_format(total_row, 0, "合计", &head)?;
            ws.write_string_with_format(total_row, 1, "", &head)?;
            ws.write_number_with_format(total_row, 2, totals.units as f64, &int)?;
            let figures = [
                totals.energy.comprehensive_tce,
                totals.energy.comprehensive_equal_value_tce,
                totals.energy.feedstock_tce,
                totals.energy.green_electricity_tce,
                totals.energy.assessed_tce,
            ];
            numbers(ws, total_row, 3, &figures, &num)?;
            if n > 0 {
                let mut chart = Chart::new(ChartType::Bar);
                chart
                    .title()
                    .set_name("分行业综合能源消费量（当量值，吨标准煤）");
                chart
                    .add_series()
                    .set_name("综合能源消费量（当量值）")
                    .set_categories(("分行业汇总", 3, 1, 2 + n, 1))
                    .set_values(("分行业汇总", 3, 3, 2 + n, 3));
                chart.legend().set_hidden();
                chart.set_width(720).set_height(360);
                ws.insert_chart(total_row + 2, 0, &chart)?;
            }
        }
        // 4. CO₂: by industry with a chart, the county against its target, per unit.
        {
            let ws = titled_sheet(
                &mut wb,
                CARBON_SHEET,
                format!("{county} {year}年度 二氧化碳排放（吨二氧化碳，各单位签名报送的数据）"),
                &title,
            )?;
            let heads = [
                "行业代码",
                "行业名称",
                "单位数",
                "直接排放",
                "间接排放",
                "二氧化碳排放总量",
            ];
            headings(ws, 2, &heads, |c| if c == 1 { 28.0 } else { 16.0 }, &head)?;
            let co2 = |ws: &mut Worksheet, row: u32, c: &CarbonTotals| {
                for (k, v) in [c.direct_co2_t, c.indirect_co2_t, c.total_co2_t]
                    .iter()
                    .enumerate()
                {
                    ws.write_number_with_format(row, 3 + k as u16, v.to_f64(), &num2)?;
                }
                Ok::<(), XlsxError>(())
            };
            let n = totals.by_industry.len() as u32;
            for (i, it) in totals.by_industry.iter().enumerate() {
                let row = 3 + i as u32;
                ws.write_string_with_format(row, 0, &it.division, &cell)?;
                ws.write_string_with_format(row, 1, &it.name, &cell)?;
                ws.write_number_with_format(row, 2, it.carbon.units as f64, &int)?;
                co2(ws, row, &it.carbon)?;
            }
            let total_row = 3 + n;
            ws.write_string_with_format(total_row, 0, "合计", &head)?;
            ws.write_string_with_format(total_row, 1, "", &head)?;
            ws.write_number_with_format(total_row, 2, totals.carbon.units as f64, &int)?;
            co2(ws, total_row, &totals.carbon)?;
            let mut row = total_row + 1;
            if let Some(tg) = &totals.carbon_target {
                ws.write_string_with_format(row, 0, "排放目标", &head)?;
                ws.write_string_with_format(row, 1, &tg.source, &cell)?;
                ws.write_string_with_format(row, 2, "", &cell)?;
                ws.write_string_with_format(row, 3, "", &cell)?;
                ws.write_string_with_format(row, 4, "", &cell)?;
                ws.write_number_with_format(row, 5, tg.target_t.to_f64(), &num2)?;
                row += 1;
                ws.write_string_with_format(row, 0, "占目标（%）", &head)?;
                for c in 1..5 {
                    ws.write_string_with_format(row, c, "", &cell)?;
                }
                number_or_blank(ws, row, 5, tg.share_pct.map(|p| p.to_f64()), &num2, &cell)?;
                row += 1;
            }
            let without = current.iter().filter(|s| s.carbon.is_none()).count();
            if without > 0 {
                ws.write_string(
                    row,
                    0,
                    format!("另有{without}家的报送文件不含碳排放数据（第一版格式），未计入。"),
                )?;
                row += 1;
            }
            if !totals.certificate_double_claims.is_empty() {
                ws.write_string(
                    row,
                    0,
                    format!(
                        "绿证跨单位重复申报{}处，见“重复计算”。",
                        totals.certificate_double_claims.len()
                    ),
                )?;
                row += 1;
            }
            if n > 0 {
                let mut chart = Chart::new(ChartType::BarStacked);
                chart.title().set_name("分行业二氧化碳排放（吨二氧化碳）");
                chart
                    .add_series()
                    .set_name("直接排放")
                    .set_categories((CARBON_SHEET, 3, 1, 2 + n, 1))
                    .set_values((CARBON_SHEET, 3, 3, 2 + n, 3));
                chart
                    .add_series()
                    .set_name("间接排放")
                    .set_categories((CARBON_SHEET, 3, 1, 2 + n, 1))
                    .set_values((CARBON_SHEET, 3, 4, 2 + n, 4));
                chart.set_width(640).set_height(320);
                ws.insert_chart(2, 7, &chart)?;
            }
            // Per unit, below the industries (and clear of the chart).
            let first = (row + 2).max(3 + 18);
            let heads = [
                "统一社会信用代码",
                "单位名称",
                "行业",
                "直接排放",
                "间接排放",
                "二氧化碳排放总量",
                "单位工业增加值排放（tCO₂/万元）",
                "电力排放因子版本",
            ];
            headings(
                ws,
                first,
                &heads,
                |c| if c < 2 { 28.0 } else { 16.0 },
                &head,
            )?;
            for (i, s) in current.iter().enumerate() {
                let row = first + 1 + i as u32;
                ws.write_string_with_format(row, 0, &s.uscc, &cell)?;
                ws.write_string_with_format(row, 1, &s.name, &cell)?;
                ws.write_string_with_format(row, 2, &s.industry_code, &cell)?;
                match &s.carbon {
                    Some(c) => {
                        let figures = [c.direct_co2_t, c.indirect_co2_t, c.total_co2_t];
                        for (k, v) in figures.iter().enumerate() {
                            ws.write_number_with_format(row, 3 + k as u16, v.to_f64(), &num2)?;
                        }
                        let intensity = c.per_value_added.map(|p| p.to_f64());
                        number_or_blank(ws, row, 6, intensity, &num, &cell)?;
                        ws.write_string_with_format(row, 7, &c.editions.grid, &cell)?;
                    }
                    None => {
                        ws.merge_range(row, 3, row, 7, "报送文件不含碳排放数据", &cell)?;
                    }
                }
            }
            ws.set_freeze_panes(3, 0)?;
        }
        // 5. Reductions against targets, with a chart.
        {
            let ws = titled_sheet(
                &mut wb,
                "减排量与目标",
                format!("{county} {year}年度 重点工程减排量与目标（吨）"),
                &title,
            )?;
            let heads = ["污染物", "计入工程数", "计入减排量", "目标", "完成率（%）"];
            headings(ws, 2, &heads, |_| 14.0, &head)?;
            for (i, r) in totals.reductions.iter().enumerate() {
                let row = 3 + i as u32;
                ws.write_string_with_format(row, 0, &r.pollutant, &cell)?;
                ws.write_number_with_format(row, 1, r.projects as f64, &int)?;
                ws.write_number_with_format(row, 2, r.counted_t.to_f64(), &num)?;
                number_or_blank(ws, row, 3, r.target_t.map(|t| t.to_f64()), &num, &cell)?;
                let completion = r.completion_pct.map(|p| p.to_f64());
                number_or_blank(ws, row, 4, completion, &num2, &cell)?;
            }
            let last = 2 + totals.reductions.len() as u32;
            let mut chart = Chart::new(ChartType::Column);
            chart.title().set_name("减排量与目标（吨）");
            chart
                .add_series()
                .set_name("计入减排量")
                .set_categories(("减排量与目标", 3, 0, last, 0))
                .set_values(("减排量与目标", 3, 2, last, 2));
            chart
                .add_series()
                .set_name("目标")
                .set_categories(("减排量与目标", 3, 0, last, 0))
                .set_values(("减排量与目标", 3, 3, last, 3));
            chart.set_width(640).set_height(320);
            ws.insert_chart(last + 2, 0, &chart)?;
        }
        // 6. Double counting: reduction projects, then certificates.
        {
            let ws = titled_sheet(
                &mut wb,
                "重复计算",
                format!("{county} {year}年度 跨企业重复申报的减排工程"),
                &title,
            )?;
            let heads = [
                "污染物",
                "治理设施",
                "排污许可证编号",
                "判定依据",
                "统一社会信用代码",
                "单位名称",
                "工程编号",
                "工程名称",
            ];
            let wide = |c| if matches!(c, 1 | 5 | 7) { 30.0 } else { 18.0 };
            headings(ws, 2, &heads, wide, &head)?;
            let mut row = 3;
            if totals.double_claims.is_empty() {
                ws.write_string(row, 0, "未发现跨企业重复申报。")?;
            }
            for d in &totals.double_claims {
                for c in &d.claims {
                    ws.write_string_with_format(row, 0, &d.pollutant, &cell)?;
                    ws.write_string_with_format(row, 1, &d.facility, &cell)?;
                    ws.write_string_with_format(row, 2, &d.permit_no, &cell)?;
                    ws.write_string_with_format(
                        row,
                        3,
                        if d.basis == "permit" {
                            "同一许可证、设施和污染物"
                        } else {
                            "同一设施和污染物"
                        },
                        &cell,
                    )?;
                    ws.write_string_with_format(row, 4, &c.0, &cell)?;
                    ws.write_string_with_format(row, 5, &c.1, &cell)?;
                    ws.write_string_with_format(row, 6, &c.2, &cell)?;
                    ws.write_string_with_format(row, 7, &c.3, &cell)?;
                    row += 1;
                }
            }
            row += 2;
            ws.write_string_with_format(
                row,
                0,
                format!("{year}年度 跨单位重复申报的绿证"),
                &title,
            )?;
            row += 1;
            let heads = [
                "编号范围",
                "统一社会信用代码",
                "单位名称",
                "报送文件",
                "台账第几条",
                "申报编号",
            ];
            for (c, h) in heads.iter().enumerate() {
                ws.write_string_with_format(row, c as u16, *h, &head)?;
            }
            row += 1;
            if totals.certificate_double_claims.is_empty() {
                ws.write_string(row, 0, "未发现跨单位重复申报的绿证。")?;
            }
            for d in &totals.certificate_double_claims {
                let span = if d.first == d.last {
                    d.first.clone()
                } else {
                    format!("{}—{}", d.first, d.last)
                };
                for c in &d.claims {
                    ws.write_string_with_format(row, 0, &span, &cell)?;
                    ws.write_string_with_format(row, 1, &c.uscc, &cell)?;
                    ws.write_string_with_format(row, 2, &c.name, &cell)?;
                    ws.write_string_with_format(row, 3, &c.file, &cell)?;
                    ws.write_number_with_format(row, 4, c.entry as f64, &int)?;
                    ws.write_string_with_format(row, 5, &c.codes, &cell)?;
                    row += 1;
                }
            }
        }
        let d = self.deadline(year)?;
        let created = rust_xlsxwriter::ExcelDateTime::from_ymd(
            chrono::Datelike::year(&d) as u16,
            chrono::Datelike::month(&d) as u8,
            chrono::Datelike::day(&d) as u8,
        )?;
        // The head of the county's audit chain when the summary was written: anchored outside
        // the database, so `nengbao audit verify --against` can later show the log still holds
        // it (not rolled back or replaced).
        let audit_head = crate::store::audit::head(&self.conn)?.unwrap_or_default();
        {
            let ws = wb
                .add_worksheet()
                .set_name(crate::xlsx::write::MANIFEST_SHEET)?;
            let rows = [
                ("format", crate::xlsx::SUMMARY_FORMAT.to_string()),
                ("division", self.division()?),
                ("name", self.name()?),
                ("year", year.to_string()),
                ("audit_head", audit_head.clone()),
            ];
            for (r, (k, v)) in rows.iter().enumerate() {
                ws.write_string(r as u32, 0, *k)?;
                ws.write_string(r as u32, 1, v)?;
            }
            ws.set_very_hidden(true);
        }
        wb.set_properties(
            &rust_xlsxwriter::DocProperties::new()
                .set_title(format!("{county} {year}年度汇总"))
                .set_author("能报 Nengbao")
                .set_creation_datetime(&created)
                .set_custom_property("nengbao.audit_head", audit_head.as_str()),
        );
        Ok(wb.save_to_buffer()?)
    }
}

/// What the workbook shows of one unit's current submission.
struct UnitLine {
    uscc: String,
    name: String,
    industry_code: String,
    /// 综合能源消费量 (当量值, 等价值), 原料用能, 绿电, 扣除后; 单位产值能耗.
    energy: Option<([crate::model::Tce; 5], Option<crate::model::Ratio>)>,
    findings: crate::validate::Summary,
    carbon: Option<crate::carbon::SignedCarbon>,
}

impl UnitLine {
    fn of(s: super::CurrentSubmission) -> Self {
        UnitLine {
            energy: s.computed.map(|c| {
                (
                    [
                        c.comprehensive_energy_tce,
                        c.comprehensive_energy_equal_value_tce,
                        c.feedstock_tce,
                        c.green_electricity_tce,
                        c.assessed_tce,
                    ],
                    c.per_output_value,
                )
            }),
            findings: s.findings.summary,
            carbon: s.carbon,
            uscc: s.uscc,
            name: s.name,
            industry_code: s.industry_code,
        }
    }
}

/// Adds an A4 landscape sheet, one page wide, with its title in A1.
fn titled_sheet<'a>(
    wb: &'a mut Workbook,
    name: &str,
    title: String,
    format: &Format,
) -> std::result::Result<&'a mut Worksheet, XlsxError> {
    let ws = wb
        .add_worksheet()
        .set_landscape()
        .set_paper_size(9)
        .set_print_fit_to_pages(1, 0)
        .set_name(name)?;
    ws.write_string_with_format(0, 0, title, format)?;
    Ok(ws)
}

/// Writes column headings on `row` and gives column `c` the width `width(c)`.
fn headings(
    ws: &mut Worksheet,
    row: u32,
    heads: &[&str],
    width: impl Fn(usize) -> f64,
    format: &Format,
) -> std::result::Result<(), XlsxError> {
    for (c, h) in heads.iter().enumerate() {
        ws.write_string_with_format(row, c as u16, *h, format)?;
        ws.set_column_width(c as u16, width(c))?;
    }
    Ok(())
}

/// Writes figures into consecutive cells of `row`, starting at column `first`.
fn numbers(
    ws: &mut Worksheet,
    row: u32,
    first: u16,
    figures: &[Tce],
    format: &Format,
) -> std::result::Result<(), XlsxError> {
    for (k, v) in figures.iter().enumerate() {
        ws.write_number_with_format(row, first + k as u16, v.to_f64(), format)?;
    }
    Ok(())
}

/// Writes a number, or a bordered blank cell when there is none.
fn number_or_blank(
    ws: &mut Worksheet,
    row: u32,
    col: u16,
    value: Option<f64>,
    format: &Format,
    blank: &Format,
) -> std::result::Result<(), XlsxError> {
    match value {
        Some(v) => ws.write_number_with_format(row, col, v, format)?,
        None => ws.write_blank(row, col, blank)?,
    };
    Ok(())
}
