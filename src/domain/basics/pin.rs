//! The app PIN (Settings → App lock): a privacy screen for a shared or lost phone, not encryption.
//! Only a salted PBKDF2-SHA256 hash of the PIN is kept, on this phone only (localStorage, never in
//! backups or exports); the browser's WebCrypto derives it, this module holds the rules around it,
//! so they are tested natively:
//! - a PIN is 4 to 6 ASCII digits ([`check_pin`]);
//! - the stored record ([`LockRecord`]): `{"v":1,"salt":…,"hash":…,"iterations":…,"staff":…,
//!   "idle_minutes":…}` with the 16-byte salt and the 32-byte hash in lower-case hex, plus the
//!   wrong-PIN throttle (`fails`, `wait_until`) so a reload does not reset it;
//! - idle time before the app locks again: 1, 5 (the default) or 15 minutes ([`IDLE_CHOICES`]);
//! - after 5 wrong PINs in a row, a 30-second wait, doubling with each further wrong PIN, at most
//!   an hour ([`LockRecord::wrong_pin`]).

use serde::{Deserialize, Serialize};

use super::time::Millis;

/// The record's format version.
pub const VERSION: u32 = 1;
/// PBKDF2-SHA256 iterations for a new PIN (OWASP's 2021 figure: well above 100,000, yet an unlock
/// stays well under a second on a cheap phone).
pub const ITERATIONS: u32 = 310_000;
/// Fewer iterations than this are refused as a stored record (a hand-edited one).
pub const MIN_ITERATIONS: u32 = 100_000;
pub const SALT_LEN: usize = 16;
pub const HASH_LEN: usize = 32;
/// The idle times Settings offers, in minutes.
pub const IDLE_CHOICES: [u32; 3] = [1, 5, 15];
pub const DEFAULT_IDLE: u32 = 5;
/// Wrong PINs allowed before the first wait.
pub const FREE_TRIES: u32 = 5;
/// The first wait, doubled with each further wrong PIN.
pub const FIRST_WAIT: Millis = 30_000;
/// The longest wait.
pub const MAX_WAIT: Millis = 3_600_000;

/// Why a typed PIN cannot be used.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PinProblem {
    /// Fewer than 4 characters.
    TooShort,
    /// More than 6 characters.
    TooLong,
    /// Something other than the digits 0–9.
    NotDigits,
    /// The two PINs typed differ.
    Mismatch,
}

/// Checks a PIN as typed (no trimming: a space is not a digit).
pub fn check_pin(pin: &str) -> Result<(), PinProblem> {
    if !pin.bytes().all(|b| b.is_ascii_digit()) {
        Err(PinProblem::NotDigits)
    } else if pin.len() < 4 {
        Err(PinProblem::TooShort)
    } else if pin.len() > 6 {
        Err(PinProblem::TooLong)
    } else {
        Ok(())
    }
}

/// Checks a new PIN typed twice.
pub fn check_new_pin(pin: &str, again: &str) -> Result<(), PinProblem> {
    check_pin(pin)?;
    if pin == again {
        Ok(())
    } else {
        Err(PinProblem::Mismatch)
    }
}

/// An idle time Settings offers (anything else becomes the default).
pub fn idle_minutes(m: u32) -> u32 {
    if IDLE_CHOICES.contains(&m) {
        m
    } else {
        DEFAULT_IDLE
    }
}

/// The app lock's record on this phone.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LockRecord {
    pub v: u32,
    /// Hex of [`SALT_LEN`] random bytes.
    pub salt: String,
    /// Hex of the [`HASH_LEN`]-byte PBKDF2-SHA256 output.
    pub hash: String,
    pub iterations: u32,
    /// Staff view: the app opens without the PIN, but Reports and the amounts owed ask for it.
    #[serde(default)]
    pub staff: bool,
    #[serde(default = "default_idle")]
    pub idle_minutes: u32,
    /// Wrong PINs in a row.
    #[serde(default)]
    pub fails: u32,
    /// No PIN is checked before this time (ms since the epoch; 0: no wait).
    #[serde(default)]
    pub wait_until: Millis,
}

fn default_idle() -> u32 {
    DEFAULT_IDLE
}

/// What the app needs at start from the record: whether there is a PIN and how it locks. Read
/// without checking the rest (the first load stays small); a damaged record is found when a PIN
/// is checked, and then counts as no PIN.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
pub struct LockMode {
    #[serde(default)]
    pub staff: bool,
    #[serde(default = "default_idle")]
    pub idle_minutes: u32,
}

impl LockMode {
    pub fn from_json(text: &str) -> Option<LockMode> {
        serde_json::from_str(text).ok()
    }
}

impl LockRecord {
    /// A new record for a PIN hashed with `salt` and [`ITERATIONS`].
    pub fn new(salt: &[u8], hash: &[u8]) -> LockRecord {
        LockRecord {
            v: VERSION,
            salt: hex(salt),
            hash: hex(hash),
            iterations: ITERATIONS,
            staff: false,
            idle_minutes: DEFAULT_IDLE,
            fails: 0,
            wait_until: 0,
        }
    }

    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }

    /// The record, if it is one this version can use (`None`: unreadable, another version, a
    /// damaged salt or hash, or too few iterations).
    pub fn from_json(text: &str) -> Option<LockRecord> {
        let mut r: LockRecord = serde_json::from_str(text).ok()?;
        let ok = r.v == VERSION
            && r.iterations >= MIN_ITERATIONS
            && unhex(&r.salt).is_some_and(|s| s.len() == SALT_LEN)
            && unhex(&r.hash).is_some_and(|h| h.len() == HASH_LEN);
        r.idle_minutes = idle_minutes(r.idle_minutes);
        ok.then_some(r)
    }

    pub fn mode(&self) -> LockMode {
        LockMode {
            staff: self.staff,
            idle_minutes: self.idle_minutes,
        }
    }

    /// The salt's bytes.
    pub fn salt_bytes(&self) -> Vec<u8> {
        unhex(&self.salt).unwrap_or_default()
    }

    /// Whether `hash` (freshly derived from a typed PIN) is the stored one, comparing every byte.
    pub fn matches(&self, hash: &[u8]) -> bool {
        unhex(&self.hash).is_some_and(|stored| same_bytes(&stored, hash))
    }

    /// How long (ms) before a PIN may be tried again; 0: now.
    pub fn wait_left(&self, now: Millis) -> Millis {
        (self.wait_until - now).max(0)
    }

    /// Counts a wrong PIN; from the [`FREE_TRIES`]th in a row on, sets a wait (30 s, doubling).
    /// Returns the wait in ms (0: none).
    pub fn wrong_pin(&mut self, now: Millis) -> Millis {
        self.fails = self.fails.saturating_add(1);
        if self.fails < FREE_TRIES {
            return 0;
        }
        let doublings = (self.fails - FREE_TRIES).min(16);
        let wait = (FIRST_WAIT << doublings).min(MAX_WAIT);
        self.wait_until = now + wait;
        wait
    }

    /// The right PIN: the count starts again.
    pub fn right_pin(&mut self) {
        self.fails = 0;
        self.wait_until = 0;
    }
}

/// Equal bytes, looking at every byte whatever the first difference (a privacy screen: timing
/// hardly matters, but it costs nothing).
pub fn same_bytes(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// Lower-case hex.
pub fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut s = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        s.push(DIGITS[usize::from(b >> 4)] as char);
        s.push(DIGITS[usize::from(b & 15)] as char);
    }
    s
}

/// Hex (either case) to bytes; `None` on anything else or an odd length.
pub fn unhex(s: &str) -> Option<Vec<u8>> {
    let s = s.as_bytes();
    if !s.len().is_multiple_of(2) {
        return None;
    }
    let nibble = |c: u8| (c as char).to_digit(16).map(|d| d as u8);
    s.chunks(2)
        .map(|p| Some(nibble(p[0])? << 4 | nibble(p[1])?))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pins_are_four_to_six_ascii_digits() {
        assert_eq!(check_pin("1234"), Ok(()));
        assert_eq!(check_pin("000000"), Ok(()));
        assert_eq!(check_pin("123"), Err(PinProblem::TooShort));
        assert_eq!(check_pin(""), Err(PinProblem::TooShort));
        assert_eq!(check_pin("1234567"), Err(PinProblem::TooLong));
        assert_eq!(check_pin("12a4"), Err(PinProblem::NotDigits));
        assert_eq!(check_pin(" 1234"), Err(PinProblem::NotDigits));
        // Other scripts' digits are not ASCII digits.
        assert_eq!(check_pin("١٢٣٤"), Err(PinProblem::NotDigits));
        assert_eq!(check_new_pin("1234", "1234"), Ok(()));
        assert_eq!(check_new_pin("1234", "1235"), Err(PinProblem::Mismatch));
        assert_eq!(check_new_pin("12", "12"), Err(PinProblem::TooShort));
    }

    #[test]
    fn idle_choices() {
        assert_eq!(idle_minutes(1), 1);
        assert_eq!(idle_minutes(15), 15);
        assert_eq!(idle_minutes(0), DEFAULT_IDLE);
        assert_eq!(idle_minutes(60), DEFAULT_IDLE);
    }

    fn record() -> LockRecord {
        LockRecord::new(&[7; SALT_LEN], &[9; HASH_LEN])
    }

    #[test]
    fn the_record_round_trips_and_damage_is_refused() {
        let r = record();
        let json = r.to_json();
        assert!(json.starts_with(r#"{"v":1,"salt":"0707"#), "{json}");
        assert_eq!(LockRecord::from_json(&json), Some(r.clone()));
        assert_eq!(r.salt_bytes(), vec![7; SALT_LEN]);
        // The fields a first version wrote are enough; an unknown idle time becomes the default.
        let short = format!(
            r#"{{"v":1,"salt":"{}","hash":"{}","iterations":100000,"idle_minutes":3}}"#,
            r.salt, r.hash
        );
        let read = LockRecord::from_json(&short).expect("readable");
        assert_eq!((read.staff, read.idle_minutes, read.fails), (false, 5, 0));
        let bad = |f: &dyn Fn(&mut LockRecord)| {
            let mut r = record();
            f(&mut r);
            LockRecord::from_json(&r.to_json())
        };
        assert_eq!(bad(&|r| r.v = 2), None);
        assert_eq!(bad(&|r| r.iterations = 1000), None);
        assert_eq!(bad(&|r| r.salt = "07".into()), None);
        assert_eq!(bad(&|r| r.hash.push('x')), None);
        assert_eq!(LockRecord::from_json("not json"), None);
        // The mode alone, as the app reads it at start.
        let mut staff = record();
        staff.staff = true;
        staff.idle_minutes = 15;
        assert_eq!(LockMode::from_json(&staff.to_json()), Some(staff.mode()));
        assert_eq!(
            staff.mode(),
            LockMode {
                staff: true,
                idle_minutes: 15
            }
        );
        assert_eq!(LockMode::from_json("not json"), None);
    }

    #[test]
    fn hashes_compare_whole() {
        let r = record();
        assert!(r.matches(&[9; HASH_LEN]));
        let mut other = [9; HASH_LEN];
        other[31] = 8;
        assert!(!r.matches(&other));
        assert!(!r.matches(&[9; 16]));
        assert_eq!(hex(&[0, 15, 255]), "000fff");
        assert_eq!(unhex("000FfF"), Some(vec![0, 15, 255]));
        assert_eq!(unhex("0g"), None);
        assert_eq!(unhex("abc"), None);
    }

    #[test]
    fn five_wrong_pins_then_a_wait_that_doubles() {
        let mut r = record();
        let now = 1_000_000;
        for _ in 0..4 {
            assert_eq!(r.wrong_pin(now), 0);
            assert_eq!(r.wait_left(now), 0);
        }
        assert_eq!(r.wrong_pin(now), 30_000);
        assert_eq!(r.wait_left(now), 30_000);
        assert_eq!(r.wait_left(now + 10_000), 20_000);
        assert_eq!(r.wait_left(now + 40_000), 0);
        assert_eq!(r.wrong_pin(now + 40_000), 60_000);
        assert_eq!(r.wrong_pin(now + 100_000), 120_000);
        for _ in 0..30 {
            r.wrong_pin(now);
        }
        assert_eq!(r.wait_left(now), MAX_WAIT);
        r.right_pin();
        assert_eq!((r.fails, r.wait_left(now)), (0, 0));
        assert_eq!(r.wrong_pin(now), 0);
    }
}
