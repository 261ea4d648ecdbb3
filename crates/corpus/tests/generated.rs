//! The corpus over a generated one: bodies × years with carry-over chains,
//! name variants, a hierarchy with summing parents, missing years and planted
//! cross-year errors (`xxgk-synth`). Ingest, the corpus pass, stats, coverage and
//! compare are asserted exactly against the generator's ground truth.

use std::collections::{BTreeMap, BTreeSet};
use xxgk_corpus::stats::{stats, Dimension};
use xxgk_corpus::{agencies, compare, coverage, cross, ingest};
use xxgk_model::{Lang, Number, Report};
use xxgk_store::{Origin, SqliteStore, Store};
use xxgk_synth::{generate, Corpus, Format, Spec};

/// Whether the corpus pass runs `rule` (a cross-report rule): its findings
/// must be exactly the planted ones.
fn corpus_rule(rule: &str) -> bool {
    xxgk_check::rule(rule).is_some_and(|r| r.is_cross_report())
}

struct Ingested {
    corpus: Corpus,
    store: SqliteStore,
    _dir: tempfile::TempDir,
}

/// The corpus of seed 7, ingested once for all tests that read it.
fn seven() -> std::sync::MutexGuard<'static, Ingested> {
    static SEVEN: std::sync::OnceLock<std::sync::Mutex<Ingested>> = std::sync::OnceLock::new();
    SEVEN
        .get_or_init(|| std::sync::Mutex::new(ingested(7)))
        .lock()
        .unwrap_or_else(|e| e.into_inner())
}

/// A corpus of `bodies` over 2019–2024 in every format, with planted errors
/// and missing years, written to a new folder.
fn generated(seed: u64, bodies: usize) -> (Corpus, tempfile::TempDir) {
    let corpus = generate(&Spec {
        seed,
        bodies,
        years: 2019..=2024,
        formats: Format::ALL.to_vec(),
        plant: true,
        missing_rate: 0.08,
        blank_rate: 0.0,
    });
    let dir = tempfile::tempdir().unwrap();
    corpus.write_to(dir.path()).unwrap();
    (corpus, dir)
}

fn ingested(seed: u64) -> Ingested {
    let (corpus, dir) = generated(seed, 60);
    let mut store = SqliteStore::in_memory().unwrap();
    let list = agencies::parse(corpus.agencies_csv_with_sums().as_bytes(), "agencies.csv").unwrap();
    store.set_agencies(&list).unwrap();
    // The generator writes its own files (agencies.csv, planted.json) next to
    // the reports: ingest only the reports.
    let files: Vec<_> = corpus
        .reports
        .iter()
        .map(|r| xxgk_inputs::Input::File(dir.path().join(&r.file_name)))
        .collect();
    let summary =
        ingest::ingest(&mut store, &files, &ingest::Options::default(), |_, _| {}).unwrap();
    assert_eq!(summary.failures, Vec::new());
    assert_eq!(summary.added, corpus.reports.len());
    cross::run(&mut store, &xxgk_check::Selection::default()).unwrap();
    Ingested {
        corpus,
        store,
        _dir: dir,
    }
}

#[test]
fn every_report_is_attributed_to_its_body_whatever_name_it_prints() {
    let t = seven();
    let rows = t.store.reports().unwrap();
    assert_eq!(rows.len(), t.corpus.reports.len());
    let by_file: BTreeMap<&str, &xxgk_store::ReportRow> =
        rows.iter().map(|r| (r.file.as_str(), r)).collect();
    let mut variants = 0;
    for report in &t.corpus.reports {
        let row = by_file
            .iter()
            .find(|(f, _)| f.ends_with(&report.file_name))
            .map(|(_, r)| *r)
            .unwrap();
        let body = &t.corpus.bodies[report.body];
        assert_eq!(
            row.body.as_deref(),
            Some(body.name.as_str()),
            "{}",
            report.printed_agency
        );
        if report.printed_agency != body.name {
            variants += 1;
        }
    }
    assert!(
        variants > 20,
        "only {variants} reports print a variant name"
    );
}

/// (rule, body name, year) of every finding of the corpus rules.
fn corpus_findings(t: &Ingested) -> BTreeSet<(String, String, i32)> {
    let rows = t.store.reports().unwrap();
    let rows: BTreeMap<i64, &xxgk_store::ReportRow> = rows.iter().map(|r| (r.id, r)).collect();
    t.store
        .all_findings()
        .unwrap()
        .into_iter()
        .filter(|f| corpus_rule(&f.finding.rule))
        .map(|f| {
            assert_eq!(f.origin, Origin::Corpus);
            let row = rows[&f.report_id];
            (f.finding.rule, row.body.clone().unwrap(), row.year.unwrap())
        })
        .collect()
}

#[test]
fn cross_report_findings_are_exactly_the_planted_errors() {
    assert_planted_found(&seven(), 7);
    assert_planted_found(&ingested(11), 11);
}

fn assert_planted_found(t: &Ingested, seed: u64) {
    let expected: BTreeSet<(String, String, i32)> = t
        .corpus
        .planted
        .iter()
        .filter(|p| corpus_rule(p.rule))
        .map(|p| {
            (
                p.rule.to_string(),
                t.corpus.bodies[p.body].name.clone(),
                p.year,
            )
        })
        .collect();
    assert!(
        expected.len() >= 4,
        "seed {seed}: only {} planted",
        expected.len()
    );
    let rules: BTreeSet<&str> = expected.iter().map(|(r, _, _)| r.as_str()).collect();
    assert!(rules.len() >= 3, "seed {seed}: planted rules {rules:?}");
    assert_eq!(corpus_findings(t), expected, "seed {seed}");
}

#[test]
fn planted_arithmetic_errors_are_found_in_their_report() {
    let t = seven();
    let rows = t.store.reports().unwrap();
    for planted in t
        .corpus
        .planted
        .iter()
        .filter(|p| p.rule == "requests-balance")
    {
        let body = &t.corpus.bodies[planted.body].name;
        let row = rows
            .iter()
            .find(|r| r.body.as_deref() == Some(body) && r.year == Some(planted.year))
            .unwrap();
        let findings = t.store.findings(row.id).unwrap();
        // The column's and the 总计 column's identities fail: each planted cell
        // is named by a requests-balance finding.
        assert!(
            planted.cells.iter().all(|c| findings
                .iter()
                .any(|f| f.finding.rule == "requests-balance" && f.finding.cells.contains(c))),
            "{body} {}: {findings:?}",
            planted.year
        );
    }
}

fn value(report: &Report, path: &str) -> Option<Number> {
    report.value(path)
}

fn add(total: &mut Number, v: Option<Number>) {
    if let Some(v) = v {
        *total = total.checked_add(v).unwrap();
    }
}

#[test]
fn stats_by_year_add_up_what_the_reports_print() {
    let t = seven();
    let groups = stats(&t.store, &[Dimension::Year], Lang::Zh).unwrap();
    let zero = Number::new(0, 0);
    let mut expected: BTreeMap<String, (usize, Number, Number, Number, Number)> = BTreeMap::new();
    for report in &t.corpus.reports {
        let e = expected
            .entry(report.year.to_string())
            .or_insert((0, zero, zero, zero, zero));
        e.0 += 1;
        add(&mut e.1, value(&report.model, "requests.received.total"));
        add(&mut e.2, value(&report.model, "requests.total.total"));
        add(&mut e.3, value(&report.model, "requests.granted.total"));
        add(&mut e.4, value(&report.model, "appeals.review.corrected"));
    }
    assert_eq!(groups.len(), expected.len());
    for group in &groups {
        let (reports, received, concluded, granted, corrected) = expected[&group.key[0]];
        assert_eq!(group.reports, reports, "{:?}", group.key);
        assert_eq!(group.received.sum, received, "{:?}", group.key);
        assert_eq!(group.concluded.sum, concluded, "{:?}", group.key);
        assert_eq!(group.outcomes["granted"].sum, granted, "{:?}", group.key);
        assert_eq!(group.review.corrected.sum, corrected, "{:?}", group.key);
        let rate = group.disclosure_rate;
        if let Some(v) = rate.value {
            let exact = rate.numerator.sum.to_f64() / rate.denominator.sum.to_f64();
            assert!((v - exact).abs() < 1e-12);
            assert!((0.0..=1.0).contains(&v));
        }
    }
}

#[test]
fn every_figure_is_the_sum_of_the_reports_parts_and_fees_sum_table_2() {
    use xxgk_corpus::stats::{figure_paths, figures, group, report_figures, FigureValue, Part};
    let t = seven();
    let reports = report_figures(&t.store, Lang::Zh).unwrap();
    let groups = group(&reports, &[Dimension::Year]);
    assert_eq!(
        groups,
        stats(&t.store, &[Dimension::Year], Lang::Zh).unwrap()
    );
    let zero = Number::new(0, 0);
    for figure in figures() {
        assert!(!figure_paths(&figure.key).is_empty(), "{}", figure.key);
        assert!(!figure.definition_zh.is_empty() && !figure.definition_en.is_empty());
        for g in &groups {
            let parts: Vec<Part> = reports
                .iter()
                .filter(|r| r.key(Dimension::Year) == g.key[0])
                .filter_map(|r| r.parts.get(&figure.key).copied())
                .collect();
            let (mut a, mut b) = (zero, zero);
            for part in &parts {
                match *part {
                    Part::Sum(v) => add(&mut a, Some(v)),
                    Part::Ratio(n, d) => {
                        add(&mut a, Some(n));
                        add(&mut b, Some(d));
                    }
                }
            }
            match g.figure(&figure.key).unwrap() {
                FigureValue::Sum(total) => {
                    assert_eq!(
                        (total.sum, total.reports),
                        (a, parts.len()),
                        "{}",
                        figure.key
                    );
                }
                FigureValue::Rate(rate) => {
                    assert_eq!(rate.numerator.sum, a, "{}", figure.key);
                    assert_eq!(rate.denominator.sum, b, "{}", figure.key);
                    assert_eq!(rate.numerator.reports, parts.len(), "{}", figure.key);
                }
            }
        }
    }
    // Fees: table 2's 本年收费金额 of the 2021 format, blank cells left out.
    let mut expected: BTreeMap<String, (Number, usize)> = BTreeMap::new();
    for report in &t.corpus.reports {
        let e = expected.entry(report.year.to_string()).or_insert((zero, 0));
        if let Some(v) = value(&report.model, xxgk_corpus::stats::FEES_PATH) {
            add(&mut e.0, Some(v));
            e.1 += 1;
        }
    }
    for g in &groups {
        assert_eq!(
            (g.fees.sum, g.fees.reports),
            expected[&g.key[0]],
            "{:?}",
            g.key
        );
    }
}

#[test]
fn coverage_lists_the_bodies_without_a_report() {
    let t = seven();
    for year in 2019..=2024 {
        let reported: BTreeSet<usize> = t
            .corpus
            .reports
            .iter()
            .filter(|r| r.year == year)
            .map(|r| r.body)
            .collect();
        let expected: BTreeSet<&str> = (0..t.corpus.bodies.len())
            .filter(|i| !reported.contains(i))
            .map(|i| t.corpus.bodies[i].name.as_str())
            .collect();
        let found = coverage::coverage(&t.store, year).unwrap().unwrap();
        let missing: BTreeSet<&str> = found.missing.iter().map(|a| a.name.as_str()).collect();
        assert_eq!(missing, expected, "{year}");
        assert_eq!(found.covered, t.corpus.bodies.len() - expected.len());
        assert_eq!(found.unlisted_reports, 0);
    }
}

#[test]
fn compare_shows_a_body_across_years_with_changes() {
    let t = seven();
    // The body with the most years.
    let body = (0..t.corpus.bodies.len())
        .max_by_key(|&b| t.corpus.reports_of(b).len())
        .unwrap();
    let name = &t.corpus.bodies[body].name;
    let compare::Found::One(c) = compare::compare(&t.store, name).unwrap() else {
        panic!("{name} not found");
    };
    let years: Vec<i32> = t.corpus.reports_of(body).iter().map(|r| r.year).collect();
    assert_eq!(c.years.iter().map(|y| y.year).collect::<Vec<_>>(), years);
    let row = c
        .rows
        .iter()
        .find(|r| r.path == "requests.received.total")
        .unwrap();
    for (i, report) in t.corpus.reports_of(body).iter().enumerate() {
        assert_eq!(
            row.values[i],
            value(&report.model, "requests.received.total")
        );
        if i > 0 && years[i] == years[i - 1] + 1 {
            let change = row.values[i]
                .unwrap()
                .checked_sub(row.values[i - 1].unwrap());
            assert_eq!(row.changes[i], change);
        }
    }
    // A short form of the name finds the same body.
    let variant = t.corpus.bodies[body].variants.first().cloned();
    if let Some(variant) = variant {
        let compare::Found::One(again) = compare::compare(&t.store, &variant).unwrap() else {
            panic!("{variant} not found");
        };
        assert_eq!(&again.body, name);
    }
}

/// What a corpus pass stored: every report's body and copy mark, its
/// findings (whole, with positions) and the similarities.
type PassResults = (
    Vec<(i64, Option<String>, Option<i64>)>,
    Vec<xxgk_store::StoredFinding>,
    Vec<xxgk_store::Similarity>,
);

fn pass_results(store: &dyn Store) -> PassResults {
    let rows = store.reports().unwrap();
    let findings = store
        .all_findings()
        .unwrap()
        .into_iter()
        .filter(|f| f.origin == Origin::Corpus)
        .collect();
    (
        rows.into_iter()
            .map(|r| (r.id, r.body, r.copy_of))
            .collect(),
        findings,
        store.similarities().unwrap(),
    )
}

/// The corpus pass reads each report cut down to what it needs, as ingest
/// stores it beside the whole JSON. It finds exactly what it finds reading
/// every report whole, as it does for reports stored before the cut was kept.
#[test]
fn the_pass_finds_the_same_in_the_reports_cut_down_as_in_the_whole() {
    let (corpus, dir) = generated(5, 24);
    let db = dir.path().join("corpus.db").to_string_lossy().into_owned();
    let mut files: Vec<_> = corpus
        .reports
        .iter()
        .map(|r| xxgk_inputs::Input::File(dir.path().join(&r.file_name)))
        .collect();
    // A few reports published twice (other bytes, the same tables): copies.
    for report in corpus.reports.iter().step_by(9) {
        let mut bytes = std::fs::read(dir.path().join(&report.file_name)).unwrap();
        bytes.extend_from_slice(b"\n \n");
        let copy = dir.path().join("copies").join(&report.file_name);
        std::fs::create_dir_all(copy.parent().unwrap()).unwrap();
        std::fs::write(&copy, bytes).unwrap();
        files.push(xxgk_inputs::Input::File(copy));
    }
    let mut store = SqliteStore::open(&db).unwrap();
    let list = agencies::parse(corpus.agencies_csv_with_sums().as_bytes(), "agencies.csv").unwrap();
    store.set_agencies(&list).unwrap();
    ingest::ingest(&mut store, &files, &ingest::Options::default(), |_, _| {}).unwrap();
    cross::run(&mut store, &xxgk_check::Selection::default()).unwrap();
    let cut = pass_results(&store);
    drop(store);

    let conn = rusqlite::Connection::open(&db).unwrap();
    let (cut_rows, smaller): (i64, i64) = conn
        .query_row(
            "SELECT COUNT(pass), SUM(length(pass) < length(report)) FROM report_json",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!(
        (cut_rows, smaller),
        (cut.0.len() as i64, cut.0.len() as i64)
    );
    conn.execute("UPDATE report_json SET pass = NULL", [])
        .unwrap();
    // Nothing changed: only a pass over everything reads every report again.
    conn.execute(
        "INSERT OR REPLACE INTO state (key, value) VALUES ('pass_everything', 1)",
        [],
    )
    .unwrap();
    drop(conn);

    let mut store = SqliteStore::open(&db).unwrap();
    cross::run(&mut store, &xxgk_check::Selection::default()).unwrap();
    let whole = pass_results(&store);
    assert!(!whole.1.is_empty() && !whole.2.is_empty());
    assert!(whole.0.iter().any(|(_, _, copy_of)| copy_of.is_some()));
    assert_eq!(cut, whole);
}

/// [`pass_results`] in an order that does not depend on when each result
/// was written: findings and similarities sorted.
fn sorted_pass_results(store: &dyn Store) -> (PassResults, Vec<(i64, String)>, Vec<String>) {
    let (rows, findings, similarities) = pass_results(store);
    let mut findings: Vec<(i64, String)> = findings
        .iter()
        .map(|f| (f.report_id, serde_json::to_string(&f.finding).unwrap()))
        .collect();
    findings.sort();
    let mut similarities: Vec<String> = similarities.iter().map(|s| format!("{s:?}")).collect();
    similarities.sort();
    ((rows, Vec::new(), Vec::new()), findings, similarities)
}

/// Runs the pass over what changed, then over everything (as after a change
/// of the agency list): both must store the same. Returns how many bodies the
/// first re-checked.
fn changed_only_is_everything(store: &mut SqliteStore, db: &str) -> Option<usize> {
    let selection = xxgk_check::Selection::default();
    let changed = cross::run(store, &selection).unwrap();
    let after_changed = sorted_pass_results(store);
    let conn = rusqlite::Connection::open(db).unwrap();
    conn.execute(
        "INSERT OR REPLACE INTO state (key, value) VALUES ('pass_everything', 1)",
        [],
    )
    .unwrap();
    drop(conn);
    let everything = cross::run(store, &selection).unwrap();
    assert_eq!(everything.rechecked, None);
    let after_everything = sorted_pass_results(store);
    assert!(!after_everything.1.is_empty() && !after_everything.2.is_empty());
    assert_eq!(after_changed, after_everything);
    changed.rechecked
}

/// A pass after a change checks again only the bodies some report came to or
/// left (and their parents), and stores exactly what a pass over everything
/// stores: reports added a third at a time (the names printed so far decide
/// which body a variant is), copies added, reports re-extracted, one report
/// added to a large corpus; a changed agency list checks everything again.
#[test]
fn a_pass_over_what_changed_stores_what_a_pass_over_everything_does() {
    let (corpus, dir) = generated(11, 30);
    let db = dir.path().join("corpus.db").to_string_lossy().into_owned();
    let input = |path: std::path::PathBuf| xxgk_inputs::Input::File(path);
    let files: Vec<_> = corpus
        .reports
        .iter()
        .map(|r| input(dir.path().join(&r.file_name)))
        .collect();
    let mut store = SqliteStore::open(&db).unwrap();
    let list = agencies::parse(corpus.agencies_csv_with_sums().as_bytes(), "agencies.csv").unwrap();
    store.set_agencies(&list).unwrap();
    let options = ingest::Options::default();
    let (last, thirds) = files.split_last().unwrap();
    let mut rechecked = Vec::new();
    for third in thirds.chunks(thirds.len().div_ceil(3)) {
        ingest::ingest(&mut store, third, &options, |_, _| {}).unwrap();
        rechecked.push(changed_only_is_everything(&mut store, &db));
    }
    assert_eq!(rechecked[0], None, "the first pass checks everything");
    let bodies = store
        .reports()
        .unwrap()
        .iter()
        .filter_map(|r| r.body.clone())
        .collect::<BTreeSet<_>>()
        .len();
    for later in &rechecked[1..] {
        assert!(later.is_some_and(|n| n > 0 && n <= bodies), "{rechecked:?}");
    }

    // One more report: its body, its parent and its parent's children, not
    // every body.
    ingest::ingest(&mut store, std::slice::from_ref(last), &options, |_, _| {}).unwrap();
    let one = changed_only_is_everything(&mut store, &db);
    assert!(one.is_some_and(|n| n > 0 && n < bodies), "{one:?}");

    // Copies: other bytes, the same tables.
    let copies: Vec<_> = corpus
        .reports
        .iter()
        .step_by(11)
        .take(3)
        .map(|report| {
            let mut bytes = std::fs::read(dir.path().join(&report.file_name)).unwrap();
            bytes.extend_from_slice(b"\n \n");
            let copy = dir.path().join("copies").join(&report.file_name);
            std::fs::create_dir_all(copy.parent().unwrap()).unwrap();
            std::fs::write(&copy, bytes).unwrap();
            input(copy)
        })
        .collect();
    ingest::ingest(&mut store, &copies, &options, |_, _| {}).unwrap();
    assert!(changed_only_is_everything(&mut store, &db).is_some());
    assert!(store.reports().unwrap().iter().any(|r| r.copy_of.is_some()));

    // A child's year printed twice with other tables (a page that replaces a
    // text), the page added last: in its parent's comparison the page stands
    // for the child's year (the preferred format). When later only a
    // sibling changes, the child is not checked again and must still be
    // stood for by the page, as the last pass put it first.
    let (page, sibling) = second_edition(&corpus, dir.path());
    ingest::ingest(&mut store, &[input(page)], &options, |_, _| {}).unwrap();
    assert!(changed_only_is_everything(&mut store, &db).is_some());
    ingest::ingest(&mut store, &[input(sibling)], &options, |_, _| {}).unwrap();
    assert!(changed_only_is_everything(&mut store, &db).is_some());

    // Re-extracted: each is removed and added again under a new id.
    let conn = rusqlite::Connection::open(&db).unwrap();
    conn.execute(
        "UPDATE reports SET extractor = 'an older one' WHERE id % 37 = 0",
        [],
    )
    .unwrap();
    drop(conn);
    let again = ingest::reindex(&mut store, false, &options, |_, _| {}).unwrap();
    assert!(again.reextracted > 0);
    assert!(changed_only_is_everything(&mut store, &db).is_some());

    // Every body touched: everything is forgotten at once, as in a first pass.
    let conn = rusqlite::Connection::open(&db).unwrap();
    conn.execute("UPDATE reports SET extractor = 'an older one'", [])
        .unwrap();
    drop(conn);
    ingest::reindex(&mut store, false, &options, |_, _| {}).unwrap();
    assert_eq!(changed_only_is_everything(&mut store, &db), None);

    // Another agency list: everything is checked again.
    let fewer: Vec<_> = list.iter().skip(1).cloned().collect();
    store.set_agencies(&fewer).unwrap();
    let summary = cross::run(&mut store, &xxgk_check::Selection::default()).unwrap();
    assert_eq!(summary.rechecked, None);
}

/// A child of a summing parent whose year Y is printed as text and year Y - 1
/// as a page, where the parent and every child have a report for Y: a page
/// for year Y made from the child's page of Y - 1 (other tables, a preferred
/// format), and a copy of a sibling's report for Y (other bytes, the same
/// tables).
fn second_edition(
    corpus: &Corpus,
    dir: &std::path::Path,
) -> (std::path::PathBuf, std::path::PathBuf) {
    let report_of = |body: usize, year: i32| {
        corpus
            .reports
            .iter()
            .find(|r| r.body == body && r.year == year)
    };
    for (parent, _) in corpus
        .bodies
        .iter()
        .enumerate()
        .filter(|(_, b)| b.sums_children)
    {
        let children: Vec<usize> = (0..corpus.bodies.len())
            .filter(|&i| corpus.bodies[i].parent_index == Some(parent))
            .collect();
        for year in 2020..=2024 {
            if report_of(parent, year).is_none()
                || children.iter().any(|&c| report_of(c, year).is_none())
            {
                continue;
            }
            for &child in &children {
                let (Some(now), Some(before)) =
                    (report_of(child, year), report_of(child, year - 1))
                else {
                    continue;
                };
                if now.format == Format::Html || before.format != Format::Html {
                    continue;
                }
                let Some(&sibling) = children.iter().find(|&&c| c != child) else {
                    continue;
                };
                let page = std::fs::read_to_string(dir.join(&before.file_name))
                    .unwrap()
                    .replace(&(year - 1).to_string(), &year.to_string());
                let second = dir.join("second").join(format!("{year}.html"));
                std::fs::create_dir_all(second.parent().unwrap()).unwrap();
                std::fs::write(&second, page).unwrap();
                let sibling_report = report_of(sibling, year).unwrap();
                let mut bytes = std::fs::read(dir.join(&sibling_report.file_name)).unwrap();
                bytes.extend_from_slice(b"\n\n");
                let copy = dir.join("second").join(&sibling_report.file_name);
                std::fs::create_dir_all(copy.parent().unwrap()).unwrap();
                std::fs::write(&copy, bytes).unwrap();
                return (second, copy);
            }
        }
    }
    panic!("the generated corpus has no child printed as text after a page");
}
