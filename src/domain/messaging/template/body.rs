//! A template body: parsing it into text and placeholders, the problems the editor points out,
//! and rendering it for one customer with the words around empty values tidied.

use crate::domain::basics::locale::Language;

use super::*;

// ---------------------------------------------------------------------------------------------
// Parsing, checking and rendering

/// One piece of a template body.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Piece {
    Text(String),
    Field(Placeholder, Option<String>),
    /// `{something}` that is not a placeholder (the text between the braces).
    Unknown(String),
}

/// Something the editor should point out.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Problem {
    /// `{frist_name}`: not a placeholder; with the closest known one when there is one.
    Unknown {
        written: String,
        suggestion: Option<Placeholder>,
    },
    /// A `{` without its `}`.
    Unclosed,
}

/// Why a template can't be saved yet.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DraftProblem {
    NoName,
    /// Longer than this many letters.
    NameTooLong(usize),
    NoBody,
    /// Longer than this many letters.
    BodyTooLong(usize),
    /// A problem in the message's placeholders.
    Body(Problem),
}

/// The longest text between braces taken as a placeholder (longer is plain text).
const MAX_PLACEHOLDER: usize = 60;

fn parse(body: &str) -> (Vec<Piece>, bool) {
    let mut pieces = Vec::new();
    let mut text = String::new();
    let mut unclosed = false;
    let mut rest = body;
    while let Some(ch) = rest.chars().next() {
        if rest.starts_with("{{") || rest.starts_with("}}") {
            text.push(ch);
            rest = &rest[2..];
            continue;
        }
        if ch == '{' {
            let inner_end = rest[1..]
                .find(['}', '{', '\n'])
                .filter(|&i| rest.as_bytes()[1 + i] == b'}' && i <= MAX_PLACEHOLDER);
            if let Some(i) = inner_end {
                let inner = &rest[1..1 + i];
                let (key, fallback) = match inner.split_once('|') {
                    Some((k, f)) => (k, Some(f.trim().to_string())),
                    None => (inner, None),
                };
                if !text.is_empty() {
                    pieces.push(Piece::Text(std::mem::take(&mut text)));
                }
                pieces.push(match Placeholder::from_key(key) {
                    Some(p) => Piece::Field(p, fallback),
                    None => Piece::Unknown(inner.trim().to_string()),
                });
                rest = &rest[i + 2..];
                continue;
            }
            unclosed = true;
        }
        text.push(ch);
        rest = &rest[ch.len_utf8()..];
    }
    if !text.is_empty() {
        pieces.push(Piece::Text(text));
    }
    (pieces, unclosed)
}

/// What is wrong with a template body, for the editor: unknown placeholders (once each, in
/// order) and an unclosed brace.
pub fn check(body: &str) -> Vec<Problem> {
    let (pieces, unclosed) = parse(body);
    let mut out: Vec<Problem> = Vec::new();
    for p in pieces {
        if let Piece::Unknown(written) = p {
            if !out
                .iter()
                .any(|q| matches!(q, Problem::Unknown { written: w, .. } if *w == written))
            {
                let suggestion = closest(&written);
                out.push(Problem::Unknown {
                    written,
                    suggestion,
                });
            }
        }
    }
    if unclosed {
        out.push(Problem::Unclosed);
    }
    out
}

/// The placeholders a body uses, once each, in order.
pub fn used(body: &str) -> Vec<Placeholder> {
    let mut out = Vec::new();
    for piece in parse(body).0 {
        if let Piece::Field(p, _) = piece {
            if !out.contains(&p) {
                out.push(p);
            }
        }
    }
    out
}

/// The known placeholder closest to a mistyped one (at most 3 edits away).
fn closest(written: &str) -> Option<Placeholder> {
    let key = written
        .split('|')
        .next()
        .unwrap_or_default()
        .trim()
        .to_lowercase()
        .replace([' ', '-'], "_");
    Placeholder::ALL
        .into_iter()
        .map(|p| (edit_distance(&key, p.key()), p))
        .filter(|(d, _)| *d <= 3)
        .min_by_key(|(d, _)| *d)
        .map(|(_, p)| p)
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            cur[j + 1] = (prev[j] + usize::from(ca != *cb))
                .min(prev[j + 1] + 1)
                .min(cur[j] + 1);
        }
        prev = cur;
    }
    prev[b.len()]
}

/// Marks where a placeholder left nothing, while rendering.
const GAP: char = '\u{0}';

/// The message for one customer: placeholders replaced by their values, or by the fallback
/// (the one written after `|`, else the placeholder's own); where nothing is left the spaces
/// and punctuation around it are tidied. Unknown placeholders leave nothing.
pub fn render(body: &str, values: &Values, lang: Language) -> String {
    let mut out = String::with_capacity(body.len() + 32);
    for piece in parse(body).0 {
        match piece {
            Piece::Text(t) => out.extend(t.chars().filter(|&c| c != GAP)),
            Piece::Field(p, custom) => {
                let value = values
                    .get(p)
                    .map(str::to_string)
                    .or(custom.filter(|f| !f.is_empty()))
                    .unwrap_or_else(|| p.fallback(lang).to_string());
                if value.trim().is_empty() {
                    out.push(GAP);
                } else {
                    out.extend(value.chars().filter(|&c| c != GAP));
                }
            }
            Piece::Unknown(_) => out.push(GAP),
        }
    }
    close_gaps(&out)
}

/// The placeholders a body uses that have no value for this customer (the editor's preview
/// says which fallback was used).
pub fn missing(body: &str, values: &Values) -> Vec<Placeholder> {
    used(body)
        .into_iter()
        .filter(|p| values.get(*p).is_none())
        .collect()
}

fn is_space(c: char) -> bool {
    c == ' ' || c == '\t'
}

/// Removes the gap marks, tidying the spaces and punctuation around each.
fn close_gaps(s: &str) -> String {
    let chars: Vec<char> = s.chars().collect();
    let mut out = String::with_capacity(s.len());
    let mut capitalise = false;
    let mut i = 0;
    while i < chars.len() {
        let ch = chars[i];
        if ch != GAP {
            if capitalise && !is_space(ch) {
                capitalise = false;
                if ch.is_lowercase() {
                    out.extend(ch.to_uppercase());
                    i += 1;
                    continue;
                }
            }
            out.push(ch);
            i += 1;
            continue;
        }
        let space_before = out.ends_with(is_space);
        while out.ends_with(is_space) {
            out.pop();
        }
        let mut space_after = false;
        while i < chars.len() && (chars[i] == GAP || is_space(chars[i])) {
            space_after |= chars[i] != GAP;
            i += 1;
        }
        let line_start = out.is_empty() || out.ends_with('\n');
        match chars.get(i).copied() {
            next @ (None | Some('\n' | '\r' | '.' | '!' | '?' | ',' | ';' | ':' | ')' | ']')) => {
                // "Happy birthday, !" → "Happy birthday!"; "Hello ," → "Hello,".
                while out.ends_with([',', ';', ':']) || out.ends_with(is_space) {
                    out.pop();
                }
                if line_start && matches!(next, Some(',' | ';' | ':')) {
                    // "{first_name}, your order is ready" → "Your order is ready".
                    i += 1;
                    while i < chars.len() && is_space(chars[i]) {
                        i += 1;
                    }
                    capitalise = true;
                }
            }
            Some(_) => {
                let after_open = out.ends_with(['(', '[', '¡', '¿']);
                if !line_start && !after_open && (space_before || space_after) {
                    out.push(' ');
                }
            }
        }
    }
    out
}
