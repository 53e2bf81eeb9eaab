//! County commands: init, import, keys, roster, targets, deadline, intake log, diff, totals,
//! summary, generated test submissions.

use std::io::Write;
use std::path::Path;

use nengbao::county::{County, ImportOptions};
use nengbao::error::Error;
use nengbao::store::Location;
use nengbao::text::Text;
use nengbao::workspace::SystemClock;

use super::{out_err, print_json, render, CountyCommand, Format, EXIT_OK};

/// `--db` is a file, or a `postgres://` URL of a shared intake server.
fn open_county(db: &Path) -> Result<County, Error> {
    let location = Location::from_path(db);
    if let Location::File(path) = &location {
        if !path.is_file() {
            return Err(Error::input(
                Text::same(db.display().to_string()),
                Text::same("county workspace not found (create it with `nengbao county init`)"),
            ));
        }
    }
    County::open_at(&location, Box::new(SystemClock))
}

fn refdata() -> Result<&'static nengbao::refdata::RefData, Error> {
    Ok(nengbao::refdata::RefData::builtin()?)
}

/// Ctrl-C stops an import after the files in work; what was decided is kept and a new run
/// resumes. A second Ctrl-C ends the process as usual.
fn cancel_on_ctrl_c() -> std::sync::Arc<std::sync::atomic::AtomicBool> {
    let cancel = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let flag = cancel.clone();
    let _ = ctrlc::set_handler(move || {
        if flag.swap(true, std::sync::atomic::Ordering::SeqCst) {
            std::process::exit(130);
        }
        eprintln!("\n正在取消导入：处理中的文件完成后停止（再按一次 Ctrl-C 立即退出）");
    });
    cancel
}

pub(super) fn county_cmd(cmd: CountyCommand, out: &mut dyn Write) -> Result<u8, Error> {
    match cmd {
        CountyCommand::Init {
            db,
            division,
            name,
            level,
        } => {
            let location = Location::from_path(&db);
            let level = parse_level(&level)?;
            County::init_level_at(&location, level, &division, &name, Box::new(SystemClock))?;
            writeln!(
                out,
                "已创建{}工作区：{}（{division} {name}）",
                level.zh(),
                location.display()
            )
            .map_err(out_err)?;
        }
        CountyCommand::Import {
            inputs,
            db,
            trust_new,
            year,
            format,
        } => {
            let mut c = open_county(&db)?;
            let files = nengbao::county::expand(&inputs)?;
            let bar = indicatif::ProgressBar::new(files.len() as u64);
            bar.set_style(
                indicatif::ProgressStyle::with_template("{bar:40} {pos}/{len} {msg}")
                    .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
            );
            if format == Format::Json {
                bar.set_draw_target(indicatif::ProgressDrawTarget::hidden());
            }
            let opts = ImportOptions {
                trust_new,
                year,
                cancel: Some(cancel_on_ctrl_c()),
            };
            let report = c.import(&inputs, &opts, &|p| {
                bar.set_position(p.done as u64);
                bar.set_message(p.file.clone());
            })?;
            bar.finish_and_clear();
            match format {
                Format::Json => print_json(out, &report)?,
                Format::Text => render::county_import(out, &report).map_err(out_err)?,
            }
        }
        CountyCommand::Keys {
            db,
            register,
            public_key,
            name,
            trust,
            reject,
            fingerprint,
            why,
            format,
        } => {
            let mut c = open_county(&db)?;
            if let (Some(uscc), Some(pk)) = (register, public_key) {
                let k = c.key_register(&uscc, &name, &pk)?;
                writeln!(out, "已登记 {uscc} 的密钥，指纹 {}", k.fingerprint).map_err(out_err)?;
            }
            if let (Some(uscc), Some(fp)) = (trust, fingerprint.as_ref()) {
                let n = c.key_trust(&uscc, fp)?;
                writeln!(out, "已信任 {uscc} 的密钥；放行暂存报送 {n} 份").map_err(out_err)?;
            }
            if let (Some(uscc), Some(fp)) = (reject, fingerprint.as_ref()) {
                let n = c.key_reject(&uscc, fp, &why)?;
                writeln!(out, "已拒绝 {uscc} 的密钥 {fp}；作废暂存报送 {n} 份").map_err(out_err)?;
            }
            let keys = c.keys()?;
            match format {
                Format::Json => print_json(out, &keys)?,
                Format::Text => render::county_keys(out, &keys).map_err(out_err)?,
            }
        }
        CountyCommand::Roster {
            db,
            year,
            import,
            format,
        } => {
            let mut c = open_county(&db)?;
            if let Some(path) = import {
                let rows = nengbao::county::roster::read_roster_file(&path)?;
                let n = c.roster_set(year, &rows)?;
                writeln!(out, "已导入 {year} 年名单 {n} 家").map_err(out_err)?;
            }
            let status = c.roster_status(year)?;
            match format {
                Format::Json => print_json(out, &status)?,
                Format::Text => render::county_roster(out, &status).map_err(out_err)?,
            }
        }
        CountyCommand::Target {
            db,
            year,
            pollutant,
            tonnes,
            source,
            from_plan,
        } => {
            let mut c = open_county(&db)?;
            let mut set: Vec<(String, String, String)> = Vec::new();
            if let Some(plan) = from_plan {
                for t in refdata()?.plan(&plan)? {
                    set.push((
                        t.pollutant.clone(),
                        t.tonnes.to_string(),
                        format!("{}（{}，示例）", t.source, t.period),
                    ));
                }
            }
            if let (Some(p), Some(t)) = (pollutant, tonnes) {
                set.push((p, t, source));
            }
            for (p, t, src) in &set {
                c.target_set(year, p, t, src)?;
                let what = if p == nengbao::county::summary::CO2_TARGET {
                    "排放上限"
                } else {
                    "目标"
                };
                writeln!(out, "{year}年 {p} {what} {t} 吨（{src}）").map_err(out_err)?;
            }
        }
        CountyCommand::Deadline { db, date } => {
            let mut c = open_county(&db)?;
            c.deadline_set(&date)?;
            writeln!(
                out,
                "报送截止日期：次年{}",
                date.replacen('-', "月", 1) + "日"
            )
            .map_err(out_err)?;
        }
        CountyCommand::Log { db, run, format } => {
            let c = open_county(&db)?;
            match (run, format) {
                (None, Format::Json) => print_json(out, &c.import_runs()?)?,
                (Some(r), Format::Json) => print_json(out, &c.import_log(Some(r))?)?,
                (None, Format::Text) => {
                    render::import_runs(out, &c.import_runs()?).map_err(out_err)?
                }
                (Some(r), Format::Text) => {
                    render::import_log(out, &c.import_log(Some(r))?).map_err(out_err)?
                }
            }
        }
        CountyCommand::Find { db, query, format } => {
            let c = open_county(&db)?;
            let found = c.find_by_digest(&query)?;
            if found.is_empty() {
                return Err(Error::not_found(
                    format!("没有摘要以 {} 开头的报送文件；请核对打印件上的SM3摘要", query.trim()),
                    format!("no submission's digest starts with {}; check the SM3 digest on the paper copy", query.trim()),
                ));
            }
            match format {
                Format::Json => print_json(out, &found)?,
                Format::Text => render::digest_found(out, &found).map_err(out_err)?,
            }
        }
        CountyCommand::Diff {
            db,
            uscc,
            year,
            from,
            to,
            format,
        } => {
            let d = open_county(&db)?.diff(&uscc, year, from, to)?;
            match format {
                Format::Json => print_json(out, &d)?,
                Format::Text => render::county_diff(out, &d).map_err(out_err)?,
            }
        }
        CountyCommand::Totals { db, year, format } => {
            let t = open_county(&db)?.totals(year)?;
            match format {
                Format::Json => print_json(out, &t)?,
                Format::Text => render::county_totals(out, year, &t).map_err(out_err)?,
            }
        }
        CountyCommand::Summary {
            db,
            year,
            out: dest,
            sign,
            key,
        } => match (sign, key) {
            (true, Some(key)) => {
                let pass = super::keys::passphrase("签名口令：", false)?;
                let key = nengbao::workspace::keys::key_open(&key, &pass)?;
                let s = open_county(&db)?.summary_sign_to(year, &key, &dest)?;
                writeln!(
                    out,
                    "已签名汇总：{}（第{}次签署，{}家单位，指纹 {}）",
                    dest.display(),
                    s.revision,
                    s.units,
                    s.fingerprint
                )
                .map_err(out_err)?;
            }
            _ => {
                open_county(&db)?.summary_workbook_to(year, &dest)?;
                writeln!(out, "{}", dest.display()).map_err(out_err)?;
            }
        },
        CountyCommand::Offices { db, year, format } => {
            let c = open_county(&db)?;
            let offices = c.offices(year)?;
            let totals = c.totals_by_office(year)?;
            let findings = c.office_findings(year)?;
            match format {
                Format::Json => print_json(
                    out,
                    &serde_json::json!({
                        "offices": offices,
                        "totals": totals,
                        "findings": findings,
                    }),
                )?,
                Format::Text => {
                    render::county_offices(out, &offices, &totals, &findings).map_err(out_err)?
                }
            }
        }
        CountyCommand::OfficeKeys {
            db,
            register,
            public_key,
            trust,
            reject,
            fingerprint,
            why,
            format,
        } => {
            let mut c = open_county(&db)?;
            if let (Some(division), Some(pk)) = (register, public_key) {
                let fp = c.office_register(&division, &pk)?;
                writeln!(out, "已登记 {division} 的密钥，指纹 {fp}").map_err(out_err)?;
            }
            if let (Some(division), Some(fp)) = (trust, fingerprint.as_ref()) {
                let n = c.office_trust(&division, fp)?;
                writeln!(out, "已信任 {division} 的密钥；放行暂存汇总 {n} 份").map_err(out_err)?;
            }
            if let (Some(division), Some(fp)) = (reject, fingerprint.as_ref()) {
                let n = c.office_reject(&division, fp, &why)?;
                writeln!(out, "已拒绝 {division} 的密钥 {fp}；作废暂存汇总 {n} 份")
                    .map_err(out_err)?;
            }
            let keys = c.office_keys()?;
            match format {
                Format::Json => print_json(out, &keys)?,
                Format::Text => render::office_keys(out, &keys).map_err(out_err)?,
            }
        }
        CountyCommand::Generate {
            out: dir,
            count,
            division,
        } => {
            let (n, cards) =
                nengbao::county::generate::write_folder(&dir, &division, count, refdata()?)?;
            writeln!(
                out,
                "已生成 {n} 份签名报送文件：{}；密钥卡清单：{}",
                dir.display(),
                cards.display()
            )
            .map_err(out_err)?;
        }
    }
    Ok(EXIT_OK)
}

/// `--level`: county/city/province, or 县/市/省.
fn parse_level(text: &str) -> Result<nengbao::county::state::OfficeLevel, Error> {
    use nengbao::county::state::OfficeLevel;
    match text.trim() {
        "county" | "县" | "县级" => Ok(OfficeLevel::County),
        "city" | "prefecture" | "市" | "市级" | "州" => Ok(OfficeLevel::City),
        "province" | "省" | "省级" => Ok(OfficeLevel::Province),
        other => Err(Error::input(
            Text::same("--level"),
            Text::new(
                format!("级别“{other}”无法识别，请用 county、city 或 province（县、市、省）"),
                format!("level \"{other}\" is not known; use county, city or province"),
            ),
        )),
    }
}
