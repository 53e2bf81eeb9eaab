//! Writing a submission: the draft or signed workbook of a report (cells laid out by the pack,
//! payload computed from the cells as the reader will see them, manifest, findings sheet), and the
//! blank template of a pack.

use chrono::NaiveDate;

use crate::calc::Computed;
use crate::model::AnnualReport;
use crate::pack::cells::layout;
use crate::pack::Pack;
use crate::refdata::RefData;
use crate::sign::{self, Key, DEFAULT_DISTID};
use crate::validate::{Outcome, Severity};

use super::write::{Cover, FindingRow, Sheets};
use super::{
    carbon_document, cells_of, document, payload_v2, with_catalog_names, write, Figures, Signing,
    XlsxError, SUBMISSION_FORMAT,
};

/// What a finished export is.
#[derive(Debug, Clone)]
pub struct Exported {
    pub bytes: Vec<u8>,
    pub signed: bool,
    pub digest: String,
    pub fingerprint: Option<String>,
    pub payload: String,
}

pub(super) fn created_on(report: &AnnualReport) -> NaiveDate {
    report
        .signatories
        .date
        .or_else(|| NaiveDate::from_ymd_opt(report.year + 1, 1, 1))
        .unwrap_or_default()
}

fn finding_rows(outcome: &Outcome, pack: &Pack) -> Vec<FindingRow> {
    outcome
        .findings
        .iter()
        .map(|f| FindingRow {
            severity: match (f.severity, f.is_justified()) {
                (Severity::Error, _) => "错误".into(),
                (Severity::Warning, true) => "警告（已说明）".into(),
                (Severity::Warning, false) => "警告".into(),
                (Severity::Info, _) => "提示".into(),
            },
            rule: f.rule.clone(),
            path: f.location.path.clone(),
            cell: pack
                .locate(&f.location.path)
                .map(|(s, c)| format!("{s}!{c}"))
                .unwrap_or_default(),
            message: f.message.zh.clone(),
            justification: f.justification.clone().unwrap_or_default(),
        })
        .collect()
}

/// Exports a report through a pack outside a workspace (revision 1, signed at its 报出日期); see
/// [`export_signed`].
pub fn export(
    report: &AnnualReport,
    computed: Option<&Computed>,
    outcome: &Outcome,
    pack: &Pack,
    key: Option<&Key>,
    rd: &RefData,
) -> Result<Exported, XlsxError> {
    export_signed(
        report,
        computed,
        outcome,
        pack,
        key,
        rd,
        &Signing::of_report(report),
    )
}

/// Exports a report through a pack with the CO₂ block computed here (without last year's
/// report); see [`export_figures`].
pub fn export_signed(
    report: &AnnualReport,
    computed: Option<&Computed>,
    outcome: &Outcome,
    pack: &Pack,
    key: Option<&Key>,
    rd: &RefData,
    signing: &Signing,
) -> Result<Exported, XlsxError> {
    let carbon = carbon_document(report, rd);
    let figures = Figures {
        computed,
        carbon: Some(&carbon),
    };
    export_figures(report, figures, outcome, pack, key, rd, signing)
}

/// Exports a report and its figures through a pack. With a key the file is signed, which
/// requires no error findings and no unjustified warnings; without one it is a draft and says
/// so on its cover.
pub fn export_figures(
    report: &AnnualReport,
    figures: Figures<'_>,
    outcome: &Outcome,
    pack: &Pack,
    key: Option<&Key>,
    rd: &RefData,
    signing: &Signing,
) -> Result<Exported, XlsxError> {
    if key.is_some() && !outcome.summary.signable() {
        return Err(XlsxError::NotSignable {
            errors: outcome.summary.errors,
            warnings: outcome.summary.warnings,
        });
    }
    let report = &with_catalog_names(report, rd);
    let placed = layout(
        pack,
        &document(report, figures.computed, figures.carbon),
        rd,
    )?;
    let payload = payload_v2(pack, &cells_of(&placed), rd, signing);
    let digest = sign::sm3_hex(payload.as_bytes());
    let signature = key.map(|k| hex::encode(k.sign(payload.as_bytes())));
    let s = outcome.summary;
    let status = if key.is_some() { "signed" } else { "draft" };
    let mut manifest = vec![
        ("format".to_string(), SUBMISSION_FORMAT.to_string()),
        ("status".into(), status.into()),
        ("pack".into(), pack.pack.id.clone()),
        ("pack_version".into(), pack.pack.version.clone()),
        ("app_version".into(), crate::APP_VERSION.into()),
        (
            "rule_pack_version".into(),
            crate::validate::RULE_PACK_VERSION.into(),
        ),
        ("uscc".into(), report.enterprise.uscc.clone()),
        ("name".into(), report.enterprise.name.clone()),
        ("year".into(), report.year.to_string()),
        ("revision".into(), signing.revision.to_string()),
        ("signed_at".into(), signing.signed_at_text()),
        ("distinguishing_id".into(), DEFAULT_DISTID.into()),
        ("digest".into(), digest.clone()),
    ];
    if let Some(h) = &signing.audit_head {
        manifest.push(("audit_head".into(), h.clone()));
    }
    if let (Some(k), Some(sig)) = (key, &signature) {
        manifest.push(("public_key".into(), k.public_hex()));
        manifest.push(("fingerprint".into(), k.fingerprint()));
        manifest.push(("signature".into(), sig.clone()));
    }
    // Excel cells hold at most 32,767 characters: the payload is split.
    let chars: Vec<char> = payload.chars().collect();
    let parts: Vec<String> = chars.chunks(30_000).map(|c| c.iter().collect()).collect();
    manifest.push(("payload_parts".into(), parts.len().to_string()));
    for (i, p) in parts.into_iter().enumerate() {
        manifest.push((format!("payload.{i}"), p));
    }
    let properties: Vec<(String, String)> = manifest
        .iter()
        .filter(|(k, _)| !k.starts_with("payload"))
        .map(|(k, v)| (format!("nengbao.{k}"), v.clone()))
        .collect();
    let e = &report.enterprise;
    let cover = Cover {
        title: format!("重点用能单位能源利用状况报告\n（{}年度）", report.year),
        warning: key
            .is_none()
            .then(|| "草稿，未签名：本文件不能作为正式报送文件".to_string()),
        lines: vec![
            ("单位名称".into(), e.name.clone()),
            ("统一社会信用代码".into(), e.uscc.clone()),
            (
                "行政区划".into(),
                rd.region(&e.division_code)
                    .map(|r| format!("{} {}", e.division_code, r.name))
                    .unwrap_or_else(|| e.division_code.clone()),
            ),
            (
                "所属行业".into(),
                rd.industry(e.industry_code.get(..2).unwrap_or(""))
                    .map(|i| format!("{} {}", e.industry_code, i.name))
                    .unwrap_or_else(|| e.industry_code.clone()),
            ),
            ("报告年度".into(), format!("{}年", report.year)),
            (
                "表式".into(),
                format!("{}（{}）", pack.pack.name, pack.tag()),
            ),
            ("单位负责人".into(), report.signatories.unit_head.clone()),
            (
                "能源管理负责人".into(),
                format!("{}　{}", e.energy_manager.name, e.energy_manager.title),
            ),
            (
                "填表人".into(),
                format!(
                    "{}　{}",
                    report.signatories.preparer, report.signatories.preparer_phone
                ),
            ),
            (
                "报出日期".into(),
                report
                    .signatories
                    .date
                    .map(|d| d.to_string())
                    .unwrap_or_default(),
            ),
            (
                "签名状态".into(),
                if key.is_some() {
                    "已签名（SM2/SM3）".into()
                } else {
                    "未签名（草稿）".into()
                },
            ),
            (
                "公钥指纹".into(),
                key.map(Key::fingerprint).unwrap_or_else(|| "—".into()),
            ),
            ("数据摘要（SM3）".into(), digest.clone()),
            (
                "报送版本".into(),
                format!("第{}版，{}签署", signing.revision, signing.signed_at_text()),
            ),
            (
                "校验结果".into(),
                format!(
                    "错误 {} 个，警告 {} 个（已说明 {} 个），提示 {} 个",
                    s.errors,
                    s.warnings + s.justified,
                    s.justified,
                    s.infos
                ),
            ),
            (
                "生成软件".into(),
                format!(
                    "能报 {}，校验规则 {}",
                    crate::APP_VERSION,
                    crate::validate::RULE_PACK_VERSION
                ),
            ),
        ],
    };
    let bytes = write::workbook(
        &Sheets {
            pack,
            placed: &placed,
            cover,
            findings: Some(finding_rows(outcome, pack)),
            manifest,
            properties,
            fillable: false,
            created: created_on(report),
        },
        rd,
    )?;
    Ok(Exported {
        bytes,
        signed: key.is_some(),
        digest,
        fingerprint: key.map(Key::fingerprint),
        payload,
    })
}

/// A blank workbook of a pack for Excel-first users: dropdowns, protections, notes, every row
/// open for input.
pub fn template(pack: &Pack, year: i32, rd: &RefData) -> Result<Vec<u8>, XlsxError> {
    let doc = serde_json::json!({ "report": { "year": year }, "computed": {} });
    let placed = layout(pack, &doc, rd)?;
    let manifest = vec![
        ("format".to_string(), SUBMISSION_FORMAT.to_string()),
        ("status".into(), "template".into()),
        ("pack".into(), pack.pack.id.clone()),
        ("pack_version".into(), pack.pack.version.clone()),
        ("app_version".into(), crate::APP_VERSION.into()),
        ("year".into(), year.to_string()),
    ];
    let cover = Cover {
        title: format!("重点用能单位能源利用状况报告\n（{year}年度）空白表"),
        warning: None,
        lines: vec![
            ("表式".into(), format!("{}（{}）", pack.pack.name, pack.tag())),
            ("填写说明".into(), "白色单元格为填写项，带底色的单元格由系统计算；带下拉箭头的单元格请从列表选择；数字请勿带单位。".into()),
            ("报送截止".into(), if pack.pack.deadline.is_empty() { String::new() } else { format!("{}年{}", year + 1, pack.pack.deadline.replacen('-', "月", 1) + "日") }),
            ("导入".into(), "填好后用能报“从Excel导入”或 nengbao import 读入，系统会逐格检查并指出问题单元格。".into()),
        ],
    };
    Ok(write::workbook(
        &Sheets {
            pack,
            placed: &placed,
            cover,
            findings: None,
            manifest: manifest.clone(),
            properties: manifest
                .into_iter()
                .map(|(k, v)| (format!("nengbao.{k}"), v))
                .collect(),
            fillable: true,
            created: NaiveDate::from_ymd_opt(year + 1, 1, 1).unwrap_or_default(),
        },
        rd,
    )?)
}
