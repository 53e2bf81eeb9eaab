//! Intake offices at three levels (县/市/省) and the signed summary that carries the evidence.
//!
//! An office has a level and a GB/T 2260 division. It takes the files of the units inside its
//! jurisdiction and the signed summaries of the offices directly below it ([`super::upward`]).
//! Its own summary ([`County::summary_signed`]) is a readable workbook that also carries, for
//! every unit counted, the unit's own signed payload, signature and public key; the office's
//! roster status and decisions (held files, superseded versions, the keys it trusted and how);
//! its targets and totals — all in one payload the office signs with its own SM2 key, with a
//! revision and a signing time like an enterprise file. The level above re-verifies every
//! enterprise signature and recomputes every figure, so it never has to take an office's word.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::roster::RosterStatus;
use super::state::{FilingStatus, KeySource, OfficeLevel, Reason};
use super::submissions::CurrentSubmission;
use super::summary::{CarbonTotals, CountyTotals, EnergyTotals};
use super::County;
use crate::error::{Error, Result};
use crate::model::Tonnes;
use crate::refdata::RefData;
use crate::sign::{self, Key};
use crate::store;
use crate::store::office as repo;
use crate::text::Text;

mod seal;
pub use seal::{check_summary, seal, SummaryCheck};

/// Format tag of a signed summary's payload.
pub const SIGNED_SUMMARY_FORMAT: &str = "nengbao.summary/2";
/// Format tag of its seal.
pub const SEAL_FORMAT: &str = "nengbao.seal/1";

/// An intake office.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Office {
    pub level: OfficeLevel,
    pub division: String,
    pub name: String,
}

impl OfficeLevel {
    /// The GB/T 2260 level word of divisions an office of this level serves.
    pub fn region_level(self) -> &'static str {
        match self {
            OfficeLevel::County => "county",
            OfficeLevel::City => "prefecture",
            OfficeLevel::Province => "province",
        }
    }

    /// The office level of a division, from its GB/T 2260 level.
    pub fn of_region(level: &str) -> Option<Self> {
        match level {
            "county" => Some(OfficeLevel::County),
            "prefecture" => Some(OfficeLevel::City),
            "province" => Some(OfficeLevel::Province),
            _ => None,
        }
    }
}

/// Checks that `division` is a GB/T 2260 division of `level`.
pub fn check_division(rd: &RefData, level: OfficeLevel, division: &str) -> Result<()> {
    match rd.region(division.trim()) {
        Some(r) if r.level == level.region_level() => Ok(()),
        Some(r) => Err(Error::input(
            Text::same("--division"),
            Text::new(
                format!(
                    "{division}（{}）不是{}行政区划代码；请选对级别（--level county|city|province）",
                    r.name,
                    level.zh()
                ),
                format!(
                    "{division} ({}) is not a {} division code; choose the right level (--level county|city|province)",
                    r.name,
                    level.en()
                ),
            ),
        )),
        None => Err(Error::input(
            Text::same("--division"),
            Text::new(
                format!("{division} 不在GB/T 2260代码表中"),
                format!("{division} is not in the GB/T 2260 code list"),
            ),
        )),
    }
}

/// Whether `unit` (a division code) lies in `office`'s jurisdiction: the same division or one
/// below it.
pub fn within(rd: &RefData, unit: &str, office: &str) -> bool {
    let mut code = unit.trim().to_string();
    for _ in 0..4 {
        if code == office {
            return true;
        }
        match rd.region(&code) {
            Some(r) if !r.parent.is_empty() => code = r.parent.clone(),
            _ => return false,
        }
    }
    false
}

/// The offices directly below a division: its prefectures, and counties whose parent it is
/// (a province's directly administered counties, a municipality's districts).
pub fn subordinates(rd: &RefData, division: &str) -> Vec<(String, String, OfficeLevel)> {
    rd.regions
        .iter()
        .filter(|r| r.parent == division)
        .filter_map(|r| {
            Some((
                r.code.clone(),
                r.name.clone(),
                OfficeLevel::of_region(&r.level)?,
            ))
        })
        .collect()
}

/// The figures an office counts for one unit: computed from the unit's signed report, its
/// signed CO₂ block and its reduction ledger.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct UnitFigures {
    pub energy: EnergyTotals,
    pub carbon: CarbonTotals,
    /// Counted reductions by pollutant code, tonnes.
    pub reductions: BTreeMap<String, Tonnes>,
}

impl UnitFigures {
    pub fn of(s: &CurrentSubmission) -> Self {
        let mut f = UnitFigures::default();
        if let Some(c) = &s.computed {
            f.energy.add(c);
        }
        if let Some(c) = &s.carbon {
            f.carbon.add(c);
        }
        for p in crate::ledger::summary(&s.report).projects {
            let Some(pol) = p.pollutant else { continue };
            if p.excluded.is_empty() {
                let e = f
                    .reductions
                    .entry(pol.code().to_string())
                    .or_insert(Tonnes::ZERO);
                *e = *e + p.counted_t;
            }
        }
        f
    }
}

/// One unit an office counted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct SummaryUnit {
    pub uscc: String,
    pub name: String,
    /// The unit's GB/T 2260 division and GB/T 4754 industry, as it signed them.
    pub division: String,
    pub industry: String,
    /// The subordinate office whose summary carried the unit's report here; none when the unit's
    /// own file was imported.
    pub via: Option<String>,
    /// SM3 of the unit's signed payload (the evidence line must hold exactly this payload).
    pub payload_sm3: String,
    pub fingerprint: String,
    pub revision: u32,
    pub signed_at: Option<String>,
    /// The version number at this office (rank in signed order).
    pub version: i64,
    /// How this office came to trust the unit's key, and when.
    pub key_source: Option<KeySource>,
    pub key_confirmed_at: Option<String>,
    pub figures: UnitFigures,
}

/// Files an office holds back for a key decision.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct HeldDecision {
    pub uscc: String,
    pub fingerprint: String,
    pub reason: Option<Reason>,
    pub files: i64,
}

/// An older signed version an office keeps as history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct SupersededVersion {
    pub uscc: String,
    pub revision: u32,
    pub signed_at: Option<String>,
    pub payload_sm3: String,
    pub fingerprint: String,
}

/// A subordinate office as this office sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct OfficeStatus {
    pub division: String,
    pub name: String,
    pub level: OfficeLevel,
    pub status: FilingStatus,
    /// The current summary's signed revision and signing time, its version number here.
    pub revision: Option<u32>,
    pub signed_at: Option<String>,
    pub version: Option<i64>,
    pub received_at: Option<String>,
    pub fingerprint: Option<String>,
    /// Units the current summary carried, and findings of re-checking it.
    pub units: usize,
    pub findings: usize,
    /// Id of the current (or held) summary here.
    pub summary_id: Option<i64>,
}

/// An office's decisions, carried in its summary so the level above sees what was held back.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct SummaryDecisions {
    pub held: Vec<HeldDecision>,
    pub superseded: Vec<SupersededVersion>,
    /// Summaries of subordinate offices held or discarded here.
    pub offices: Vec<OfficeStatus>,
}

/// A target of the year.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Target {
    pub pollutant: String,
    pub target_t: String,
    pub source: String,
}

/// What an office signs: everything its summary says.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SummaryDocument {
    pub format: String,
    pub office: Office,
    pub year: i32,
    pub revision: u32,
    pub signed_at: String,
    pub audit_head: Option<String>,
    /// SM3 over the readable workbook's parts, and of the evidence part.
    pub workbook_sm3: String,
    pub evidence_sm3: String,
    pub units: Vec<SummaryUnit>,
    pub roster: Vec<RosterStatus>,
    /// The offices directly below, with their summaries' standing.
    pub offices: Vec<OfficeStatus>,
    pub decisions: SummaryDecisions,
    pub targets: Vec<Target>,
    pub totals: CountyTotals,
}

impl SummaryDocument {
    /// The exact bytes signed: canonical JSON (sorted keys).
    pub fn payload(&self) -> String {
        crate::pack::cells::canonical_json(
            &serde_json::to_value(self).unwrap_or(serde_json::Value::Null),
        )
    }
}

/// One evidence line: a unit's own signed payload with its signature and key.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Evidence {
    pub uscc: String,
    pub year: i32,
    pub payload: String,
    pub signature: String,
    pub public_key: String,
}

/// The office's seal: its public key and signature over the payload.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Seal {
    pub format: String,
    pub public_key: String,
    pub fingerprint: String,
    pub signature: String,
    pub distinguishing_id: String,
}

/// A signed summary as written.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct SignedSummary {
    #[serde(skip)]
    pub bytes: Vec<u8>,
    pub revision: u32,
    pub signed_at: String,
    pub digest: String,
    pub fingerprint: String,
    pub units: usize,
}

/// The parts of a summary before sealing: the document (revision, time and digests still to be
/// filled), the evidence lines and the readable workbook.
#[derive(Debug, Clone)]
pub struct SummaryParts {
    pub document: SummaryDocument,
    pub evidence: Vec<Evidence>,
    pub workbook: Vec<u8>,
}

impl County {
    /// Creates an intake workspace of a level (县/市/省) for a GB/T 2260 division of that level.
    pub fn init_level(
        path: &std::path::Path,
        level: OfficeLevel,
        division: &str,
        name: &str,
        clock: Box<dyn crate::clock::Clock>,
    ) -> Result<Self> {
        Self::init_level_at(
            &store::Location::File(path.to_path_buf()),
            level,
            division,
            name,
            clock,
        )
    }

    /// As [`County::init_level`], at a location (a file or a PostgreSQL database).
    pub fn init_level_at(
        location: &store::Location,
        level: OfficeLevel,
        division: &str,
        name: &str,
        clock: Box<dyn crate::clock::Clock>,
    ) -> Result<Self> {
        check_division(RefData::builtin()?, level, division)?;
        if let store::Location::File(path) = location {
            if path.exists() {
                return Err(Error::input(
                    Text::same(path.display().to_string()),
                    Text::new(
                        "该位置已有文件，请直接打开",
                        "a file already exists there; open it instead of initialising",
                    ),
                ));
            }
        }
        let c = County::open_at(location, clock)?;
        if store::setting_get(&c.conn, "division")?.is_some() {
            return Err(Error::input(
                Text::same(location.display()),
                Text::new(
                    "该数据库中已有工作区，请直接打开",
                    "a workspace already exists there; open it instead of initialising",
                ),
            ));
        }
        let now = c.now();
        let tx = c.conn.transaction()?;
        store::setting_set(&tx, "division", division.trim())?;
        store::setting_set(&tx, "name", name.trim())?;
        store::setting_set(&tx, "level", level.as_str())?;
        store::audit::append(
            &tx,
            &now,
            &c.actor,
            "county.init",
            division,
            &format!("{name} ({})", level.as_str()),
        )?;
        tx.commit()?;
        Ok(c)
    }

    /// The office's level (县 when never set: workspaces from before levels are counties).
    pub fn level(&self) -> Result<OfficeLevel> {
        Ok(store::setting_get(&self.conn, "level")?
            .and_then(|l| OfficeLevel::parse(&l))
            .unwrap_or(OfficeLevel::County))
    }

    /// This office: level, division and name (empty division and name in a database on the
    /// shared server no office has been set up in yet).
    pub fn office(&self) -> Result<Office> {
        Ok(Office {
            level: self.level()?,
            division: self.division()?,
            name: self.name()?,
        })
    }

    /// The unsigned parts of this office's summary of a year: what it counts (every unit's
    /// evidence), its roster, decisions, targets and totals, and the readable workbook.
    pub fn summary_parts(&self, year: i32) -> Result<SummaryParts> {
        // What the summary says about the year comes first — the roster, the totals, the
        // offices, the readable workbook from the same roster and totals (every cell in memory
        // while it is built) — each reading the year's submissions on its own, one after the
        // other; the carried evidence, which stays in memory until the file is sealed, is
        // gathered last.
        let roster = self.roster_status(year)?;
        let totals = self.totals(year)?;
        let offices = self.offices(year)?;
        let workbook = self.summary_workbook_of(year, &totals, &roster)?;
        let decisions = SummaryDecisions {
            held: repo::held_submissions(&self.conn, year)?
                .into_iter()
                .map(|(uscc, fingerprint, reason, files)| HeldDecision {
                    uscc,
                    fingerprint,
                    reason,
                    files,
                })
                .collect(),
            superseded: repo::superseded(&self.conn, year)?
                .into_iter()
                .map(
                    |(uscc, revision, signed_at, payload_sm3, fingerprint)| SupersededVersion {
                        uscc,
                        revision,
                        signed_at,
                        payload_sm3,
                        fingerprint,
                    },
                )
                .collect(),
            offices: offices
                .iter()
                .filter(|o| {
                    matches!(
                        o.status,
                        FilingStatus::KeyChanged | FilingStatus::KeyUnconfirmed
                    )
                })
                .cloned()
                .collect(),
        };
        let targets = self
            .targets(year)?
            .into_iter()
            .map(|(pollutant, target_t, source)| Target {
                pollutant,
                target_t,
                source,
            })
            .collect();
        let office = self.office()?;
        let audit_head = store::audit::head(&self.conn)?;

        // Every counted unit with its own signed report, a page of submissions at a time; each
        // report kept from a summary is moved into the evidence, never copied.
        let mut counted: BTreeMap<String, repo::CountedRef> = repo::counted(&self.conn, year)?
            .into_iter()
            .map(|c| (c.uscc.clone(), c))
            .collect();
        let keys: BTreeMap<String, crate::store::county::TrustedKey> =
            crate::store::county::trusted_keys(&self.conn)?
                .into_iter()
                .map(|k| (k.uscc.clone(), k))
                .collect();
        let carried: BTreeMap<String, String> = repo::current_carried(&self.conn, year)?
            .into_iter()
            .collect();
        let mut units = Vec::new();
        let mut evidence = Vec::new();
        self.for_each_current(year, |s| {
            let Some(r) = counted.remove(&s.uscc) else {
                return Ok(());
            };
            let (payload, signature, public_key) = match r.evidence {
                Some(e) => e,
                None => {
                    let bytes = crate::store::county::blob(&self.conn, &r.file_sha256)?
                        .ok_or_else(|| {
                            Error::not_found(
                                format!(
                                    "{}（{}）的报送文件未保存，不能附入汇总",
                                    s.name, s.uscc
                                ),
                                format!(
                                    "the submitted file of {} ({}) was not kept, so it cannot go into the summary",
                                    s.name, s.uscc
                                ),
                            )
                        })?;
                    crate::xlsx::signed_parts(&bytes)
                        .map_err(|e| Error::input(Text::same(s.file.as_str()), e.text()))?
                }
            };
            let key = keys.get(&s.uscc).filter(|k| k.fingerprint == r.fingerprint);
            units.push(SummaryUnit {
                uscc: s.uscc.clone(),
                name: s.name.clone(),
                division: s.report.enterprise.division_code.clone(),
                industry: s.industry_code.clone(),
                via: carried.get(&s.uscc).cloned(),
                payload_sm3: r.payload_sm3.clone(),
                fingerprint: r.fingerprint.clone(),
                revision: r.revision,
                signed_at: r.signed_at.clone(),
                version: s.version,
                key_source: key.map(|k| k.source),
                key_confirmed_at: key.and_then(|k| k.confirmed_at.clone()),
                figures: UnitFigures::of(&s),
            });
            evidence.push(Evidence {
                uscc: s.uscc.clone(),
                year,
                payload,
                signature,
                public_key,
            });
            Ok(())
        })?;
        let document = SummaryDocument {
            format: SIGNED_SUMMARY_FORMAT.into(),
            office,
            year,
            revision: 0,
            signed_at: String::new(),
            audit_head,
            workbook_sm3: String::new(),
            evidence_sm3: String::new(),
            units,
            roster,
            offices,
            decisions,
            targets,
            totals,
        };
        Ok(SummaryParts {
            document,
            evidence,
            workbook,
        })
    }

    /// Signs this office's summary of a year and writes it to `out` (`nengbao county summary
    /// --sign`, the app's 签名汇总): the file is written (temp + fsync + rename) inside the
    /// transaction that records the revision, so a file that cannot be written leaves no signed
    /// revision behind.
    pub fn summary_sign_to(
        &mut self,
        year: i32,
        key: &Key,
        out: &std::path::Path,
    ) -> Result<SignedSummary> {
        self.sign_summary(year, key, |bytes| {
            crate::interchange::write_atomic(out, bytes)
        })
    }

    /// This office's signed summary of a year as bytes, recorded like [`Self::summary_sign_to`]
    /// (for a caller that keeps the bytes itself).
    pub fn summary_signed(&mut self, year: i32, key: &Key) -> Result<SignedSummary> {
        self.sign_summary(year, key, |_| Ok(()))
    }

    /// The readable workbook with every counted unit's own signed report inside, signed with the
    /// office's key at the next revision; `write` runs before the revision and its audit entry
    /// are committed.
    fn sign_summary(
        &mut self,
        year: i32,
        key: &Key,
        write: impl FnOnce(&[u8]) -> Result<()>,
    ) -> Result<SignedSummary> {
        let mut parts = self.summary_parts(year)?;
        let revision = repo::next_revision(&self.conn, year)?;
        let signed_at = self
            .clock
            .now()
            .to_rfc3339_opts(chrono::SecondsFormat::Secs, false);
        parts.document.revision = revision;
        parts.document.signed_at = signed_at.clone();
        let bytes = seal(&mut parts, key)?;
        let digest = sign::sm3_hex(parts.document.payload().as_bytes());
        let units = parts.document.units.len();
        let now = self.now();
        let tx = self.conn.write()?;
        repo::signed_record(
            &tx,
            year,
            revision,
            &signed_at,
            &digest,
            &key.fingerprint(),
            units,
        )?;
        store::audit::append(
            &tx,
            &now,
            &self.actor,
            "summary.sign",
            &format!("{year}/{revision}"),
            &format!("{units} units, {digest}"),
        )?;
        write(&bytes)?;
        tx.commit()?;
        Ok(SignedSummary {
            bytes,
            revision,
            signed_at,
            digest,
            fingerprint: key.fingerprint(),
            units,
        })
    }
}
