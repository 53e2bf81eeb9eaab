//! Keys: one fingerprint per key whatever its encoding, the pinned distinguishing ID, key files
//! private from their first byte.

use nengbao::sign::{self, Key, SignError, DEFAULT_DISTID};

/// GB/T 32918.5-2017 Annex A (GM/T 0003.5-2012): the example key pair and the signature of
/// "message digest" under ID 1234567812345678.
const ANNEX_PUBLIC: &str = "0409F9DF311E5421A150DD7D161E4BC5C672179FAD1833FC076BB08FF356F35020CCEA490CE26775A52DC6EA718CC1AA600AED05FBF35E084A6632F6072DA9AD13";
const ANNEX_SCALAR: &str = "3945208F7B2144B13F36E38AC6D39F95889393692860B51A42FB81EF4DF7C5B8";
const ANNEX_SIGNATURE: &str = "F5A03B0648D2C4630EEAC513E1BB81A15944DA3827D5B74143AC7EACEEE720B3B1B6AA29DF212FD8763182BC0D421CA1BB9038FD1F7F42D4840B69C485BBC1AA";

/// The compressed form of a 65-byte `04‖x‖y` key: `02/03‖x` by the parity of y.
fn compressed(uncompressed_hex: &str) -> String {
    let b = hex::decode(uncompressed_hex).unwrap();
    assert_eq!((b.len(), b[0]), (65, 4));
    let tag = if b[64] & 1 == 1 { 0x03 } else { 0x02 };
    let mut out = vec![tag];
    out.extend_from_slice(&b[1..33]);
    hex::encode(out)
}

fn fixture_key_text() -> String {
    std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/keys/enterprise.key"
    ))
    .unwrap()
}

#[test]
fn compressed_and_uncompressed_encodings_have_one_fingerprint() {
    let full = hex::decode(ANNEX_PUBLIC).unwrap();
    let short_hex = compressed(ANNEX_PUBLIC);
    assert!(short_hex.starts_with("03"), "y of the Annex key is odd");
    let short = hex::decode(&short_hex).unwrap();
    assert_eq!(short.len(), 33);

    let fp = sign::fingerprint(&full);
    assert_eq!(sign::fingerprint(&short), fp);
    // The key derived from the Annex's scalar has that fingerprint too.
    let k = Key::from_scalar(&hex::decode(ANNEX_SCALAR).unwrap()).unwrap();
    assert_eq!(k.fingerprint(), fp);
    // And so does a key file's public key, read without the passphrase.
    let kf = sign::KeyFile::parse(&fixture_key_text()).unwrap();
    assert_eq!(
        kf.fingerprint(),
        sign::fingerprint(&hex::decode(compressed(&hex::encode(&kf.public))).unwrap())
    );

    // parse_public accepts both and answers the canonical 65-byte form.
    assert_eq!(sign::parse_public(ANNEX_PUBLIC).unwrap(), full);
    assert_eq!(sign::parse_public(&short_hex).unwrap(), full);
    assert_eq!(
        sign::parse_public(&format!("  {}\n", short_hex.to_uppercase())).unwrap(),
        full
    );
    // A person may read either form aloud: normalize_hex still compares fingerprints.
    assert_eq!(
        sign::normalize_hex(&fp),
        sign::normalize_hex(&fp.replace(' ', "").to_lowercase())
    );

    // A signature verifies with the key in either encoding.
    for public in [ANNEX_PUBLIC, short_hex.as_str()] {
        assert_eq!(
            sign::verify_fixed(b"message digest", public, ANNEX_SIGNATURE, None),
            Ok(true)
        );
    }
}

#[test]
fn invalid_points_are_refused() {
    let full = hex::decode(ANNEX_PUBLIC).unwrap();
    let mut off_curve = full.clone();
    off_curve[64] ^= 1; // y changed: not on the curve
    let mut wrong_parity = hex::decode(compressed(ANNEX_PUBLIC)).unwrap();
    wrong_parity[0] = 0x05; // no such tag
    let mut hybrid = full.clone();
    hybrid[0] = 0x07; // hybrid encodings are not accepted
    let cases: Vec<(&str, Vec<u8>)> = vec![
        ("off the curve", off_curve),
        ("unknown tag", wrong_parity),
        ("hybrid", hybrid),
        ("truncated", full[..64].to_vec()),
        ("x only, no tag", full[1..33].to_vec()),
        ("point at infinity", vec![0x00]),
        ("empty", vec![]),
        ("x beyond the field", {
            let mut v = vec![0x02];
            v.extend_from_slice(&[0xff; 32]);
            v
        }),
    ];
    for (what, bytes) in cases {
        assert_eq!(
            sign::parse_public(&hex::encode(&bytes)),
            Err(SignError::BadPublicKey),
            "{what}"
        );
        assert_eq!(
            sign::canonical_public(&bytes),
            Err(SignError::BadPublicKey),
            "{what}"
        );
    }
    assert_eq!(sign::parse_public("not hex"), Err(SignError::BadPublicKey));
    // A compressed x with no point on the curve: some x in a short scan has none.
    let no_point = (0u8..=255)
        .map(|i| {
            let mut v = vec![0x02];
            v.extend_from_slice(&[0u8; 31]);
            v.push(i);
            v
        })
        .find(|v| sign::canonical_public(v).is_err());
    assert!(no_point.is_some(), "half of all x have no point");
}

#[test]
fn a_foreign_distinguishing_id_is_refused() {
    // The pinned ID, declared or not, verifies.
    assert_eq!(
        sign::verify_fixed(b"message digest", ANNEX_PUBLIC, ANNEX_SIGNATURE, None),
        Ok(true)
    );
    assert_eq!(
        sign::verify_fixed(
            b"message digest",
            ANNEX_PUBLIC,
            ANNEX_SIGNATURE,
            Some(DEFAULT_DISTID)
        ),
        Ok(true)
    );
    assert_eq!(
        sign::verify_fixed(b"message digesT", ANNEX_PUBLIC, ANNEX_SIGNATURE, None),
        Ok(false)
    );
    // Any other declared ID is refused before any verification, even one the signature would
    // verify under.
    for other in [
        "ALICE123@YAHOO.COM",
        "",
        "1234567812345678 ",
        "12345678123456789",
    ] {
        let err = sign::verify_fixed(
            b"message digest",
            ANNEX_PUBLIC,
            ANNEX_SIGNATURE,
            Some(other),
        )
        .unwrap_err();
        assert_eq!(err, SignError::ForeignDistId(other.to_string()));
        let msg = err.to_string();
        assert!(msg.contains("签名者标识"), "{msg}");
        assert!(msg.contains("distinguishing ID"), "{msg}");
        assert!(msg.contains(DEFAULT_DISTID), "{msg}");
    }
    // The primitive still takes an explicit ID (the ID is part of ZA).
    assert_eq!(
        sign::verify(
            b"message digest",
            ANNEX_PUBLIC,
            ANNEX_SIGNATURE,
            "ALICE123@YAHOO.COM"
        ),
        Ok(false)
    );
}

#[cfg(unix)]
fn mode(p: &std::path::Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::symlink_metadata(p).unwrap().permissions().mode() & 0o777
}

#[cfg(unix)]
#[test]
fn key_files_are_owner_only_from_the_first_byte() {
    let dir = tempfile::tempdir().unwrap();
    let text = fixture_key_text();

    // A new key file is 0600 right after it is written.
    let path = dir.path().join("enterprise.key");
    nengbao::workspace::keys::write_key_file(&path, &text).unwrap();
    assert_eq!(mode(&path), 0o600);
    assert_eq!(std::fs::read_to_string(&path).unwrap(), text);

    // The temporary file is 0600 from its creation, before a byte is written to it.
    let tmp = dir.path().join(".probe.tmp");
    let f = nengbao::interchange::create_private(&tmp).unwrap();
    assert_eq!(std::fs::metadata(&tmp).unwrap().len(), 0);
    assert_eq!(mode(&tmp), 0o600, "never readable by group or others");
    drop(f);
    // It never reuses what is already there (whose mode would be kept).
    assert!(nengbao::interchange::create_private(&tmp).is_err());

    // A stale, world-readable temporary file at the writer's temp name is not written into.
    let stale = dir
        .path()
        .join(format!(".other.key.tmp-{}", std::process::id()));
    std::fs::write(&stale, "stale").unwrap();
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&stale, std::fs::Permissions::from_mode(0o644)).unwrap();
    }
    let other = dir.path().join("other.key");
    nengbao::workspace::keys::write_key_file(&other, &text).unwrap();
    assert_eq!(mode(&other), 0o600);
    assert!(!stale.exists(), "the temporary file was renamed into place");

    // Re-sealing over an existing, too-open key file leaves it 0600 as well.
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();
    }
    nengbao::workspace::keys::write_key_file(&path, &text).unwrap();
    assert_eq!(mode(&path), 0o600);

    // Nothing else is left in the folder.
    let mut names: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names, [".probe.tmp", "enterprise.key", "other.key"]);
}

#[test]
fn a_written_key_file_opens_with_its_passphrase() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("k.key");
    nengbao::workspace::keys::write_key_file(&path, &fixture_key_text()).unwrap();
    let k = Key::open(&std::fs::read_to_string(&path).unwrap(), "test-passphrase").unwrap();
    let kf = sign::KeyFile::parse(&fixture_key_text()).unwrap();
    assert_eq!(k.fingerprint(), kf.fingerprint());
    assert_eq!(k.public_sec1(), kf.public.as_slice());
    // A key dropped after use (its scalar overwritten) does not disturb another copy.
    let again = Key::open(&fixture_key_text(), "test-passphrase").unwrap();
    drop(k);
    let sig = again.sign(b"payload");
    assert_eq!(
        sign::verify_fixed(b"payload", &again.public_hex(), &hex::encode(sig), None),
        Ok(true)
    );
}
