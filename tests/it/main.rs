//! Core integration tests: one binary, one module per area.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

#[macro_use]
mod backend;
mod backups;
mod builder;
mod calc;
mod carbon;
mod cli;
mod county;
mod excel_import;
mod hostile_read;
mod intake_live;
mod intake_trust;
mod interchange;
mod keys;
mod layers;
mod ledger;
mod offices;
mod print;
mod refdata;
mod reliability;
mod store;
mod submission;
mod summary_verify;
mod validate;
