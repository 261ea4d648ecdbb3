//! The ground truth holds for the project's checker: reports without a planted
//! error draw no error or warning, and each planted error is found by its rule,
//! at its cells, and nowhere else.

use std::collections::{BTreeMap, BTreeSet};
use xxgk_check::{check, check_hierarchy, check_series, Selection};
use xxgk_model::{Report, Severity};
use xxgk_synth::{generate, Corpus, Format, Spec};

fn corpus() -> (Corpus, Vec<Report>) {
    let corpus = generate(&Spec {
        seed: 7,
        bodies: 90,
        years: 2019..=2024,
        formats: Format::ALL.to_vec(),
        plant: true,
        missing_rate: 0.1,
        blank_rate: 0.0,
    });
    let reports = corpus
        .reports
        .iter()
        .map(|r| xxgk_extract::extract_bytes(r.text.as_bytes(), &r.file_name).expect("readable"))
        .collect();
    (corpus, reports)
}

/// (body, year) → planted rule and cells.
fn planted(corpus: &Corpus) -> BTreeMap<(usize, i32), (&'static str, BTreeSet<String>)> {
    corpus
        .planted
        .iter()
        .map(|p| {
            (
                (p.body, p.year),
                (p.rule, p.cells.iter().cloned().collect()),
            )
        })
        .collect()
}

#[test]
fn single_report_rules_find_only_what_was_planted() {
    let (corpus, reports) = corpus();
    let planted = planted(&corpus);
    let mut problems = Vec::new();
    let mut infos: BTreeMap<String, usize> = BTreeMap::new();
    for (r, report) in corpus.reports.iter().zip(&reports) {
        let findings = check(report, &Selection::default());
        for f in findings.iter().filter(|f| f.severity == Severity::Info) {
            *infos.entry(f.rule.clone()).or_default() += 1;
        }
        let serious: Vec<_> = findings
            .iter()
            .filter(|f| f.severity != Severity::Info)
            .collect();
        match planted.get(&(r.body, r.year)) {
            Some(("requests-balance", cells)) => {
                let found: BTreeSet<String> = serious
                    .iter()
                    .flat_map(|f| f.cells.iter().cloned())
                    .collect();
                if serious.iter().any(|f| f.rule != "requests-balance")
                    || !cells.is_subset(&found)
                    || serious.len() != 2
                {
                    problems.push(format!(
                        "{}: planted requests-balance {cells:?}, found {serious:#?}",
                        r.file_name
                    ));
                }
            }
            _ if !serious.is_empty() => {
                problems.push(format!("{}: unexpected {serious:#?}", r.file_name))
            }
            _ => {}
        }
    }
    assert!(
        problems.is_empty(),
        "{} problems:\n{}",
        problems.len(),
        problems.join("\n")
    );
    // Blank 规章 rows of townships are the only cells a rule cannot check.
    assert!(
        infos.keys().all(|rule| rule == "unchecked"),
        "infos: {infos:?}"
    );
}

#[test]
fn cross_year_rules_find_only_what_was_planted() {
    let (corpus, mut reports) = corpus();
    let planted = planted(&corpus);
    // The corpus identifies bodies by the agency list; here, by the canonical name.
    for (r, report) in corpus.reports.iter().zip(reports.iter_mut()) {
        report.agency = Some(corpus.bodies[r.body].name.clone());
    }
    let all: Vec<&Report> = reports.iter().collect();
    let findings = check_series(&all, &Selection::default());
    let mut problems = Vec::new();
    let mut found_rules = BTreeSet::new();
    for (r, findings) in corpus.reports.iter().zip(&findings) {
        let rules: BTreeSet<&str> = findings.iter().map(|f| f.rule.as_str()).collect();
        let cells: BTreeSet<String> = findings
            .iter()
            .flat_map(|f| f.cells.iter().cloned())
            .collect();
        match planted.get(&(r.body, r.year)) {
            Some((rule @ ("carry-chain" | "in-force-chain" | "copied-text"), want)) => {
                found_rules.insert(*rule);
                let expected_findings = match *rule {
                    "carry-chain" | "copied-text" => 2,
                    _ => 1,
                };
                if rules != BTreeSet::from([*rule])
                    || !want.is_subset(&cells)
                    || findings.len() != expected_findings
                {
                    problems.push(format!(
                        "{} {}: planted {rule} {want:?}, found {findings:#?}",
                        r.file_name, r.year
                    ));
                }
            }
            _ if !findings.is_empty() => {
                problems.push(format!("{}: unexpected {findings:#?}", r.file_name))
            }
            _ => {}
        }
    }
    assert!(
        problems.is_empty(),
        "{} problems:\n{}",
        problems.len(),
        problems.join("\n")
    );
    assert_eq!(
        found_rules.len(),
        3,
        "every cross-year rule planted: {found_rules:?}"
    );
}

#[test]
fn summing_parents_equal_their_children_except_where_planted() {
    let (corpus, reports) = corpus();
    let planted = planted(&corpus);
    let by_key: BTreeMap<(usize, i32), &Report> = corpus
        .reports
        .iter()
        .zip(&reports)
        .map(|(r, report)| ((r.body, r.year), report))
        .collect();
    let mut checked = 0;
    let mut found_planted = 0;
    for (parent, body) in corpus.bodies.iter().enumerate() {
        if !body.sums_children {
            continue;
        }
        let children: Vec<usize> = (0..corpus.bodies.len())
            .filter(|&c| corpus.bodies[c].parent_index == Some(parent))
            .collect();
        for year in 2019..=2024 {
            let report = by_key[&(parent, year)];
            let kids: Vec<(&str, &Report)> = children
                .iter()
                .map(|&c| (corpus.bodies[c].name.as_str(), by_key[&(c, year)]))
                .collect();
            let findings = check_hierarchy(report, &kids, &Selection::default());
            checked += 1;
            match planted.get(&(parent, year)) {
                Some(("hierarchy-sum", cells)) => {
                    found_planted += 1;
                    assert_eq!(findings.len(), 1, "{year} {}: {findings:#?}", body.name);
                    let found: BTreeSet<String> = findings[0].cells.iter().cloned().collect();
                    assert_eq!(&found, cells, "{year} {}", body.name);
                }
                _ => assert!(findings.is_empty(), "{year} {}: {findings:#?}", body.name),
            }
        }
    }
    assert!(
        checked > 0 && found_planted > 0,
        "checked {checked}, planted {found_planted}"
    );
}

#[test]
fn sections_one_and_five_change_from_year_to_year_unless_copied() {
    let (corpus, reports) = corpus();
    let planted = planted(&corpus);
    let by_key: BTreeMap<(usize, i32), &Report> = corpus
        .reports
        .iter()
        .zip(&reports)
        .map(|(r, report)| ((r.body, r.year), report))
        .collect();
    let section = |r: &Report, n: u8| r.section(n).map(|s| s.text.clone()).unwrap();
    let mut fresh: Vec<f64> = Vec::new();
    let mut copied: Vec<f64> = Vec::new();
    for (&(body, year), this) in &by_key {
        let Some(last) = by_key.get(&(body, year - 1)) else {
            continue;
        };
        let is_copy = matches!(planted.get(&(body, year)), Some(("copied-text", _)));
        for n in [1, 5] {
            let share = xxgk_check::text_similarity(&section(this, n), &section(last, n)).unwrap();
            if is_copy {
                copied.push(share);
            } else {
                fresh.push(share);
            }
        }
    }
    fresh.sort_by(f64::total_cmp);
    let max = fresh.last().copied().unwrap_or_default();
    let median = fresh[fresh.len() / 2];
    eprintln!("similarity of fresh sections: median {median:.2}, p95 {:.2}, max {max:.2}; copied: min {:.2}",
        fresh[fresh.len() * 95 / 100], copied.iter().copied().fold(1.0, f64::min));
    assert!(max < 0.45, "max {max}");
    assert!(
        !copied.is_empty() && copied.iter().all(|&s| s >= 0.9),
        "{copied:?}"
    );
}
