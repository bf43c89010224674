//! The encrypted backup envelope (a public contract, see docs/backup-format.md).
//!
//! The browser's WebCrypto does the cryptography (AES-256-GCM with a key derived by
//! PBKDF2-SHA256, 600,000 iterations, 16-byte random salt, 12-byte random IV); this module only
//! describes and checks the file around it, so it is tested natively.

use serde::{Deserialize, Serialize};

pub const FORMAT: &str = "rapport-backup-encrypted";
pub const VERSION: u32 = 1;
pub const KDF: &str = "PBKDF2-SHA256";
pub const CIPHER: &str = "AES-256-GCM";
/// OWASP's 2023 recommendation for PBKDF2-HMAC-SHA256.
pub const ITERATIONS: u32 = 600_000;
pub const SALT_LEN: usize = 16;
pub const IV_LEN: usize = 12;

/// `{"format":"rapport-backup-encrypted","version":1,"kdf":…,"iterations":…,"salt":…,"cipher":…,"iv":…,"data":…}`
/// with base64 (standard alphabet, padded) salt, IV and ciphertext (which ends with GCM's 16-byte tag).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Envelope {
    pub format: String,
    pub version: u32,
    pub kdf: String,
    pub iterations: u32,
    pub salt: String,
    pub cipher: String,
    pub iv: String,
    pub data: String,
}

/// A checked envelope with its decoded salt, IV and ciphertext.
pub type Opened = (Envelope, Vec<u8>, Vec<u8>, Vec<u8>);

/// Why an encrypted file cannot be opened (the UI words it).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum EnvelopeError {
    /// Not an encrypted Rapport backup.
    NotEncrypted,
    /// Locked by a newer Rapport (another version, key derivation or cipher).
    Unsupported,
    /// The envelope's parts are missing or not base64 of the right length.
    Damaged,
}

impl Envelope {
    pub fn new(salt: &[u8], iv: &[u8], ciphertext: &[u8]) -> Envelope {
        Envelope {
            format: FORMAT.into(),
            version: VERSION,
            kdf: KDF.into(),
            iterations: ITERATIONS,
            salt: b64_encode(salt),
            cipher: CIPHER.into(),
            iv: b64_encode(iv),
            data: b64_encode(ciphertext),
        }
    }

    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default()
    }

    /// Reads and checks an envelope; returns it with its decoded salt, IV and ciphertext.
    pub fn parse(bytes: &[u8]) -> Result<Opened, EnvelopeError> {
        let v: serde_json::Value =
            serde_json::from_slice(bytes).map_err(|_| EnvelopeError::NotEncrypted)?;
        if v.get("format").and_then(|f| f.as_str()) != Some(FORMAT) {
            return Err(EnvelopeError::NotEncrypted);
        }
        let e: Envelope = serde_json::from_value(v).map_err(|_| EnvelopeError::Damaged)?;
        if e.version > VERSION || e.kdf != KDF || e.cipher != CIPHER {
            return Err(EnvelopeError::Unsupported);
        }
        if e.iterations < 100_000 || e.iterations > 10_000_000 {
            return Err(EnvelopeError::Damaged);
        }
        let salt = b64_decode(&e.salt).ok_or(EnvelopeError::Damaged)?;
        let iv = b64_decode(&e.iv).ok_or(EnvelopeError::Damaged)?;
        let data = b64_decode(&e.data).ok_or(EnvelopeError::Damaged)?;
        if salt.len() != SALT_LEN || iv.len() != IV_LEN || data.len() < 16 {
            return Err(EnvelopeError::Damaged);
        }
        Ok((e, salt, iv, data))
    }
}

/// True when the bytes look like an encrypted backup (so the UI asks for the passphrase).
pub fn looks_encrypted(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(200)];
    String::from_utf8_lossy(head).contains(FORMAT)
}

const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

pub fn b64_encode(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(ALPHABET[((n >> (18 - 6 * i)) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// Standard base64 with padding; ignores ASCII white space; `None` on anything else.
pub fn b64_decode(s: &str) -> Option<Vec<u8>> {
    let clean: Vec<u8> = s.bytes().filter(|b| !b.is_ascii_whitespace()).collect();
    if !clean.len().is_multiple_of(4) {
        return None;
    }
    let mut out = Vec::with_capacity(clean.len() / 4 * 3);
    for (ci, chunk) in clean.chunks(4).enumerate() {
        let last = ci == clean.len() / 4 - 1;
        let mut n = 0u32;
        let mut pad = 0;
        for (i, &c) in chunk.iter().enumerate() {
            let v = match c {
                b'A'..=b'Z' => c - b'A',
                b'a'..=b'z' => c - b'a' + 26,
                b'0'..=b'9' => c - b'0' + 52,
                b'+' => 62,
                b'/' => 63,
                b'=' if last && i >= 2 => {
                    pad += 1;
                    0
                }
                _ => return None,
            };
            if pad > 0 && c != b'=' {
                return None;
            }
            n = (n << 6) | u32::from(v);
        }
        let bytes = [(n >> 16) as u8, (n >> 8) as u8, n as u8];
        out.extend_from_slice(&bytes[..3 - pad]);
    }
    Some(out)
}
