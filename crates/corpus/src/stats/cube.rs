//! The statistics of a whole corpus summed once per combination of year,
//! region and level, and kept small: what the web dashboard filters and
//! groups, and drills down into.
//!
//! Summing every report's cells takes seconds at 100,000 reports, and keeping
//! every report's figures to sum them again for each filter took a gigabyte.
//! A [`Cube`] keeps, per combination of the three dimensions that occurs, the
//! sums of its reports ([`Group`]) and the ids of its bodies; and per report
//! only its id, its combination and which figures it takes part in. Any
//! filter by those dimensions and any grouping by them is then a merge of a
//! few thousand sums, exactly equal to [`super::group`] over the same reports:
//! sums are of exact decimals, so the order of the additions does not change
//! them, and distinct bodies are counted by id.

use super::{each_report_figures, figures, Dimension, Group, Keyed, ReportFigures};
use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap};
use xxgk_model::Lang;
use xxgk_store::{Store, StoreError};

/// The dimensions a cube sums by, in the order of its keys.
pub const CUBE_DIMENSIONS: [Dimension; 3] = [Dimension::Year, Dimension::Region, Dimension::Level];

/// A combination of dimension values: each an index into the cube's values of
/// that dimension.
type Key = [u32; CUBE_DIMENSIONS.len()];

/// The statistics of a corpus, summed by year, region and level (see the
/// module's documentation).
#[derive(Clone, Debug, Default)]
pub struct Cube {
    /// The values of each dimension of [`CUBE_DIMENSIONS`]; `""` is unknown.
    values: [Vec<String>; CUBE_DIMENSIONS.len()],
    cells: Vec<Cell>,
    reports: Vec<CubeReport>,
    /// The keys of [`figures`], in the order of [`CubeReport`]'s bits.
    figures: Vec<String>,
    /// The regions of the agency list, whether or not a report is in them:
    /// 江苏省 is a region of the list when only its cities' bodies report.
    listed_regions: Vec<String>,
}

/// The reports of one combination of dimension values.
#[derive(Clone, Debug)]
struct Cell {
    key: Key,
    /// Their counts and sums, not finished (no bodies, no rates).
    sums: Group,
    /// Their distinct bodies, by id, ascending.
    bodies: Vec<u32>,
    /// Of those, the bodies with an error finding.
    erring: Vec<u32>,
}

/// One report as a cube keeps it: its id, its combination of dimension values
/// and the figures it takes part in. Reports are kept in the store's order
/// (year, body, id).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CubeReport {
    /// The report's id in the store.
    pub id: i64,
    cell: u32,
    /// Bit `i`: the report takes part in figure `i` of [`figures`].
    figures: u64,
}

impl Cube {
    /// Sums every report of `store` (copies left out, as [`super::stats`]
    /// does); levels are named in `lang`.
    pub fn build(store: &dyn Store, lang: Lang) -> Result<Cube, StoreError> {
        let mut builder = Builder::new();
        each_report_figures(store, lang, &mut |report| builder.add(&report))?;
        let mut cube = builder.finish();
        cube.listed_regions = store
            .agencies()?
            .into_iter()
            .filter_map(|a| a.region)
            .filter(|r| !r.is_empty())
            .collect();
        cube.listed_regions.sort();
        cube.listed_regions.dedup();
        Ok(cube)
    }

    /// The cube of `reports` (from [`super::report_figures`]).
    pub fn of(reports: &[ReportFigures]) -> Cube {
        let mut builder = Builder::new();
        reports.iter().for_each(|report| builder.add(report));
        builder.finish()
    }

    /// The known values of `dimension` (one of [`CUBE_DIMENSIONS`]), sorted:
    /// those of the reports, and for regions those of the agency list too;
    /// empty for another dimension.
    pub fn values(&self, dimension: Dimension) -> Vec<String> {
        let Some(index) = position(dimension) else {
            return Vec::new();
        };
        let mut known: Vec<String> = self.values[index]
            .iter()
            .filter(|v| !v.is_empty())
            .cloned()
            .collect();
        if dimension == Dimension::Region {
            known.extend(self.listed_regions.iter().cloned());
        }
        known.sort();
        known.dedup();
        known
    }

    /// The known regions directly under `within` (`""`: the top): those
    /// whose name starts with it, with no other known region between.
    /// Regions nest by name, as the region filter does (江苏省 ⊃ 江苏省淮安市 ⊃
    /// 江苏省淮安市洪泽区), so a table by region can show one level at a time.
    pub fn regions_under(&self, within: &str) -> Vec<String> {
        let under: Vec<String> = self
            .values(Dimension::Region)
            .into_iter()
            .filter(|r| r.len() > within.len() && r.starts_with(within))
            .collect();
        // Sorted: a region's ancestors under `within` come before it.
        let mut top: Vec<String> = Vec::new();
        for region in under {
            if !top.iter().any(|t| region.starts_with(t.as_str())) {
                top.push(region);
            }
        }
        top
    }

    /// The reports of the combinations `admits` takes. `admits` is asked once
    /// per combination, with its value of each dimension (`""`: unknown; a
    /// dimension not in [`CUBE_DIMENSIONS`] is unknown too).
    pub fn select(&self, admits: impl Fn(&Combination) -> bool) -> Selection<'_> {
        let admitted = self
            .cells
            .iter()
            .map(|cell| {
                admits(&Combination {
                    cube: self,
                    key: &cell.key,
                })
            })
            .collect();
        Selection {
            cube: self,
            admitted,
        }
    }

    /// The value of `dimension` in `key` (`""` for a dimension not kept).
    fn value(&self, key: &Key, dimension: Dimension) -> &str {
        position(dimension).map_or("", |i| &self.values[i][key[i] as usize])
    }

    /// The bit of figure `key` in [`CubeReport::figures`].
    fn figure_bit(&self, key: &str) -> Option<u64> {
        self.figures
            .iter()
            .position(|k| k == key)
            .map(|i| 1u64 << i)
    }
}

/// One combination of dimension values of a [`Cube`].
pub struct Combination<'c> {
    cube: &'c Cube,
    key: &'c Key,
}

impl Keyed for Combination<'_> {
    fn value(&self, dimension: Dimension) -> Cow<'_, str> {
        Cow::Borrowed(self.cube.value(self.key, dimension))
    }
}

/// The index of `dimension` in [`CUBE_DIMENSIONS`].
fn position(dimension: Dimension) -> Option<usize> {
    CUBE_DIMENSIONS.iter().position(|d| *d == dimension)
}

/// The reports of some combinations of a [`Cube`].
pub struct Selection<'c> {
    cube: &'c Cube,
    /// Per cell of the cube, whether it is selected.
    admitted: Vec<bool>,
}

impl Selection<'_> {
    /// The selected cells.
    fn cells(&self) -> impl Iterator<Item = &Cell> {
        self.cube
            .cells
            .iter()
            .zip(&self.admitted)
            .filter_map(|(cell, admitted)| admitted.then_some(cell))
    }

    /// How many reports are selected.
    pub fn len(&self) -> usize {
        self.cells().map(|cell| cell.sums.reports).sum()
    }

    /// True when no report is selected.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The statistics of the selected reports grouped by `by` (dimensions of
    /// [`CUBE_DIMENSIONS`]; all in one group when empty), in key order: what
    /// [`super::group`] gives for the same reports. No group when nothing is
    /// selected.
    pub fn group(&self, by: &[Dimension]) -> Vec<Group> {
        self.group_with(|combination| {
            by.iter()
                .map(|d| combination.value(*d).into_owned())
                .collect()
        })
    }

    /// The statistics of the selected reports grouped by the key `key`
    /// gives each combination (a region rolled up to the one above it, …),
    /// in key order.
    pub fn group_with(&self, key: impl Fn(&Combination) -> Vec<String>) -> Vec<Group> {
        let mut groups: BTreeMap<Vec<String>, (Group, Vec<u32>, Vec<u32>)> = BTreeMap::new();
        for cell in self.cells() {
            let key = key(&Combination {
                cube: self.cube,
                key: &cell.key,
            });
            let (group, bodies, erring) = groups.entry(key).or_default();
            group.merge(&cell.sums);
            bodies.extend_from_slice(&cell.bodies);
            erring.extend_from_slice(&cell.erring);
        }
        groups
            .into_iter()
            .map(|(key, (mut group, bodies, erring))| {
                group.key = key;
                group.finish(distinct(bodies), distinct(erring))
            })
            .collect()
    }

    /// The selected reports that take part in figure `key` (`takes_part`)
    /// or do not, in the store's order. None for an unknown figure.
    pub fn reports(&self, key: &str, takes_part: bool) -> impl Iterator<Item = &CubeReport> {
        let bit = self.cube.figure_bit(key);
        self.cube.reports.iter().filter(move |report| {
            self.admitted[report.cell as usize]
                && bit.is_some_and(|bit| (report.figures & bit != 0) == takes_part)
        })
    }
}

/// How many distinct ids `ids` holds.
fn distinct(mut ids: Vec<u32>) -> usize {
    ids.sort_unstable();
    ids.dedup();
    ids.len()
}

/// A cube being summed, one report at a time.
struct Builder {
    cube: Cube,
    /// Each dimension's values, to their index.
    interned: [HashMap<String, u32>; CUBE_DIMENSIONS.len()],
    bodies: HashMap<String, u32>,
    cells: HashMap<Key, u32>,
}

impl Builder {
    fn new() -> Builder {
        let figures: Vec<String> = figures().into_iter().map(|f| f.key).collect();
        assert!(
            figures.len() <= 64,
            "a report's figures are the bits of a u64"
        );
        Builder {
            cube: Cube {
                figures,
                ..Cube::default()
            },
            interned: Default::default(),
            bodies: HashMap::new(),
            cells: HashMap::new(),
        }
    }

    fn add(&mut self, report: &ReportFigures) {
        let mut key = Key::default();
        for (i, dimension) in CUBE_DIMENSIONS.iter().enumerate() {
            let value = report.key(*dimension);
            let values = &mut self.cube.values[i];
            key[i] = *self.interned[i].entry(value).or_insert_with_key(|value| {
                values.push(value.clone());
                (values.len() - 1) as u32
            });
        }
        let cells = &mut self.cube.cells;
        let cell = *self.cells.entry(key).or_insert_with(|| {
            cells.push(Cell {
                key,
                sums: Group::default(),
                bodies: Vec::new(),
                erring: Vec::new(),
            });
            (cells.len() - 1) as u32
        });
        let next = self.bodies.len() as u32;
        let body = *self.bodies.entry(report.body.clone()).or_insert(next);
        let summed = &mut self.cube.cells[cell as usize];
        summed.sums.add_report(report);
        summed.bodies.push(body);
        if report.row.errors > 0 {
            summed.erring.push(body);
        }
        let figures = self
            .cube
            .figures
            .iter()
            .enumerate()
            .filter(|(_, key)| report.parts.contains_key(*key))
            .fold(0u64, |bits, (i, _)| bits | 1 << i);
        self.cube.reports.push(CubeReport {
            id: report.row.id,
            cell,
            figures,
        });
    }

    fn finish(self) -> Cube {
        let mut cube = self.cube;
        for cell in &mut cube.cells {
            for ids in [&mut cell.bodies, &mut cell.erring] {
                ids.sort_unstable();
                ids.dedup();
                ids.shrink_to_fit();
            }
        }
        cube.reports.shrink_to_fit();
        cube
    }
}

#[cfg(test)]
mod tests {
    use super::super::{group, Part};
    use super::*;
    use proptest::prelude::*;
    use xxgk_model::Number;
    use xxgk_store::ReportRow;

    fn row(id: i64, year: Option<i32>, errors: u32) -> ReportRow {
        ReportRow {
            id,
            sha256: String::new(),
            file: format!("{id}.txt"),
            format: "text".into(),
            agency: None,
            body_key: None,
            body: None,
            year,
            template: None,
            published: None,
            extractor: String::new(),
            copy_of: None,
            errors,
            warnings: errors % 3,
            infos: errors % 2,
        }
    }

    /// A drawn report: year, region, level and body (indexes into short
    /// lists), errors, and parts (figure index, mantissa, scale).
    type Drawn = (Option<i32>, usize, usize, usize, u32, Vec<(usize, i64, u8)>);

    /// A report: its year, region, level and body from short lists (so that
    /// combinations repeat), a few errors, and a part in some figures: sums
    /// with decimals, ratios.
    fn report() -> impl Strategy<Value = Drawn> {
        (
            prop::option::of(2019..2023i32),
            0..4usize,
            0..3usize,
            0..6usize,
            0..3u32,
            prop::collection::vec((0..figures().len(), -5..2_000i64, 0..3u8), 0..8),
        )
    }

    fn reports(drawn: Vec<Drawn>) -> Vec<ReportFigures> {
        let keys: Vec<Figure> = figures();
        const REGIONS: [&str; 4] = ["", "江苏省", "江苏省淮安市", "河北省"];
        const LEVELS: [&str; 3] = ["", "县级", "市级"];
        drawn
            .into_iter()
            .enumerate()
            .map(
                |(i, (year, region, level, body, errors, parts))| ReportFigures {
                    row: row(i as i64 + 1, year, errors),
                    body: format!("机关{body}"),
                    region: REGIONS[region].into(),
                    level: LEVELS[level].into(),
                    parts: parts
                        .into_iter()
                        .map(|(figure, mantissa, scale)| {
                            let value = Number::new(mantissa, scale);
                            let part = if keys[figure].rate {
                                Part::Ratio(value, Number::new(mantissa.abs() + 7, scale))
                            } else {
                                Part::Sum(value)
                            };
                            (keys[figure].key.clone(), part)
                        })
                        .collect(),
                },
            )
            .collect()
    }

    use super::super::Figure;

    proptest! {
        /// Every filter and grouping of the cube is `group` over the same
        /// reports: counts, sums, rates, distinct bodies; and the reports a
        /// figure drills down to are those that print it.
        #[test]
        fn a_selection_groups_as_its_reports_do(
            drawn in prop::collection::vec(report(), 0..60),
            year in prop::option::of(2019..2023i32),
            region in prop::option::of(prop::sample::select(vec!["", "江苏省"])),
            by in prop::sample::subsequence(CUBE_DIMENSIONS.to_vec(), 0..=3),
        ) {
            let all = reports(drawn);
            let cube = Cube::of(&all);
            let wanted_year = year.map(|y| y.to_string());
            let admits = |keyed: &dyn Keyed| {
                wanted_year.as_ref().is_none_or(|y| keyed.value(Dimension::Year) == *y.as_str())
                    && region.is_none_or(|r| keyed.value(Dimension::Region).starts_with(r))
            };
            let selected: Vec<ReportFigures> = all
                .iter()
                .filter(|r| admits(*r))
                .cloned()
                .collect();
            let selection = cube.select(|combination| admits(combination));
            prop_assert_eq!(selection.len(), selected.len());
            prop_assert_eq!(selection.group(&by), group(&selected, &by));
            for figure in figures() {
                let counted: Vec<i64> = selection.reports(&figure.key, true).map(|r| r.id).collect();
                let expected: Vec<i64> = selected
                    .iter()
                    .filter(|r| r.parts.contains_key(&figure.key))
                    .map(|r| r.row.id)
                    .collect();
                prop_assert_eq!(counted, expected);
                let left_out = selection.reports(&figure.key, false).count();
                prop_assert_eq!(left_out, selected.len() - selection.reports(&figure.key, true).count());
            }
            prop_assert_eq!(selection.reports("nothing", true).count(), 0);
            // Regions rolled up to the top: as grouping the reports by it.
            let top = cube.regions_under("");
            let rolled = |region: &str| -> Vec<String> {
                vec![top.iter().find(|t| region.starts_with(t.as_str())).cloned().unwrap_or_default()]
            };
            let mut by_top: BTreeMap<Vec<String>, Vec<ReportFigures>> = BTreeMap::new();
            for report in &selected {
                by_top.entry(rolled(&report.region)).or_default().push(report.clone());
            }
            let expected: Vec<Group> = by_top
                .into_iter()
                .map(|(key, reports)| Group { key, ..group(&reports, &[]).remove(0) })
                .collect();
            prop_assert_eq!(selection.group_with(|c| rolled(&c.value(Dimension::Region))), expected);
        }
    }

    #[test]
    fn values_are_the_known_ones_sorted() {
        let all = reports(vec![
            (Some(2021), 3, 1, 0, 0, vec![]),
            (None, 1, 0, 1, 1, vec![]),
            (Some(2020), 0, 2, 1, 0, vec![]),
            (Some(2020), 2, 2, 1, 0, vec![]),
        ]);
        let cube = Cube::of(&all);
        assert_eq!(cube.values(Dimension::Year), ["2020", "2021"]);
        assert_eq!(
            cube.values(Dimension::Region),
            ["江苏省", "江苏省淮安市", "河北省"]
        );
        assert_eq!(cube.values(Dimension::Level), ["县级", "市级"]);
        assert!(cube.values(Dimension::Format).is_empty());
        assert_eq!(cube.regions_under(""), ["江苏省", "河北省"]);
        assert_eq!(cube.regions_under("江苏省"), ["江苏省淮安市"]);
        assert!(cube.regions_under("江苏省淮安市").is_empty());
        assert!(cube.select(|_| false).is_empty());
        assert!(cube.select(|_| true).group(&[]).len() == 1);
        assert!(Cube::default().select(|_| true).group(&[]).is_empty());
    }
}
