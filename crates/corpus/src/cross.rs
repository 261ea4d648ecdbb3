//! The corpus pass: after an ingest or a reindex, decide which reports are the
//! same body's ([`xxgk_check::body`]), run the cross-report rules on every body's
//! consecutive years (`carry-chain`, `in-force-chain`, `copied-text`), record how
//! similar sections 一 and 五 are to the previous year's for every pair, and
//! compare each parent with the sum of its children where the agency list
//! declares a hierarchy (`hierarchy-sum`). The results replace the previous
//! pass's in one transaction.
//!
//! After the first pass, only what changed is checked again: the store records
//! the reports added since the last pass and the bodies of those removed
//! ([`xxgk_store::PassChanges`]). Every report's body is resolved again (no
//! report is read for it); the bodies some report came to or left and their
//! parents are checked, and the rest stand, each year's reports in the order
//! the last pass left them (copies last). A changed agency list checks
//! everything.
//!
//! Memory stays bounded: each report is loaded once, a few dozen at a time
//! (decoded on all cores, [`Store::fetch`]), and only as far as
//! the rules read it; a body keeps last year's first report and each year's
//! tables (to find copies) while its next year is read; a parent is loaded
//! with its children.

use crate::ingest::SeverityCounts;
use std::collections::{BTreeMap, HashMap, HashSet};
use xxgk_check::body::Resolution;
use xxgk_check::{check_hierarchy, check_pair_sharing, SectionShares, Selection};
use xxgk_model::Report;
use xxgk_store::{Ahead, CorpusPass, Reading, ReportRow, Similarity, Store, StoreError};

/// The sections whose similarity to the previous year is recorded.
pub use xxgk_check::COMPARED_SECTIONS;

/// What the pass found.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CrossSummary {
    /// Distinct bodies among the stored reports.
    pub bodies: usize,
    /// Pairs of one body's consecutive years compared.
    pub pairs: usize,
    /// Parent reports compared with their children's.
    pub parents: usize,
    /// Reports that repeat another of the same body and year (same tables):
    /// kept, marked as copies, counted once by statistics.
    pub copies: usize,
    /// The findings of the pass, by severity.
    pub findings: SeverityCounts,
    /// When only what changed was checked: how many bodies were (those some
    /// report came to or left, and their parents). Pairs, parents, copies
    /// and findings are then those of these bodies; the rest stand as the
    /// last pass left them.
    pub rechecked: Option<usize>,
}

/// Runs the corpus pass: over everything stored when the agency list changed
/// (or the database does not say what changed), otherwise over the bodies
/// whose reports changed since the last pass, and the parents of those. The
/// results are those of a pass over everything either way: the rules compare
/// a body's own reports, and a parent with its children, so what no change
/// touched would be found the same again.
///
/// The results are stored with the data generation read first, so that a pass
/// that does not complete (a crash, a kill) is still due next time
/// ([`Store::corpus_pass_due`]).
pub fn run(store: &mut dyn Store, selection: &Selection) -> Result<CrossSummary, StoreError> {
    let store: &dyn Store = store;
    let generation = store.generation()?;
    let agencies = store.agencies()?;
    let printed = store.report_agencies()?;
    let resolution = Resolution::new(
        printed
            .iter()
            .flat_map(|(name, count)| std::iter::repeat_n(name.as_str(), *count)),
        agencies.iter().map(|a| a.name.as_str()),
    );
    drop(printed);
    // Results are written as they come, and take effect together at the end.
    let mut pass = store.begin_corpus(generation)?;
    let changes = pass.changes()?;
    let added: HashSet<i64> = changes.added.iter().copied().collect();
    // The bodies some report came to or left, and the reports that came or
    // moved (whose previous results go, whatever body they now have).
    let mut touched: HashSet<String> = changes.removed.into_iter().collect();
    let mut moved = Vec::new();
    // How the last pass ordered each year's reports (copies last, then by
    // format and id), for the bodies it is not run on again.
    let mut last_order: HashMap<i64, (bool, u8)> = HashMap::new();
    let mut summary = CrossSummary::default();
    // Body → year → reports (usually one; a body may publish a year twice).
    // Within a year the ids are in ascending order; the pass's results do not
    // depend on it (copies are ordered by source, then id).
    let mut by_body: BTreeMap<String, BTreeMap<i32, Vec<i64>>> = BTreeMap::new();
    let mut bodies = HashSet::new();
    store.each_report_key(&mut |row| {
        let body = row.agency.as_deref().and_then(|a| resolution.body_of(a));
        pass.set_body(row.id, body)?;
        if added.contains(&row.id) || row.body.as_deref() != body {
            moved.push(row.id);
            touched.extend(body.map(str::to_string));
            touched.extend(row.body);
        }
        let Some(body) = body else {
            return Ok(());
        };
        bodies.insert(body);
        if let Some(year) = row.year {
            by_body
                .entry(body.to_string())
                .or_default()
                .entry(year)
                .or_default()
                .push(row.id);
            if !changes.everything {
                last_order.insert(row.id, (row.copy_of.is_some(), rank_of(&row.format)));
            }
        }
        Ok(())
    })?;
    summary.bodies = bodies.len();
    // What is grouped is not needed again.
    drop(bodies);
    drop(resolution);
    let checked = Some(with_parents(touched, &agencies))
        .filter(|_| !changes.everything)
        // Every body touched (a first ingest, `reindex --all`): forgetting
        // everything at once is quicker than report by report.
        .filter(|checked| !by_body.keys().all(|body| checked.contains(body)));
    let checked = match checked {
        None => {
            pass.forget_everything()?;
            None
        }
        Some(checked) => {
            let checked = forget_checked(checked, moved, &by_body, &mut *pass, &mut summary)?;
            // A year's first report stands for it in a parent's comparison:
            // where the pass does not run again, the one the last pass put
            // first (see `copies_among`).
            for (_, years) in by_body.iter_mut().filter(|(b, _)| !checked.contains(*b)) {
                for ids in years.values_mut() {
                    ids.sort_by_key(|id| (last_order.get(id).copied(), *id));
                }
            }
            Some(checked)
        }
    };
    drop(last_order);
    let is_checked = |body: &str| checked.as_ref().is_none_or(|c| c.contains(body));
    // Every report checked is loaded once, in the order the pass reads them.
    let order: Vec<i64> = by_body
        .iter()
        .filter(|(body, _)| is_checked(body))
        .flat_map(|(_, years)| years.values().flatten().copied())
        .collect();
    // While the pass works on one lot, the next ones are decoded: decoding
    // costs more than the pass's work on a lot.
    let mut loader = Ahead::new(order, |ids| store.fetch(ids, Reading::ForPass));
    for (_, years) in by_body.iter_mut().filter(|(body, _)| is_checked(body)) {
        series(&mut loader, years, selection, &mut *pass, &mut summary)?;
    }
    hierarchy(
        store,
        &agencies,
        &by_body,
        &is_checked,
        selection,
        &mut *pass,
        &mut summary,
    )?;
    pass.commit()?;
    Ok(summary)
}

/// Forgets the previous results about the reports of the `checked` bodies and
/// the reports that `moved` (came, or changed body), and counts the bodies.
fn forget_checked(
    checked: HashSet<String>,
    moved: Vec<i64>,
    by_body: &BTreeMap<String, BTreeMap<i32, Vec<i64>>>,
    pass: &mut dyn CorpusPass,
    summary: &mut CrossSummary,
) -> Result<HashSet<String>, StoreError> {
    let mut forgotten = moved;
    for body in &checked {
        forgotten.extend(
            by_body
                .get(body)
                .into_iter()
                .flat_map(|y| y.values().flatten()),
        );
    }
    forgotten.sort_unstable();
    forgotten.dedup();
    pass.forget(&forgotten)?;
    summary.rechecked = Some(checked.iter().filter(|b| by_body.contains_key(*b)).count());
    Ok(checked)
}

/// `touched` and the parents of every body in it (the agency list's
/// `parent`): a parent's reports are compared with its children's.
fn with_parents(mut touched: HashSet<String>, agencies: &[xxgk_store::Agency]) -> HashSet<String> {
    let parents: Vec<String> = agencies
        .iter()
        .filter(|a| touched.contains(&a.name))
        .filter_map(|a| a.parent.clone())
        .collect();
    touched.extend(parents);
    touched
}

/// Every pair of consecutive years of one body: the rules and the similarity;
/// and the copies among each year's reports, which reorders that year's ids
/// (see [`copies_among`]).
fn series(
    loader: &mut Ahead,
    years: &mut BTreeMap<i32, Vec<i64>>,
    selection: &Selection,
    pass: &mut dyn CorpusPass,
    summary: &mut CrossSummary,
) -> Result<(), StoreError> {
    // Last year's first report, which stands for it (one per year is usual),
    // stays loaded while this year's are checked, one at a time.
    let mut previous: Option<(i32, i64, Report)> = None;
    for (&year, ids) in years.iter_mut() {
        let last = previous.take().filter(|(y, _, _)| *y == year - 1);
        // What each report's pair gave, stored in the year's final order.
        let mut found: HashMap<i64, Found> = HashMap::with_capacity(ids.len());
        let mut tables = Vec::new();
        let mut first: Option<(u8, i64, Report)> = None;
        for &id in ids.iter() {
            let report = loader.next(id)?;
            if let Some((_, previous_id, previous_report)) = &last {
                summary.pairs += 1;
                found.insert(
                    id,
                    pair(previous_report, *previous_id, &report, id, selection),
                );
            }
            let rank = format_rank(report.source.format);
            if ids.len() > 1 {
                tables.push((rank, id, Tables::of(&report)));
            }
            // The year's first after ordering: the most direct source, then the
            // first stored (a copy never precedes its original).
            if first.as_ref().is_none_or(|(r, i, _)| (rank, id) < (*r, *i)) {
                first = Some((rank, id, report));
            }
        }
        if ids.len() > 1 {
            let copies = copies_among(tables, ids);
            summary.copies += copies.len();
            for (copy, of) in copies {
                pass.set_copy(copy, of)?;
            }
        }
        for id in ids.iter() {
            if let Some(Found {
                findings,
                similarities,
            }) = found.remove(id)
            {
                for finding in &findings {
                    record(pass, summary, *id, finding)?;
                }
                for similarity in &similarities {
                    pass.add_similarity(similarity)?;
                }
            }
        }
        previous = first.map(|(_, id, report)| (year, id, report));
    }
    Ok(())
}

/// Stores a finding of the pass about `report_id`, and counts it.
fn record(
    pass: &mut dyn CorpusPass,
    summary: &mut CrossSummary,
    report_id: i64,
    finding: &xxgk_model::Finding,
) -> Result<(), StoreError> {
    summary.findings.add(finding);
    pass.add_finding(report_id, finding)
}

/// What comparing a report with last year's found.
struct Found {
    findings: Vec<xxgk_model::Finding>,
    similarities: Vec<Similarity>,
}

/// The cross-report rules and the similarity of one report with last year's.
fn pair(
    previous: &Report,
    previous_id: i64,
    report: &Report,
    id: i64,
    selection: &Selection,
) -> Found {
    let shares = SectionShares::new(previous, report);
    let findings = check_pair_sharing(&shares, selection);
    let similarities = COMPARED_SECTIONS
        .into_iter()
        .filter_map(|section| {
            shares.share(section).map(|ratio| Similarity {
                report_id: id,
                previous_id,
                section,
                ratio,
            })
        })
        .collect();
    Found {
        findings,
        similarities,
    }
}

/// Parents compared with the sum of their children, year by year, where every
/// child has a report for the year (the parents `is_checked` says).
fn hierarchy(
    store: &dyn Store,
    agencies: &[xxgk_store::Agency],
    by_body: &BTreeMap<String, BTreeMap<i32, Vec<i64>>>,
    is_checked: &dyn Fn(&str) -> bool,
    selection: &Selection,
    pass: &mut dyn CorpusPass,
    summary: &mut CrossSummary,
) -> Result<(), StoreError> {
    let mut children: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for agency in agencies {
        if let Some(parent) = &agency.parent {
            children.entry(parent).or_default().push(&agency.name);
        }
    }
    // With a `sums` column, only the parents it marks sum their children.
    if agencies.iter().any(|a| a.sums.is_some()) {
        let summing: std::collections::HashSet<&str> = agencies
            .iter()
            .filter(|a| a.sums == Some(true))
            .map(|a| a.name.as_str())
            .collect();
        children.retain(|parent, _| summing.contains(parent));
    }
    for (parent, kids) in children.into_iter().filter(|(p, _)| is_checked(p)) {
        let Some(parent_years) = by_body.get(parent) else {
            continue;
        };
        for (year, parent_ids) in parent_years {
            let kid_ids: Option<Vec<(&str, i64)>> = kids
                .iter()
                .map(|k| {
                    by_body
                        .get(*k)
                        .and_then(|years| years.get(year))
                        .map(|ids| (*k, ids[0]))
                })
                .collect();
            let Some(kid_ids) = kid_ids else { continue };
            let mut loaded = Vec::with_capacity(kid_ids.len());
            for (name, id) in &kid_ids {
                loaded.push((*name, store.load_for_rules(*id)?));
            }
            let pairs: Vec<(&str, &Report)> = loaded.iter().map(|(n, r)| (*n, r)).collect();
            for &parent_id in parent_ids {
                let report = store.load_for_rules(parent_id)?;
                summary.parents += 1;
                for finding in check_hierarchy(&report, &pairs, selection) {
                    record(pass, summary, parent_id, &finding)?;
                }
            }
        }
    }
    Ok(())
}

/// Among one body's reports for one year, those that repeat another: the same
/// tables, cell for cell (a PDF and its text layer, a page and its PDF). The
/// one kept as the report is the most direct source — Word, then HTML, then
/// text, then PDF (a text layer can lose characters) — then the first stored;
/// `ids` is reordered so that it comes first, and stands for the year in the
/// other passes. Reports without tables are never copies: nothing says they
/// are the same. `loaded` holds each report's format rank, id and tables.
fn copies_among(mut loaded: Vec<(u8, i64, Tables)>, ids: &mut [i64]) -> Vec<(i64, i64)> {
    loaded.sort_by_key(|(rank, id, _)| (*rank, *id));
    let mut kept: Vec<(i64, &Tables)> = Vec::new();
    let mut copies = Vec::new();
    for (_, id, tables) in &loaded {
        match kept.iter().find(|(_, k)| tables.any() && *k == tables) {
            Some((of, _)) => copies.push((*id, *of)),
            None => kept.push((*id, tables)),
        }
    }
    // Reports kept first (in preference order), then the copies.
    let order: Vec<i64> = kept
        .iter()
        .map(|(id, _)| *id)
        .chain(copies.iter().map(|(copy, _)| *copy))
        .collect();
    ids.copy_from_slice(&order);
    copies
}

/// The three tables of a report: what makes two reports the same.
#[derive(PartialEq)]
struct Tables {
    active: Option<xxgk_model::Active>,
    requests: Option<xxgk_model::Table<xxgk_model::RequestRow>>,
    appeals: Option<xxgk_model::Table<xxgk_model::AppealGroup>>,
}

impl Tables {
    fn of(report: &Report) -> Tables {
        Tables {
            active: report.active.clone(),
            requests: report.requests.clone(),
            appeals: report.appeals.clone(),
        }
    }

    /// Whether there is a table at all: reports without tables are never
    /// copies, since nothing says they are the same.
    fn any(&self) -> bool {
        self.active.is_some() || self.requests.is_some() || self.appeals.is_some()
    }
}

/// Which source of the same report to keep: the lower the better.
fn format_rank(format: xxgk_model::SourceFormat) -> u8 {
    use xxgk_model::SourceFormat::*;
    match format {
        Docx => 0,
        Html => 1,
        Text | Markdown => 2,
        Pdf => 3,
    }
}

/// [`format_rank`] of a stored format name (an unknown one last).
fn rank_of(name: &str) -> u8 {
    xxgk_model::SourceFormat::from_name(name).map_or(u8::MAX, format_rank)
}

/// Report id → body, from a corpus pass (for callers that group rows).
pub fn bodies_of(rows: &[ReportRow]) -> HashMap<i64, &str> {
    rows.iter()
        .filter_map(|r| r.body.as_deref().map(|b| (r.id, b)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;
    use xxgk_store::Agency;

    fn agency(name: &str, parent: Option<&str>) -> Agency {
        Agency {
            name: name.into(),
            region: None,
            level: None,
            parent: parent.map(Into::into),
            sums: None,
        }
    }

    /// A changed body brings its parent (compared with its children), and
    /// nothing else.
    #[test]
    fn a_change_brings_the_parent_it_is_compared_with() {
        let list = [
            agency("市政府", None),
            agency("甲区政府", Some("市政府")),
            agency("乙区政府", Some("市政府")),
            agency("甲区交通局", Some("甲区政府")),
            agency("丙市政府", None),
        ];
        let family = |touched: &[&str]| -> BTreeSet<String> {
            with_parents(touched.iter().map(|b| b.to_string()).collect(), &list)
                .into_iter()
                .collect()
        };
        let names =
            |names: &[&str]| -> BTreeSet<String> { names.iter().map(|b| b.to_string()).collect() };
        assert_eq!(family(&["乙区政府"]), names(&["乙区政府", "市政府"]));
        assert_eq!(family(&["甲区交通局"]), names(&["甲区交通局", "甲区政府"]));
        assert_eq!(family(&["丙市政府"]), names(&["丙市政府"]));
        assert_eq!(family(&["不在名录中的机关"]), names(&["不在名录中的机关"]));
    }
}
