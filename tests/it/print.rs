//! The print-ready copy for 盖章: made from the verified signed file only, every page carrying
//! the digest, the fingerprint and a QR code of them, long tables continued with their headings.

use nengbao::pack::Pack;
use nengbao::print::{self, CellRole, PageKind};
use nengbao::refdata::RefData;
use nengbao::validate::{self, Settings};
use nengbao::xlsx::{self, Status};

use crate::builder::signed_demo;
use crate::submission::{put, Put};

fn rd() -> &'static RefData {
    RefData::builtin().unwrap()
}

/// The HTML of each page, in order.
fn page_sections(html: &str) -> Vec<&str> {
    html.split("<section class=\"page")
        .skip(1)
        .map(|s| s.split("</section>").next().unwrap())
        .collect()
}

fn grouped(hex: &str) -> String {
    hex.as_bytes()
        .chunks(4)
        .map(|c| std::str::from_utf8(c).unwrap())
        .collect::<Vec<_>>()
        .join(" ")
}

#[test]
fn every_page_carries_the_verified_digest_fingerprint_and_qr_code() {
    let bytes = signed_demo();
    let v = xlsx::verify(&bytes, rd(), None);
    assert_eq!(v.status, Status::Valid);
    let copy = print::copy(&bytes, rd()).unwrap();
    assert_eq!(
        Some(&copy.digest),
        v.digest.as_ref(),
        "the digest verify gives"
    );
    assert_eq!(Some(&copy.fingerprint), v.fingerprint.as_ref());
    assert_eq!(copy.uscc, v.uscc.clone().unwrap());
    assert_eq!(copy.year, 2024);
    assert_eq!(
        copy.qr_text,
        print::qr_text(&copy.uscc, copy.year, &copy.digest, &copy.fingerprint)
    );
    assert_eq!(copy.pages[0].kind, PageKind::Cover);
    let html = print::html(&copy).unwrap();
    let qr = nengbao::keycard::qr_svg(&copy.qr_text, 200).unwrap();
    let pages = page_sections(&html);
    assert_eq!(pages.len(), copy.pages.len(), "one section per page");
    let m = pages.len();
    assert!(m > 10, "the demo prints on more than 10 pages, got {m}");
    for (i, p) in pages.iter().enumerate() {
        let n = i + 1;
        assert!(
            p.contains(&grouped(&copy.digest)),
            "page {n} shows the digest"
        );
        assert!(
            p.contains(&copy.fingerprint),
            "page {n} shows the fingerprint"
        );
        assert!(
            p.contains(&qr),
            "page {n} carries the QR code of the digest and fingerprint"
        );
        assert!(
            p.contains(&copy.uscc),
            "page {n} names the unit's credit code"
        );
        assert!(p.contains("2024年度"), "page {n} names the year");
        assert!(
            p.contains(&format!("第 {n} 页 / 共 {m} 页")),
            "page {n} is numbered n of m"
        );
    }
    // The boxes to sign and stamp, with the signed names beside them.
    for words in [
        "单位负责人（签字）",
        "统计负责人（签字）",
        "填表人（签字）",
        "单位盖章",
    ] {
        assert!(pages[0].contains(words), "the cover has {words}");
    }
    let demo = nengbao::demo::report_2024();
    assert!(pages[0].contains(&demo.signatories.unit_head));
    // A4 landscape, system Chinese fonts, nothing fetched.
    assert!(html.contains("size: A4 landscape"));
    assert!(html.contains("SimSun") && html.contains("Noto Serif CJK SC"));
    assert!(!html.contains("src=\"http") && !html.contains("<script"));
}

#[test]
fn the_printed_values_are_the_signed_cells() {
    let bytes = signed_demo();
    let copy = print::copy(&bytes, rd()).unwrap();
    let html = print::html(&copy).unwrap();
    let demo = nengbao::demo::report_2024();
    assert!(html.contains(&demo.enterprise.name));
    // 表2's 综合能源消费量 as the signed figure, grouped in thousands on paper.
    let c = nengbao::calc::compute(&demo, rd()).unwrap();
    let tce = c.comprehensive_energy_tce.to_string();
    let (int, frac) = tce.split_once('.').unwrap();
    let mut g = String::new();
    for (i, ch) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            g.push(',');
        }
        g.push(ch);
    }
    assert!(
        html.contains(&format!("{g}.{frac}")),
        "表2 shows 综合能源消费量 {g}.{frac}"
    );
}

#[test]
fn a_long_table_continues_on_pages_that_repeat_its_headings() {
    let copy = print::copy(&signed_demo(), rd()).unwrap();
    let demo = nengbao::demo::report_2024();
    let records: usize = demo
        .reduction_projects
        .iter()
        .map(|p| p.records.len())
        .sum();
    let pages: Vec<_> = copy.pages.iter().filter(|p| p.table == "减排表3").collect();
    // The demo's monthly records and their three heading rows exceed one page's lines.
    assert!(
        pages.len() >= 2,
        "{records} records of 减排表3 need more than one page, got {}",
        pages.len()
    );
    assert!(!pages[0].continued && pages[1..].iter().all(|p| p.continued));
    let heads: Vec<_> = pages
        .iter()
        .map(|p| {
            p.rows
                .iter()
                .take_while(|r| {
                    r.iter()
                        .all(|c| matches!(c.role, CellRole::Heading | CellRole::Mark))
                })
                .cloned()
                .collect::<Vec<_>>()
        })
        .collect();
    assert!(!heads[0].is_empty());
    assert!(
        heads.iter().all(|h| *h == heads[0]),
        "every page repeats the headings"
    );
    let body: usize =
        pages.iter().map(|p| p.rows.len()).sum::<usize>() - heads.len() * heads[0].len();
    assert_eq!(body, records, "every record printed once");
    for p in &copy.pages {
        assert!(p.number >= 1 && p.number <= p.total);
    }
}

#[test]
fn a_row_taller_than_a_page_continues_on_the_next_and_no_page_runs_over() {
    let mut r = nengbao::demo::report_2024();
    let method = "按排污许可证执行报告核算：实施前后浓度×烟气量×运行小时，逐月累计，扣除停运时段。"
        .repeat(40);
    r.reduction_projects[0].method = method.clone();
    let copy = print::copy(&crate::builder::signed_report(&r), rd()).unwrap();
    let pages: Vec<_> = copy.pages.iter().filter(|p| p.table == "减排表1").collect();
    assert!(
        pages.len() >= 2,
        "the long 核算方法 needs more than one page"
    );
    for p in &copy.pages {
        assert!(
            p.lines() <= print::LINES_PER_PAGE,
            "page {} ({}) holds {} lines",
            p.number,
            p.table,
            p.lines()
        );
    }
    // The text runs on across pages, every character printed once, in order.
    let col = pages[0]
        .rows
        .iter()
        .find_map(|row| {
            row.iter()
                .position(|c| c.role == CellRole::Value && c.text.starts_with("按排污许可证"))
        })
        .expect("the 核算方法 cell on the first page");
    let printed: String = pages
        .iter()
        .flat_map(|p| p.rows.iter())
        .filter(|row| row.len() > col && row[col].role == CellRole::Value)
        .map(|row| row[col].text.replace('\n', ""))
        .collect();
    assert!(
        printed.contains(&method),
        "the whole method text is printed"
    );
    assert_eq!(printed.matches(&method).count(), 1);
}

#[test]
fn an_altered_file_is_refused_in_chinese_saying_what_to_do() {
    let bytes = signed_demo();
    let edited = put(&bytes, "表1 基本情况", "B14", Put::Number("1"));
    assert_eq!(xlsx::verify(&edited, rd(), None).status, Status::Tampered);
    let e = print::copy(&edited, rd()).unwrap_err();
    assert_eq!(e.code(), nengbao::ErrorCode::InvalidInput);
    let t = e.text();
    assert!(
        t.zh.contains("不能打印") && t.zh.contains("已被改动"),
        "{}",
        t.zh
    );
    assert!(
        t.zh.contains("表1 基本情况!B14"),
        "the changed cell is named: {}",
        t.zh
    );
    assert!(
        t.zh.contains("请打印签名导出的原文件"),
        "says what to do: {}",
        t.zh
    );
    assert!(t.en.contains("cannot print"), "{}", t.en);
}

#[test]
fn an_unsigned_draft_is_refused() {
    let r = nengbao::demo::report_2024();
    let out = validate::validate(&r, rd(), None, &[], &Settings::from_refdata(rd()));
    let c = nengbao::calc::compute(&r, rd()).ok();
    let draft = xlsx::export(
        &r,
        c.as_ref(),
        &out,
        Pack::builtin("national").unwrap(),
        None,
        rd(),
    )
    .unwrap()
    .bytes;
    let e = print::copy(&draft, rd()).unwrap_err();
    assert!(
        e.text().zh.contains("只有已签名的报送文件"),
        "{}",
        e.text().zh
    );
}

/// The QR code's modules as a PGM image (8 pixels a module, white quiet zone), for a decoder.
fn qr_pgm(text: &str) -> Vec<u8> {
    let code =
        qrcode::QrCode::with_error_correction_level(text.as_bytes(), qrcode::EcLevel::M).unwrap();
    let w = code.width();
    let colors = code.to_colors();
    let (scale, quiet) = (8usize, 4usize);
    let side = (w + 2 * quiet) * scale;
    let mut img = format!("P5\n{side} {side}\n255\n").into_bytes();
    for y in 0..side {
        for x in 0..side {
            let (mx, my) = (
                (x / scale) as isize - quiet as isize,
                (y / scale) as isize - quiet as isize,
            );
            let dark = mx >= 0
                && my >= 0
                && (mx as usize) < w
                && (my as usize) < w
                && colors[my as usize * w + mx as usize] == qrcode::Color::Dark;
            img.push(if dark { 0 } else { 255 });
        }
    }
    img
}

#[test]
fn the_qr_code_reads_back_as_the_digest_and_fingerprint() {
    let copy = print::copy(&signed_demo(), rd()).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let img = dir.path().join("qr.pgm");
    std::fs::write(&img, qr_pgm(&copy.qr_text)).unwrap();
    // zbarimg (zbar-tools, installed by scripts/setup.sh) decodes it as a phone would.
    let out = std::process::Command::new("zbarimg")
        .args(["--quiet", "--raw"])
        .arg(&img)
        .output()
        .expect("zbarimg (apt zbar-tools) must be installed: scripts/setup.sh");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let read = String::from_utf8(out.stdout).unwrap();
    assert_eq!(read.trim(), copy.qr_text);
    assert_eq!(
        print::digest_of_query(read.trim()).as_deref(),
        Some(copy.digest.as_str()),
        "the county finds the file by the scanned text"
    );
    assert!(read.contains(&copy.fingerprint.replace(' ', "")));
    assert!(read.contains(&copy.uscc) && read.contains(":2024:"));
}

#[test]
fn the_print_command_writes_the_copy_and_verify_prints_the_same_digest() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("signed.xlsx");
    std::fs::write(&file, signed_demo()).unwrap();
    let out = dir.path().join("copy.html");
    let bin = env!("CARGO_BIN_EXE_nengbao");
    let p = std::process::Command::new(bin)
        .arg("print")
        .arg(&file)
        .arg("--out")
        .arg(&out)
        .output()
        .unwrap();
    assert!(p.status.success(), "{}", String::from_utf8_lossy(&p.stderr));
    let v = std::process::Command::new(bin)
        .arg("verify")
        .arg(&file)
        .output()
        .unwrap();
    let text = String::from_utf8(v.stdout).unwrap();
    let digest = text
        .lines()
        .find_map(|l| l.strip_prefix("数据摘要（SM3）："))
        .unwrap()
        .trim()
        .to_string();
    let html = std::fs::read_to_string(&out).unwrap();
    assert!(html.contains(&format!("id=\"print-digest\">{digest}<")));
    assert!(String::from_utf8(p.stdout).unwrap().contains(&digest));
}

fn signed_unit(n: u32) -> (Vec<u8>, String) {
    let r = nengbao::county::generate::report("522601", n, rd());
    let key = nengbao::county::generate::key(n).unwrap();
    let out = validate::validate(&r, rd(), None, &[], &Settings::from_refdata(rd()));
    let c = nengbao::calc::compute(&r, rd()).ok();
    let bytes = xlsx::export(
        &r,
        c.as_ref(),
        &out,
        Pack::builtin("national").unwrap(),
        Some(&key),
        rd(),
    )
    .unwrap()
    .bytes;
    let digest = xlsx::verify(&bytes, rd(), None).digest.unwrap();
    (bytes, digest)
}

on_both_backends! {
    /// The clerk types the digest printed on a paper copy (or its first digits, or scans its QR
    /// code) and finds the submission it was printed from.
    fn the_county_finds_a_submission_by_the_digest_on_its_paper_copy(b: Backend) {
        let dir = tempfile::tempdir().unwrap();
        let inbox = dir.path().join("inbox");
        std::fs::create_dir_all(&inbox).unwrap();
        let (one, d1) = signed_unit(1);
        let (two, d2) = signed_unit(2);
        std::fs::write(inbox.join("one.xlsx"), &one).unwrap();
        std::fs::write(inbox.join("two.xlsx"), &two).unwrap();
        let location = crate::backend::fresh(b, dir.path());
        let mut c = nengbao::county::County::init_at(
            &location,
            "522601",
            "凯里市发展和改革局",
            Box::new(nengbao::workspace::FixedClock::at(2025, 3, 20)),
        )
        .unwrap();
        crate::county::import_trusting(&mut c, &inbox, None);

        let found = c.find_by_digest(&d1).unwrap();
        assert_eq!(found.len(), 1, "the full digest finds one submission");
        assert_eq!(found[0].digest, d1);
        assert_eq!(found[0].file, "one.xlsx");
        assert_eq!(found[0].version, Some(1));
        let copy = print::copy(&one, rd()).unwrap();
        assert_eq!(found[0].uscc, copy.uscc);
        assert_eq!(found[0].fingerprint, copy.fingerprint);

        // The first digits as read off the paper: upper case, in groups of four.
        let typed = format!("{} {}", d2[..4].to_uppercase(), d2[4..8].to_uppercase());
        let found = c.find_by_digest(&typed).unwrap();
        assert!(found.iter().any(|f| f.digest == d2) && found.iter().all(|f| f.digest.starts_with(&d2[..8])));

        // The QR code of the copy, scanned into the box.
        let found = c.find_by_digest(&copy.qr_text).unwrap();
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].digest, d1);

        // A digest no submission has, and too few digits to be a lookup.
        let other = if d1.starts_with('0') { "f".repeat(64) } else { "0".repeat(64) };
        assert!(c.find_by_digest(&other).unwrap().iter().all(|f| f.digest != d1));
        let e = c.find_by_digest("ab1").unwrap_err();
        assert_eq!(e.code(), nengbao::ErrorCode::InvalidInput);
        assert!(e.text().zh.contains("至少6位"), "{}", e.text().zh);
        assert!(c.find_by_digest("凯峰水泥").is_err());

        // The same from the command line, by the first digits as printed.
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_nengbao"))
            .args(["county", "find", "--db"])
            .arg(crate::backend::arg(&location))
            .arg(grouped(&d1[..12]))
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        let text = String::from_utf8(out.stdout).unwrap();
        assert!(text.contains(&d1) && text.contains("one.xlsx"), "{text}");
        let none = std::process::Command::new(env!("CARGO_BIN_EXE_nengbao"))
            .args(["county", "find", "--db"])
            .arg(crate::backend::arg(&location))
            .arg(&other)
            .output()
            .unwrap();
        assert_eq!(none.status.code(), Some(2), "no match is exit 2");
        assert!(String::from_utf8_lossy(&none.stderr).contains("没有摘要以"));
    }
}
