//! Criterion benchmarks of the core: compute and validate the demo report, save and load it,
//! sign it, and the live check with large evidence files.
//! Run with `make bench` (never part of `make test`).

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, Criterion};
use nengbao::refdata::RefData;
use nengbao::validate::{self, Settings};
use nengbao::workspace::FixedClock;
use nengbao::Workspace;

fn benches(c: &mut Criterion) {
    let Ok(rd) = RefData::builtin() else { return };
    let report = nengbao::demo::report_2024();
    let prior = nengbao::demo::report_2023();
    let settings = Settings::from_refdata(rd);

    c.bench_function("compute demo report", |b| {
        b.iter(|| nengbao::calc::compute(black_box(&report), rd))
    });
    c.bench_function("validate demo report (with prior year)", |b| {
        b.iter(|| validate::validate(black_box(&report), rd, Some(&prior), &[], &settings))
    });
    if let Ok(mut ws) = Workspace::in_memory(Box::new(FixedClock::at(2025, 3, 18))) {
        let mut r = report.clone();
        let mut n = 0u32;
        c.bench_function("save changed report (one transaction)", |b| {
            b.iter(|| {
                n += 1;
                r.indicators.employees.current = Some(n);
                ws.report_save(black_box(&r))
            })
        });
        c.bench_function("load report", |b| {
            b.iter(|| ws.report_load(nengbao::demo::DEMO_USCC, 2024))
        });
    }
}

fn submission(c: &mut Criterion) {
    let Ok(rd) = RefData::builtin() else { return };
    let Ok(pack) = nengbao::pack::Pack::builtin("national") else {
        return;
    };
    let Ok(key) = nengbao::sign::Key::generate() else {
        return;
    };
    let report = nengbao::demo::report_2024();
    let settings = Settings::from_refdata(rd);
    c.bench_function("export + sign demo report (national pack)", |b| {
        b.iter(|| {
            let outcome = validate::validate(&report, rd, None, &[], &settings);
            let computed = nengbao::calc::compute(&report, rd).ok();
            nengbao::xlsx::export(
                black_box(&report),
                computed.as_ref(),
                &outcome,
                pack,
                Some(&key),
                rd,
            )
        })
    });
    let outcome = validate::validate(&report, rd, None, &[], &settings);
    let computed = nengbao::calc::compute(&report, rd).ok();
    let Ok(file) =
        nengbao::xlsx::export(&report, computed.as_ref(), &outcome, pack, Some(&key), rd)
    else {
        return;
    };
    c.bench_function("verify demo submission", |b| {
        b.iter(|| nengbao::xlsx::verify(black_box(&file.bytes), rd, None))
    });
    c.bench_function("import demo submission", |b| {
        b.iter(|| nengbao::xlsx::import(black_box(&file.bytes), rd))
    });
}

/// The live check of a report listing 20 evidence files of 10 MB: the first check reads and
/// hashes them all, later checks find them unchanged by size and modification time.
fn evidence(c: &mut Criterion) {
    const FILES: usize = 20;
    const SIZE: usize = 10 * 1024 * 1024;
    let Ok(dir) = tempfile::tempdir() else { return };
    let db = dir.path().join("workspace.db");
    let Ok(mut ws) = Workspace::open(&db, Box::new(FixedClock::at(2025, 3, 18))) else {
        return;
    };
    let mut report = nengbao::demo::report_2024();
    let Some(project) = report.reduction_projects.first_mut() else {
        return;
    };
    project.evidence.clear();
    for i in 0..FILES {
        // Distinct contents, so every file is its own entry in the store.
        let mut bytes = vec![0u8; SIZE];
        for (j, b) in bytes.iter_mut().enumerate().step_by(4096) {
            *b = (i * 31 + j / 4096) as u8;
        }
        let path = dir.path().join(format!("evidence-{i:02}.bin"));
        if std::fs::write(&path, &bytes).is_err() {
            return;
        }
        match ws.evidence_add(&path, "监测数据") {
            Ok(e) => project.evidence.push(e),
            Err(_) => return,
        }
        let _ = std::fs::remove_file(&path);
    }
    let mut g = c.benchmark_group("live check, 20 evidence files of 10 MB");
    g.sample_size(10);
    g.bench_function("first check (every file hashed)", |b| {
        b.iter_batched(
            || Workspace::open(&db, Box::new(FixedClock::at(2025, 3, 18))),
            |ws| ws.map(|ws| ws.validate(black_box(&report), None)),
            criterion::BatchSize::PerIteration,
        )
    });
    let _ = ws.validate(&report, None);
    g.bench_function("next check (files unchanged)", |b| {
        b.iter(|| ws.validate(black_box(&report), None))
    });
    g.finish();
}

criterion_group!(core, benches, submission, evidence);
criterion_main!(core);
