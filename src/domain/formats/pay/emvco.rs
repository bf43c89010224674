//! EMVCo merchant-presented QR payloads (QRIS in Indonesia): reading and writing their TLV fields,
//! the CRC in tag 63, and turning a static payload into a dynamic one carrying the amount.
//!
//! A payload is a run of fields `TT LL value`: a 2-digit tag, a 2-digit length (in characters) and
//! the value. Tags 26–51 (merchant account information) and 62 (additional data) hold fields of
//! their own. The last field is `63 04 XXXX`: CRC-16/CCITT-FALSE (polynomial 0x1021, initial value
//! 0xFFFF, no reflection, no final XOR) over everything before `XXXX`, including `6304`, as four
//! uppercase hex digits.

use crate::domain::basics::money::{Currency, Minor};

/// One field: its tag (`0`–`99`) and value. A template's value is itself a run of fields.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Field {
    pub tag: u8,
    pub value: String,
}

impl Field {
    /// Whether this tag's value holds fields of its own (26–51 merchant account, 62 additional
    /// data, 64 language template).
    pub fn is_template(&self) -> bool {
        is_template(self.tag)
    }

    /// The fields inside a template's value.
    pub fn children(&self) -> Result<Vec<Field>, EmvError> {
        parse_fields(&self.value)
    }
}

/// Tags 26–51, 62 and 64 hold nested fields.
pub fn is_template(tag: u8) -> bool {
    (26..=51).contains(&tag) || tag == 62 || tag == 64
}

/// What is wrong with a payload, or with an amount for one.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum EmvError {
    /// Not a run of `TT LL value` fields (cut short, a non-digit tag or length) at this character.
    BadTlv { at: usize },
    /// Does not start with the payload format indicator `000201`, or has no CRC field at its end.
    NotEmvco,
    /// The CRC in tag 63 does not match the rest: a character was changed or lost.
    BadCrc { expected: String, found: String },
    /// A value longer than 99 characters cannot be written.
    ValueTooLong { tag: u8 },
    /// The amount does not fit tag 54's 13 characters.
    AmountTooLong,
    /// Zero or negative: nothing to pay.
    AmountNotPositive,
}

/// CRC-16/CCITT-FALSE of `data`: polynomial 0x1021, initial 0xFFFF, no reflection, no final XOR.
pub fn crc16(data: &[u8]) -> u16 {
    let mut crc: u16 = 0xFFFF;
    for &b in data {
        crc ^= u16::from(b) << 8;
        for _ in 0..8 {
            crc = if crc & 0x8000 != 0 {
                (crc << 1) ^ 0x1021
            } else {
                crc << 1
            };
        }
    }
    crc
}

/// The CRC as tag 63 writes it: four uppercase hex digits.
pub fn crc_hex(data: &str) -> String {
    format!("{:04X}", crc16(data.as_bytes()))
}

/// Reads a run of fields. Lengths count characters (the standard allows any Unicode character
/// in names; real payloads are ASCII).
pub fn parse_fields(s: &str) -> Result<Vec<Field>, EmvError> {
    let chars: Vec<char> = s.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let num = |from: usize| -> Option<u8> {
            let a = chars.get(from)?.to_digit(10)?;
            let b = chars.get(from + 1)?.to_digit(10)?;
            u8::try_from(a * 10 + b).ok()
        };
        let tag = num(i).ok_or(EmvError::BadTlv { at: i })?;
        let len = usize::from(num(i + 2).ok_or(EmvError::BadTlv { at: i + 2 })?);
        let start = i + 4;
        let end = start + len;
        if end > chars.len() {
            return Err(EmvError::BadTlv { at: i });
        }
        out.push(Field {
            tag,
            value: chars[start..end].iter().collect(),
        });
        i = end;
    }
    Ok(out)
}

/// Writes fields back as `TT LL value`, in the order given.
pub fn write_fields(fields: &[Field]) -> Result<String, EmvError> {
    let mut out = String::new();
    for f in fields {
        let len = f.value.chars().count();
        if len > 99 || f.tag > 99 {
            return Err(EmvError::ValueTooLong { tag: f.tag });
        }
        out.push_str(&format!("{:02}{:02}", f.tag, len));
        out.push_str(&f.value);
    }
    Ok(out)
}

/// A payload read and checked: its fields, without the CRC field.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Payload {
    pub fields: Vec<Field>,
}

impl Payload {
    /// Reads a merchant-presented payload and checks its CRC. Spaces and line breaks around it
    /// (from pasting) are ignored.
    pub fn parse(text: &str) -> Result<Payload, EmvError> {
        let text = text.trim();
        if !text.starts_with("000201") {
            return Err(EmvError::NotEmvco);
        }
        let mut fields = parse_fields(text)?;
        // Every template must itself be well formed.
        for f in fields.iter().filter(|f| f.is_template()) {
            f.children()?;
        }
        match fields.last() {
            Some(last) if last.tag == 63 && last.value.chars().count() == 4 => {}
            _ => return Err(EmvError::NotEmvco),
        }
        let crc = fields.pop().map(|f| f.value).unwrap_or_default();
        // The CRC's own characters are the end of the text, so this cut is on a char boundary.
        let body = &text[..text.len() - crc.len()];
        let expected = crc_hex(body);
        if !crc.eq_ignore_ascii_case(&expected) {
            return Err(EmvError::BadCrc {
                expected,
                found: crc,
            });
        }
        Ok(Payload { fields })
    }

    /// The value of a top-level tag.
    pub fn get(&self, tag: u8) -> Option<&str> {
        self.fields
            .iter()
            .find(|f| f.tag == tag)
            .map(|f| f.value.as_str())
    }

    /// Sets a top-level tag's value, replacing it where present, else inserting it in tag order.
    pub fn set(&mut self, tag: u8, value: String) {
        if let Some(f) = self.fields.iter_mut().find(|f| f.tag == tag) {
            f.value = value;
            return;
        }
        let at = self
            .fields
            .iter()
            .position(|f| f.tag > tag)
            .unwrap_or(self.fields.len());
        self.fields.insert(at, Field { tag, value });
    }

    /// The merchant name (tag 59), if any.
    pub fn merchant_name(&self) -> Option<&str> {
        self.get(59)
    }

    /// The whole payload with its CRC.
    pub fn write(&self) -> Result<String, EmvError> {
        let mut body = write_fields(&self.fields)?;
        body.push_str("6304");
        let crc = crc_hex(&body);
        body.push_str(&crc);
        Ok(body)
    }
}

/// Tag 54's text for an amount in minor units: whole units for currencies without minor digits
/// (IDR: Rp 175.000 → "175000"), else a decimal point and the minor digits ("12.50").
pub fn amount_text(amount: Minor, currency: Currency) -> Result<String, EmvError> {
    if amount <= 0 {
        return Err(EmvError::AmountNotPositive);
    }
    let exp = currency.exponent();
    let text = if exp == 0 {
        amount.to_string()
    } else {
        let unit = 10_i64.pow(exp);
        format!(
            "{}.{:0width$}",
            amount / unit,
            amount % unit,
            width = exp as usize
        )
    };
    if text.len() > 13 {
        return Err(EmvError::AmountTooLong);
    }
    Ok(text)
}

/// A static payload turned dynamic with the amount: checks its CRC, sets the point of initiation
/// (tag 01) to `12`, sets or replaces the amount (tag 54), keeps the tags in order and writes a
/// new CRC.
pub fn with_amount(
    static_payload: &str,
    amount: Minor,
    currency: Currency,
) -> Result<String, EmvError> {
    let mut p = Payload::parse(static_payload)?;
    p.set(1, "12".to_string());
    p.set(54, amount_text(amount, currency)?);
    p.write()
}
