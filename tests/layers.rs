//! The house rules, read from the source: the domain's folders form layers, no two domain modules
//! import each other (directly or round a circle), the layers of `src/` import only downwards, and
//! no source file grows past the size a reader can hold (see docs/architecture.md).

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// The domain's folders, each allowed to import only the ones before it.
const DOMAIN_LAYERS: [&str; 6] = [
    "basics",
    "records",
    "messaging",
    "insight",
    "formats",
    "sync",
];

/// What each top-level folder of `src/` must never name.
const FORBIDDEN: [(&str, &[&str]); 3] = [
    (
        "domain",
        &[
            "crate::store",
            "crate::ui",
            "crate::platform",
            "web_sys",
            "leptos",
            "js_sys",
        ],
    ),
    ("store", &["crate::ui"]),
    ("platform", &["crate::ui", "crate::store"]),
];

/// The most lines a source file may have.
const MAX_LINES: usize = 650;

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

/// Every `.rs` file below `dir`, with its text.
fn sources(dir: &Path) -> Vec<(PathBuf, String)> {
    let mut out = Vec::new();
    let mut dirs = vec![dir.to_path_buf()];
    while let Some(d) = dirs.pop() {
        for entry in std::fs::read_dir(&d).expect("a source folder") {
            let path = entry.expect("a directory entry").path();
            if path.is_dir() {
                dirs.push(path);
            } else if path.extension().and_then(|e| e.to_str()) == Some("rs") {
                let text = std::fs::read_to_string(&path).expect("a source file");
                out.push((path, text));
            }
        }
    }
    out.sort();
    out
}

/// The text without comments (`//` to the end of a line), so doc links do not count as imports.
fn code(text: &str) -> String {
    text.lines()
        .map(|l| l.split("//").next().unwrap_or(""))
        .collect::<Vec<_>>()
        .join("\n")
}

/// The domain module a file belongs to: `records/events/draft.rs` → `records::events`.
fn module_of(path: &Path) -> String {
    let rel = path
        .strip_prefix(src().join("domain"))
        .expect("a domain file");
    let parts: Vec<String> = rel
        .iter()
        .map(|p| p.to_string_lossy().trim_end_matches(".rs").to_string())
        .filter(|p| p != "mod")
        .collect();
    parts.iter().take(2).cloned().collect::<Vec<_>>().join("::")
}

/// Every `crate::domain::<folder>::<module>` that `text` names.
fn domain_refs(text: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let needle = "crate::domain::";
    let mut rest = text;
    while let Some(i) = rest.find(needle) {
        rest = &rest[i + needle.len()..];
        let path: String = rest
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_' || *c == ':')
            .collect();
        let parts: Vec<&str> = path.split("::").filter(|p| !p.is_empty()).collect();
        if parts.len() >= 2 && parts[1].chars().all(|c| c.is_lowercase() || c == '_') {
            out.insert(format!("{}::{}", parts[0], parts[1]));
        } else if let Some(first) = parts.first() {
            out.insert((*first).to_string());
        }
    }
    out
}

#[test]
fn each_domain_folder_imports_only_the_layers_before_it() {
    for (path, text) in sources(&src().join("domain")) {
        let module = module_of(&path);
        let Some(folder) = module.split("::").next().filter(|f| !f.is_empty()) else {
            continue;
        };
        let Some(rank) = DOMAIN_LAYERS.iter().position(|l| *l == folder) else {
            continue;
        };
        for r in domain_refs(&code(&text)) {
            let to = r.split("::").next().unwrap_or("");
            if let Some(to_rank) = DOMAIN_LAYERS.iter().position(|l| *l == to) {
                assert!(
                    to_rank <= rank,
                    "{}: `{folder}` may not import `{r}` (a later layer)",
                    path.display()
                );
            }
        }
    }
}

#[test]
fn no_two_domain_modules_import_each_other() {
    let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (path, text) in sources(&src().join("domain")) {
        let module = module_of(&path);
        if !module.contains("::") {
            continue;
        }
        let edges = graph.entry(module.clone()).or_default();
        for r in domain_refs(&code(&text)) {
            if r.contains("::") && r != module {
                edges.insert(r);
            }
        }
    }
    // Depth-first search for a circle.
    fn visit(
        m: &str,
        graph: &BTreeMap<String, BTreeSet<String>>,
        stack: &mut Vec<String>,
        done: &mut BTreeSet<String>,
    ) {
        if done.contains(m) {
            return;
        }
        if let Some(i) = stack.iter().position(|s| s == m) {
            panic!("an import circle: {} → {m}", stack[i..].join(" → "));
        }
        stack.push(m.to_string());
        for next in graph.get(m).into_iter().flatten() {
            visit(next, graph, stack, done);
        }
        stack.pop();
        done.insert(m.to_string());
    }
    let mut done = BTreeSet::new();
    for m in graph.keys() {
        visit(m, &graph, &mut Vec::new(), &mut done);
    }
}

#[test]
fn the_layers_of_src_import_only_downwards() {
    for (folder, forbidden) in FORBIDDEN {
        for (path, text) in sources(&src().join(folder)) {
            let text = code(&text);
            for f in forbidden {
                assert!(
                    !text.contains(&format!("{f}::")) && !text.contains(&format!("use {f};")),
                    "{}: `{folder}` may not use `{f}`",
                    path.display()
                );
            }
        }
    }
}

#[test]
fn no_source_file_is_longer_than_a_reader_can_hold() {
    for (path, text) in sources(&src()) {
        let lines = text.lines().count();
        assert!(
            lines <= MAX_LINES,
            "{} has {lines} lines (at most {MAX_LINES}): split it along its seams",
            path.display()
        );
    }
}

#[test]
fn every_module_folder_says_what_it_holds() {
    for (path, text) in sources(&src()) {
        if path.file_name().and_then(|n| n.to_str()) == Some("mod.rs") {
            assert!(
                text.trim_start().starts_with("//!"),
                "{} should open with a `//!` line saying what lives there",
                path.display()
            );
        }
    }
}
