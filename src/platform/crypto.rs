//! Passphrase encryption of backups with the browser's WebCrypto (never home-made crypto):
//! PBKDF2-SHA256 (600,000 iterations, random 16-byte salt) derives an AES-256-GCM key; a random
//! 12-byte IV; GCM's tag authenticates the file, so a wrong passphrase and a changed file are both
//! refused before anything is imported. The envelope format is `domain::encrypted`. The same
//! PBKDF2 derives the app PIN's hash ([`pin_hash`]).

use js_sys::{Array, Object, Reflect, Uint8Array};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

use crate::domain::formats::encrypted::{Envelope, EnvelopeError, ITERATIONS, IV_LEN, SALT_LEN};

/// Why locking or unlocking did not work (the UI words it: `ui::messages::formats`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CryptoError {
    /// The browser has no WebCrypto (very old browser, or a page not served over HTTPS).
    Unavailable,
    /// Wrong passphrase, or the file was changed: GCM cannot tell which.
    WrongPassphrase,
    /// The file is not a (readable) encrypted backup.
    Envelope(EnvelopeError),
    /// Something else failed; the browser's own (technical) message.
    Other(String),
}

fn obj(pairs: &[(&str, JsValue)]) -> Object {
    let o = Object::new();
    for (k, v) in pairs {
        let _ = Reflect::set(&o, &JsValue::from_str(k), v);
    }
    o
}

fn subtle() -> Result<web_sys::SubtleCrypto, CryptoError> {
    let crypto = super::window()
        .crypto()
        .map_err(|_| CryptoError::Unavailable)?;
    let subtle = crypto.subtle();
    if subtle.is_undefined() || subtle.is_null() {
        return Err(CryptoError::Unavailable);
    }
    Ok(subtle)
}

async fn await_promise(p: Result<js_sys::Promise, JsValue>) -> Result<JsValue, JsValue> {
    JsFuture::from(p?).await
}

fn other(e: JsValue) -> CryptoError {
    CryptoError::Other(
        e.dyn_ref::<js_sys::Error>()
            .map(|e| String::from(e.message()))
            .unwrap_or_else(|| format!("{e:?}")),
    )
}

/// PBKDF2-SHA256's algorithm parameters and the imported passphrase (its key material), for
/// `usage` (`deriveKey` or `deriveBits`).
async fn pbkdf2(
    passphrase: &str,
    salt: &[u8],
    iterations: u32,
    usage: &str,
) -> Result<(Object, web_sys::CryptoKey), CryptoError> {
    let pass = Uint8Array::from(passphrase.as_bytes());
    let base = await_promise(subtle()?.import_key_with_str(
        "raw",
        &pass,
        "PBKDF2",
        false,
        &Array::of1(&usage.into()),
    ))
    .await
    .map_err(other)?;
    let algorithm = obj(&[
        ("name", "PBKDF2".into()),
        ("hash", "SHA-256".into()),
        ("salt", Uint8Array::from(salt).into()),
        ("iterations", f64::from(iterations).into()),
    ]);
    Ok((algorithm, base.unchecked_into()))
}

async fn derive_key(
    passphrase: &str,
    salt: &[u8],
    iterations: u32,
) -> Result<web_sys::CryptoKey, CryptoError> {
    let (algorithm, base) = pbkdf2(passphrase, salt, iterations, "deriveKey").await?;
    let key_type = obj(&[("name", "AES-GCM".into()), ("length", 256.0.into())]);
    let key = await_promise(subtle()?.derive_key_with_object_and_object(
        &algorithm,
        &base,
        &key_type,
        false,
        &Array::of2(&"encrypt".into(), &"decrypt".into()),
    ))
    .await
    .map_err(other)?;
    Ok(key.unchecked_into())
}

/// The app PIN's hash: `len` bytes of PBKDF2-SHA256 of `pin` with `salt` (see
/// `domain::basics::pin`).
pub async fn pin_hash(
    pin: &str,
    salt: &[u8],
    iterations: u32,
    len: usize,
) -> Result<Vec<u8>, CryptoError> {
    let (algorithm, base) = pbkdf2(pin, salt, iterations, "deriveBits").await?;
    let bits = u32::try_from(len * 8).map_err(|_| CryptoError::Other("length".into()))?;
    let out = await_promise(subtle()?.derive_bits_with_object(&algorithm, &base, bits))
        .await
        .map_err(other)?;
    Ok(Uint8Array::new(&out).to_vec())
}

/// Encrypts `plain` with `passphrase`; returns the envelope as JSON text.
pub async fn encrypt(passphrase: &str, plain: &[u8]) -> Result<String, CryptoError> {
    let salt: [u8; SALT_LEN] = super::random_bytes();
    let iv: [u8; IV_LEN] = super::random_bytes();
    let key = derive_key(passphrase, &salt, ITERATIONS).await?;
    let params = obj(&[
        ("name", "AES-GCM".into()),
        ("iv", Uint8Array::from(&iv[..]).into()),
    ]);
    let out = await_promise(subtle()?.encrypt_with_object_and_u8_array(&params, &key, plain))
        .await
        .map_err(other)?;
    let bytes = Uint8Array::new(&out).to_vec();
    Ok(Envelope::new(&salt, &iv, &bytes).to_json())
}

/// Decrypts an envelope made by [`encrypt`].
pub async fn decrypt(passphrase: &str, file: &[u8]) -> Result<Vec<u8>, CryptoError> {
    let (env, salt, iv, data) = Envelope::parse(file).map_err(CryptoError::Envelope)?;
    let key = derive_key(passphrase, &salt, env.iterations).await?;
    team_open(&key, &iv, &data).await
}

// ---------------------------------------------------------------------------------------------
// Team sync: an encrypted team's keys and sealed bodies (docs/sync.md, "Encrypted team
// databases"; the team document's format is `domain::sync::team`).

/// An encrypted team's keys: the AES-256-GCM key (not extractable) and the revision key's bytes.
#[derive(Clone)]
pub struct TeamKeys {
    pub aes: web_sys::CryptoKey,
    pub rev: [u8; 32],
}

/// PBKDF2-SHA256 of `passphrase` with the team's `salt` and `iterations`, 512 bits: the first 256
/// the AES-256-GCM key, the last 256 the revision key.
pub async fn team_keys(
    passphrase: &str,
    salt: &[u8],
    iterations: u32,
) -> Result<TeamKeys, CryptoError> {
    let subtle = subtle()?;
    let pass = Uint8Array::from(passphrase.as_bytes());
    let base = await_promise(subtle.import_key_with_str(
        "raw",
        &pass,
        "PBKDF2",
        false,
        &Array::of1(&"deriveBits".into()),
    ))
    .await
    .map_err(other)?;
    let algorithm = obj(&[
        ("name", "PBKDF2".into()),
        ("hash", "SHA-256".into()),
        ("salt", Uint8Array::from(salt).into()),
        ("iterations", f64::from(iterations).into()),
    ]);
    // `deriveBits` through Reflect and `call2` (bound to `subtle` and the algorithm first): no
    // new import in the first load's JS glue.
    let function = |v: JsValue| v.dyn_into::<js_sys::Function>().ok();
    let derive = Reflect::get(&subtle, &"deriveBits".into())
        .ok()
        .and_then(function)
        .ok_or(CryptoError::Unavailable)?;
    let bind = Reflect::get(&derive, &"bind".into())
        .ok()
        .and_then(function)
        .ok_or(CryptoError::Unavailable)?;
    let bound = bind
        .call2(&derive, &subtle, &algorithm)
        .ok()
        .and_then(function)
        .ok_or(CryptoError::Unavailable)?;
    let promise = bound
        .call2(
            &JsValue::UNDEFINED,
            &base,
            &f64::from(crate::domain::sync::team::DERIVED_BITS).into(),
        )
        .and_then(|p| p.dyn_into::<js_sys::Promise>());
    let bits = await_promise(promise).await.map_err(other)?;
    let bytes = Uint8Array::new(&bits).to_vec();
    if bytes.len() != 64 {
        return Err(CryptoError::Other("PBKDF2 gave too few bits".into()));
    }
    let aes = await_promise(subtle.import_key_with_str(
        "raw",
        &Uint8Array::from(&bytes[..32]),
        "AES-GCM",
        false,
        &Array::of2(&"encrypt".into(), &"decrypt".into()),
    ))
    .await
    .map_err(other)?;
    let mut rev = [0u8; 32];
    rev.copy_from_slice(&bytes[32..]);
    Ok(TeamKeys {
        aes: aes.unchecked_into(),
        rev,
    })
}

/// AES-256-GCM of `plain` under the team key with a random 12-byte IV: (IV, ciphertext with its
/// tag).
pub async fn team_seal(
    key: &web_sys::CryptoKey,
    plain: &[u8],
) -> Result<([u8; IV_LEN], Vec<u8>), CryptoError> {
    let iv: [u8; IV_LEN] = super::random_bytes();
    let params = obj(&[
        ("name", "AES-GCM".into()),
        ("iv", Uint8Array::from(&iv[..]).into()),
    ]);
    let out = await_promise(subtle()?.encrypt_with_object_and_u8_array(&params, key, plain))
        .await
        .map_err(other)?;
    Ok((iv, Uint8Array::new(&out).to_vec()))
}

/// Opens what [`team_seal`] sealed (and an encrypted backup's data, for [`decrypt`]); another
/// key (a wrong passphrase) or a changed text is [`CryptoError::WrongPassphrase`].
pub async fn team_open(
    key: &web_sys::CryptoKey,
    iv: &[u8],
    data: &[u8],
) -> Result<Vec<u8>, CryptoError> {
    let params = obj(&[
        ("name", "AES-GCM".into()),
        ("iv", Uint8Array::from(iv).into()),
    ]);
    let out = await_promise(subtle()?.decrypt_with_object_and_u8_array(&params, key, data))
        .await
        .map_err(|e| {
            let name = e
                .dyn_ref::<web_sys::DomException>()
                .map(|d| d.name())
                .unwrap_or_default();
            if name == "OperationError" {
                CryptoError::WrongPassphrase
            } else {
                other(e)
            }
        })?;
    Ok(Uint8Array::new(&out).to_vec())
}
