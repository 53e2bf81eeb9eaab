//! The `nengbao` command line: an adapter over the core. Each command parses its arguments,
//! makes one call into [`nengbao::workspace`] or [`nengbao::county`], and prints the answer
//! with [`render`]; errors become one line and an exit code.
//!
//! Exit codes (stable, documented in README):
//! 0 success · 1 the report has error findings (`check`) · 2 unusable input (unreadable file,
//! invalid JSON, wrong format, bad number, unknown code) · 3 signature tampered/bad ·
//! 4 unsigned or unknown format · 5 storage or internal failure.

mod args;
mod county;
mod database;
mod keys;
mod render;
mod report;
mod submission;

use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

use clap::Parser;
use nengbao::error::{Error, ErrorCode};
use nengbao::text::Text;
use nengbao::workspace::{SystemClock, Workspace};

pub use args::*;

/// Exit code: the command did what was asked.
pub const EXIT_OK: u8 = 0;
/// Exit code: the report has error findings.
pub const EXIT_FINDINGS: u8 = 1;
/// Exit code: the input could not be used.
pub const EXIT_INPUT: u8 = 2;
/// Exit code: a signature or audit chain does not hold.
pub const EXIT_BROKEN: u8 = 3;
/// Exit code: the file is unsigned or of an unknown format.
pub const EXIT_UNSIGNED: u8 = 4;
/// Exit code: storage or internal failure.
pub const EXIT_FAILURE: u8 = 5;

/// Runs the CLI with the process arguments.
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli, &mut std::io::stdout().lock()) {
        Ok(code) => ExitCode::from(code),
        Err(e) => {
            eprintln!("nengbao: {e}");
            ExitCode::from(exit_code(&e))
        }
    }
}

/// The exit code for an error.
pub fn exit_code(e: &Error) -> u8 {
    match e.code() {
        ErrorCode::InvalidInput
        | ErrorCode::NotFound
        | ErrorCode::NotSignable
        | ErrorCode::WrongPassphrase
        | ErrorCode::UnreadableFile => EXIT_INPUT,
        ErrorCode::Storage | ErrorCode::TooNew | ErrorCode::Internal => EXIT_FAILURE,
    }
}

/// Runs one command, writing its output to `out`.
pub fn run(cli: Cli, out: &mut dyn Write) -> Result<u8, Error> {
    match cli.command {
        Command::Demo { out: dir, years } => report::demo(&dir, years, out),
        Command::Compute {
            report,
            prior,
            format,
        } => report::compute(&report, prior.as_deref(), format, out),
        Command::Check {
            report,
            prior,
            db,
            pack,
            format,
            lang,
        } => report::check(
            &report,
            prior.as_deref(),
            db.as_deref(),
            &pack,
            format,
            lang,
            out,
        ),
        Command::Rules { markdown, format } => report::rules(markdown, format, out),
        Command::Schema => report::schema(out),
        Command::Report { command } => report::report_cmd(command, out),
        Command::Ledger {
            command: LedgerCommand::Summary { report, format },
        } => report::ledger_summary(&report, format, out),
        Command::Evidence { command } => report::evidence_cmd(command, out),
        Command::Key { command } => keys::key_cmd(command, out),
        Command::County { command } => county::county_cmd(command, out),
        Command::Backup { db, out: dest } => database::backup(&db, &dest, out),
        Command::Restore { db, from } => database::restore(&db, &from, out),
        Command::Audit { command } => database::audit_cmd(command, out),
        Command::Dev {
            command: DevCommand::SaveLoop { db },
        } => report::save_loop(&db, out),
        Command::Export {
            report,
            key,
            pack,
            out: dest,
            draft,
            prior,
            db,
        } => submission::export(
            &submission::ExportArgs {
                report: &report,
                key: key.as_deref(),
                pack: &pack,
                dest: &dest,
                draft,
                prior: prior.as_deref(),
                db: db.as_deref(),
            },
            out,
        ),
        Command::Verify {
            file,
            format,
            trust,
        } => submission::verify(&file, format, trust.as_deref(), out),
        Command::Inspect { file, format } => submission::inspect(&file, format, out),
        Command::Print { file, out: dest } => submission::print(&file, &dest, out),
        Command::Template {
            pack,
            year,
            out: dest,
        } => submission::template(&pack, year, &dest, out),
        Command::Import {
            file,
            out: dest,
            format,
        } => submission::import(&file, &dest, format, out),
    }
}

/// An error writing to standard output.
fn out_err(e: std::io::Error) -> Error {
    Error::io("standard output", e)
}

fn print_json<T: serde::Serialize>(out: &mut dyn Write, v: &T) -> Result<(), Error> {
    let s = serde_json::to_string_pretty(v)
        .map_err(|e| Error::input(Text::same("output"), Text::same(e.to_string())))?;
    writeln!(out, "{s}").map_err(out_err)
}

/// Opens a workspace that must already exist (reading commands never create one).
fn open_existing(db: &Path) -> Result<Workspace, Error> {
    if !db.is_file() {
        return Err(Error::input(
            Text::same(db.display().to_string()),
            Text::same("workspace database not found"),
        ));
    }
    Workspace::open(db, Box::new(SystemClock))
}

/// The workspace named by `--db`, else an empty one in memory.
fn existing_or_memory(db: Option<&Path>) -> Result<Workspace, Error> {
    match db {
        Some(db) => open_existing(db),
        None => Workspace::in_memory(Box::new(SystemClock)),
    }
}
