//! What this level sees of the offices below: their summaries of a year, the findings of each
//! and across offices, and this level's totals split by the office that carried each unit.

use super::*;

/// A finding of re-checking a subordinate office's summary, or of comparing offices.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct OfficeFinding {
    pub kind: OfficeFindingKind,
    /// The office (division code and name); for findings across offices, every one involved.
    pub offices: Vec<(String, String)>,
    pub uscc: Option<String>,
    pub field: Option<String>,
    pub claimed: Option<String>,
    pub found: Option<String>,
    /// For the clerk, in both languages.
    pub message: Text,
}

/// A subordinate office's units added up from their own signed reports.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct OfficeTotal {
    /// Division and name of the office; empty for units whose own files this level imported.
    pub division: String,
    pub name: String,
    pub units: usize,
    pub totals: CountyTotals,
}

impl County {
    /// The offices directly below this one and their summaries of a year: filed, late, with
    /// findings, waiting for a key decision, or missing.
    pub fn offices(&self, year: i32) -> Result<Vec<OfficeStatus>> {
        let division = self.division()?;
        let deadline = self.deadline(year)?;
        let all = repo::summaries(&self.conn, year)?;
        let mut out = Vec::new();
        let mut expected = subordinates(self.refdata, &division);
        for s in &all {
            if !expected.iter().any(|(d, _, _)| *d == s.division) {
                expected.push((s.division.clone(), s.name.clone(), s.level));
            }
        }
        for (div, name, level) in expected {
            let mine: Vec<&repo::SummaryListed> =
                all.iter().filter(|s| s.division == div).collect();
            let current = mine.iter().find(|s| s.status == SubmissionStatus::Current);
            let held = mine.iter().find(|s| s.status == SubmissionStatus::Held);
            let line = match (current, held) {
                (Some(c), _) => {
                    let late = chrono::DateTime::parse_from_rfc3339(&c.received_at)
                        .map(|d| d.date_naive() > deadline)
                        .unwrap_or(false);
                    OfficeStatus {
                        division: div,
                        name: c.name.clone(),
                        level: c.level,
                        status: if c.findings > 0 {
                            FilingStatus::Failing
                        } else if late {
                            FilingStatus::Late
                        } else {
                            FilingStatus::Filed
                        },
                        revision: Some(c.revision),
                        signed_at: Some(c.signed_at.clone()),
                        version: repo::version_of(&self.conn, c.id)?,
                        received_at: Some(c.received_at.clone()),
                        fingerprint: Some(c.fingerprint.clone()),
                        units: c.units,
                        findings: c.findings,
                        summary_id: Some(c.id),
                    }
                }
                (None, Some(h)) => OfficeStatus {
                    division: div,
                    name: h.name.clone(),
                    level: h.level,
                    status: match h.held_reason {
                        Some(Reason::KeyChanged) | Some(Reason::KeyOfOtherUnit) => {
                            FilingStatus::KeyChanged
                        }
                        _ => FilingStatus::KeyUnconfirmed,
                    },
                    revision: Some(h.revision),
                    signed_at: Some(h.signed_at.clone()),
                    version: None,
                    received_at: Some(h.received_at.clone()),
                    fingerprint: Some(h.fingerprint.clone()),
                    units: h.units,
                    findings: 0,
                    summary_id: Some(h.id),
                },
                (None, None) => OfficeStatus {
                    division: div,
                    name,
                    level,
                    status: FilingStatus::Missing,
                    revision: None,
                    signed_at: None,
                    version: None,
                    received_at: None,
                    fingerprint: None,
                    units: 0,
                    findings: 0,
                    summary_id: None,
                },
            };
            out.push(line);
        }
        Ok(out)
    }

    /// Findings of a year: what re-checking each office's current summary found, and what
    /// comparing offices finds (a unit reported by two, a reduction project or certificate
    /// claimed under two, a unit on this level's roster registered in an office's area that
    /// no one reported).
    pub fn office_findings(&self, year: i32) -> Result<Vec<OfficeFinding>> {
        let mut out = Vec::new();
        let all = repo::summaries(&self.conn, year)?;
        for s in all.iter().filter(|s| s.status == SubmissionStatus::Current) {
            for f in repo::findings(&self.conn, s.id)? {
                out.push(OfficeFinding {
                    kind: f.kind,
                    offices: vec![(s.division.clone(), s.name.clone())],
                    uscc: f.uscc,
                    field: f.field,
                    claimed: f.claimed,
                    found: f.found,
                    message: f.message,
                });
            }
        }
        let mut by_unit: BTreeMap<String, Vec<(String, String)>> = BTreeMap::new();
        for (uscc, div, name) in repo::unit_offices(&self.conn, year)? {
            by_unit.entry(uscc).or_default().push((div, name));
        }
        let mine = self.name()?;
        for uscc in repo::direct_units(&self.conn, year)? {
            if let Some(v) = by_unit.get_mut(&uscc) {
                v.push((self.division()?, format!("{mine}（直接报送）")));
            }
        }
        for (uscc, offices) in &by_unit {
            if offices.len() > 1 {
                let names: Vec<&str> = offices.iter().map(|(_, n)| n.as_str()).collect();
                out.push(OfficeFinding {
                    kind: OfficeFindingKind::UnitTwice,
                    offices: offices.clone(),
                    uscc: Some(uscc.clone()),
                    field: None,
                    claimed: None,
                    found: None,
                    message: Text::new(
                        format!(
                            "{uscc}由{}分别报送（迁移或重复统计）；本级按该单位签名顺序只计最新一版",
                            names.join("、")
                        ),
                        format!(
                            "{uscc} is reported by {} (moved, or counted twice); this level counts only its latest version in signed order",
                            names.join(", ")
                        ),
                    ),
                });
            }
        }
        let office_of = |uscc: &str| -> Vec<(String, String)> {
            by_unit
                .get(uscc)
                .cloned()
                .unwrap_or_else(|| vec![(String::new(), format!("{mine}（直接报送）"))])
        };
        let spans = |usccs: &[&str]| -> Vec<(String, String)> {
            let mut v: Vec<(String, String)> = usccs.iter().flat_map(|u| office_of(u)).collect();
            v.sort();
            v.dedup();
            v
        };
        let totals = self.totals(year)?;
        for d in &totals.double_claims {
            let usccs: Vec<&str> = d.claims.iter().map(|c| c.0.as_str()).collect();
            let offices = spans(&usccs);
            if offices.len() > 1 {
                let who: Vec<String> = d
                    .claims
                    .iter()
                    .map(|c| format!("{}（{}）工程{}", c.1, c.0, c.2))
                    .collect();
                let who_en: Vec<String> = d
                    .claims
                    .iter()
                    .map(|c| format!("{} ({}) project {}", c.1, c.0, c.2))
                    .collect();
                let names: Vec<&str> = offices.iter().map(|o| o.1.as_str()).collect();
                out.push(OfficeFinding {
                    kind: OfficeFindingKind::ProjectTwice,
                    offices: offices.clone(),
                    uscc: None,
                    field: Some(format!("{} {}", d.pollutant, d.facility)),
                    claimed: None,
                    found: None,
                    message: Text::new(
                        format!(
                            "减排工程（{}，{}，许可证{}）在{}辖区重复申报：{}",
                            d.pollutant,
                            d.facility,
                            d.permit_no,
                            names.join("、"),
                            who.join("；")
                        ),
                        format!(
                            "reduction project ({}, {}, permit {}) claimed in the areas of {}: {}",
                            d.pollutant,
                            d.facility,
                            d.permit_no,
                            names.join(", "),
                            who_en.join("; ")
                        ),
                    ),
                });
            }
        }
        for d in &totals.certificate_double_claims {
            let usccs: Vec<&str> = d.claims.iter().map(|c| c.uscc.as_str()).collect();
            let offices = spans(&usccs);
            if offices.len() > 1 {
                let who: Vec<String> = d
                    .claims
                    .iter()
                    .map(|c| format!("{}（{}）台账第{}条", c.name, c.uscc, c.entry))
                    .collect();
                let who_en: Vec<String> = d
                    .claims
                    .iter()
                    .map(|c| format!("{} ({}) ledger entry {}", c.name, c.uscc, c.entry))
                    .collect();
                let names: Vec<&str> = offices.iter().map(|o| o.1.as_str()).collect();
                out.push(OfficeFinding {
                    kind: OfficeFindingKind::CertificateTwice,
                    offices: offices.clone(),
                    uscc: None,
                    field: Some(format!("{}—{}", d.first, d.last)),
                    claimed: None,
                    found: None,
                    message: Text::new(
                        format!(
                            "绿证{}—{}在{}辖区重复申报：{}",
                            d.first,
                            d.last,
                            names.join("、"),
                            who.join("；")
                        ),
                        format!(
                            "green certificates {}–{} claimed in the areas of {}: {}",
                            d.first,
                            d.last,
                            names.join(", "),
                            who_en.join("; ")
                        ),
                    ),
                });
            }
        }
        // Units on this level's roster nobody reported, attributed to the office whose area
        // holds their registration (统一社会信用代码 digits 3–8).
        let subs = subordinates(self.refdata, &self.division()?);
        let mut counted = BTreeSet::new();
        self.for_each_current(year, |c| {
            counted.insert(c.uscc);
            Ok(())
        })?;
        for (uscc, name, _) in self.roster_rows(year)? {
            if counted.contains(&uscc) {
                continue;
            }
            let registered = uscc.get(2..8).unwrap_or("");
            if let Some((div, oname, _)) = subs
                .iter()
                .find(|(d, _, _)| within(self.refdata, registered, d))
            {
                if all
                    .iter()
                    .any(|s| s.division == *div && s.status == SubmissionStatus::Current)
                {
                    out.push(OfficeFinding {
                        kind: OfficeFindingKind::UnitDropped,
                        offices: vec![(div.clone(), oname.clone())],
                        uscc: Some(uscc.clone()),
                        field: None,
                        claimed: None,
                        found: None,
                        message: Text::new(
                            format!(
                                "本级名单内的{name}（{uscc}）登记在{oname}辖区，{oname}的汇总中没有该单位，也未直接收到其报告"
                            ),
                            format!(
                                "{name} ({uscc}) on this level's roster is registered in {oname}'s area, but {oname}'s summary leaves it out and no report of it came in directly"
                            ),
                        ),
                    });
                }
            }
        }
        Ok(out)
    }

    /// This level's totals split by the office that carried each unit's current report (and
    /// the units whose own files this level imported), each from the units' own figures.
    pub fn totals_by_office(&self, year: i32) -> Result<Vec<OfficeTotal>> {
        let carried: BTreeMap<String, String> = repo::current_carried(&self.conn, year)?
            .into_iter()
            .collect();
        let names: BTreeMap<String, String> = self
            .offices(year)?
            .into_iter()
            .map(|o| (o.division, o.name))
            .collect();
        let mut builders: BTreeMap<String, TotalsBuilder> = BTreeMap::new();
        self.for_each_current(year, |s| {
            let key = carried.get(&s.uscc).cloned().unwrap_or_default();
            builders
                .entry(key)
                .or_insert_with(|| TotalsBuilder::new(year))
                .add(&s, self.refdata);
            Ok(())
        })?;
        let targets = self.targets(year)?;
        let mine = self.name()?;
        Ok(builders
            .into_iter()
            .map(|(division, b)| {
                let totals = b.finish(&targets);
                OfficeTotal {
                    name: if division.is_empty() {
                        format!("{mine}（直接报送）")
                    } else {
                        names.get(&division).cloned().unwrap_or_default()
                    },
                    division,
                    units: totals.units,
                    totals,
                }
            })
            .collect())
    }
}
