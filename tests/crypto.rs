//! Passphrase encryption with WebCrypto, in headless Chromium.
#![cfg(target_arch = "wasm32")]

use rapport::domain::formats::encrypted::{looks_encrypted, Envelope, ITERATIONS};
use rapport::platform::crypto::{decrypt, encrypt, CryptoError};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
async fn encrypt_then_decrypt_with_the_right_passphrase() {
    let plain = "{\"format\":\"rapport-backup\",\"name\":\"José Núñez 🎂\"}".as_bytes();
    let file = encrypt("kue lapis 2026", plain).await.unwrap();
    assert!(looks_encrypted(file.as_bytes()));
    assert!(!file.contains("José"), "the plain text must not show");
    let (env, ..) = Envelope::parse(file.as_bytes()).unwrap();
    assert_eq!(env.iterations, ITERATIONS);
    assert_eq!(
        decrypt("kue lapis 2026", file.as_bytes()).await.unwrap(),
        plain
    );
    // Two encryptions of the same data differ (random salt and IV).
    let again = encrypt("kue lapis 2026", plain).await.unwrap();
    assert_ne!(again, file);
}

#[wasm_bindgen_test]
async fn wrong_passphrase_and_tampering_are_refused() {
    let file = encrypt("right", b"secret customers").await.unwrap();
    let err = decrypt("wrong", file.as_bytes()).await.unwrap_err();
    assert_eq!(err, CryptoError::WrongPassphrase);
    // Worded by the UI (`ui::messages::crypto_error`, an exhaustive match).

    // Flip one byte of the ciphertext: GCM's tag refuses it.
    let (env, salt, iv, mut data) = Envelope::parse(file.as_bytes()).unwrap();
    data[0] ^= 1;
    let mut tampered = Envelope::new(&salt, &iv, &data);
    tampered.iterations = env.iterations;
    let err = decrypt("right", tampered.to_json().as_bytes())
        .await
        .unwrap_err();
    assert_eq!(err, CryptoError::WrongPassphrase);

    // Not an encrypted file at all.
    assert!(matches!(
        decrypt("right", b"{}").await,
        Err(CryptoError::Envelope(_))
    ));
}
