//! Fuzzing of every parser that reads a file from outside (backup, encrypted envelope, CSV,
//! vCard, text decoding and the import pipeline built on them): 10,000 generated inputs and
//! 10,000 mutated real files per parser. None may panic; a rejected file gives a typed error (the
//! UI words each variant, with an exhaustive match) whose data is plain; the import plan never
//! touches the customers it is matched against.

#![cfg(not(target_arch = "wasm32"))]

use proptest::prelude::*;
use proptest::sample::Index;
use proptest::test_runner::Config;

use rapport::domain::basics::locale::Country;
use rapport::domain::formats::backup::{self, BackupError, Damage, Part};
use rapport::domain::formats::encrypted;
use rapport::domain::formats::import::{self, Action};
use rapport::domain::formats::{csv, vcard};
use rapport::domain::records::customer::Customer;

const CASES: u32 = 10_000;

fn config() -> Config {
    Config {
        cases: CASES,
        // Failures are reported with their seed; no shrink loops or regression files needed.
        failure_persistence: None,
        max_shrink_iters: 256,
        ..Config::default()
    }
}

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(format!(
        "{}/tests/fixtures/{name}",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap_or_else(|e| panic!("fixture {name}: {e}"))
}

/// One edit of a byte string: flip a bit, overwrite, insert, delete a range, duplicate a range,
/// truncate, or splice in a token that parsers treat specially.
#[derive(Clone, Debug)]
enum Edit {
    Flip(Index, u8),
    Set(Index, u8),
    Insert(Index, Vec<u8>),
    Delete(Index, usize),
    Duplicate(Index, usize),
    Truncate(Index),
    Token(Index, usize),
}

const TOKENS: &[&str] = &[
    "\"",
    "\"\"",
    ",",
    ";",
    "\t",
    "\r\n",
    "\n",
    "\r",
    "{",
    "}",
    "[",
    "]",
    ":",
    "null",
    "true",
    "-1",
    "1e308",
    "18446744073709551616",
    "9223372036854775807",
    "\\u0000",
    "\\ud800",
    "\u{feff}",
    "\u{0}",
    "é",
    "\u{202e}",
    "BEGIN:VCARD",
    "END:VCARD",
    "VERSION:4.0",
    "TEL;TYPE=CELL:",
    "ENCODING=QUOTED-PRINTABLE:",
    "=\r\n",
    "=C3=A9",
    "=ZZ",
    "CHARSET=UTF-8:",
    "N:;;;;",
    "FN:",
    "item1.",
    "\r\n ",
    "\"customers\":",
    "\"version\":",
    "\"format\":\"rapport-backup\"",
    "\"counts\":",
    "\"id\":\"\"",
    "\"at\":",
    "\"total\":",
    "<script>",
    "=HYPERLINK(\"x\")",
];

/// Characters for generated words: ASCII, accents, other scripts, controls, emoji.
const CHARS: &[char] = &[
    'a', 'b', 'S', 'z', '0', '1', '8', '9', ' ', '@', '.', '+', '(', ')', '-', '_', 'é', 'ñ', 'ß',
    'ı', 'İ', 'ع', '७', '世', '\u{301}', '\u{0}', '\u{7f}', '\u{fffd}', '😀', '\\', '/', '=', '#',
];

fn edit() -> impl Strategy<Value = Edit> {
    prop_oneof![
        (any::<Index>(), 0u8..8).prop_map(|(i, b)| Edit::Flip(i, b)),
        (any::<Index>(), any::<u8>()).prop_map(|(i, b)| Edit::Set(i, b)),
        (any::<Index>(), proptest::collection::vec(any::<u8>(), 1..8))
            .prop_map(|(i, v)| Edit::Insert(i, v)),
        (any::<Index>(), 1usize..64).prop_map(|(i, n)| Edit::Delete(i, n)),
        (any::<Index>(), 1usize..64).prop_map(|(i, n)| Edit::Duplicate(i, n)),
        any::<Index>().prop_map(Edit::Truncate),
        (any::<Index>(), 0..TOKENS.len()).prop_map(|(i, t)| Edit::Token(i, t)),
    ]
}

fn apply(mut bytes: Vec<u8>, edits: &[Edit]) -> Vec<u8> {
    for e in edits {
        let len = bytes.len();
        let at = |i: &Index| if len == 0 { 0 } else { i.index(len + 1) };
        match e {
            Edit::Flip(i, b) if len > 0 => {
                let p = i.index(len);
                bytes[p] ^= 1 << b;
            }
            Edit::Set(i, b) if len > 0 => {
                let p = i.index(len);
                bytes[p] = *b;
            }
            Edit::Insert(i, v) => {
                let p = at(i);
                bytes.splice(p..p, v.iter().copied());
            }
            Edit::Delete(i, n) if len > 0 => {
                let p = i.index(len);
                bytes.drain(p..(p + n).min(len));
            }
            Edit::Duplicate(i, n) if len > 0 => {
                let p = i.index(len);
                let part: Vec<u8> = bytes[p..(p + n).min(len)].to_vec();
                bytes.splice(p..p, part);
            }
            Edit::Truncate(i) => bytes.truncate(at(i)),
            Edit::Token(i, t) => {
                let p = at(i);
                bytes.splice(p..p, TOKENS[*t].bytes());
            }
            _ => {}
        }
    }
    bytes
}

/// A real file with 1–8 edits.
fn mutated(seed: &'static [u8]) -> impl Strategy<Value = Vec<u8>> {
    proptest::collection::vec(edit(), 1..8).prop_map(move |edits| apply(seed.to_vec(), &edits))
}

/// Text made of the parsers' own tokens, random words and random characters.
fn generated() -> impl Strategy<Value = Vec<u8>> {
    let piece = prop_oneof![
        (0..TOKENS.len()).prop_map(|t| TOKENS[t].as_bytes().to_vec()),
        proptest::collection::vec(proptest::sample::select(CHARS), 0..12)
            .prop_map(|v| v.into_iter().collect::<String>().into_bytes()),
        proptest::collection::vec(any::<u8>(), 0..8),
    ];
    proptest::collection::vec(piece, 0..24).prop_map(|v| v.concat())
}

fn leak(v: Vec<u8>) -> &'static [u8] {
    Box::leak(v.into_boxed_slice())
}

/// The backup reader: Ok, or a typed error whose data is plain (no Rust debug text).
fn check_backup(bytes: &[u8]) {
    let preview = backup::preview(bytes);
    match backup::parse(bytes) {
        Ok(b) => {
            // A file that reads must also preview, and export again.
            assert!(preview.is_ok(), "parse ok but preview failed: {preview:?}");
            let again = backup::export(&b.data, &b.meta);
            assert!(
                backup::parse(again.as_bytes()).is_ok(),
                "re-export does not read back"
            );
        }
        Err(e) => check_error(&e),
    }
    let _ = encrypted::Envelope::parse(bytes);
}

fn check_error(e: &BackupError) {
    let BackupError::Invalid { part, damage } = e else {
        return;
    };
    if let Part::Record {
        number, name, id, ..
    } = part
    {
        assert!(*number >= 1, "{e:?}");
        for s in [name, id].into_iter().flatten() {
            assert!(s.chars().count() <= 41, "{e:?}");
        }
    }
    let detail = match damage {
        Damage::BadCounts { detail }
        | Damage::NotARecord { detail }
        | Damage::WrongValue { detail, .. } => detail.as_str(),
        _ => "",
    };
    assert!(
        !detail.contains("Error(") && !detail.contains("line 1 column"),
        "debug text in the detail: {detail}"
    );
}

fn existing() -> &'static [Customer] {
    static LIST: std::sync::OnceLock<Vec<Customer>> = std::sync::OnceLock::new();
    LIST.get_or_init(|| {
        backup::parse(&fixture("backup-v1.json"))
            .expect("the fixture reads")
            .data
            .customers
    })
}

/// The whole CSV import: decode, split, detect the columns, check rows, plan against existing
/// customers and apply the default choices.
fn check_csv(bytes: &[u8], existing: &[Customer]) {
    let text = import::decode(bytes);
    let _ = csv::detect_delimiter(&text);
    match csv::parse(&text) {
        Ok(mut rows) => {
            let _ = csv::ragged_rows(&rows);
            csv::pad(&mut rows);
            if let Some(headers) = rows.first().cloned() {
                let mapping = import::detect(&headers);
                let drafts = import::rows_to_drafts(&rows, &mapping);
                check_plan(&drafts, existing);
            }
        }
        Err(e) => assert!(
            matches!(e, csv::CsvError::UnterminatedQuote { line } if line >= 1)
                || e == csv::CsvError::NotText,
            "{e:?}"
        ),
    }
}

fn check_plan(drafts: &[Result<import::RowDraft, import::RowError>], existing: &[Customer]) {
    let before = existing.to_vec();
    let plan = import::plan(drafts, existing, Country::ID);
    let choices: Vec<Action> = plan.iter().map(|p| p.action).collect();
    let mut n = 0;
    let (out, _report) = import::apply(
        &plan,
        &choices,
        existing,
        Country::ID,
        1_800_000_000_000,
        || {
            n += 1;
            format!("new-{n}")
        },
    );
    assert_eq!(existing, &before[..]);
    for c in &out {
        // Only matched customers are updated; everything else is new.
        assert!(c.id.starts_with("new-") || existing.iter().any(|e| e.id == c.id));
    }
}

fn check_vcard(bytes: &[u8], existing: &[Customer]) {
    let text = import::decode(bytes);
    for r in vcard::parse(&text) {
        if let Err(e) = r {
            assert!(e.contact() >= 1, "{e:?}");
        }
    }
    let drafts = vcard::drafts(&text);
    check_plan(&drafts, existing);
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn backup_generated(bytes in generated()) {
        check_backup(&bytes);
    }

    #[test]
    fn backup_mutated(bytes in mutated(leak(fixture("backup-v1.json")))) {
        check_backup(&bytes);
    }

    #[test]
    fn backup_v0_mutated(bytes in mutated(leak(fixture("backup-v0.json")))) {
        check_backup(&bytes);
    }

    #[test]
    fn csv_generated(bytes in generated()) {
        check_csv(&bytes, existing());
    }

    #[test]
    fn csv_mutated(bytes in prop_oneof![
        mutated(leak(fixture("google-contacts.csv"))),
        mutated(leak(fixture("outlook.csv"))),
        mutated(leak(fixture("generic-es.csv"))),
    ]) {
        check_csv(&bytes, existing());
    }

    #[test]
    fn vcard_generated(bytes in generated()) {
        check_vcard(&bytes, existing());
    }

    #[test]
    fn vcard_mutated(bytes in prop_oneof![
        mutated(leak(fixture("iphone.vcf"))),
        mutated(leak(fixture("android-2.1.vcf"))),
    ]) {
        check_vcard(&bytes, existing());
    }
}

/// Files that are not backups at all get the matching typed error.
#[test]
fn typed_errors_for_obvious_cases() {
    for (bytes, what) in [
        (&b""[..], "empty"),
        (b"{\"hello\":1}", "not a backup"),
        (b"\xff\xfe\x00", "binary"),
        (b"{\"format\":\"rapport-backup\",\"version\":99}", "too new"),
    ] {
        let e = backup::parse(bytes).expect_err(what);
        check_error(&e);
    }
}
