//! Stable record ids: creation time (so ids sort roughly by age) plus 80 random bits.

use crate::domain::basics::time::Millis;

/// `0192f3a4b5c6-3f9a1c2b7d8e4f60a1b2`: 12 hex digits of milliseconds, a dash, 20 hex digits of randomness.
pub fn make(now: Millis, random: [u8; 10]) -> String {
    let mut s = format!("{:012x}-", now.clamp(0, 0xffff_ffff_ffff));
    for b in random {
        s.push_str(&format!("{b:02x}"));
    }
    s
}
