//! Criterion benchmarks of the core: compute and validate the demo report, save and load it.
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

criterion_group!(core, benches, submission);
criterion_main!(core);
