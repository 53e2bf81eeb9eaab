//! Signing keys (create, show, change passphrase) and key cards.

use std::path::Path;

use nengbao::workspace::keys::{self, KeyInfo};

use super::{wire, CmdResult};

#[tauri::command(async)]
pub fn key_create(path: String, passphrase: String) -> CmdResult<KeyInfo> {
    let passphrase = zeroize::Zeroizing::new(passphrase);
    keys::key_create(Path::new(&path), &passphrase).map_err(wire)
}

#[tauri::command(async)]
pub fn key_show(path: String) -> CmdResult<KeyInfo> {
    keys::key_show(Path::new(&path)).map_err(wire)
}

#[tauri::command(async)]
pub fn key_passwd(path: String, old: String, next: String) -> CmdResult<KeyInfo> {
    let (old, next) = (zeroize::Zeroizing::new(old), zeroize::Zeroizing::new(next));
    keys::key_passwd(Path::new(&path), &old, &next).map_err(wire)
}

/// The key card of a unit's key: the public key as text and as a QR code beside the fingerprint.
#[tauri::command(async)]
pub fn key_card(
    name: String,
    uscc: String,
    public_key: String,
    date: String,
) -> CmdResult<nengbao::keycard::KeyCard> {
    nengbao::keycard::card(&name, &uscc, &public_key, &date).map_err(wire)
}

/// Writes the key card as a small file (`nengbao.keycard/1`) the county registers units from.
#[tauri::command(async)]
pub fn key_card_save(
    name: String,
    uscc: String,
    public_key: String,
    date: String,
    out: String,
) -> CmdResult<String> {
    let card = nengbao::keycard::card(&name, &uscc, &public_key, &date).map_err(wire)?;
    nengbao::keycard::write_card(&card, Path::new(&out)).map_err(wire)?;
    Ok(out)
}

/// Key cards to register at once: a folder of card files, one card file, or a CSV list of credit
/// code and public key; each card with its fingerprint, and what could not be read.
#[tauri::command(async)]
pub fn key_cards_read(path: String) -> CmdResult<nengbao::keycard::CardsRead> {
    nengbao::keycard::read_cards_for_registry(Path::new(&path)).map_err(wire)
}
