//! Text renderers: how each command prints its answer for a person (`--format text`).

use std::io::{Result, Write};
use std::path::Path;

use nengbao::calc::Computed;
use nengbao::carbon::CarbonResult;
use nengbao::model::AnnualReport;

use super::Lang;

pub(super) fn ledger(
    out: &mut dyn Write,
    r: &AnnualReport,
    s: &nengbao::ledger::LedgerSummary,
) -> Result<()> {
    use nengbao::ledger::t;
    writeln!(
        out,
        "{} {}年 重点工程减排量（吨）",
        r.enterprise.name, r.year
    )?;
    writeln!(
        out,
        "污染物    工程数  计入数  减排量   区域削减扣减  计入减排量  目标    完成率"
    )?;
    for x in &s.totals {
        writeln!(
            out,
            "{:<8}  {:>4}  {:>4}  {:>8}  {:>8}  {:>9}  {:>6}  {}",
            x.pollutant.code(),
            x.projects,
            x.counted_projects,
            t(x.gross_t),
            t(x.offset_t),
            t(x.counted_t),
            x.target_t.map(t).unwrap_or_else(|| "—".into()),
            x.completion_pct
                .map(|p| format!("{p}%"))
                .unwrap_or_else(|| "—".into())
        )?;
    }
    for p in s.projects.iter().filter(|p| !p.excluded.is_empty()) {
        let why: Vec<&str> = p.excluded.iter().map(|e| e.zh()).collect();
        writeln!(out, "不计入：{}（{}）", p.name, why.join("；"))?;
    }
    Ok(())
}

fn opt<T: std::fmt::Display>(v: &Option<T>) -> String {
    v.as_ref()
        .map(|x| x.to_string())
        .unwrap_or_else(|| "—".into())
}

/// A JSON object with the CO₂ block added beside the existing keys (which stay as they were).
#[derive(serde::Serialize)]
pub(super) struct WithCarbon<'a, T: serde::Serialize> {
    #[serde(flatten)]
    pub inner: &'a T,
    pub carbon: &'a CarbonResult,
}

/// The CO₂ block under the computed figures of `nengbao compute`.
pub(super) fn carbon(out: &mut dyn Write, c: &CarbonResult) -> Result<()> {
    writeln!(out, "二氧化碳排放（tCO₂）")?;
    let Some(f) = &c.figures else {
        writeln!(out, "无法核算：")?;
        for g in &c.gaps {
            writeln!(out, "  {}", g.message().0)?;
        }
        return certificates(out, c);
    };
    writeln!(
        out,
        "{:<4} {:<12} {:>14} {:>14} {:>14} {:>14}",
        "代码", "能源名称", "消费量", "原料用能", "燃烧量", "tCO₂"
    )?;
    for x in &f.fuels {
        let co2 = if x.in_total {
            x.co2_t.to_string()
        } else {
            "不计入".into()
        };
        let unverified = x.parameters.iter().any(|p| {
            matches!(
                p.source,
                nengbao::carbon::ParameterSource::Default {
                    confidence: nengbao::refdata::Confidence::M,
                    ..
                }
            )
        });
        writeln!(
            out,
            "{:<4} {:<12} {:>14} {:>14} {:>14} {:>14}{}",
            x.code,
            x.name,
            x.consumed.to_string(),
            x.feedstock.to_string(),
            x.burned.to_string(),
            co2,
            if unverified {
                "  缺省参数未核实"
            } else {
                ""
            }
        )?;
        for p in &x.parameters {
            if let nengbao::carbon::ParameterSource::Measured { method, lab, .. } = &p.source {
                writeln!(
                    out,
                    "       实测{} {}（{method}；{lab}）",
                    nengbao::carbon::param_zh(p.parameter),
                    p.value.normalize()
                )?;
            }
        }
    }
    let e = &f.electricity;
    let factor = |x: &Option<nengbao::carbon::FactorUse>| {
        x.as_ref()
            .map(|u| {
                let tag = if u.confidence == nengbao::refdata::Confidence::M {
                    "，未核实"
                } else {
                    ""
                };
                format!("{} {}（{}{tag}）", u.value.normalize(), u.unit, u.edition)
            })
            .unwrap_or_else(|| "—".into())
    };
    let lines: Vec<(&str, String)> = vec![
        ("过程排放", f.process_co2_t.to_string()),
        ("直接排放", f.direct_co2_t.to_string()),
        (
            "外购电力",
            format!(
                "购进 {} MWh，绿电交易 {} MWh，绿证 {} MWh 按零排放，{} MWh × {} = {}",
                e.purchased_mwh.normalize(),
                e.green_trade_mwh.normalize(),
                e.certificate_mwh.normalize(),
                e.charged_mwh.normalize(),
                factor(&e.factor),
                e.co2_t
            ),
        ),
        (
            "外购热力",
            format!(
                "{} GJ × {} = {}",
                f.heat.purchased_gj.normalize(),
                factor(&f.heat.factor),
                f.heat.co2_t
            ),
        ),
        (
            "减：外供电力、热力",
            format!("{} + {}", e.exported_co2_t, f.heat.exported_co2_t),
        ),
        ("间接排放", f.indirect_co2_t.to_string()),
        ("二氧化碳排放总量", f.total_co2_t.to_string()),
        (
            "单位产值二氧化碳排放（tCO₂/万元）",
            opt(&f.per_output_value),
        ),
        (
            "单位工业增加值二氧化碳排放（tCO₂/万元）",
            opt(&f.per_value_added),
        ),
    ];
    for (label, value) in lines {
        writeln!(out, "{label}：{value}")?;
    }
    for p in &f.per_product {
        writeln!(
            out,
            "单位产品二氧化碳排放（按“{}”的产量）：{} {}",
            p.name,
            opt(&p.value),
            p.unit
        )?;
    }
    if let Some(p) = &f.prior {
        writeln!(
            out,
            "上年（{}年）：{} tCO₂，变化 {}%；单位增加值排放变化 {}%",
            p.year,
            p.total_co2_t,
            opt(&p.total_change_pct),
            opt(&p.per_value_added_change_pct)
        )?;
    }
    if f.has_feedstock {
        writeln!(
            out,
            "原料用能未计入燃烧排放：可能存在工业过程排放，须按行业标准另行核算。"
        )?;
    }
    if !c.editions.fuel.is_empty() {
        writeln!(out, "燃料参数版本：{}", c.editions.fuel.join("，"))?;
    }
    certificates(out, c)
}

fn certificates(out: &mut dyn Write, c: &CarbonResult) -> Result<()> {
    let a = &c.certificates;
    if a.entries.is_empty() {
        return Ok(());
    }
    writeln!(
        out,
        "绿证：台账 {} 张，计入单独购买 {} 张、随绿电交易 {} 张，可扣除能耗 {} 张（兆瓦时），未计入 {} 条",
        a.listed,
        a.counted_unbundled,
        a.counted_trade,
        a.energy_deductible,
        a.entries.iter().filter(|e| !e.counted).count()
    )
}

/// One line of CO₂ above the findings of `nengbao check`.
fn carbon_line(out: &mut dyn Write, c: &CarbonResult, lang: Lang) -> Result<()> {
    match (&c.figures, lang) {
        (Some(f), Lang::Zh) => writeln!(
            out,
            "二氧化碳排放总量 {} tCO₂（直接 {}，间接 {}；电力因子 {}）",
            f.total_co2_t,
            f.direct_co2_t,
            f.indirect_co2_t,
            c.editions.grid.as_deref().unwrap_or("—")
        ),
        (Some(f), Lang::En) => writeln!(
            out,
            "CO₂ total {} t (direct {}, indirect {}; grid factor {})",
            f.total_co2_t,
            f.direct_co2_t,
            f.indirect_co2_t,
            c.editions.grid.as_deref().unwrap_or("—")
        ),
        (None, Lang::Zh) => writeln!(out, "二氧化碳排放：无法核算（见下列错误）"),
        (None, Lang::En) => writeln!(out, "CO₂: cannot be accounted (see the errors below)"),
    }
}

pub(super) fn computed(out: &mut dyn Write, r: &AnnualReport, c: &Computed) -> Result<()> {
    writeln!(out, "{} {}年 能源消费折标准煤", r.enterprise.name, r.year)?;
    writeln!(
        out,
        "{:<4} {:<12} {:<8} {:>10} {:>16}",
        "代码",
        "能源名称",
        "单位",
        "折标系数",
        if c.industrial_basis {
            "工业消费折标(tce)"
        } else {
            "消费折标(tce)"
        }
    )?;
    for row in &c.rows {
        writeln!(
            out,
            "{:<4} {:<12} {:<8} {:>10} {:>16}",
            row.code, row.name, row.unit, row.factor, row.tce
        )?;
    }
    let lines: [(&str, String); 13] = [
        ("消费折标合计", c.consumption_tce.to_string()),
        ("减：加工转换产出", c.conversion_output_tce.to_string()),
        ("减：回收利用", c.recovered_tce.to_string()),
        (
            "综合能源消费量（当量值）",
            c.comprehensive_energy_tce.to_string(),
        ),
        (
            "综合能源消费量（等价值）",
            format!(
                "{}（电力按{}年供电煤耗 {} tce/万kWh）",
                c.comprehensive_energy_equal_value_tce,
                c.electricity_equal_factor_year,
                c.electricity_equal_factor
            ),
        ),
        ("原料用能", c.feedstock_tce.to_string()),
        ("绿电（当量值）", c.green_electricity_tce.to_string()),
        ("扣除原料用能后", c.excluding_feedstock_tce.to_string()),
        ("扣除原料用能和绿电后（当量值）", c.assessed_tce.to_string()),
        (
            "扣除原料用能和绿电后（等价值）",
            c.assessed_equal_value_tce.to_string(),
        ),
        ("能源消费成本（万元）", c.energy_cost.to_string()),
        ("单位产值综合能耗（tce/万元）", opt(&c.per_output_value)),
        ("单位工业增加值能耗（tce/万元）", opt(&c.per_value_added)),
    ];
    for (label, value) in lines {
        writeln!(out, "{label}：{value}")?;
    }
    for p in &c.products {
        writeln!(
            out,
            "{}：本期 {}，上年 {}，变化率 {}%，节能量 {} tce",
            p.name,
            opt(&p.current),
            opt(&p.prior),
            opt(&p.change_pct),
            opt(&p.saving_tce)
        )?;
    }
    if let Some(pct) = c.saving_target_completion_pct {
        writeln!(out, "节能目标完成率：{pct}%")?;
    }
    Ok(())
}

/// The findings of `nengbao check`, with the CO₂ line above them and the counts below.
pub(super) fn check(
    out: &mut dyn Write,
    c: &nengbao::workspace::Checked,
    lang: Lang,
) -> Result<()> {
    carbon_line(out, &c.carbon, lang)?;
    for f in &c.outcome.findings {
        let (sev, msg) = match lang {
            Lang::Zh => (f.severity.zh(), &f.message.zh),
            Lang::En => (
                match f.severity {
                    nengbao::validate::Severity::Error => "error",
                    nengbao::validate::Severity::Warning => "warning",
                    nengbao::validate::Severity::Info => "info",
                },
                &f.message.en,
            ),
        };
        let ack = match (&f.justification, lang) {
            (Some(j), Lang::Zh) => format!("（已说明：{j}）"),
            (Some(j), Lang::En) => format!(" (justified: {j})"),
            (None, _) => String::new(),
        };
        let cell = match (&f.location.sheet, &f.location.cell) {
            (Some(s), Some(c)) => format!("（{s}!{c}）"),
            _ => String::new(),
        };
        writeln!(
            out,
            "{sev}  {}  {}{cell}  {msg}{ack}",
            f.rule, f.location.path
        )?;
    }
    let s = c.outcome.summary;
    match lang {
        Lang::Zh => writeln!(
            out,
            "共 {} 个错误，{} 个待说明的警告，{} 个已说明，{} 个提示。",
            s.errors, s.warnings, s.justified, s.infos
        ),
        Lang::En => writeln!(
            out,
            "{} errors, {} unjustified warnings, {} justified, {} infos.",
            s.errors, s.warnings, s.justified, s.infos
        ),
    }
}

/// The rule list of `nengbao rules`.
pub(super) fn rules(out: &mut dyn Write) -> Result<()> {
    for r in nengbao::validate::RULES {
        writeln!(
            out,
            "{}  {:<8} {}  {}",
            r.id,
            r.severity.zh(),
            r.name,
            r.title_zh
        )?;
    }
    Ok(())
}

pub(super) fn report_list(
    out: &mut dyn Write,
    list: &[nengbao::store::ReportSummary],
) -> Result<()> {
    for r in list {
        writeln!(
            out,
            "{}  {}  {}年  修订{}  版本{}  {}",
            r.uscc, r.enterprise_name, r.year, r.revision, r.versions, r.updated_at
        )?;
    }
    if list.is_empty() {
        writeln!(out, "（工作区中还没有报告）")?;
    }
    Ok(())
}

pub(super) fn evidence_issues(
    out: &mut dyn Write,
    issues: &[nengbao::workspace::EvidenceIssue],
) -> Result<()> {
    for i in issues {
        let what = match i.problem {
            nengbao::workspace::EvidenceProblem::Missing => "缺失",
            nengbao::workspace::EvidenceProblem::Changed => "已被改动",
        };
        writeln!(out, "{what}  {}  {}  {}", i.path, i.name, i.sha256)?;
    }
    if issues.is_empty() {
        writeln!(out, "证明材料完整，未被改动。")?;
    }
    Ok(())
}

pub(super) fn verification(out: &mut dyn Write, v: &nengbao::xlsx::Verification) -> Result<()> {
    use nengbao::xlsx::Status;
    let word = match v.status {
        Status::Valid => "有效",
        Status::Tampered => "已被改动",
        Status::BadSignature => "签名无效",
        Status::Unsigned => "未签名",
        Status::UnknownFormat => "无法识别",
    };
    writeln!(out, "{word}：{}", v.message)?;
    if let Some(d) = &v.digest {
        writeln!(out, "数据摘要（SM3）：{d}")?;
    }
    if let Some(fp) = &v.fingerprint {
        writeln!(out, "公钥指纹：{fp}")?;
    }
    for c in &v.changes {
        writeln!(out, "  {}  签名时：{}  现为：{}", c.cell, c.signed, c.found)?;
    }
    Ok(())
}

/// Submissions found by their digest: unit, year, version and state, file, digest, key.
pub(super) fn digest_found(
    out: &mut dyn Write,
    found: &[nengbao::county::submissions::DigestFound],
) -> Result<()> {
    for f in found {
        let version = f
            .version
            .map(|v| format!("第{v}版"))
            .unwrap_or_else(|| "—".into());
        writeln!(
            out,
            "{}  {}  {}年度  {version}（{}）  签名修订 {}  收到 {}  文件 {}",
            f.uscc,
            f.name,
            f.year,
            f.status.zh(),
            f.revision,
            f.received_at,
            f.file
        )?;
        writeln!(out, "  SM3 {}  公钥指纹 {}", f.digest, f.fingerprint)?;
    }
    Ok(())
}

pub(super) fn import_issues(
    out: &mut dyn Write,
    imported: &nengbao::xlsx::Imported,
    dest: &Path,
) -> Result<()> {
    writeln!(out, "已导入（{}）→ {}", imported.pack, dest.display())?;
    for i in &imported.issues {
        let sev = if i.severity == "error" {
            "错误"
        } else {
            "提醒"
        };
        writeln!(out, "{sev}  {}!{}  {}", i.sheet, i.cell, i.message.zh)?;
    }
    Ok(())
}

pub(super) fn audit_verdict(out: &mut dyn Write, v: &nengbao::store::audit::Verdict) -> Result<()> {
    use nengbao::store::audit::Verdict;
    match v {
        Verdict::Intact { entries, head } => {
            writeln!(out, "审计日志完整：{entries} 条记录，末条哈希 {head}")
        }
        Verdict::Broken { seq, reason } => {
            writeln!(out, "审计日志已被破坏：第 {seq} 条 — {reason}")
        }
    }
}

pub(super) fn audit_anchored(
    out: &mut dyn Write,
    head: &str,
    v: &nengbao::store::audit::Anchored,
) -> Result<()> {
    use nengbao::store::audit::Anchored;
    match v {
        Anchored::Found { seq, entries, .. } => writeln!(
            out,
            "审计日志完整，且包含该文件记录的末条哈希（第 {seq} 条，现共 {entries} 条）"
        ),
        Anchored::NotFound { reason, .. } => writeln!(
            out,
            "审计日志中没有该文件记录的末条哈希 {head}：数据库可能被回退或替换（{reason}）"
        ),
        Anchored::Broken { seq, reason } => {
            writeln!(out, "审计日志已被破坏：第 {seq} 条 — {reason}")
        }
    }
}

pub(super) fn audit_list(out: &mut dyn Write, list: &[nengbao::store::audit::Entry]) -> Result<()> {
    for e in list {
        writeln!(
            out,
            "{:>5}  {}  {}  {}  {}  {}",
            e.seq, e.at, e.actor, e.action, e.object, e.detail
        )?;
    }
    Ok(())
}

pub(super) fn county_import(
    out: &mut dyn Write,
    report: &nengbao::county::ImportReport,
) -> Result<()> {
    for f in &report.files {
        writeln!(
            out,
            "{}  {}  {}  {}",
            f.outcome.zh(),
            f.file,
            f.name.as_deref().unwrap_or(""),
            f.message.zh
        )?;
    }
    let t = &report.totals;
    writeln!(
        out,
        "共 {} 个文件：接收 {}，接收但有问题 {}，历史版本 {}，暂存 {}，拒收 {}，跳过 {}{}",
        t.files,
        t.accepted,
        t.accepted_with_warnings,
        t.stale,
        t.held,
        t.rejected,
        t.skipped,
        if report.cancelled {
            format!("；已取消，{} 个未处理，再次运行即可继续", t.cancelled)
        } else {
            String::new()
        }
    )
}

pub(super) fn county_keys(out: &mut dyn Write, keys: &[nengbao::county::KeyEntry]) -> Result<()> {
    for k in keys {
        let held = if k.held_files > 0 {
            format!("  暂存 {} 份", k.held_files)
        } else {
            String::new()
        };
        let registered = k
            .registered_fingerprint
            .as_deref()
            .map(|f| format!("  （登记的密钥 {f}）"))
            .unwrap_or_default();
        writeln!(
            out,
            "{}  {}  {}  {}{held}{registered}",
            k.uscc,
            k.name,
            k.status.zh(),
            k.fingerprint
        )?;
    }
    Ok(())
}

pub(super) fn county_roster(
    out: &mut dyn Write,
    status: &[nengbao::county::RosterStatus],
) -> Result<()> {
    for r in status {
        writeln!(
            out,
            "{}  {}  {}{}",
            r.uscc,
            r.name,
            r.status.zh(),
            if r.on_roster {
                ""
            } else {
                "（不在名单内）"
            }
        )?;
    }
    Ok(())
}

pub(super) fn import_runs(out: &mut dyn Write, runs: &[nengbao::county::ImportRun]) -> Result<()> {
    for r in runs {
        let counts: Vec<String> = r
            .outcomes
            .iter()
            .map(|(o, n)| format!("{} {n}", o.zh()))
            .collect();
        writeln!(
            out,
            "第{}次  {}  {}  {} 个文件{}{}：{}",
            r.id,
            r.started_at,
            r.actor,
            r.files,
            r.year.map(|y| format!("（只收{y}年）")).unwrap_or_default(),
            if r.cancelled { "（已取消）" } else { "" },
            counts.join("，")
        )?;
    }
    Ok(())
}

pub(super) fn import_log(out: &mut dyn Write, log: &[nengbao::county::LogEntry]) -> Result<()> {
    for e in log {
        writeln!(out, "{}  {}  {}", e.outcome.zh(), e.file, e.message.zh)?;
    }
    Ok(())
}

pub(super) fn county_diff(out: &mut dyn Write, d: &[nengbao::county::FieldDiff]) -> Result<()> {
    for x in d {
        writeln!(out, "{}  {} → {}", x.path, x.before, x.after)?;
    }
    if d.is_empty() {
        writeln!(out, "两个版本内容相同。")?;
    }
    Ok(())
}

pub(super) fn county_totals(
    out: &mut dyn Write,
    year: i32,
    t: &nengbao::county::summary::CountyTotals,
) -> Result<()> {
    writeln!(
        out,
        "{year}年 {} 家：综合能源消费量（当量值）{} 吨标准煤，等价值 {}，扣除原料用能和绿电后 {}",
        t.units,
        t.energy.comprehensive_tce,
        t.energy.comprehensive_equal_value_tce,
        t.energy.assessed_tce
    )?;
    for r in &t.reductions {
        writeln!(
            out,
            "{}：计入减排量 {} 吨，目标 {}",
            r.pollutant,
            r.counted_t,
            r.target_t
                .map(|x| x.to_string())
                .unwrap_or_else(|| "—".into())
        )?;
    }
    writeln!(out, "跨企业重复申报：{} 处", t.double_claims.len())?;
    let c = &t.carbon;
    writeln!(
        out,
        "二氧化碳排放（{} 家签名数据）：直接 {}，间接 {}，总量 {} 吨{}",
        c.units,
        c.direct_co2_t,
        c.indirect_co2_t,
        c.total_co2_t,
        t.carbon_target
            .as_ref()
            .map(|g| format!(
                "；目标 {} 吨，占 {}%",
                g.target_t,
                g.share_pct
                    .map(|p| p.to_string())
                    .unwrap_or_else(|| "—".into())
            ))
            .unwrap_or_default()
    )?;
    writeln!(
        out,
        "绿证跨单位重复申报：{} 处",
        t.certificate_double_claims.len()
    )
}

pub(super) fn county_offices(
    out: &mut dyn Write,
    offices: &[nengbao::county::office::OfficeStatus],
    totals: &[nengbao::county::upward::OfficeTotal],
    findings: &[nengbao::county::upward::OfficeFinding],
) -> Result<()> {
    writeln!(out, "下级部门（{}个）", offices.len())?;
    for o in offices {
        let version = match (o.version, o.revision) {
            (Some(v), Some(r)) => format!("  第{v}版（签署第{r}次）"),
            (None, Some(r)) => format!("  签署第{r}次"),
            _ => String::new(),
        };
        writeln!(
            out,
            "  {}  {}  {}{version}  单位{}家  问题{}处",
            o.division,
            o.name,
            o.status.zh(),
            o.units,
            o.findings
        )?;
    }
    writeln!(out, "按下级部门汇总（企业签名报告中的数字）")?;
    for t in totals {
        writeln!(
            out,
            "  {}  单位{}家  综合能源消费量（当量值）{} 吨标准煤  二氧化碳 {} 吨",
            if t.name.is_empty() {
                &t.division
            } else {
                &t.name
            },
            t.units,
            t.totals.energy.comprehensive_tce,
            t.totals.carbon.total_co2_t
        )?;
    }
    if findings.is_empty() {
        writeln!(out, "复核未发现问题")?;
    } else {
        writeln!(out, "复核发现（{}处）", findings.len())?;
        for f in findings {
            writeln!(out, "  [{}] {}", f.kind.zh(), f.message.zh)?;
        }
    }
    Ok(())
}

pub(super) fn office_keys(
    out: &mut dyn Write,
    keys: &[nengbao::county::upward::OfficeKeyEntry],
) -> Result<()> {
    for k in keys {
        let held = if k.files > 0 {
            format!("  暂存 {} 份", k.files)
        } else {
            String::new()
        };
        let registered = k
            .registered
            .as_deref()
            .map(|f| format!("  （登记的密钥 {f}）"))
            .unwrap_or_default();
        writeln!(
            out,
            "{}  {}  {}  {}{held}{registered}",
            k.division,
            k.name,
            k.status.zh(),
            k.fingerprint
        )?;
    }
    Ok(())
}

/// An office's signed summary checked by `nengbao verify`: the verdict, the office, year and
/// revision, units carried, digest and key.
pub(super) fn summary_verification(
    out: &mut dyn Write,
    v: &nengbao::workspace::files::SummaryVerification,
) -> Result<()> {
    use nengbao::xlsx::Status;
    let word = match v.status {
        Status::Valid => "有效",
        Status::Tampered => "已被改动",
        Status::BadSignature => "签名无效",
        Status::Unsigned => "未签名",
        Status::UnknownFormat => "无法识别",
    };
    writeln!(out, "签名汇总表 {word}：{}", v.message)?;
    if let (Some(o), Some(y)) = (&v.office, v.year) {
        writeln!(
            out,
            "{}（{} {}）{y}年度汇总，第{}次签署，签署时间 {}，{}家单位的企业签名报告",
            o.name,
            o.level.zh(),
            o.division,
            v.revision.unwrap_or_default(),
            v.signed_at.as_deref().unwrap_or("—"),
            v.units
        )?;
    }
    if !v.digest.is_empty() {
        writeln!(out, "数据摘要（SM3）：{}", v.digest)?;
    }
    if let Some(fp) = &v.fingerprint {
        writeln!(out, "公钥指纹：{fp}")?;
    }
    Ok(())
}
