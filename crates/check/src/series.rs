//! Rules across reports: the same body's reports for consecutive years, checked
//! together (one invocation now; the corpus database later).

use crate::body::Resolution;
use crate::registry::{rules, Run};
use crate::Selection;
use std::collections::HashMap;
use xxgk_model::{Finding, Message, Report, RequestRow, Rule, Span};

/// The context of one pair: the previous year's report and the current one.
/// Findings are about the current report.
pub struct SeriesCtx<'r> {
    pub previous: &'r Report,
    pub current: &'r Report,
    shares: &'r SectionShares<'r>,
    rule: &'static Rule,
    findings: Vec<Finding>,
}

impl SeriesCtx<'_> {
    /// The share of the current report's section `number` found in the
    /// previous report's (see [`SectionShares::share`]).
    pub fn section_share(&self, number: u8) -> Option<f64> {
        self.shares.share(number)
    }

    /// Reports a finding of the running rule about cells of the current report.
    pub fn emit(&mut self, message: Message, span: Option<Span>, cells: &[&str]) -> &mut Finding {
        self.findings.push(
            self.rule
                .finding(message)
                .with_span(span)
                .with_cells(cells.iter().map(|c| c.to_string()).collect()),
        );
        self.findings.last_mut().expect("just pushed")
    }

    /// Where a cell of the current report was printed.
    pub fn span_of(&self, path: &str) -> Option<Span> {
        self.current.cells.get(path).map(|p| p.span)
    }
}

/// Cross-report findings for each report (same order as `reports`): every pair
/// of one body's reports for years Y−1 and Y is checked.
///
/// Which reports are one body's is decided as in the corpus ([`Resolution`]),
/// among the names these reports print (there is no agency list here).
pub fn check_series(reports: &[&Report], selection: &Selection) -> Vec<Vec<Finding>> {
    let mut out = vec![Vec::new(); reports.len()];
    let keys: Vec<SeriesKey> = reports
        .iter()
        .map(|r| (r.agency.as_deref(), r.year))
        .collect();
    for (previous, current) in series_pairs(&keys) {
        out[current] = check_pair(reports[previous], reports[current], selection);
    }
    out
}

/// What pairs a report with another: the agency as printed and the year.
pub type SeriesKey<'a> = (Option<&'a str>, Option<i32>);

/// The pairs the cross-report rules check, as `(previous, current)` indexes
/// into `keys` (each report's [`SeriesKey`]), by current: one body's reports
/// for years Y−1 and Y. Of two reports of one body and year, the first stands
/// for it.
///
/// This is all [`check_series`] needs to know of the reports before it checks
/// a pair, so that a caller with many can keep just these keys and fetch the
/// reports of each pair when its turn comes.
pub fn series_pairs(keys: &[SeriesKey]) -> Vec<(usize, usize)> {
    let resolution = Resolution::new(keys.iter().filter_map(|(agency, _)| *agency), []);
    // (body, year) → index, so that each report finds last year's in one lookup.
    let mut by_year: HashMap<(&str, i32), usize> = HashMap::new();
    for (i, (agency, year)) in keys.iter().enumerate() {
        let body = agency.and_then(|a| resolution.body_of(a));
        if let (Some(body), Some(year)) = (body, year) {
            by_year.entry((body, *year)).or_insert(i);
        }
    }
    let mut pairs: Vec<(usize, usize)> = by_year
        .iter()
        .filter_map(|(&(body, year), &current)| Some((*by_year.get(&(body, year - 1))?, current)))
        .collect();
    pairs.sort_unstable_by_key(|&(_, current)| current);
    pairs
}

/// Cross-report findings about `current` from the pair (`previous`, `current`):
/// one body's reports for consecutive years, however their agency is printed.
pub fn check_pair(previous: &Report, current: &Report, selection: &Selection) -> Vec<Finding> {
    check_pair_sharing(&SectionShares::new(previous, current), selection)
}

/// [`check_pair`] of the pair `shares` compares, whose shares the caller reads
/// too (the corpus pass records them) without comparing the texts again.
pub fn check_pair_sharing(shares: &SectionShares, selection: &Selection) -> Vec<Finding> {
    let mut out = Vec::new();
    for rule in rules().iter().filter(|r| selection.allows(r.id)) {
        let Run::Series(run) = rule.run else {
            continue;
        };
        let mut ctx = SeriesCtx {
            previous: shares.previous,
            current: shares.current,
            shares,
            rule: rule.rule,
            findings: Vec::new(),
        };
        run(&mut ctx);
        out.append(&mut ctx.findings);
    }
    crate::capped(out, selection)
}

/// Drops from `report` what neither the cross-report rules nor `findings` need,
/// so that a batch of thousands can wait for its cross-report pass in little
/// memory: the cells the findings name and what [`keep_for_corpus_pass`] keeps
/// stay, with only the rows of the tables the rules read (table 2, table 3's
/// carried rows); the other tables' cells go.
pub fn keep_for_series(report: &mut Report, findings: &[Finding]) {
    // A sorted list, not a hash set: a report's findings name a few dozen
    // cells, and hashing each name cost more than the search.
    let mut named: Vec<&str> = findings
        .iter()
        .flat_map(|f| f.cells.iter().map(String::as_str))
        .collect();
    named.sort_unstable();
    named.dedup();
    keep_what_pairs_read(report, |path| named.binary_search(&path).is_ok());
    // Of the tables, carry-chain reads table 3's carried rows, in-force-chain
    // table 2.
    if let Some(requests) = &report.requests {
        let mut kept = xxgk_model::Table::new();
        for (row, cells) in requests.rows() {
            if matches!(row, RequestRow::CarriedIn | RequestRow::CarriedOut) {
                for (position, value) in cells.iter().enumerate() {
                    let _ = kept.set(row, position, *value);
                }
            }
        }
        report.requests = Some(kept);
    }
    report.appeals = None;
}

/// Drops from `report` what the corpus pass of a database does not read: the
/// printed cells other than those the cross-report rules point at (table 2,
/// table 3's carried-in row), labels as printed, the prose's figures, the
/// text of sections other than 一 and 五 (for `copied-text`) and the
/// extraction findings. The tables' values stay whole: the pass finds copies
/// by them.
pub fn keep_for_corpus_pass(report: &mut Report) {
    keep_what_pairs_read(report, |_| false);
}

/// What [`keep_for_series`] and [`keep_for_corpus_pass`] both drop; `also`
/// says which other printed cells stay.
fn keep_what_pairs_read(report: &mut Report, also: impl Fn(&str) -> bool) {
    // Most cells go: the kept ones are collected into a new map (built in
    // one pass from sorted entries) rather than removed one by one.
    report.cells = std::mem::take(&mut report.cells)
        .into_iter()
        .filter(|(path, _)| {
            also(path) || path.starts_with("active.") || path.starts_with("requests.carried_in.")
        })
        .collect();
    report.row_labels.clear();
    report.column_labels.clear();
    report.metadata_spans.clear();
    report.narrative.clear();
    // Checking copied the extraction findings it kept into its findings.
    report.findings.clear();
    for section in &mut report.sections {
        if !COMPARED_SECTIONS.contains(&section.number) {
            section.text = String::new();
        }
    }
}

/// The sections `copied-text` compares with the previous year's.
pub const COMPARED_SECTIONS: [u8; 2] = [1, 5];

/// For one pair of reports, the share of each of [`COMPARED_SECTIONS`] of
/// the current report found in the previous one's, each compared at most
/// once: `copied-text` reads them, and the corpus pass records them.
pub struct SectionShares<'r> {
    previous: &'r Report,
    current: &'r Report,
    shares: [std::cell::OnceCell<Option<f64>>; COMPARED_SECTIONS.len()],
}

impl<'r> SectionShares<'r> {
    /// The shares of `current`'s sections found in `previous`'s, to be
    /// compared when first asked for.
    pub fn new(previous: &'r Report, current: &'r Report) -> SectionShares<'r> {
        SectionShares {
            previous,
            current,
            shares: Default::default(),
        }
    }

    /// The share of the current report's four-character runs of section
    /// `number` found in the previous report's same section
    /// ([`crate::text_similarity`]); `None` when either report lacks the
    /// section, this year's is too short to compare, or `number` is not one
    /// of [`COMPARED_SECTIONS`].
    pub fn share(&self, number: u8) -> Option<f64> {
        let index = COMPARED_SECTIONS.iter().position(|&n| n == number)?;
        *self.shares[index].get_or_init(|| {
            crate::text_similarity(
                &self.current.section(number)?.text,
                &self.previous.section(number)?.text,
            )
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn extract(path: &str) -> Report {
        let full = format!("{}/../../tests/data/{path}", env!("CARGO_MANIFEST_DIR"));
        let bytes = std::fs::read(&full).unwrap_or_else(|e| panic!("{full}: {e}"));
        xxgk_extract::extract_bytes(&bytes, path).unwrap_or_else(|e| panic!("{path}: {e}"))
    }

    /// The shares the corpus pass records are the texts' similarity, and the
    /// ones `copied-text` read: its finding states the same percentage.
    #[test]
    fn a_pair_s_shares_are_the_similarity_the_rule_reports() {
        let previous = extract("rules/copied-text/2020.txt");
        let current = extract("rules/copied-text/2021.txt");
        let shares = SectionShares::new(&previous, &current);
        for number in COMPARED_SECTIONS {
            let expected = crate::text_similarity(
                &current.section(number).unwrap().text,
                &previous.section(number).unwrap().text,
            );
            assert_eq!(shares.share(number), expected, "section {number}");
        }
        assert_eq!(shares.share(3), None);
        let findings = check_pair_sharing(&shares, &Selection::default());
        let copied: Vec<&str> = findings
            .iter()
            .filter(|f| f.rule == "copied-text")
            .map(|f| f.message.en.as_str())
            .collect();
        let five = (shares.share(5).unwrap() * 100.0).round();
        assert!(five > 50.0);
        assert!(
            copied.contains(&format!("{five}% of section 5 (problems and improvements) is the same as in the 2020 report").as_str()),
            "{copied:?}"
        );
        assert_eq!(
            findings,
            check_pair(&previous, &current, &Selection::default())
        );
    }

    /// A body's reports pair however its name is printed, as in the corpus: a
    /// short form, 政府 for 人民政府, traditional characters.
    #[test]
    fn pairs_follow_the_body_identity_of_the_corpus() {
        // Last year's carry-out differs from this year's carry-in: carry-chain fires.
        let previous = extract("rules/requests-balance.fail.txt");
        let mut current = extract("seeds/004_ca48803eb8e502d4.txt");
        current.year = Some(2021);
        let all = Selection::default();
        assert_eq!(previous.agency.as_deref(), Some("王岗镇人民政府"));
        current.agency = previous.agency.clone();
        let expected = check_series(&[&previous, &current], &all).remove(1);
        assert!(!expected.is_empty());
        for printed in [
            "王岗镇政府",
            "王崗鎮人民政府",
            " 王岗镇 人民政府 ",
            "南岗区王岗镇人民政府",
        ] {
            let mut renamed = current.clone();
            renamed.agency = Some(printed.to_string());
            let found = check_series(&[&previous, &renamed], &all).remove(1);
            assert_eq!(found, expected, "{printed}");
        }
        // Another body's report is not last year's.
        current.agency = Some("王岗镇人民政府办公室".into());
        assert!(check_series(&[&previous, &current], &all)[1].is_empty());
    }
}
