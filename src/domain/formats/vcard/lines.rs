//! A vCard file's content lines: unfolded, decoded (quoted-printable, base64, charsets) and
//! split into properties with their parameters.

use crate::domain::formats::import::windows_1252;

fn physical_lines(text: &str) -> impl Iterator<Item = &str> {
    let mut rest = text;
    std::iter::from_fn(move || {
        if rest.is_empty() {
            return None;
        }
        let end = rest.find(['\r', '\n']).unwrap_or(rest.len());
        let line = &rest[..end];
        let after = &rest[end..];
        rest = after
            .strip_prefix("\r\n")
            .or_else(|| after.strip_prefix(['\r', '\n']))
            .unwrap_or(after);
        Some(line)
    })
}

/// The part of a content line before its value (up to the first `:`), or `None`.
fn head_of(line: &str) -> Option<&str> {
    line.find(':').map(|i| &line[..i])
}

fn is_quoted_printable(line: &str) -> bool {
    head_of(line).is_some_and(|h| h.to_ascii_uppercase().contains("QUOTED-PRINTABLE"))
}

fn is_boundary(line: &str) -> bool {
    let t = line.trim();
    t.eq_ignore_ascii_case("BEGIN:VCARD") || t.eq_ignore_ascii_case("END:VCARD")
}

/// Content lines: folded lines joined (a line starting with a space or tab continues the one
/// before, without that character), quoted-printable soft line breaks joined (`=` at the end),
/// blank lines dropped.
pub(super) fn logical_lines(text: &str) -> Vec<String> {
    let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
    let mut out: Vec<String> = Vec::new();
    let mut soft_break = false;
    for raw in physical_lines(text) {
        if soft_break && !is_boundary(raw) {
            if let Some(last) = out.last_mut() {
                last.pop();
                last.push_str(raw);
                soft_break = last.ends_with('=');
                continue;
            }
        }
        match (raw.strip_prefix([' ', '\t']), out.last_mut()) {
            (Some(rest), Some(last)) => last.push_str(rest),
            _ if raw.trim().is_empty() => {
                soft_break = false;
                continue;
            }
            _ => out.push(raw.to_string()),
        }
        soft_break = out
            .last()
            .is_some_and(|l| l.ends_with('=') && is_quoted_printable(l));
    }
    out
}

// ---------------------------------------------------------------------------------------------
// Properties

/// One content line: `[group.]NAME[;param…]:value`.
#[derive(Clone, Debug, Default)]
pub(super) struct Prop {
    /// Upper case, e.g. "ITEM1"; empty without a group.
    pub(super) group: String,
    /// Upper case, e.g. "TEL".
    pub(super) name: String,
    /// (upper-case name, value); 2.1's bare `CELL` is ("TYPE", "CELL"), bare
    /// `QUOTED-PRINTABLE` is ("ENCODING", "QUOTED-PRINTABLE"); `TYPE=a,b` and `TYPE="a,b"`
    /// are two entries.
    pub(super) params: Vec<(String, String)>,
    /// The raw value, still encoded and escaped.
    pub(super) value: String,
}

/// `s` split on `sep` outside double quotes.
fn split_outside_quotes(s: &str, sep: char) -> Vec<&str> {
    let mut parts = Vec::new();
    let (mut start, mut quoted) = (0, false);
    for (i, c) in s.char_indices() {
        if c == '"' {
            quoted = !quoted;
        } else if c == sep && !quoted {
            parts.push(&s[start..i]);
            start = i + c.len_utf8();
        }
    }
    parts.push(&s[start..]);
    parts
}

pub(super) fn parse_prop(line: &str) -> Option<Prop> {
    let mut quoted = false;
    let mut colon = None;
    for (i, c) in line.char_indices() {
        match c {
            '"' => quoted = !quoted,
            ':' if !quoted => {
                colon = Some(i);
                break;
            }
            _ => {}
        }
    }
    let colon = colon?;
    let (head, value) = (&line[..colon], &line[colon + 1..]);
    let mut parts = split_outside_quotes(head, ';').into_iter();
    let full_name = parts.next()?.trim();
    let (group, name) = match full_name.rsplit_once('.') {
        Some((g, n)) => (g, n),
        None => ("", full_name),
    };
    if name.is_empty() {
        return None;
    }
    let mut params = Vec::new();
    for p in parts {
        let p = p.trim();
        if p.is_empty() {
            continue;
        }
        let (k, v) = match p.split_once('=') {
            Some((k, v)) => (k.trim().to_ascii_uppercase(), v.trim()),
            None => {
                let upper = p.to_ascii_uppercase();
                let k = match upper.as_str() {
                    "QUOTED-PRINTABLE" | "BASE64" | "B" | "8BIT" | "7BIT" => "ENCODING",
                    _ => "TYPE",
                };
                (k.to_string(), p)
            }
        };
        let v = v.trim().trim_matches('"');
        if k == "TYPE" {
            for t in v.split(',') {
                params.push((k.clone(), t.trim().to_string()));
            }
        } else {
            params.push((k, v.to_string()));
        }
    }
    Some(Prop {
        group: group.to_ascii_uppercase(),
        name: name.to_ascii_uppercase(),
        params,
        value: value.to_string(),
    })
}

fn hex(b: u8) -> Option<u8> {
    match b {
        b'0'..=b'9' => Some(b - b'0'),
        b'a'..=b'f' => Some(b - b'a' + 10),
        b'A'..=b'F' => Some(b - b'A' + 10),
        _ => None,
    }
}

/// Quoted-printable to bytes: `=XX` is a byte, `=` before a line break is nothing, any other
/// `=` is kept.
fn qp_decode(s: &str) -> Vec<u8> {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'=' {
            if let (Some(h), Some(l)) = (
                b.get(i + 1).copied().and_then(hex),
                b.get(i + 2).copied().and_then(hex),
            ) {
                out.push(h * 16 + l);
                i += 3;
                continue;
            }
            match b.get(i + 1) {
                Some(b'\r') if b.get(i + 2) == Some(&b'\n') => {
                    i += 3;
                    continue;
                }
                Some(b'\r' | b'\n') => {
                    i += 2;
                    continue;
                }
                None => {
                    i += 1;
                    continue;
                }
                _ => {}
            }
        }
        out.push(b[i]);
        i += 1;
    }
    out
}

/// Base64 to bytes, skipping anything that is not base64 and stopping at `=`.
fn b64_decode(s: &str) -> Vec<u8> {
    let mut out = Vec::with_capacity(s.len() * 3 / 4);
    let (mut acc, mut bits) = (0u32, 0u32);
    for c in s.bytes() {
        let v = match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' | b'-' => 62,
            b'/' | b'_' => 63,
            b'=' => break,
            _ => continue,
        };
        acc = (acc << 6) | u32::from(v);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    out
}

/// Undoes vCard escapes: `\n` `\N` → line break, `\,` `\;` `\:` `\\` → the character; other
/// backslashes are kept (2.1 files write them unescaped).
fn unescape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.peek().copied() {
            Some('n' | 'N') => {
                chars.next();
                out.push('\n');
            }
            Some(x @ (',' | ';' | ':' | '\\')) => {
                chars.next();
                out.push(x);
            }
            _ => out.push('\\'),
        }
    }
    out
}

/// `s` split on `sep` where it is not escaped by a backslash (escapes are kept).
fn split_unescaped(s: &str, sep: char) -> Vec<&str> {
    let mut parts = Vec::new();
    let (mut start, mut escaped) = (0, false);
    for (i, c) in s.char_indices() {
        if escaped {
            escaped = false;
        } else if c == '\\' {
            escaped = true;
        } else if c == sep {
            parts.push(&s[start..i]);
            start = i + c.len_utf8();
        }
    }
    parts.push(&s[start..]);
    parts
}

impl Prop {
    pub(super) fn param(&self, key: &str) -> Option<&str> {
        self.params
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }

    /// TYPE values, lower case.
    pub(super) fn types(&self) -> Vec<String> {
        self.params
            .iter()
            .filter(|(k, _)| k == "TYPE")
            .map(|(_, v)| v.to_lowercase())
            .collect()
    }

    pub(super) fn preferred(&self) -> bool {
        self.types().iter().any(|t| t == "pref") || self.param("PREF").is_some()
    }

    /// One component of the value, decoded (quoted-printable or base64, then the charset)
    /// and unescaped.
    fn decode(&self, raw: &str) -> String {
        let encoding = self.param("ENCODING").unwrap_or("").to_ascii_uppercase();
        let bytes = match encoding.as_str() {
            "QUOTED-PRINTABLE" => qp_decode(raw),
            "B" | "BASE64" => b64_decode(raw),
            _ => raw.as_bytes().to_vec(),
        };
        let charset = self.param("CHARSET").unwrap_or("").to_ascii_uppercase();
        let text = match charset.as_str() {
            "ISO-8859-1" | "ISO-8859-15" | "WINDOWS-1252" | "CP1252" | "LATIN1" => {
                windows_1252(&bytes)
            }
            _ => match String::from_utf8(bytes) {
                Ok(s) => s,
                Err(e) => windows_1252(e.as_bytes()),
            },
        };
        unescape(&text)
    }

    pub(super) fn text(&self) -> String {
        self.decode(&self.value)
    }

    /// The value split on unescaped `sep`, each part decoded.
    pub(super) fn parts(&self, sep: char) -> Vec<String> {
        split_unescaped(&self.value, sep)
            .into_iter()
            .map(|p| self.decode(p))
            .collect()
    }
}
