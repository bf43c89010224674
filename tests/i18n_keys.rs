//! Every UI text exists in every language: the locale files in `src/ui/locales/<lang>/` have the
//! same files and the same keys, no value is empty, each value uses the same `{placeholders}` as
//! its English one, and a Spanish or Indonesian value equal to the English one is on a short
//! list of words that stay the same (product names, "OK"). See docs/i18n.md.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

const LANGS: [&str; 3] = ["en", "es", "id"];

/// Values that are the same in every language.
const SAME_EVERYWHERE: &[&str] = &[
    "WhatsApp",
    "Instagram",
    "Facebook",
    "TikTok",
    "SMS",
    "Email",
    "OK",
    "CSV",
    "vCard",
    "Rapport",
    "RFM",
    "PIN",
    "Indonesia",
    "Argentina",
    "Bolivia",
    "India",
    "Italia",
    "Portugal",
    "Chile",
    "Colombia",
    "Ecuador",
    "Malaysia",
    "Peru",
    "Total",
    "Total: ",
    "Status",
    "Status: {status}",
    "No",
    "ID",
    "Online",
    "Email {name}",
    "SMS {name}",
    "WhatsApp {name}",
    "—",
    "×",
    "…",
];

fn locales_dir() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src/ui/locales")
}

/// "namespace.key" → value, for one language.
fn load(lang: &str) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    let dir = locales_dir().join(lang);
    for entry in std::fs::read_dir(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())) {
        let path = entry.expect("a directory entry").path();
        if path.extension().and_then(|e| e.to_str()) != Some("json") {
            continue;
        }
        let ns = path
            .file_stem()
            .and_then(|s| s.to_str())
            .expect("a file name")
            .to_string();
        let text = std::fs::read_to_string(&path).expect("a readable locale file");
        let value: serde_json::Value = serde_json::from_str(&text)
            .unwrap_or_else(|e| panic!("{}: not valid JSON: {e}", path.display()));
        flatten(&ns, &value, &mut out, &path);
    }
    out
}

fn flatten(prefix: &str, v: &serde_json::Value, out: &mut BTreeMap<String, String>, path: &Path) {
    match v {
        serde_json::Value::Object(map) => {
            for (k, v) in map {
                flatten(&format!("{prefix}.{k}"), v, out, path);
            }
        }
        serde_json::Value::String(s) => {
            out.insert(prefix.to_string(), s.clone());
        }
        other => panic!("{}: {prefix} is not a string: {other}", path.display()),
    }
}

/// The `{name}` placeholders of a value.
fn placeholders(s: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let mut rest = s;
    while let Some(start) = rest.find('{') {
        let after = &rest[start + 1..];
        match after.find('}') {
            Some(end) => {
                out.insert(after[..end].to_string());
                rest = &after[end + 1..];
            }
            None => break,
        }
    }
    out
}

#[test]
fn every_language_has_every_key_translated() {
    let all: Vec<(&str, BTreeMap<String, String>)> = LANGS.iter().map(|l| (*l, load(l))).collect();
    let en = &all[0].1;
    assert!(
        en.len() > 50,
        "the English locale files look empty ({} keys)",
        en.len()
    );
    let mut problems = Vec::new();
    for (lang, map) in &all {
        for key in en.keys().filter(|k| !map.contains_key(*k)) {
            problems.push(format!("{lang}: missing {key}"));
        }
        for key in map.keys().filter(|k| !en.contains_key(*k)) {
            problems.push(format!(
                "{lang}: {key} is not in English (typo, or a key to remove?)"
            ));
        }
        for (key, value) in map {
            if value.trim().is_empty() {
                problems.push(format!("{lang}: {key} is empty"));
            }
            if let Some(english) = en.get(key) {
                if placeholders(value) != placeholders(english) {
                    problems.push(format!(
                        "{lang}: {key} has placeholders {:?}, English has {:?}",
                        placeholders(value),
                        placeholders(english)
                    ));
                }
                if *lang != "en" && value == english && !SAME_EVERYWHERE.contains(&value.as_str()) {
                    problems.push(format!("{lang}: {key} is still in English: {value:?}"));
                }
            }
        }
    }
    assert!(
        problems.is_empty(),
        "locale problems:\n{}",
        problems.join("\n")
    );
}

#[test]
fn the_namespaces_in_cargo_toml_are_the_locale_files() {
    let manifest =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("Cargo.toml"))
            .expect("Cargo.toml");
    let line = manifest
        .lines()
        .find(|l| l.trim_start().starts_with("namespaces"))
        .expect("a namespaces line in [package.metadata.leptos-i18n]");
    let declared: BTreeSet<String> = line
        .split(['[', ']', ','])
        .skip(1)
        .map(|s| s.trim().trim_matches('"').to_string())
        .filter(|s| !s.is_empty())
        .collect();
    for lang in LANGS {
        let files: BTreeSet<String> = std::fs::read_dir(locales_dir().join(lang))
            .expect("a locale folder")
            .filter_map(|e| {
                let p = e.ok()?.path();
                (p.extension()?.to_str()? == "json")
                    .then(|| p.file_stem()?.to_str().map(str::to_string))?
            })
            .collect();
        assert_eq!(
            files, declared,
            "{lang}: the namespace files and Cargo.toml's list differ"
        );
    }
}

#[test]
fn the_key_check_sees_a_missing_key() {
    // The checks above would pass on anything if `placeholders` or `flatten` were broken.
    assert_eq!(
        placeholders("hace {n} días, {x}"),
        BTreeSet::from(["n".into(), "x".into()])
    );
    let mut out = BTreeMap::new();
    let v: serde_json::Value = serde_json::from_str(r#"{"a": {"b": "x"}, "c": "y"}"#).unwrap();
    flatten("ns", &v, &mut out, Path::new("x.json"));
    assert_eq!(out.keys().collect::<Vec<_>>(), ["ns.a.b", "ns.c"]);
}

/// The domain's and the store's problems are typed values worded in `ui/messages/`: every
/// `errors.*` key is used there (a key nothing words is a leftover, or a problem that lost its
/// words), and no code matches a problem by its English sentence.
#[test]
fn every_error_key_is_worded_by_ui_messages() {
    let en = load("en");
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/ui/messages");
    let mut code = String::new();
    for entry in std::fs::read_dir(&dir).expect("src/ui/messages") {
        let path = entry.expect("a directory entry").path();
        if path.extension().and_then(|e| e.to_str()) == Some("rs") {
            code.push_str(&std::fs::read_to_string(&path).expect("a source file"));
        }
    }
    let keys: Vec<_> = en.keys().filter(|k| k.starts_with("errors.")).collect();
    assert!(keys.len() > 40, "the error keys are there");
    for key in keys {
        let used = code.match_indices(key.as_str()).any(|(i, _)| {
            !code[i + key.len()..].starts_with(|c: char| c == '_' || c.is_alphanumeric())
        });
        assert!(used, "{key} is worded by nothing in src/ui/messages");
    }
    assert!(
        !code.contains("td_string!(Locale::en"),
        "ui/messages matches English sentences"
    );
}
