//! Text of the county and office answers: intake results, keys, roster, runs and log, diffs,
//! totals, offices below and their keys, submissions found by digest, signed summaries.

use std::io::{Result, Write};

use super::status_zh;

pub(in crate::cli) fn county_import(
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

pub(in crate::cli) fn county_keys(
    out: &mut dyn Write,
    keys: &[nengbao::county::KeyEntry],
) -> Result<()> {
    for k in keys {
        key_line(
            out,
            [&k.uscc, &k.name, k.status.zh(), &k.fingerprint],
            k.held_files,
            k.registered_fingerprint.as_deref(),
        )?;
    }
    Ok(())
}

pub(in crate::cli) fn county_roster(
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

pub(in crate::cli) fn import_runs(
    out: &mut dyn Write,
    runs: &[nengbao::county::ImportRun],
) -> Result<()> {
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

pub(in crate::cli) fn import_log(
    out: &mut dyn Write,
    log: &[nengbao::county::LogEntry],
) -> Result<()> {
    for e in log {
        writeln!(out, "{}  {}  {}", e.outcome.zh(), e.file, e.message.zh)?;
    }
    Ok(())
}

pub(in crate::cli) fn county_diff(
    out: &mut dyn Write,
    d: &[nengbao::county::FieldDiff],
) -> Result<()> {
    for x in d {
        writeln!(out, "{}  {} → {}", x.path, x.before, x.after)?;
    }
    if d.is_empty() {
        writeln!(out, "两个版本内容相同。")?;
    }
    Ok(())
}

pub(in crate::cli) fn county_totals(
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

pub(in crate::cli) fn county_offices(
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

pub(in crate::cli) fn office_keys(
    out: &mut dyn Write,
    keys: &[nengbao::county::upward::OfficeKeyEntry],
) -> Result<()> {
    for k in keys {
        key_line(
            out,
            [&k.division, &k.name, k.status.zh(), &k.fingerprint],
            k.files,
            k.registered.as_deref(),
        )?;
    }
    Ok(())
}

/// Submissions found by their digest: unit, year, version and state, file, digest, key.
pub(in crate::cli) fn digest_found(
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

/// An office's signed summary checked by `nengbao verify`: the verdict, the office, year and
/// revision, units carried, digest and key.
pub(in crate::cli) fn summary_verification(
    out: &mut dyn Write,
    v: &nengbao::workspace::files::SummaryVerification,
) -> Result<()> {
    let word = status_zh(v.status);
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

/// One key of a list (a unit's or an office's): who, status and fingerprint, the files held
/// under it, and the registered key it differs from.
fn key_line(
    out: &mut dyn Write,
    [who, name, status, fingerprint]: [&str; 4],
    held_files: usize,
    registered: Option<&str>,
) -> Result<()> {
    let held = if held_files > 0 {
        format!("  暂存 {held_files} 份")
    } else {
        String::new()
    };
    let registered = registered
        .map(|f| format!("  （登记的密钥 {f}）"))
        .unwrap_or_default();
    writeln!(
        out,
        "{who}  {name}  {status}  {fingerprint}{held}{registered}"
    )
}
