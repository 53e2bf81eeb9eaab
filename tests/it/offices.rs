//! Offices at three levels: a county's signed summary carries its units' own signed reports, and
//! the city re-verifies every one and recomputes every figure, so an office that changes,
//! drops or invents a figure is named; units, projects and certificates across counties are
//! found; office keys are held like enterprise keys.

use std::path::Path;

use nengbao::county::office::{self, SummaryParts};
use nengbao::county::state::{FileOutcome, OfficeFindingKind, OfficeLevel, Reason};
use nengbao::county::{generate, County, ImportOptions, ImportReport};
use nengbao::model::{AnnualReport, Fixed};
use nengbao::pack::Pack;
use nengbao::refdata::RefData;
use nengbao::sign::Key;
use nengbao::validate::{self, Settings};
use nengbao::workspace::FixedClock;
use nengbao::xlsx;

use crate::backend::Backend;
use crate::submission::{rezip, unzip};

const KAILI: &str = "522601";
const HUANGPING: &str = "522622";
const QDN: &str = "522600";

fn rd() -> &'static RefData {
    RefData::builtin().unwrap()
}

/// A signed submission of a report, its warnings justified as a filer would.
fn signed(r: &AnnualReport, key: &Key, revision: u32) -> Vec<u8> {
    let settings = Settings::from_refdata(rd());
    let mut r = r.clone();
    let outcome = validate::validate(&r, rd(), None, &[], &settings);
    for f in outcome
        .findings
        .iter()
        .filter(|f| f.severity == validate::Severity::Warning)
    {
        r.justifications.push(nengbao::model::Justification {
            rule: f.rule.clone(),
            location: f.location.path.clone(),
            text: "生产规模调整，已核实数据无误".into(),
            by: r.signatories.preparer.clone(),
            on: r.signatories.date,
        });
    }
    let outcome = validate::validate(&r, rd(), None, &[], &settings);
    let c = nengbao::calc::compute(&r, rd()).ok();
    let mut signing = xlsx::Signing::of_report(&r);
    signing.revision = revision;
    xlsx::export_signed(
        &r,
        c.as_ref(),
        &outcome,
        Pack::builtin("national").unwrap(),
        Some(key),
        rd(),
        &signing,
    )
    .unwrap()
    .bytes
}

fn office_key(seed: &str) -> Key {
    let h = nengbao::store::sha256_hex(format!("office-key-{seed}").as_bytes());
    Key::from_scalar(&hex::decode(h).unwrap()).unwrap()
}

fn open(b: Backend, dir: &Path, level: OfficeLevel, division: &str, name: &str) -> County {
    let mut c = County::init_level_at(
        &crate::backend::fresh(b, dir),
        level,
        division,
        name,
        Box::new(FixedClock::at(2025, 3, 20)),
    )
    .unwrap();
    c.set_actor("王科员");
    c
}

fn import(c: &mut County, files: &[std::path::PathBuf], trust_new: bool) -> ImportReport {
    c.import(
        files,
        &ImportOptions {
            trust_new,
            ..Default::default()
        },
        &|_| {},
    )
    .unwrap()
}

fn write(dir: &Path, name: &str, bytes: &[u8]) -> std::path::PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, bytes).unwrap();
    p
}

/// A county with units `ns` (generated enterprises registered there), all imported.
fn county_with(b: Backend, dir: &Path, division: &str, name: &str, ns: &[u32]) -> County {
    let mut c = open(b, dir, OfficeLevel::County, division, name);
    let folder = dir.join(format!("in-{division}"));
    std::fs::create_dir_all(&folder).unwrap();
    for &n in ns {
        let r = generate::report(division, n, rd());
        write(
            &folder,
            &format!("{n}.xlsx"),
            &signed(&r, &generate::key(n).unwrap(), 1),
        );
    }
    let rep = import(&mut c, &[folder], true);
    assert_eq!(
        rep.totals.accepted + rep.totals.accepted_with_warnings,
        ns.len()
    );
    c
}

/// Seals altered parts as the county office would, at a revision.
fn reseal(parts: &mut SummaryParts, key: &Key, revision: u32) -> Vec<u8> {
    parts.document.revision = revision;
    parts.document.signed_at = format!("2025-04-0{revision}T10:00:00+08:00");
    office::seal(parts, key).unwrap()
}

fn findings_of(c: &County, kind: OfficeFindingKind) -> Vec<nengbao::county::upward::OfficeFinding> {
    c.office_findings(2024)
        .unwrap()
        .into_iter()
        .filter(|f| f.kind == kind)
        .collect()
}

on_both_backends! {
    fn summary_round_trip_sign_verify_import_upward(b: Backend) {
        let dir = tempfile::tempdir().unwrap();
        let mut kaili = county_with(b, dir.path(), KAILI, "凯里市发展和改革局", &[1, 2, 3]);
        let key = office_key("kaili");
        let s = kaili.summary_signed(2024, &key).unwrap();
        assert_eq!((s.revision, s.units), (1, 3));
        let check = office::check_summary(&s.bytes);
        assert_eq!(check.reason, Reason::Ok, "{}", check.message);
        let doc = check.document.unwrap();
        assert_eq!(doc.office.level, OfficeLevel::County);
        assert_eq!(doc.units.len(), 3);
        assert_eq!(check.evidence_lines, 3);
        // The office's audit head is anchored in the signed payload (`audit verify --against`).
        assert_eq!(
            xlsx::anchored_head(&s.bytes, rd()).ok(),
            doc.audit_head.clone()
        );
        // The readable workbook is still a workbook a person (and the bounded reader) opens.
        assert!(xlsx::read::Opened::new(&s.bytes).is_ok() || s.bytes.len() > 16 * 1024 * 1024);

        let mut city = open(
            b,
            dir.path(),
            OfficeLevel::City,
            QDN,
            "黔东南州发展和改革委员会",
        );
        let f = write(dir.path(), "kaili-2024.xlsx", &s.bytes);
        // First sight of the office's key: held, like an enterprise's key.
        let rep = import(&mut city, std::slice::from_ref(&f), false);
        assert_eq!(
            rep.files[0].outcome,
            FileOutcome::Held,
            "{}",
            rep.files[0].message
        );
        assert_eq!(rep.files[0].reason, Reason::KeyUnconfirmed);
        assert!(
            city.current(2024).unwrap().is_empty(),
            "nothing counted before the key is trusted"
        );
        let released = city.office_trust(KAILI, &key.fingerprint()).unwrap();
        assert_eq!(released, 1);
        let offices = city.offices(2024).unwrap();
        let k = offices.iter().find(|o| o.division == KAILI).unwrap();
        assert_eq!(k.status, nengbao::county::FilingStatus::Filed);
        assert_eq!((k.units, k.findings), (3, 0));
        assert!(offices
            .iter()
            .any(|o| o.division == HUANGPING && o.status == nengbao::county::FilingStatus::Missing));
        // The city's totals are the units' own figures, the same as the county's.
        let (a, b) = (kaili.totals(2024).unwrap(), city.totals(2024).unwrap());
        assert_eq!(a.units, b.units);
        assert_eq!(a.energy, b.energy);
        assert_eq!(a.carbon, b.carbon);
        assert!(city.office_findings(2024).unwrap().is_empty());
        // Importing the same summary again is a duplicate.
        let again = import(&mut city, &[f], false);
        assert_eq!(again.files[0].outcome, FileOutcome::Skipped);
    }
}

on_both_backends! {
    fn an_office_that_edits_drops_or_invents_is_caught_and_named(b: Backend) {
        let dir = tempfile::tempdir().unwrap();
        let kaili = county_with(b, dir.path(), KAILI, "凯里市发展和改革局", &[1, 2, 3]);
        let key = office_key("kaili");
        let genuine = kaili.totals(2024).unwrap();
        let mut city = open(
            b,
            dir.path(),
            OfficeLevel::City,
            QDN,
            "黔东南州发展和改革委员会",
        );

        // Edits one unit's figure (and its total, so the sums agree).
        let mut parts = kaili.summary_parts(2024).unwrap();
        let u0 = parts.document.units[0].uscc.clone();
        let e = &mut parts.document.units[0].figures.energy;
        e.comprehensive_tce = Fixed::parse("1.0000").unwrap();
        let edited = reseal(&mut parts, &key, 1);
        let rep = import(
            &mut city,
            &[write(dir.path(), "edited.xlsx", &edited)],
            true,
        );
        assert_eq!(
            rep.files[0].outcome,
            FileOutcome::AcceptedWithWarnings,
            "{}",
            rep.files[0].message
        );
        let changed = findings_of(&city, OfficeFindingKind::FigureChanged);
        let f = changed
            .iter()
            .find(|f| f.uscc.as_deref() == Some(u0.as_str()))
            .expect("the unit's changed figure is named");
        assert_eq!(
            f.field.as_deref(),
            Some("综合能源消费量（当量值，吨标准煤）")
        );
        assert_eq!(f.claimed.as_deref(), Some("1.0000"));
        assert!(f.message.zh.contains("凯里市发展和改革局"), "{}", f.message);
        // In English the field is named in English (the office's own name stays as it is).
        assert!(
            f.message.en.contains(
                "comprehensive energy consumption (calorific value, tce) is 1.0000 in the summary"
            ),
            "{}",
            f.message.en
        );
        for f in &changed {
            let field = f.field.as_deref().unwrap();
            assert!(!f.message.en.contains(field), "{}", f.message.en);
        }
        assert_eq!(f.offices[0].0, KAILI);
        // The city counts the unit's own figure, never the office's.
        assert_eq!(city.totals(2024).unwrap().energy, genuine.energy);

        // Drops a unit in a later revision (list, evidence and roster line all removed).
        let mut parts = kaili.summary_parts(2024).unwrap();
        let dropped = parts.document.units.remove(1).uscc;
        parts.evidence.retain(|e| e.uscc != dropped);
        parts.document.roster.retain(|r| r.uscc != dropped);
        let rep = import(
            &mut city,
            &[write(
                dir.path(),
                "dropped.xlsx",
                &reseal(&mut parts, &key, 2),
            )],
            true,
        );
        assert_eq!(rep.files[0].outcome, FileOutcome::AcceptedWithWarnings);
        let d = findings_of(&city, OfficeFindingKind::UnitDropped);
        assert!(
            d.iter().any(|f| f.uscc.as_deref() == Some(dropped.as_str())
                && f.message.zh.contains("第1次签署的汇总包含")),
            "{d:?}"
        );
        assert!(
            findings_of(&city, OfficeFindingKind::FigureChanged)
                .iter()
                .any(|f| f.uscc.is_none() && f.field.as_deref() == Some("单位数")),
            "the totals it signed no longer add up"
        );

        // Invents a unit: listed without a report, and one whose report was altered after the
        // enterprise signed it.
        let mut parts = kaili.summary_parts(2024).unwrap();
        let mut ghost = parts.document.units[0].clone();
        ghost.uscc = generate::uscc(KAILI, 99);
        ghost.name = "凯里市虚构有限公司".into();
        parts.document.units.push(ghost.clone());
        let forged = &mut parts.evidence[2];
        forged.payload = forged
            .payload
            .replacen("\"year\":2024", "\"year\":2024 ", 1);
        let forged_uscc = forged.uscc.clone();
        let rep = import(
            &mut city,
            &[write(
                dir.path(),
                "invented.xlsx",
                &reseal(&mut parts, &key, 3),
            )],
            true,
        );
        assert_eq!(rep.files[0].outcome, FileOutcome::AcceptedWithWarnings);
        let inv = findings_of(&city, OfficeFindingKind::UnitInvented);
        assert!(inv
            .iter()
            .any(|f| f.uscc.as_deref() == Some(ghost.uscc.as_str())
                && f.message.zh.contains("没有附该单位的签名报告")));
        assert!(inv
            .iter()
            .any(|f| f.uscc.as_deref() == Some(forged_uscc.as_str())
                && f.message.zh.contains("企业签名无效")));
        // Still only the genuine units, with their own figures.
        let t = city.totals(2024).unwrap();
        assert_eq!((t.units, t.energy), (genuine.units, genuine.energy));
    }
}

on_both_backends! {
    fn a_summary_changed_after_signing_or_from_elsewhere_is_refused(b: Backend) {
        let dir = tempfile::tempdir().unwrap();
        let mut kaili = county_with(b, dir.path(), KAILI, "凯里市发展和改革局", &[1, 2]);
        let key = office_key("kaili");
        let s = kaili.summary_signed(2024, &key).unwrap();
        let parts = unzip(&s.bytes);
        let edit = |name: &str, f: &dyn Fn(String) -> String| {
            let mut p = parts.clone();
            let e = p.iter_mut().find(|(n, _)| n == name).unwrap();
            e.1 = f(String::from_utf8(e.1.clone()).unwrap()).into_bytes();
            rezip(&p)
        };
        // A unit's figure edited in the evidence, in the signed payload, or in a readable sheet.
        let cases = [
            (
                "evidence",
                edit(xlsx::package::EVIDENCE_PART, &|t| {
                    t.replacen("\"year\":2024", "\"year\":2025", 1)
                }),
                Reason::Tampered,
            ),
            (
                "payload",
                edit(xlsx::package::SUMMARY_PART, &|t| {
                    t.replacen("\"revision\":1", "\"revision\":9", 1)
                }),
                Reason::BadSignature,
            ),
            (
                "sheet",
                edit("xl/worksheets/sheet2.xml", &|t| {
                    t.replacen("<v>", "<v>9", 1)
                }),
                Reason::Tampered,
            ),
        ];
        let mut city = open(
            b,
            dir.path(),
            OfficeLevel::City,
            QDN,
            "黔东南州发展和改革委员会",
        );
        for (what, bytes, reason) in cases {
            let c = office::check_summary(&bytes);
            assert_eq!(c.reason, reason, "{what}: {}", c.message);
            let rep = import(
                &mut city,
                &[write(dir.path(), &format!("{what}.xlsx"), &bytes)],
                true,
            );
            assert_eq!(rep.files[0].outcome, FileOutcome::Rejected, "{what}");
        }
        assert!(city.current(2024).unwrap().is_empty());
        // Signed by another key than the office's registered one: held as a changed key.
        let mut parts = kaili.summary_parts(2024).unwrap();
        let bytes = reseal(&mut parts, &office_key("someone-else"), 2);
        city.office_register(KAILI, &key.public_hex()).unwrap();
        let rep = import(
            &mut city,
            &[write(dir.path(), "other-key.xlsx", &bytes)],
            true,
        );
        assert_eq!(rep.files[0].outcome, FileOutcome::Held);
        assert_eq!(rep.files[0].reason, Reason::KeyChanged);
        // A summary from a county of another prefecture is not this city's.
        let mut other = county_with(b, dir.path(), "520102", "南明区发展和改革局", &[5]);
        let s2 = other.summary_signed(2024, &office_key("nanming")).unwrap();
        let rep = import(
            &mut city,
            &[write(dir.path(), "nanming.xlsx", &s2.bytes)],
            true,
        );
        assert_eq!(rep.files[0].reason, Reason::NotInCounty);
    }
}

on_both_backends! {
    fn office_key_change_is_held_like_an_enterprise_key_change(b: Backend) {
        let dir = tempfile::tempdir().unwrap();
        let mut kaili = county_with(b, dir.path(), KAILI, "凯里市发展和改革局", &[1, 2]);
        let mut city = open(
            b,
            dir.path(),
            OfficeLevel::City,
            QDN,
            "黔东南州发展和改革委员会",
        );
        let old = office_key("kaili");
        let s1 = kaili.summary_signed(2024, &old).unwrap();
        let rep = import(&mut city, &[write(dir.path(), "s1.xlsx", &s1.bytes)], true);
        assert_eq!(
            rep.files[0].outcome,
            FileOutcome::Accepted,
            "{}",
            rep.files[0].message
        );
        // The office signs its next revision with a new key.
        let new = office_key("kaili-2");
        let s2 = kaili.summary_signed(2024, &new).unwrap();
        assert_eq!(s2.revision, 2);
        let rep = import(&mut city, &[write(dir.path(), "s2.xlsx", &s2.bytes)], true);
        assert_eq!(rep.files[0].outcome, FileOutcome::Held);
        assert_eq!(rep.files[0].reason, Reason::KeyChanged);
        let keys = city.office_keys().unwrap();
        let held = keys
            .iter()
            .find(|k| k.fingerprint == new.fingerprint())
            .unwrap();
        assert_eq!(held.registered.as_deref(), Some(old.fingerprint().as_str()));
        let status = city.offices(2024).unwrap();
        let k = status.iter().find(|o| o.division == KAILI).unwrap();
        assert_eq!(k.revision, Some(1), "the held revision is not current");
        // Rejecting the new key discards the held summary with the reason; trusting it instead
        // would make revision 2 current.
        assert_eq!(
            city.office_reject(KAILI, &new.fingerprint(), "未收到新密钥卡")
                .unwrap(),
            1
        );
        let again = import(
            &mut city,
            &[write(dir.path(), "s2-copy.xlsx", &s2.bytes)],
            true,
        );
        assert_eq!(again.files[0].reason, Reason::KeyRejected);
        let s3 = kaili.summary_signed(2024, &new).unwrap();
        import(&mut city, &[write(dir.path(), "s3.xlsx", &s3.bytes)], true);
        city.office_trust(KAILI, &new.fingerprint()).unwrap();
        let k = city
            .offices(2024)
            .unwrap()
            .into_iter()
            .find(|o| o.division == KAILI)
            .unwrap();
        assert_eq!(k.revision, Some(3));
    }
}

on_both_backends! {
    fn the_same_unit_under_two_counties_and_a_project_or_certificate_claimed_across_them(b: Backend) {
        let dir = tempfile::tempdir().unwrap();
        let mut kaili = county_with(b, dir.path(), KAILI, "凯里市发展和改革局", &[1, 2]);
        let mut huangping = county_with(b, dir.path(), HUANGPING, "黄平县发展和改革局", &[11]);
        // Unit 2 of Kaili moves to Huangping and files a later revision there.
        let mut moved = generate::report(KAILI, 2, rd());
        moved.enterprise.division_code = HUANGPING.into();
        // Unit 11 of Huangping claims Kaili unit 1's reduction project.
        let mut claimant = generate::report(HUANGPING, 11, rd());
        let theirs = generate::report(KAILI, 1, rd());
        claimant.reduction_projects = theirs.reduction_projects.clone();
        let folder = dir.path().join("huangping-more");
        std::fs::create_dir_all(&folder).unwrap();
        write(
            &folder,
            "moved.xlsx",
            &signed(&moved, &generate::key(2).unwrap(), 2),
        );
        write(
            &folder,
            "claimant.xlsx",
            &signed(&claimant, &generate::key(11).unwrap(), 2),
        );
        let rep = import(&mut huangping, &[folder], true);
        assert!(
            rep.files.iter().all(|f| matches!(
                f.outcome,
                FileOutcome::Accepted | FileOutcome::AcceptedWithWarnings
            )),
            "{:?}",
            rep.files.iter().map(|f| &f.message).collect::<Vec<_>>()
        );
        let a = kaili.summary_signed(2024, &office_key("kaili")).unwrap();
        let hp = huangping
            .summary_signed(2024, &office_key("huangping"))
            .unwrap();
        let mut city = open(
            b,
            dir.path(),
            OfficeLevel::City,
            QDN,
            "黔东南州发展和改革委员会",
        );
        import(
            &mut city,
            &[
                write(dir.path(), "a.xlsx", &a.bytes),
                write(dir.path(), "b.xlsx", &hp.bytes),
            ],
            true,
        );
        let twice = findings_of(&city, OfficeFindingKind::UnitTwice);
        let uscc2 = generate::uscc(KAILI, 2);
        let t = twice
            .iter()
            .find(|f| f.uscc.as_deref() == Some(uscc2.as_str()))
            .expect("the moved unit is reported by both counties");
        let names: Vec<&str> = t.offices.iter().map(|o| o.1.as_str()).collect();
        assert!(names.contains(&"凯里市发展和改革局") && names.contains(&"黄平县发展和改革局"));
        // Counted once, at its latest signed revision (the one Huangping carried).
        let cur = city.current(2024).unwrap();
        assert_eq!(cur.iter().filter(|c| c.uscc == uscc2).count(), 1);
        assert_eq!(
            cur.iter()
                .find(|c| c.uscc == uscc2)
                .unwrap()
                .report
                .enterprise
                .division_code,
            HUANGPING
        );
        let projects = findings_of(&city, OfficeFindingKind::ProjectTwice);
        assert!(
            projects.iter().any(|f| f.offices.len() == 2
                && f.message.zh.contains(&generate::uscc(HUANGPING, 11))
                && f.message.zh.contains(&generate::uscc(KAILI, 1))),
            "{projects:?}"
        );
        // Totals by office: each county's units from their own figures; together the city's.
        let by = city.totals_by_office(2024).unwrap();
        let sum: usize = by.iter().map(|o| o.units).sum();
        assert_eq!(sum, city.totals(2024).unwrap().units);
    }
}

on_both_backends! {
    fn levels_check_their_division(b: Backend) {
        let dir = tempfile::tempdir().unwrap();
        let err = County::init_level_at(
            &crate::backend::fresh(b, dir.path()),
            OfficeLevel::City,
            KAILI,
            "x",
            Box::new(FixedClock::at(2025, 3, 20)),
        )
        .unwrap_err();
        assert!(err.to_string().contains("不是市级"), "{err}");
        let c = open(
            b,
            dir.path(),
            OfficeLevel::Province,
            "520000",
            "贵州省发展和改革委员会",
        );
        assert_eq!(c.level().unwrap(), OfficeLevel::Province);
        let subs = c.offices(2024).unwrap();
        assert!(subs
            .iter()
            .any(|o| o.division == QDN && o.level == OfficeLevel::City));
    }
}

/// 县 → 市 → 省 from the command line: two counties sign their summaries, the city takes them
/// in and signs its own, the province takes that in with every unit's signature verified again.
#[test]
fn county_city_province_chain_from_the_cli() {
    use std::process::Command;
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let run = |args: &[&str]| {
        let o = Command::new(env!("CARGO_BIN_EXE_nengbao"))
            .args(args)
            .env("NENGBAO_PASSPHRASE", "correct horse battery")
            .output()
            .unwrap();
        assert!(
            o.status.success(),
            "{args:?}: {}{}",
            String::from_utf8_lossy(&o.stdout),
            String::from_utf8_lossy(&o.stderr)
        );
        String::from_utf8_lossy(&o.stdout).into_owned()
    };
    let p = |name: &str| d.join(name).display().to_string();
    for (div, name, n) in [
        (KAILI, "凯里市发展和改革局", "2"),
        (HUANGPING, "黄平县发展和改革局", "1"),
    ] {
        run(&[
            "county",
            "generate",
            "--out",
            &p(div),
            "--count",
            n,
            "--division",
            div,
        ]);
        let db = p(&format!("{div}.db"));
        run(&[
            "county",
            "init",
            "--db",
            &db,
            "--division",
            div,
            "--name",
            name,
        ]);
        run(&["county", "import", &p(div), "--db", &db, "--trust-new"]);
        run(&["key", "new", "--out", &p(&format!("{div}.key"))]);
        let said = run(&[
            "county",
            "summary",
            "--db",
            &db,
            "--year",
            "2024",
            "--out",
            &p(&format!("{div}-2024.xlsx")),
            "--sign",
            "--key",
            &p(&format!("{div}.key")),
        ]);
        assert!(said.contains("第1次签署"), "{said}");
    }
    let city = p("city.db");
    run(&[
        "county",
        "init",
        "--db",
        &city,
        "--level",
        "city",
        "--division",
        QDN,
        "--name",
        "黔东南州发展和改革委员会",
    ]);
    run(&[
        "county",
        "import",
        &p("522601-2024.xlsx"),
        &p("522622-2024.xlsx"),
        "--db",
        &city,
        "--trust-new",
    ]);
    run(&["key", "new", "--out", &p("city.key")]);
    run(&[
        "county",
        "summary",
        "--db",
        &city,
        "--year",
        "2024",
        "--out",
        &p("city-2024.xlsx"),
        "--sign",
        "--key",
        &p("city.key"),
    ]);
    let province = p("province.db");
    run(&[
        "county",
        "init",
        "--db",
        &province,
        "--level",
        "province",
        "--division",
        "520000",
        "--name",
        "贵州省发展和改革委员会",
    ]);
    // The city's key is registered from its key card before its summary arrives.
    let card: serde_json::Value =
        serde_json::from_str(&run(&["key", "show", &p("city.key"), "--format", "json"])).unwrap();
    run(&[
        "county",
        "office-keys",
        "--db",
        &province,
        "--register",
        QDN,
        "--public-key",
        card["public_key"].as_str().unwrap(),
    ]);
    let imported = run(&[
        "county",
        "import",
        &p("city-2024.xlsx"),
        "--db",
        &province,
        "--format",
        "json",
    ]);
    let imported: serde_json::Value = serde_json::from_str(&imported).unwrap();
    assert_eq!(imported["files"][0]["outcome"], "accepted", "{imported}");
    let offices: serde_json::Value = serde_json::from_str(&run(&[
        "county", "offices", "--db", &province, "--year", "2024", "--format", "json",
    ]))
    .unwrap();
    let qdn = offices["offices"]
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["division"] == QDN)
        .unwrap();
    // Filed (late, since the test runs after the filing deadline of the year), no findings.
    assert!(
        matches!(qdn["status"].as_str(), Some("filed" | "late")),
        "{qdn}"
    );
    assert_eq!(qdn["units"], 3);
    assert_eq!(
        offices["findings"].as_array().unwrap().len(),
        0,
        "{offices}"
    );
    // The province's totals are the three units' own figures, as the counties counted them.
    let total = |db: &str| -> serde_json::Value {
        serde_json::from_str(&run(&[
            "county", "totals", "--db", db, "--year", "2024", "--format", "json",
        ]))
        .unwrap()
    };
    let (a, b, pv) = (
        total(&p("522601.db")),
        total(&p("522622.db")),
        total(&province),
    );
    assert_eq!(pv["units"], 3);
    let sum: rust_decimal::Decimal = [&a, &b]
        .iter()
        .map(|t| {
            t["comprehensive_tce"]
                .as_str()
                .unwrap()
                .parse::<rust_decimal::Decimal>()
                .unwrap()
        })
        .sum();
    assert_eq!(
        pv["comprehensive_tce"]
            .as_str()
            .unwrap()
            .parse::<rust_decimal::Decimal>()
            .unwrap(),
        sum
    );
    // And the text view names the city.
    let text = run(&["county", "offices", "--db", &province, "--year", "2024"]);
    assert!(
        text.contains("黔东南州发展和改革委员会") && text.contains("复核未发现问题"),
        "{text}"
    );
}

/// A summary built to exhaust the reader (one evidence line past its cap) is rejected as over a
/// limit, and a file that only looks like a summary (no seal) as unreadable; the rest of the
/// batch goes on.
#[test]
fn a_hostile_summary_is_refused_and_the_batch_goes_on() {
    let dir = tempfile::tempdir().unwrap();
    let mut kaili = county_with(
        Backend::Sqlite,
        dir.path(),
        KAILI,
        "凯里市发展和改革局",
        &[1],
    );
    let s = kaili.summary_signed(2024, &office_key("kaili")).unwrap();
    let parts = unzip(&s.bytes);
    let mut long = parts.clone();
    let e = long
        .iter_mut()
        .find(|(n, _)| n == xlsx::package::EVIDENCE_PART)
        .unwrap();
    e.1 = vec![b'a'; xlsx::package::limits::MAX_EVIDENCE_LINE as usize + 10];
    let long = rezip(&long);
    let c = office::check_summary(&long);
    assert_eq!(c.reason, Reason::Oversized, "{}", c.message);
    let sealless: Vec<(String, Vec<u8>)> = parts
        .iter()
        .filter(|(n, _)| n != xlsx::package::SEAL_PART)
        .cloned()
        .collect();
    let sealless = rezip(&sealless);
    assert_eq!(office::check_summary(&sealless).reason, Reason::Unreadable);
    let mut city = open(
        Backend::Sqlite,
        dir.path(),
        OfficeLevel::City,
        QDN,
        "黔东南州发展和改革委员会",
    );
    let rep = import(
        &mut city,
        &[
            write(dir.path(), "long.xlsx", &long),
            write(dir.path(), "sealless.xlsx", &sealless),
            write(dir.path(), "good.xlsx", &s.bytes),
        ],
        true,
    );
    let outcomes: Vec<(FileOutcome, Reason)> =
        rep.files.iter().map(|f| (f.outcome, f.reason)).collect();
    assert_eq!(
        outcomes,
        [
            (FileOutcome::Rejected, Reason::Oversized),
            (FileOutcome::Rejected, Reason::Unreadable),
            (FileOutcome::Accepted, Reason::Ok),
        ]
    );
}

on_both_backends! {
    /// A city takes the files of units it supervises itself (any unit inside its area, never one
    /// outside), and a unit it received directly that a county's summary also carries is found.
    fn a_level_imports_units_files_directly(b: Backend) {
        let dir = tempfile::tempdir().unwrap();
        let mut kaili = county_with(b, dir.path(), KAILI, "凯里市发展和改革局", &[1, 2]);
        let mut city = open(
            b,
            dir.path(),
            OfficeLevel::City,
            QDN,
            "黔东南州发展和改革委员会",
        );
        let own = generate::report(HUANGPING, 21, rd());
        let twice = generate::report(KAILI, 2, rd());
        let outside = generate::report("520102", 22, rd());
        let folder = dir.path().join("city-inbox");
        std::fs::create_dir_all(&folder).unwrap();
        write(&folder, "1-own.xlsx", &signed(&own, &generate::key(21).unwrap(), 1));
        write(&folder, "2-twice.xlsx", &signed(&twice, &generate::key(2).unwrap(), 1));
        write(&folder, "3-outside.xlsx", &signed(&outside, &generate::key(22).unwrap(), 1));
        let rep = import(&mut city, &[folder], true);
        let reasons: Vec<Reason> = rep.files.iter().map(|f| f.reason).collect();
        assert_eq!(reasons, [Reason::Ok, Reason::Ok, Reason::NotInCounty]);
        let s = kaili.summary_signed(2024, &office_key("kaili")).unwrap();
        let rep = import(&mut city, &[write(dir.path(), "kaili.xlsx", &s.bytes)], true);
        assert_eq!(rep.files[0].outcome, FileOutcome::Accepted, "{}", rep.files[0].message);
        let t = findings_of(&city, OfficeFindingKind::UnitTwice);
        assert_eq!(t.len(), 1, "{t:?}");
        assert_eq!(t[0].uscc.as_deref(), Some(generate::uscc(KAILI, 2).as_str()));
        assert!(t[0].offices.iter().any(|o| o.1.contains("直接报送")));
        // Counted once each: the two Kaili units and the unit the city supervises.
        assert_eq!(city.totals(2024).unwrap().units, 3);
        let by = city.totals_by_office(2024).unwrap();
        assert!(by.iter().any(|o| o.division.is_empty() && o.units >= 1));
    }
}

on_both_backends! {
    /// An office's summaries are versions in signed order: an older revision arriving after a
    /// newer one is kept as history (stale) and the newer stays current.
    fn an_older_summary_arriving_later_is_stale(b: Backend) {
        let dir = tempfile::tempdir().unwrap();
        let mut kaili = county_with(b, dir.path(), KAILI, "凯里市发展和改革局", &[1]);
        let key = office_key("kaili");
        let s1 = kaili.summary_signed(2024, &key).unwrap();
        let s2 = kaili.summary_signed(2024, &key).unwrap();
        assert_eq!((s1.revision, s2.revision), (1, 2));
        let mut city = open(
            b,
            dir.path(),
            OfficeLevel::City,
            QDN,
            "黔东南州发展和改革委员会",
        );
        let rep = import(
            &mut city,
            &[
                write(dir.path(), "z-second.xlsx", &s2.bytes),
                write(dir.path(), "a-first.xlsx", &s1.bytes),
            ],
            true,
        );
        let outcomes: Vec<FileOutcome> = rep.files.iter().map(|f| f.outcome).collect();
        assert_eq!(outcomes, [FileOutcome::Accepted, FileOutcome::Stale]);
        let k = city
            .offices(2024)
            .unwrap()
            .into_iter()
            .find(|o| o.division == KAILI)
            .unwrap();
        assert_eq!((k.revision, k.version), (Some(2), Some(2)));
    }
}

on_both_backends! {
    /// The signed summary is written inside the transaction that records its revision: a file
    /// that cannot be written leaves no revision behind, and the next one written is revision 1
    /// with the same bytes on disk as the office recorded.
    fn a_summary_that_cannot_be_written_records_no_revision(b: Backend) {
        let dir = tempfile::tempdir().unwrap();
        let mut kaili = county_with(b, dir.path(), KAILI, "凯里市发展和改革局", &[1, 2]);
        let key = office_key("kaili");
        let blocked = dir.path().join("not-a-folder");
        std::fs::write(&blocked, b"a file where the folder should be").unwrap();
        let err = kaili
            .summary_sign_to(2024, &key, &blocked.join("summary.xlsx"))
            .unwrap_err();
        assert_eq!(err.code(), nengbao::error::ErrorCode::Storage, "{err}");
        let out = dir.path().join("汇总 2024.xlsx");
        let s = kaili.summary_sign_to(2024, &key, &out).unwrap();
        assert_eq!((s.revision, s.units), (1, 2));
        let on_disk = std::fs::read(&out).unwrap();
        assert_eq!(on_disk, s.bytes);
        assert_eq!(office::check_summary(&on_disk).reason, Reason::Ok);
    }
}

/// A prefecture's signed summary inflates far beyond a unit's workbook limits (its evidence part
/// carries thousands of signed reports): `nengbao verify` checks it as a summary instead of
/// calling it a zip bomb, and a unit's verification names it as a summary.
#[test]
fn a_summary_larger_than_a_units_workbook_limit_verifies_as_a_summary() {
    let dir = tempfile::tempdir().unwrap();
    let kaili = county_with(
        Backend::Sqlite,
        dir.path(),
        KAILI,
        "凯里市发展和改革局",
        &[1],
    );
    let key = office_key("kaili");
    let mut parts = kaili.summary_parts(2024).unwrap();
    // 1,500 evidence lines of a unit's size: ~24 MB once inflated, a few hundred KB packed.
    let one = parts.evidence[0].clone();
    for _ in 0..1_500 {
        let mut e = one.clone();
        e.payload = format!("{}{}", e.payload, " ".repeat(16_000));
        parts.evidence.push(e);
    }
    let f = write(dir.path(), "市级汇总.xlsx", &reseal(&mut parts, &key, 1));
    let inflated: u64 = {
        let mut z = zip::ZipArchive::new(std::fs::File::open(&f).unwrap()).unwrap();
        (0..z.len()).map(|i| z.by_index(i).unwrap().size()).sum()
    };
    assert!(inflated > 20 << 20, "{inflated} bytes inflated");

    let v = nengbao::workspace::files::submission_verify(&f, None).unwrap();
    assert_eq!(v.status, xlsx::Status::UnknownFormat);
    assert!(v.text.zh.contains("汇总表"), "{}", v.text);
    let s = nengbao::workspace::files::summary_verify(&f, None)
        .unwrap()
        .expect("checked as a summary");
    assert_eq!(s.status, xlsx::Status::Valid, "{s:?}");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_nengbao"))
        .arg("verify")
        .arg(&f)
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{text}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(!text.contains("压缩炸弹"), "{text}");
    // Nor is it printed as a unit's copy: the refusal says what the file is.
    let e = nengbao::workspace::files::print_copy(&f).unwrap_err();
    assert!(e.to_string().contains("汇总表"), "{e}");
}

on_both_backends! {
    /// A year is read a page of submissions at a time (256): with more units than a page, every
    /// unit is handed over once, in credit-code order, and the summary carries them all.
    fn a_year_of_more_units_than_a_page_is_read_whole(b: Backend) {
        let dir = tempfile::tempdir().unwrap();
        let ns: Vec<u32> = (1..=300).collect();
        let kaili = county_with(b, dir.path(), KAILI, "凯里市发展和改革局", &ns);
        let mut seen = Vec::new();
        kaili
            .for_each_current(2024, |s| {
                seen.push(s.uscc);
                Ok(())
            })
            .unwrap();
        assert_eq!(seen.len(), 300);
        let mut sorted = seen.clone();
        sorted.sort();
        sorted.dedup();
        assert_eq!(seen, sorted, "once each, in credit-code order");
        assert_eq!(kaili.totals(2024).unwrap().units, 300);
        assert_eq!(kaili.roster_status(2024).unwrap().len(), 300);
        let parts = kaili.summary_parts(2024).unwrap();
        assert_eq!((parts.document.units.len(), parts.evidence.len()), (300, 300));
    }
}
