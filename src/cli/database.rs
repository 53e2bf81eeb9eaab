//! Database files: backup, restore, the audit log.

use std::io::Write;
use std::path::Path;

use nengbao::error::Error;
use nengbao::store::audit::{Anchored, Verdict};
use nengbao::workspace::{files, SystemClock};

use super::{
    open_existing, out_err, print_json, render, AuditCommand, Format, EXIT_BROKEN, EXIT_OK,
};

pub(super) fn backup(db: &Path, dest: &Path, out: &mut dyn Write) -> Result<u8, Error> {
    files::database_backup(db, dest)?;
    writeln!(out, "已备份 {} → {}", db.display(), dest.display()).map_err(out_err)?;
    Ok(EXIT_OK)
}

pub(super) fn restore(db: &Path, from: &Path, out: &mut dyn Write) -> Result<u8, Error> {
    if let Some(k) = files::database_restore(db, from, &SystemClock)? {
        writeln!(out, "原数据库已保留为 {}", k.display()).map_err(out_err)?;
    }
    writeln!(out, "已从 {} 恢复 {}", from.display(), db.display()).map_err(out_err)?;
    Ok(EXIT_OK)
}

pub(super) fn audit_cmd(cmd: AuditCommand, out: &mut dyn Write) -> Result<u8, Error> {
    match cmd {
        AuditCommand::Verify {
            db,
            against: None,
            format,
        } => {
            let v = files::audit_verify(&db)?;
            match format {
                Format::Json => print_json(out, &v)?,
                Format::Text => render::audit_verdict(out, &v).map_err(out_err)?,
            }
            Ok(match v {
                Verdict::Intact { .. } => EXIT_OK,
                Verdict::Broken { .. } => EXIT_BROKEN,
            })
        }
        AuditCommand::Verify {
            db,
            against: Some(file),
            format,
        } => {
            let (head, v) = files::audit_verify_against(&db, &file)?;
            match format {
                Format::Json => print_json(out, &v)?,
                Format::Text => render::audit_anchored(out, &head, &v).map_err(out_err)?,
            }
            Ok(match v {
                Anchored::Found { .. } => EXIT_OK,
                _ => EXIT_BROKEN,
            })
        }
        AuditCommand::List { db, object, format } => {
            let list = open_existing(&db)?.audit_list(object.as_deref())?;
            match format {
                Format::Json => print_json(out, &list)?,
                Format::Text => render::audit_list(out, &list).map_err(out_err)?,
            }
            Ok(EXIT_OK)
        }
    }
}
