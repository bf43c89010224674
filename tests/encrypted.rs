//! The encrypted backup envelope and its base64 (the cryptography itself is the browser's WebCrypto,
//! tested in headless Chromium by tests/crypto.rs).
#![cfg(not(target_arch = "wasm32"))]

use proptest::prelude::*;
use rapport::domain::formats::encrypted::*;

#[test]
fn base64_known_values() {
    assert_eq!(b64_encode(b""), "");
    assert_eq!(b64_encode(b"f"), "Zg==");
    assert_eq!(b64_encode(b"fo"), "Zm8=");
    assert_eq!(b64_encode(b"foo"), "Zm9v");
    assert_eq!(b64_encode(b"foobar"), "Zm9vYmFy");
    assert_eq!(b64_decode("Zm9vYmE=").unwrap(), b"fooba");
    assert_eq!(b64_decode("Zm9v\nYmFy").unwrap(), b"foobar");
    for bad in ["Zg=", "Z===", "Zm9v!A==", "Zg==Zg==", "=Zg="] {
        assert_eq!(b64_decode(bad), None, "{bad}");
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]
    #[test]
    fn base64_round_trips(bytes in prop::collection::vec(any::<u8>(), 0..200)) {
        prop_assert_eq!(b64_decode(&b64_encode(&bytes)), Some(bytes));
    }

    #[test]
    fn garbage_never_panics(s in any::<String>(), bytes in prop::collection::vec(any::<u8>(), 0..300)) {
        let _ = b64_decode(&s);
        let _ = Envelope::parse(&bytes);
        let _ = Envelope::parse(s.as_bytes());
    }
}

#[test]
fn envelope_round_trip_and_checks() {
    let e = Envelope::new(&[1; 16], &[2; 12], &[3; 40]);
    let json = e.to_json();
    assert!(looks_encrypted(json.as_bytes()));
    let (back, salt, iv, data) = Envelope::parse(json.as_bytes()).unwrap();
    assert_eq!(back, e);
    assert_eq!((salt, iv, data), (vec![1; 16], vec![2; 12], vec![3; 40]));
    assert_eq!(back.iterations, 600_000);

    assert_eq!(
        Envelope::parse(b"{\"format\":\"rapport-backup\"}"),
        Err(EnvelopeError::NotEncrypted)
    );
    assert_eq!(
        Envelope::parse(b"not json"),
        Err(EnvelopeError::NotEncrypted)
    );
    let newer = json.replace("\"version\": 1", "\"version\": 2");
    assert_eq!(
        Envelope::parse(newer.as_bytes()),
        Err(EnvelopeError::Unsupported)
    );
    let short_iv = Envelope::new(&[1; 16], &[2; 8], &[3; 40]).to_json();
    assert_eq!(
        Envelope::parse(short_iv.as_bytes()),
        Err(EnvelopeError::Damaged)
    );
    let bad_b64 = json.replace(&b64_encode(&[3; 40]), "***");
    assert_eq!(
        Envelope::parse(bad_b64.as_bytes()),
        Err(EnvelopeError::Damaged)
    );
    assert!(!looks_encrypted(
        b"{\"format\":\"rapport-backup\",\"version\":1}"
    ));
    // The words for each error are the UI's (`ui::messages::envelope_error`, an exhaustive match).
}
