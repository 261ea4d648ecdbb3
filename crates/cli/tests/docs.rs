//! The documentation's links: every relative link in the READMEs, CONTRIBUTING.md
//! and docs/ names a file of the repository (and a heading of it, for `#anchors`),
//! and none points outside the repository.

use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// The documents people read, relative to the repository root.
fn documents() -> Vec<PathBuf> {
    let mut docs: Vec<PathBuf> = ["README.md", "README.en.md", "CONTRIBUTING.md"]
        .iter()
        .map(PathBuf::from)
        .collect();
    for entry in std::fs::read_dir(root().join("docs")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "md") {
            docs.push(Path::new("docs").join(path.file_name().unwrap()));
        }
    }
    docs
}

/// The targets of the Markdown links `[text](target)` of `text`.
fn links(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(at) = rest.find("](") {
        let after = &rest[at + 2..];
        let Some(end) = after.find(')') else { break };
        out.push(after[..end].to_string());
        rest = &after[end..];
    }
    out
}

/// GitHub's anchor of a heading: lower case, spaces to `-`, punctuation other
/// than `-` and `_` dropped (CJK kept).
fn anchor(heading: &str) -> String {
    heading
        .trim()
        .to_lowercase()
        .chars()
        .filter_map(|c| match c {
            ' ' => Some('-'),
            '-' | '_' => Some(c),
            c if c.is_alphanumeric() => Some(c),
            _ => None,
        })
        .collect()
}

fn anchors(markdown: &str) -> Vec<String> {
    markdown
        .lines()
        .filter(|l| l.starts_with('#'))
        .map(|l| anchor(l.trim_start_matches('#')))
        .collect()
}

#[test]
fn every_link_resolves_inside_the_repository() {
    let mut broken = Vec::new();
    for doc in documents() {
        let text = std::fs::read_to_string(root().join(&doc)).unwrap();
        for link in links(&text) {
            if link.contains("://") {
                broken.push(format!(
                    "{}: {link} points outside the repository",
                    doc.display()
                ));
                continue;
            }
            let (file, fragment) = link.split_once('#').unwrap_or((&link, ""));
            let target = if file.is_empty() {
                root().join(&doc)
            } else {
                root().join(doc.parent().unwrap()).join(file)
            };
            if !target.exists() {
                broken.push(format!("{}: {link}: no such file", doc.display()));
                continue;
            }
            if !fragment.is_empty() {
                let markdown = std::fs::read_to_string(&target).unwrap_or_default();
                if !anchors(&markdown).iter().any(|a| a == fragment) {
                    broken.push(format!("{}: {link}: no such heading", doc.display()));
                }
            }
        }
    }
    assert!(broken.is_empty(), "{broken:#?}");
}

#[test]
fn anchors_are_githubs() {
    assert_eq!(anchor(" System dependency"), "system-dependency");
    assert_eq!(anchor(" 系统依赖"), "系统依赖");
    assert_eq!(anchor(" `xxgk check`"), "xxgk-check");
}
