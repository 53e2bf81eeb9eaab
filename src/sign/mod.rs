//! 签名 — SM2 signatures with SM3 (GB/T 32918, GB/T 32905) over canonical payload bytes, and the
//! enterprise key kept encrypted at rest.
//!
//! Key file (text, one `name: value` per line after the first):
//! ```text
//! NENGBAO SM2 KEY v1
//! public: 04…            SEC1 uncompressed public key, hex
//! kdf: argon2id m=65536 t=3 p=1
//! salt: …                16 bytes, hex
//! nonce: …               12 bytes, hex
//! sealed: …              AES-256-GCM(32-byte secret scalar) with tag, hex
//! ```
//! The AEAD's associated data is every line before `nonce:`, so the public key, the KDF
//! parameters and the salt cannot be swapped without the passphrase check failing. The private
//! scalar never touches the disk in plain text; the copies of it this module holds (the decrypted
//! bytes, the signing key), the key derived from the passphrase and Argon2's working memory are
//! zeroized or overwritten when dropped (copies a move leaves on the stack are beyond safe Rust).
//!
//! A public key has one identity whatever its SEC1 encoding: compressed (`02/03‖x`) and
//! uncompressed (`04‖x‖y`) forms parse to the same point, and [`fingerprint`] and
//! [`parse_public`] work on the canonical uncompressed form.

use aes_gcm::aead::{Aead, KeyInit, Payload};
use aes_gcm::Aes256Gcm;
use argon2::{Algorithm, Argon2, Block, Params, Version};
use sm2::dsa::signature::{Signer, Verifier};
use sm2::dsa::{Signature, SigningKey, VerifyingKey};
use sm2::elliptic_curve::sec1::ToSec1Point;
use sm2::elliptic_curve::Generate;
use sm2::{PublicKey, SecretKey};
use sm3::{Digest, Sm3};
use zeroize::{Zeroize, Zeroizing};

/// The distinguishing ID of GM/T 0009 (and of the GB/T 32918.5 Annex A example).
pub const DEFAULT_DISTID: &str = "1234567812345678";

const KEY_HEADER: &str = "NENGBAO SM2 KEY v1";
/// Argon2id parameters for new keys: 64 MiB, 3 passes, 1 lane (about 0.12 s here).
const ARGON_M_KIB: u32 = 65_536;
const ARGON_T: u32 = 3;
const ARGON_P: u32 = 1;
/// Upper bounds accepted from a key file, so a crafted file cannot demand huge memory or time.
const ARGON_MAX_M_KIB: u32 = 1_048_576;
const ARGON_MAX_T: u32 = 16;

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum SignError {
    #[error("口令错误，或密钥文件已损坏 (wrong passphrase, or the key file is damaged)")]
    WrongPassphrase,
    #[error("不是能报的密钥文件（{0}）：请选择生成密钥时保存的密钥文件 (not a Nengbao key file ({0}): choose the key file saved when the key was created)")]
    BadKeyFile(String),
    #[error("口令至少需要8个字符 (the passphrase must be at least 8 characters)")]
    WeakPassphrase,
    #[error(
        "公钥无效 (invalid public key: not an SM2 point, 33 bytes 02/03‖x or 65 bytes 04‖x‖y)"
    )]
    BadPublicKey,
    #[error("签名编码无效 (invalid signature encoding)")]
    BadSignature,
    #[error("密码运算失败：{0} (cryptographic failure: {0})")]
    Crypto(String),
    /// A file declares a distinguishing ID other than the one Nengbao pins.
    #[error("不支持的签名者标识 {0:?}，只接受 1234567812345678 (unsupported distinguishing ID {0:?}: only 1234567812345678 is accepted)")]
    ForeignDistId(String),
}

impl SignError {
    /// The message in both languages.
    pub fn text(&self) -> crate::text::Text {
        use crate::text::Text;
        match self {
            SignError::WrongPassphrase => Text::new(
                "口令错误，或密钥文件已损坏",
                "wrong passphrase, or the key file is damaged",
            ),
            SignError::BadPublicKey => Text::new(
                "公钥无效",
                "invalid public key: not an SM2 point, 33 bytes 02/03‖x or 65 bytes 04‖x‖y",
            ),
            SignError::ForeignDistId(d) => Text::new(
                format!("不支持的签名者标识 {d:?}，只接受 1234567812345678"),
                format!("unsupported distinguishing ID {d:?}: only 1234567812345678 is accepted"),
            ),
            SignError::BadKeyFile(d) => Text::new(
                format!("不是能报的密钥文件（{d}）：请选择生成密钥时保存的密钥文件"),
                format!("not a Nengbao key file ({d}): choose the key file saved when the key was created"),
            ),
            SignError::WeakPassphrase => Text::new(
                "口令至少需要8个字符",
                "the passphrase must be at least 8 characters",
            ),
            SignError::BadSignature => Text::new("签名编码无效", "invalid signature encoding"),
            SignError::Crypto(d) => Text::new(
                format!("密码运算失败：{d}"),
                format!("cryptographic failure: {d}"),
            ),
        }
    }
}

/// SM3 of bytes, lowercase hex.
pub fn sm3_hex(bytes: &[u8]) -> String {
    hex::encode(Sm3::digest(bytes))
}

/// The fingerprint of a public key: SM3 of its canonical SEC1 bytes (uncompressed, `04‖x‖y`),
/// upper-case hex in groups of four, so it can be read aloud over the phone and compared with the
/// stamped paper copy. A compressed encoding of the same point gives the same fingerprint. Bytes
/// that are not a point on the curve are hashed as given (such a key verifies nothing, and its
/// fingerprint matches no registered key).
pub fn fingerprint(public_sec1: &[u8]) -> String {
    let canonical = canonical_public(public_sec1).ok();
    let bytes = canonical.as_deref().unwrap_or(public_sec1);
    let h = hex::encode_upper(Sm3::digest(bytes));
    h.as_bytes()
        .chunks(4)
        .map(|c| String::from_utf8_lossy(c).into_owned())
        .collect::<Vec<_>>()
        .join(" ")
}

/// Normalizes a fingerprint or public key given by a person (spaces, case) for comparison.
pub fn normalize_hex(s: &str) -> String {
    s.chars()
        .filter(|c| !c.is_whitespace() && *c != ':' && *c != '-')
        .collect::<String>()
        .to_ascii_lowercase()
}

/// The canonical (uncompressed, 65-byte) SEC1 encoding of an SM2 point given as compressed
/// (33 bytes, `02/03‖x`) or uncompressed (65 bytes, `04‖x‖y`) SEC1 bytes. Anything else —
/// other lengths or tags, the point at infinity, a point not on the curve — is refused.
pub fn canonical_public(sec1: &[u8]) -> Result<Vec<u8>, SignError> {
    match (sec1.len(), sec1.first()) {
        (33, Some(0x02 | 0x03)) | (65, Some(0x04)) => {}
        _ => return Err(SignError::BadPublicKey),
    }
    let pk = PublicKey::from_sec1_bytes(sec1).map_err(|_| SignError::BadPublicKey)?;
    Ok(pk.to_sec1_point(false).as_bytes().to_vec())
}

/// An unlocked enterprise key.
pub struct Key {
    /// Boxed so that [`Drop`] can overwrite the secret scalar where it lives: `SigningKey` does
    /// not zeroize itself.
    signing: Box<SigningKey>,
    public: Vec<u8>,
}

impl Drop for Key {
    fn drop(&mut self) {
        // Overwrite the signing key in place with a public, worthless one (scalar 1), and make
        // the store observable so it is not removed as dead before the box is freed.
        let mut one = [0u8; 32];
        one[31] = 1;
        if let Ok(blank) = SigningKey::from_slice(DEFAULT_DISTID, &one) {
            *self.signing = blank;
            std::hint::black_box(&*self.signing);
        }
    }
}

impl std::fmt::Debug for Key {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Key")
            .field("public", &hex::encode(&self.public))
            .finish()
    }
}

impl Key {
    /// A new random key.
    pub fn generate() -> Result<Self, SignError> {
        let sk = SecretKey::generate();
        Self::from_secret(&sk)
    }

    /// `sk` zeroizes itself when the caller drops it.
    fn from_secret(sk: &SecretKey) -> Result<Self, SignError> {
        let signing = Box::new(
            SigningKey::new(DEFAULT_DISTID, sk).map_err(|e| SignError::Crypto(e.to_string()))?,
        );
        let public = signing.verifying_key().to_sec1_bytes().to_vec();
        Ok(Key { signing, public })
    }

    /// A key from a raw 32-byte scalar (test vectors, test keys, an opened key file). The
    /// caller's bytes are only read; the copy made here is a `SecretKey`, zeroized on drop.
    pub fn from_scalar(bytes: &[u8]) -> Result<Self, SignError> {
        let sk =
            SecretKey::from_slice(bytes).map_err(|_| SignError::BadKeyFile("bad scalar".into()))?;
        Self::from_secret(&sk)
    }

    /// SEC1 uncompressed public key (65 bytes, `04‖x‖y`).
    pub fn public_sec1(&self) -> &[u8] {
        &self.public
    }

    pub fn public_hex(&self) -> String {
        hex::encode(&self.public)
    }

    pub fn fingerprint(&self) -> String {
        fingerprint(&self.public)
    }

    /// Signs `msg` with SM2 (SM3 inside, ZA over [`DEFAULT_DISTID`]); returns r‖s, 64 bytes.
    /// Deterministic (RFC 6979 nonce), so the same payload gives the same signature.
    pub fn sign(&self, msg: &[u8]) -> [u8; 64] {
        let sig: Signature = self.signing.sign(msg);
        let mut out = [0u8; 64];
        out.copy_from_slice(&sig.to_bytes());
        out
    }

    /// Seals the key under a passphrase into the key-file text.
    pub fn seal(&self, passphrase: &str) -> Result<String, SignError> {
        if passphrase.chars().count() < 8 {
            return Err(SignError::WeakPassphrase);
        }
        let mut salt = [0u8; 16];
        let mut nonce = [0u8; 12];
        getrandom::fill(&mut salt).map_err(|e| SignError::Crypto(e.to_string()))?;
        getrandom::fill(&mut nonce).map_err(|e| SignError::Crypto(e.to_string()))?;
        let head = format!(
            "{KEY_HEADER}\npublic: {}\nkdf: argon2id m={ARGON_M_KIB} t={ARGON_T} p={ARGON_P}\nsalt: {}\n",
            self.public_hex(),
            hex::encode(salt)
        );
        let kek = kek(passphrase, &salt, ARGON_M_KIB, ARGON_T, ARGON_P)?;
        let cipher = Aes256Gcm::new_from_slice(kek.as_slice())
            .map_err(|e| SignError::Crypto(e.to_string()))?;
        let secret = Zeroizing::new(self.signing.as_nonzero_scalar().to_bytes());
        let sealed = cipher
            .encrypt(
                (&nonce).into(),
                Payload {
                    msg: secret.as_slice(),
                    aad: head.as_bytes(),
                },
            )
            .map_err(|e| SignError::Crypto(e.to_string()))?;
        Ok(format!(
            "{head}nonce: {}\nsealed: {}\n",
            hex::encode(nonce),
            hex::encode(sealed)
        ))
    }

    /// Opens a key file with its passphrase.
    pub fn open(text: &str, passphrase: &str) -> Result<Self, SignError> {
        let kf = KeyFile::parse(text)?;
        let kek = kek(passphrase, &kf.salt, kf.m, kf.t, kf.p)?;
        let cipher = Aes256Gcm::new_from_slice(kek.as_slice())
            .map_err(|e| SignError::Crypto(e.to_string()))?;
        let nonce: [u8; 12] = kf
            .nonce
            .as_slice()
            .try_into()
            .map_err(|_| SignError::BadKeyFile("nonce".into()))?;
        // The plaintext Vec is moved (not copied) into `Zeroizing` at once.
        let secret: Zeroizing<Vec<u8>> = cipher
            .decrypt(
                (&nonce).into(),
                Payload {
                    msg: &kf.sealed,
                    aad: kf.head.as_bytes(),
                },
            )
            .map(Zeroizing::new)
            .map_err(|_| SignError::WrongPassphrase)?;
        let key = Key::from_scalar(&secret)?;
        if key.public != kf.public {
            return Err(SignError::BadKeyFile(
                "public key does not match the sealed key".into(),
            ));
        }
        Ok(key)
    }
}

/// The key-encryption key derived from the passphrase. Argon2's working memory is supplied here
/// and zeroized afterwards (the `argon2` crate wipes it only with its `zeroize` feature), since
/// its last blocks determine the derived key.
fn kek(
    passphrase: &str,
    salt: &[u8],
    m: u32,
    t: u32,
    p: u32,
) -> Result<Zeroizing<[u8; 32]>, SignError> {
    let params = Params::new(m, t, p, Some(32)).map_err(|e| SignError::Crypto(e.to_string()))?;
    let mut memory = vec![Block::default(); params.block_count()];
    let mut out = Zeroizing::new([0u8; 32]);
    let result = Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
        .hash_password_into_with_memory(
            passphrase.as_bytes(),
            salt,
            out.as_mut_slice(),
            &mut memory,
        );
    for block in &mut memory {
        block.as_mut().zeroize();
    }
    result.map_err(|e| SignError::Crypto(e.to_string()))?;
    Ok(out)
}

/// The readable parts of a key file (no passphrase needed).
#[derive(Debug, Clone)]
pub struct KeyFile {
    /// Everything before `nonce:`, the AEAD associated data.
    head: String,
    pub public: Vec<u8>,
    m: u32,
    t: u32,
    p: u32,
    salt: Vec<u8>,
    nonce: Vec<u8>,
    sealed: Vec<u8>,
}

impl KeyFile {
    pub fn parse(text: &str) -> Result<Self, SignError> {
        let bad = |w: &str| SignError::BadKeyFile(w.to_string());
        let mut lines = text.lines();
        if lines.next().map(str::trim) != Some(KEY_HEADER) {
            return Err(bad("missing header"));
        }
        let mut field = |name: &str| -> Result<String, SignError> {
            let line = lines.next().ok_or_else(|| bad(name))?;
            line.strip_prefix(&format!("{name}: "))
                .map(|v| v.trim().to_string())
                .ok_or_else(|| bad(name))
        };
        let public = field("public")?;
        let kdf = field("kdf")?;
        let salt = field("salt")?;
        let nonce = field("nonce")?;
        let sealed = field("sealed")?;
        let mut parts = kdf.split_whitespace();
        if parts.next() != Some("argon2id") {
            return Err(bad("kdf"));
        }
        let mut num = |prefix: &str| -> Result<u32, SignError> {
            parts
                .next()
                .and_then(|s| s.strip_prefix(prefix))
                .and_then(|s| s.parse().ok())
                .ok_or_else(|| bad("kdf parameters"))
        };
        let (m, t, p) = (num("m=")?, num("t=")?, num("p=")?);
        if m > ARGON_MAX_M_KIB || t > ARGON_MAX_T || p == 0 || p > 16 {
            return Err(bad("kdf parameters out of range"));
        }
        let head = format!("{KEY_HEADER}\npublic: {public}\nkdf: {kdf}\nsalt: {salt}\n");
        let h = |s: &str, w: &str| hex::decode(s).map_err(|_| bad(w));
        Ok(KeyFile {
            head,
            public: h(&public, "public")?,
            m,
            t,
            p,
            salt: h(&salt, "salt")?,
            nonce: h(&nonce, "nonce")?,
            sealed: h(&sealed, "sealed")?,
        })
    }

    pub fn fingerprint(&self) -> String {
        fingerprint(&self.public)
    }
}

/// Checks that hex is an SM2 public key on the curve (SEC1, compressed 33 bytes or uncompressed
/// 65 bytes) and returns its canonical uncompressed bytes (65 bytes, `04‖x‖y`).
pub fn parse_public(public_hex: &str) -> Result<Vec<u8>, SignError> {
    let pk = hex::decode(public_hex.trim()).map_err(|_| SignError::BadPublicKey)?;
    canonical_public(&pk)
}

/// Verifies an SM2 signature (r‖s, hex) by a SEC1 public key (hex, compressed or uncompressed)
/// over `msg`, with the pinned distinguishing ID [`DEFAULT_DISTID`]. `declared_distid` is the
/// ID a file states, if any: anything other than the pinned one is refused with
/// [`SignError::ForeignDistId`] rather than verified, so a file cannot choose its own ZA.
pub fn verify_fixed(
    msg: &[u8],
    public_hex: &str,
    signature_hex: &str,
    declared_distid: Option<&str>,
) -> Result<bool, SignError> {
    if let Some(d) = declared_distid {
        if d != DEFAULT_DISTID {
            return Err(SignError::ForeignDistId(d.to_string()));
        }
    }
    verify(msg, public_hex, signature_hex, DEFAULT_DISTID)
}

/// Verifies an SM2 signature (r‖s, hex) by a SEC1 public key (hex, compressed or uncompressed)
/// over `msg` with the given distinguishing ID. This is the primitive (the GB/T 32918.5 vectors
/// use other IDs); a file's signature is checked with [`verify_fixed`], which pins the ID.
pub fn verify(
    msg: &[u8],
    public_hex: &str,
    signature_hex: &str,
    distid: &str,
) -> Result<bool, SignError> {
    let pk = parse_public(public_hex)?;
    let vk = VerifyingKey::from_sec1_bytes(distid, &pk).map_err(|_| SignError::BadPublicKey)?;
    let sig_bytes = hex::decode(signature_hex.trim()).map_err(|_| SignError::BadSignature)?;
    let sig = Signature::from_slice(&sig_bytes).map_err(|_| SignError::BadSignature)?;
    Ok(vk.verify(msg, &sig).is_ok())
}
