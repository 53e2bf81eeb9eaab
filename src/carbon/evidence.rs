//! 碳排放证明材料 — every evidence file the CO₂ inputs list, with the record it proves: 绿证
//! ledger entries (核销凭证), electricity lines (绿电交易 contract and settlement, meter records),
//! measured parameters (检测报告) and process emissions (核算材料). The workspace checks each
//! against its evidence store like the reduction ledger's files (rule CB018).

use crate::model::{AnnualReport, Coded, Evidence};

/// One evidence file of the CO₂ inputs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EvidenceRef<'a> {
    /// Field path of the file, e.g. `carbon.certificates[0].evidence[1]`.
    pub path: String,
    /// The record it proves, as the user knows it (e.g. `绿证台账第1条`).
    pub record: String,
    pub evidence: &'a Evidence,
}

/// Every evidence file of the report's CO₂ inputs, in report order.
pub fn evidence_refs(report: &AnnualReport) -> Vec<EvidenceRef<'_>> {
    let c = &report.carbon;
    let mut out = Vec::new();
    fn push<'a>(
        out: &mut Vec<EvidenceRef<'a>>,
        list: &str,
        i: usize,
        record: String,
        files: &'a [Evidence],
    ) {
        for (j, e) in files.iter().enumerate() {
            out.push(EvidenceRef {
                path: format!("carbon.{list}[{i}].evidence[{j}]"),
                record: record.clone(),
                evidence: e,
            });
        }
    }
    for (i, e) in c.certificates.iter().enumerate() {
        push(
            &mut out,
            "certificates",
            i,
            format!("绿证台账第{}条", i + 1),
            &e.evidence,
        );
    }
    for (i, l) in c.electricity.iter().enumerate() {
        push(
            &mut out,
            "electricity",
            i,
            format!("电力来源第{}行（{}）", i + 1, l.source.zh()),
            &l.evidence,
        );
    }
    for (i, m) in c.measured.iter().enumerate() {
        push(
            &mut out,
            "measured",
            i,
            format!(
                "实测参数第{}行（{} {}）",
                i + 1,
                m.code.trim(),
                super::param_zh(m.parameter)
            ),
            &m.evidence,
        );
    }
    for (i, p) in c.process.iter().enumerate() {
        let name = p.name.trim();
        let record = if name.is_empty() {
            format!("过程排放第{}行", i + 1)
        } else {
            format!("过程排放第{}行（{name}）", i + 1)
        };
        push(&mut out, "process", i, record, &p.evidence);
    }
    out
}
