//! Every rule on a report that breaks it and one that does not, ruff-style: the
//! findings are snapshots, so any change in what a rule says, where, or about
//! which cells is a reviewed diff. Failing fixtures are real reports with one
//! change (tests/data/rules/<rule>.fail.txt) or real reports that break the rule
//! as published. A cross-report rule has a folder, tests/data/rules/<rule>/: one
//! body's reports for consecutive years (`<year>.txt`), or for `hierarchy-sum`
//! an agency list (`agencies.csv`) and each listed body's report.

use std::collections::{BTreeMap, BTreeSet};
use xxgk_check::{check, check_hierarchy, check_series, Selection};
use xxgk_model::Report;
use xxgk_synth::kit::data;

fn extract(path: &str) -> Report {
    let full = data(path);
    let bytes = std::fs::read(&full).unwrap_or_else(|e| panic!("{full}: {e}"));
    xxgk_extract::extract_bytes(&bytes, path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn only(rule: &str) -> Selection {
    let mut select = vec![rule.to_string()];
    if rule == "unchecked" {
        // unchecked reports what the arithmetic rules could not check.
        select.push("requests-*".into());
    }
    if rule == "findings-capped" {
        // findings-capped counts what a rule made beyond the cap.
        select.push("duplicate-row".into());
    }
    Selection {
        select,
        ignore: Vec::new(),
    }
}

/// One line per finding: severity, rule, position, message, cells, notes.
fn shown(findings: &[xxgk_model::Finding]) -> String {
    findings
        .iter()
        .map(|f| {
            let at = f.span.map_or("-".to_string(), |s| {
                format!("{}:{}-{}:{}", s.line, s.column, s.end_line, s.end_column)
            });
            let mut line = format!(
                "{} [{}] {at} {}\n  en: {}",
                f.severity.as_str(),
                f.rule,
                f.message.zh,
                f.message.en
            );
            if !f.cells.is_empty() {
                line.push_str(&format!("\n  cells: {}", f.cells.join(", ")));
            }
            for note in &f.notes {
                line.push_str(&format!("\n  note: {}", note.zh));
            }
            line
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// (rule, a report that breaks it, a report that does not).
const CASES: &[(&str, &str, &str)] = &[
    (
        "requests-balance",
        "rules/requests-balance.fail.txt",
        "seeds/004_ca48803eb8e502d4.txt",
    ),
    (
        "requests-row-total",
        "rules/requests-row-total.fail.txt",
        "seeds/004_ca48803eb8e502d4.txt",
    ),
    (
        "requests-outcome-total",
        "rules/requests-outcome-total.fail.txt",
        "seeds/004_ca48803eb8e502d4.txt",
    ),
    (
        "appeals-total",
        "layout/huaian-hongze-district-2023.pdftotext-layout.txt",
        "seeds/004_ca48803eb8e502d4.txt",
    ),
    (
        "non-negative-integer",
        "rules/non-negative-integer.fail.txt",
        "seeds/004_ca48803eb8e502d4.txt",
    ),
    (
        "missing-table",
        "rules/missing-table.fail.txt",
        "seeds/004_ca48803eb8e502d4.txt",
    ),
    (
        "missing-section",
        "seeds/004_ca48803eb8e502d4.txt",
        "seeds/002_0b1325ff460d94b6.txt",
    ),
    (
        "template-year",
        "rules/template-year.fail.txt",
        "seeds/004_ca48803eb8e502d4.txt",
    ),
    (
        "template-mixed",
        "layout/huaian-hongze-district-2024.pdftotext-layout.txt",
        "layout/huaian-city-2024.pdftotext-layout.txt",
    ),
    (
        "label-drift",
        "seeds/001_45d6ed1fafd8548f.txt",
        "seeds/002_0b1325ff460d94b6.txt",
    ),
    (
        "empty-problems",
        "rules/empty-problems.fail.txt",
        "seeds/004_ca48803eb8e502d4.txt",
    ),
    (
        "fee-statement",
        "rules/fee-statement.fail.txt",
        "layout/huaian-city-2024.pdftotext-layout.txt",
    ),
    (
        "late-publication",
        "rules/late-publication.fail.txt",
        "rules/late-publication.pass.txt",
    ),
    (
        "level-regulations",
        "rules/level-regulations.fail.txt",
        "layout/huaian-city-2024.pdftotext-layout.txt",
    ),
    (
        "unchecked",
        "seeds/003_896bea92d5be09c0.txt",
        "seeds/004_ca48803eb8e502d4.txt",
    ),
    (
        "row-short",
        "seeds/001_45d6ed1fafd8548f.txt",
        "seeds/004_ca48803eb8e502d4.txt",
    ),
    (
        "label-fuzzy",
        "layout/huaian-hongze-district-2024.pdftotext-layout.txt",
        "seeds/004_ca48803eb8e502d4.txt",
    ),
    (
        "narrative-requests",
        "rules/narrative-requests.fail.txt",
        "seeds/004_ca48803eb8e502d4.txt",
    ),
    (
        "narrative-outcomes",
        "rules/narrative-outcomes.fail.txt",
        "seeds/004_ca48803eb8e502d4.txt",
    ),
    (
        "narrative-appeals",
        "rules/narrative-appeals.fail.txt",
        "seeds/004_ca48803eb8e502d4.txt",
    ),
    (
        "narrative-sum",
        "rules/narrative-sum.fail.txt",
        "seeds/004_ca48803eb8e502d4.txt",
    ),
    (
        "row-long",
        "rules/row-long.fail.txt",
        "seeds/004_ca48803eb8e502d4.txt",
    ),
    (
        "run-together",
        "rules/run-together.fail.txt",
        "seeds/004_ca48803eb8e502d4.txt",
    ),
    (
        "unknown-row",
        "rules/unknown-row.fail.txt",
        "seeds/004_ca48803eb8e502d4.txt",
    ),
    (
        "unattributed-values",
        "rules/unattributed-values.fail.txt",
        "seeds/004_ca48803eb8e502d4.txt",
    ),
    (
        "duplicate-row",
        "rules/duplicate-row.fail.txt",
        "seeds/004_ca48803eb8e502d4.txt",
    ),
    (
        "template-unknown",
        "rules/template-unknown.fail.txt",
        "seeds/004_ca48803eb8e502d4.txt",
    ),
    (
        "metadata-inferred",
        "rules/metadata-inferred.fail.txt",
        "seeds/004_ca48803eb8e502d4.txt",
    ),
    (
        "no-year",
        "rules/no-year.fail.txt",
        "seeds/003_896bea92d5be09c0.txt",
    ),
    (
        "no-body",
        "rules/no-body.fail.txt",
        "seeds/003_896bea92d5be09c0.txt",
    ),
    (
        "no-tables",
        "rules/no-tables.fail.txt",
        "seeds/004_ca48803eb8e502d4.txt",
    ),
    (
        "damaged-text",
        "rules/damaged-text.fail.txt",
        "seeds/004_ca48803eb8e502d4.txt",
    ),
    (
        "text-order",
        "generated/out-of-order.pdf",
        "pdf/huaian-city-2024.pdf",
    ),
    (
        "findings-capped",
        "rules/findings-capped.fail.txt",
        "rules/duplicate-row.fail.txt",
    ),
];

/// Cross-year rules, each with a folder of one body's reports (`<year>.txt`)
/// whose last year breaks the rule.
const SERIES_CASES: &[&str] = &["in-force-chain", "copied-text"];

/// Rules across a parent and its children, each with a folder holding an
/// agency list and the reports of the bodies it lists.
const HIERARCHY_CASES: &[&str] = &["hierarchy-sum"];

/// Rules whose fixture is built in a test of its own (named here).
const OTHER_CASES: &[(&str, &str)] = &[
    ("carry-chain", "carry_chain_fires_when_the_chain_breaks"),
    (
        "table-too-large",
        "table_too_large_fires_on_a_region_of_repeated_rows",
    ),
];

/// The `.txt` reports of a rule's folder, extracted, in file-name order.
fn folder_reports(rule: &str) -> Vec<(String, Report)> {
    let dir = data(&format!("rules/{rule}"));
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{dir}: {e}"))
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.ends_with(".txt"))
        .collect();
    names.sort();
    names
        .into_iter()
        .map(|name| {
            let report = extract(&format!("rules/{rule}/{name}"));
            (name, report)
        })
        .collect()
}

#[test]
fn each_rule_fires_on_its_failing_report_only() {
    for &(rule, failing, passing) in CASES {
        let bad: Vec<_> = check(&extract(failing), &only(rule))
            .into_iter()
            .filter(|f| f.rule == rule)
            .collect();
        assert!(!bad.is_empty(), "{rule} found nothing in {failing}");
        insta::assert_snapshot!(format!("{rule}.fail"), shown(&bad), failing);
        let good: Vec<_> = check(&extract(passing), &only(rule))
            .into_iter()
            .filter(|f| f.rule == rule)
            .collect();
        assert!(good.is_empty(), "{rule} in {passing}:\n{}", shown(&good));
    }
}

/// The cross-report rules on the same body's real reports for 2023 and 2024.
#[test]
fn series_rules_on_hongze_2023_and_2024() {
    let reports = [
        extract("layout/huaian-hongze-district-2023.pdftotext-layout.txt"),
        extract("layout/huaian-hongze-district-2024.pdftotext-layout.txt"),
    ];
    let refs: Vec<&Report> = reports.iter().collect();
    let all = Selection::default();
    let findings = check_series(&refs, &all);
    assert!(findings[0].is_empty(), "2023 has no previous year here");
    insta::assert_snapshot!("series.hongze-2024", shown(&findings[1]));
    // A body's report is never compared with another body's.
    let mixed = [
        extract("layout/huaian-city-2024.pdftotext-layout.txt"),
        reports[0].clone(),
    ];
    let refs: Vec<&Report> = mixed.iter().collect();
    assert!(check_series(&refs, &all).iter().all(Vec::is_empty));
}

/// Each cross-year rule on its folder: nothing about the first year (it has no
/// previous report), findings about the last.
#[test]
fn each_series_rule_fires_on_its_folder() {
    for &rule in SERIES_CASES {
        let reports = folder_reports(rule);
        assert!(reports.len() >= 2, "{rule}: a series needs two years");
        let refs: Vec<&Report> = reports.iter().map(|(_, r)| r).collect();
        let findings = check_series(&refs, &only(rule));
        assert!(findings[0].is_empty(), "{rule}: {}", shown(&findings[0]));
        let last = findings.last().unwrap();
        let bad: Vec<_> = last.iter().filter(|f| f.rule == rule).cloned().collect();
        let (name, _) = reports.last().unwrap();
        assert!(!bad.is_empty(), "{rule} found nothing in {rule}/{name}");
        insta::assert_snapshot!(format!("{rule}.fail"), shown(&bad), name);
    }
}

/// Each hierarchy rule on its folder: every listed parent's report against its
/// children's (matched by the agency the report names).
#[test]
fn each_hierarchy_rule_fires_on_its_folder() {
    for &rule in HIERARCHY_CASES {
        let by_agency: BTreeMap<String, Report> = folder_reports(rule)
            .into_iter()
            .map(|(name, r)| (r.agency.clone().unwrap_or_else(|| panic!("{name}")), r))
            .collect();
        let list = data(&format!("rules/{rule}/agencies.csv"));
        let mut children: BTreeMap<String, Vec<String>> = BTreeMap::new();
        for row in csv::Reader::from_path(&list).unwrap().records() {
            let row = row.unwrap();
            let (name, parent) = (&row[0], &row[3]);
            assert!(by_agency.contains_key(name), "{rule}: no report of {name}");
            if !parent.is_empty() {
                children.entry(parent.into()).or_default().push(name.into());
            }
        }
        let mut shown_all = Vec::new();
        for (parent, names) in &children {
            let kids: Vec<(&str, &Report)> =
                names.iter().map(|n| (n.as_str(), &by_agency[n])).collect();
            let findings = check_hierarchy(&by_agency[parent], &kids, &only(rule));
            shown_all.push(format!("{parent}:\n{}", shown(&findings)));
            // A child alone is no sum of its siblings.
            let one = &kids[..1];
            assert!(check_hierarchy(one[0].1, one, &only(rule)).is_empty());
        }
        assert!(
            shown_all.iter().any(|s| s.contains(&format!("[{rule}]"))),
            "{rule} found nothing in its folder"
        );
        insta::assert_snapshot!(format!("{rule}.fail"), shown_all.join("\n"));
    }
}

/// Every registered rule has a fixture that makes it fire, in one of the tables
/// above.
#[test]
fn every_registered_rule_has_a_fixture() {
    let covered: BTreeSet<&str> = CASES
        .iter()
        .map(|c| c.0)
        .chain(SERIES_CASES.iter().copied())
        .chain(HIERARCHY_CASES.iter().copied())
        .chain(OTHER_CASES.iter().map(|c| c.0))
        .collect();
    let missing: Vec<&str> = xxgk_check::rules()
        .iter()
        .map(|r| r.id)
        .filter(|id| !covered.contains(id))
        .collect();
    assert!(missing.is_empty(), "rules without a fixture: {missing:?}");
    let registered: BTreeSet<&str> = xxgk_check::rules().iter().map(|r| r.id).collect();
    let unknown: Vec<&&str> = covered.difference(&registered).collect();
    assert!(unknown.is_empty(), "fixtures of no rule: {unknown:?}");
}

/// carry-chain on a pair where last year's carry-out differs from this year's carry-in.
#[test]
fn carry_chain_fires_when_the_chain_breaks() {
    let last = extract("rules/requests-balance.fail.txt"); // 四 carried out: natural persons 1
    let mut this = extract("seeds/004_ca48803eb8e502d4.txt");
    this.year = Some(2021);
    let refs = [&last, &this];
    let findings = check_series(&refs, &only("carry-chain"));
    insta::assert_snapshot!("carry-chain.fail", shown(&findings[1]));
    let same = extract("seeds/004_ca48803eb8e502d4.txt");
    let refs = [&same, &this];
    assert!(check_series(&refs, &only("carry-chain"))[1].is_empty());
}

/// table-too-large on seed 003 with its table 3's rows printed 15,000 times
/// over (a 750 KB fixture, built here rather than kept).
#[test]
fn table_too_large_fires_on_a_region_of_repeated_rows() {
    let seed = std::fs::read_to_string(data("seeds/003_896bea92d5be09c0.txt")).unwrap();
    let text = xxgk_synth::kit::adversarial::repeated_rows(&seed, 15_000);
    let report = xxgk_extract::extract_text(&text, "rows.txt");
    let findings = check(&report, &only("table-too-large"));
    insta::assert_snapshot!("table-too-large.fail", shown(&findings));
    assert!(check(
        &extract("seeds/003_896bea92d5be09c0.txt"),
        &only("table-too-large")
    )
    .is_empty());
}

/// No error on any seed (the seeds balance).
#[test]
fn no_error_on_any_seed() {
    for seed in [
        "000_60799c090932cf1e",
        "001_45d6ed1fafd8548f",
        "002_0b1325ff460d94b6",
        "003_896bea92d5be09c0",
        "004_ca48803eb8e502d4",
    ] {
        let findings = check(
            &extract(&format!("seeds/{seed}.txt")),
            &Selection::default(),
        );
        let errors: Vec<_> = findings
            .iter()
            .filter(|f| f.severity == xxgk_model::Severity::Error)
            .collect();
        assert!(errors.is_empty(), "{seed}: {errors:?}");
    }
}

/// The registry: ids unique, every rule documented in both languages.
#[test]
fn every_rule_is_documented_in_both_languages() {
    let mut ids: Vec<&str> = xxgk_check::rules().iter().map(|r| r.id).collect();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), xxgk_check::rules().len());
    for rule in xxgk_check::rules() {
        let zh = rule.doc(xxgk_model::Lang::Zh);
        let en = rule.doc(xxgk_model::Lang::En);
        assert!(
            zh.starts_with(&format!("# {}", rule.id)),
            "{}: {zh}",
            rule.id
        );
        assert!(
            zh.chars().count() > 40 && en.len() > 60,
            "{} is not documented",
            rule.id
        );
        assert!(!zh.contains("to be written"), "{} docs are a stub", rule.id);
    }
}
