//! The registry is the one list of rules: every rule module is in it once, and
//! every finding over the test data carries a severity its rule declares.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use xxgk_check::{check, check_series, rule, rules, Selection};
use xxgk_model::{Finding, Lang, Report, Severity};

/// Rule ids from the module files of `dir` (relative to the workspace's crates).
fn modules(dir: &str) -> Vec<String> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("..").join(dir);
    let mut ids: Vec<String> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|e| e == "rs"))
        .map(|path| {
            path.file_stem()
                .unwrap()
                .to_string_lossy()
                .replace('_', "-")
        })
        .filter(|id| id != "mod")
        .collect();
    ids.sort();
    ids
}

#[test]
fn every_rule_module_is_registered_once() {
    let registered: Vec<&str> = rules().iter().map(|r| r.id).collect();
    let unique: BTreeSet<&str> = registered.iter().copied().collect();
    assert_eq!(unique.len(), registered.len(), "two rules share an id");
    let mut files = modules("check/src/rules");
    files.extend(modules("extract/src/rules"));
    files.sort();
    let mut sorted = registered.clone();
    sorted.sort();
    assert_eq!(sorted, files, "registered rules and rule modules differ");
}

/// The guide's tables of rules (docs/guide.md) list every registered rule.
#[test]
fn every_rule_is_in_the_guide() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/guide.md");
    let readme = std::fs::read_to_string(&path).unwrap();
    let missing: Vec<&str> = rules()
        .iter()
        .map(|r| r.id)
        .filter(|id| !readme.contains(&format!("| `{id}` |")))
        .collect();
    assert!(
        missing.is_empty(),
        "rules not in docs/guide.md: {missing:?}"
    );
}

#[test]
fn every_rule_is_documented_under_its_own_heading() {
    for rule in rules() {
        for lang in [Lang::Zh, Lang::En] {
            let doc = rule.doc(lang);
            let heading = format!("# {}\n", rule.id);
            assert!(doc.starts_with(&heading), "{}: {doc}", rule.id);
            assert!(
                doc.len() > heading.len() + 20,
                "{} has no {lang:?} doc",
                rule.id
            );
        }
    }
}

/// Every report of the test data that reads.
fn reports() -> Vec<Report> {
    let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/data");
    let mut files = Vec::new();
    for dir in [
        "seeds",
        "layout",
        "pdf",
        "docx",
        "html",
        "crawled",
        "converter",
        "fragments",
        "rules",
        "fuzz",
        "bad",
    ] {
        for entry in std::fs::read_dir(data.join(dir)).unwrap() {
            let path = entry.unwrap().path();
            // A cross-report rule's fixture is a folder of reports.
            if path.is_dir() {
                for inner in std::fs::read_dir(&path).unwrap() {
                    files.push(inner.unwrap().path());
                }
            } else {
                files.push(path);
            }
        }
    }
    files.sort();
    files
        .iter()
        .filter_map(|path| {
            let bytes = std::fs::read(path).unwrap();
            xxgk_extract::extract_bytes(&bytes, &path.to_string_lossy()).ok()
        })
        .collect()
}

#[test]
fn findings_carry_a_severity_their_rule_declares() {
    let reports = reports();
    let refs: Vec<&Report> = reports.iter().collect();
    let all = Selection::default();
    let mut findings: Vec<Finding> = reports.iter().flat_map(|r| check(r, &all)).collect();
    findings.extend(check_series(&refs, &all).into_iter().flatten());
    let mut seen: BTreeMap<&str, BTreeSet<Severity>> = BTreeMap::new();
    for finding in &findings {
        let rule = rule(&finding.rule).unwrap_or_else(|| panic!("unregistered {}", finding.rule));
        assert!(
            rule.may_emit(finding.severity),
            "{} emitted {} but declares {:?} and {:?}: {}",
            rule.id,
            finding.severity.as_str(),
            rule.severity,
            rule.also,
            finding.message.en
        );
        seen.entry(rule.id).or_default().insert(finding.severity);
    }
    // A severity declared besides the main one is one the rule does emit.
    for rule in rules().iter().filter(|r| !r.also.is_empty()) {
        for severity in rule.also {
            assert!(
                seen.get(rule.id).is_some_and(|s| s.contains(severity)),
                "{} declares {} but the test data never shows it",
                rule.id,
                severity.as_str()
            );
        }
    }
}
