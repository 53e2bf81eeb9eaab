//! Key commands: new, show, change passphrase, export — and the passphrase prompts.

use std::io::Write;

use nengbao::error::Error;
use nengbao::text::Text;
use nengbao::workspace::keys;
use zeroize::Zeroizing;

use super::{out_err, print_json, Format, KeyCommand, EXIT_OK};

/// The passphrase from NENGBAO_PASSPHRASE, else asked for without echo.
pub(super) fn passphrase(prompt: &str, confirm: bool) -> Result<Zeroizing<String>, Error> {
    if let Ok(p) = std::env::var("NENGBAO_PASSPHRASE") {
        return Ok(Zeroizing::new(p));
    }
    let first = ask(prompt, "NENGBAO_PASSPHRASE")?;
    if confirm && *ask("再次输入口令：", "NENGBAO_PASSPHRASE")? != *first {
        return Err(differ());
    }
    Ok(first)
}

/// The new passphrase from NENGBAO_NEW_PASSPHRASE, else asked for twice without echo.
fn new_passphrase() -> Result<Zeroizing<String>, Error> {
    if let Ok(p) = std::env::var("NENGBAO_NEW_PASSPHRASE") {
        return Ok(Zeroizing::new(p));
    }
    let first = ask("新口令（至少8个字符）：", "NENGBAO_NEW_PASSPHRASE")?;
    if *ask("再次输入新口令：", "NENGBAO_NEW_PASSPHRASE")? != *first {
        return Err(differ());
    }
    Ok(first)
}

fn ask(prompt: &str, variable: &str) -> Result<Zeroizing<String>, Error> {
    rpassword::prompt_password(prompt)
        .map(Zeroizing::new)
        .map_err(|e| {
            Error::input(
                Text::same("passphrase"),
                Text::new(
                    format!("无法读取口令（不在终端上时请设置 {variable}）：{e}"),
                    format!(
                        "cannot read the passphrase (set {variable} when not on a terminal): {e}"
                    ),
                ),
            )
        })
}

fn differ() -> Error {
    Error::input(
        Text::same("passphrase"),
        Text::new("两次输入的口令不一致", "the passphrases differ"),
    )
}

pub(super) fn key_cmd(cmd: KeyCommand, out: &mut dyn Write) -> Result<u8, Error> {
    match cmd {
        KeyCommand::New { out: dest } => {
            keys::key_path_free(&dest)?;
            let pass = passphrase("设置密钥口令（至少8个字符）：", true)?;
            let k = keys::key_create(&dest, &pass)?;
            writeln!(out, "已生成密钥：{}\n公钥指纹：{}", k.path, k.fingerprint)
                .map_err(out_err)?;
        }
        KeyCommand::Passwd { key } => {
            let old = passphrase("原口令：", false)?;
            // The old passphrase opens the key before a new one is asked for.
            let opened = keys::key_open(&key, &old)?;
            let new = new_passphrase()?;
            let k = keys::key_reseal(&opened, &key, &new)?;
            writeln!(out, "口令已更改；公钥指纹不变：{}", k.fingerprint).map_err(out_err)?;
        }
        KeyCommand::Export { key, out: dest } => {
            let k = keys::key_export(&key, &dest)?;
            writeln!(
                out,
                "已备份密钥到 {}（指纹 {}）。\n注意：备份文件与原密钥同样可以签名，只受口令保护；请离线保存于安全处，勿通过邮件或网盘传送。",
                dest.display(),
                k.fingerprint
            )
            .map_err(out_err)?;
        }
        KeyCommand::Card {
            key,
            uscc,
            name,
            date,
            out: dest,
        } => {
            let k = keys::key_show(&key)?;
            let date = date
                .unwrap_or_else(|| nengbao::keycard::card_date(&nengbao::workspace::SystemClock));
            let card = nengbao::keycard::card(&name, &uscc, &k.public_key, &date)?;
            let qr = nengbao::keycard::qr_terminal(&nengbao::keycard::qr_text(
                &card.uscc,
                &card.public_key,
            ))?;
            write!(out, "{}{qr}", nengbao::keycard::to_text(&card)).map_err(out_err)?;
            writeln!(
                out,
                "\n请核对公钥指纹后交县级节能主管部门登记（扫码即得信用代码与公钥）。"
            )
            .map_err(out_err)?;
            if let Some(dest) = dest {
                nengbao::keycard::write_card(&card, &dest)?;
                writeln!(out, "已写出密钥卡文件：{}", dest.display()).map_err(out_err)?;
            }
        }
        KeyCommand::Show { key, format } => {
            let k = keys::key_show(&key)?;
            match format {
                Format::Json => print_json(
                    out,
                    &serde_json::json!({"public_key": k.public_key, "fingerprint": k.fingerprint}),
                )?,
                Format::Text => {
                    writeln!(out, "公钥：{}\n公钥指纹：{}", k.public_key, k.fingerprint)
                        .map_err(out_err)?
                }
            }
        }
    }
    Ok(EXIT_OK)
}
