//! Synthetic corpora of 政府信息公开工作年度报告 (bodies × years) for tests and
//! benchmarks.
//!
//! [`generate`] builds, deterministically for a seed, a tree of bodies — provinces,
//! prefecture-level cities, counties and districts, townships and sub-districts,
//! and departments of each government — and for every body and year a report:
//! the three statutory tables as an [`xxgk_model::Report`] and the document that
//! prints them, in one of three [`Format`]s. [`Corpus::write_to`] saves the
//! documents with an agency list and the ground truth of the planted errors;
//! the `xxgk-synth` binary does both from the command line.
//!
//! ```
//! use xxgk_synth::{generate, Format, Spec};
//!
//! let corpus = generate(&Spec {
//!     bodies: 30,
//!     years: 2022..=2024,
//!     formats: vec![Format::Text, Format::Html],
//!     plant: true,
//!     ..Spec::default()
//! });
//! assert_eq!(corpus.bodies.len(), 30);
//! assert_eq!(corpus.reports.len(), 30 * 3);
//! let first = &corpus.reports[0];
//! assert!(first.text.contains(first.printed_agency.as_str()));
//! ```
//!
//! # Files
//!
//! [`Corpus::write_to`] (and the binary) write into one folder:
//!
//! * one file per report, `<province>-<city>/<body-slug>-<year>.txt` (or
//!   `.html`), e.g. `jiangsu-huaian/huaian-hongze-district-gov-2023.txt`;
//! * `agencies.csv`: the agency list `xxgk ingest --agencies` reads, header
//!   `name,region,level,parent`, parents before children;
//! * `agencies-sums.csv`: the same with the optional fifth column `sums` (`yes`
//!   for summing parents), so that `hierarchy-sum` runs only where a parent sums
//!   its children;
//! * `planted.json`: the planted errors, `[{rule, body, agency, year, file,
//!   cells}]` (`body`: index into the agency list);
//! * `bodies.json`: every [`Body`] with all its fields (`sums_children`,
//!   `variants`, `kind`, `slug`, `parent_index`).
//!
//! # What the reports hold
//!
//! * **Format by year.** 2019 and 2020 use the 2019 tables, 2021 onwards the 2021
//!   tables ([`Template::for_year`]). Every label comes from
//!   [`xxgk_model::labels`] and the row enums.
//! * **Every report balances.** Table 3: each row's 总计 is the sum of the six
//!   applicant columns, （七）总计 is the sum of the outcome rows, and 一 + 二 =
//!   （七） + 四 in every column. Table 4: each group's 总计 = 维持 + 纠正 + 其他 +
//!   尚未审结.
//! * **Chains across years.** 二 上年结转 of year Y is, column by column, 四
//!   结转下年度 of year Y−1 (also when the Y−1 report is missing from the corpus).
//!   2021 format: 现行有效(Y) = 现行有效(Y−1) + 本年制发(Y) − 本年废止(Y) for 规章
//!   and 行政规范性文件. 2019 format: 上一年项目数量 follows last year's count and
//!   本年增/减; 对外公开总数量 accumulates.
//! * **Magnitudes by level.** New requests a year: townships 0–10 (many zero),
//!   county departments a few, county governments tens, city departments tens,
//!   city governments hundreds to a couple of thousand, provincial governments
//!   thousands. Only provincial and city governments make 规章; townships print
//!   0 or leave the 规章 row blank (the only blank cells).
//! * **Summing parents.** Some county governments ([`Body::sums_children`]) print
//!   tables 3 and 4 that are, cell by cell, the sum of all their children's
//!   (townships and departments: every body whose [`Body::parent`] they are) for
//!   every year. Such a parent and its children always have a report every year
//!   and carry no planted error except `hierarchy-sum` on the parent. Other
//!   parents report only their own requests.
//! * **Names.** Canonical names follow real ones: 江苏省人民政府, 江苏省教育厅,
//!   淮安市人民政府, 淮安市交通运输局, 淮安市洪泽区人民政府, 淮安市洪泽区交通运输局,
//!   洪泽区岔河镇人民政府, 洪泽区高良涧街道办事处. Place names are unique in the
//!   corpus, so every short form names one body.
//! * **Printed names vary** ([`SynthReport::printed_agency`]): most bodies always
//!   print the canonical name; some switch between it and the forms in
//!   [`Body::variants`] from year to year; some publish some years in
//!   traditional characters (the whole document). The variants are:
//!   - governments: without the province/city prefix and with 政府 for 人民政府
//!     (洪泽区人民政府, 洪泽区政府, 淮安市政府, 江苏省政府);
//!   - townships: without the county (岔河镇人民政府, 岔河镇政府, 高良涧街道办事处,
//!     高良涧街道) or with the city in front (淮安市洪泽区岔河镇人民政府);
//!   - county departments: without the city (洪泽区交通运输局); departments with a
//!     common abbreviation also print it (洪泽区交通局, 淮安市人社局, 江苏省住建厅);
//!   - traditional: any of the above in traditional characters (淮安市洪澤區人民政府);
//!     [`simplified`] turns them back.
//! * **Prose.** A preamble and the six sections (headings from
//!   [`xxgk_model::labels::SECTIONS`]) with paragraphs drawn from sentence pools.
//!   Section 一 states the request figures exactly as table 3's 总计 column
//!   (「共收到政府信息公开申请 N 件，办结 M 件」, carried over, carried in) or
//!   「本年度未收到政府信息公开申请」; section 四 states review cases only as table
//!   4 does; section 六 mentions 信息处理费 in the 2021 format. Sections 一 and 五
//!   differ from the body's previous report (no pool sentence two years running).
//! * **Missing reports.** A share [`Spec::missing_rate`] of (body, year) pairs has
//!   no report, for coverage.
//!
//! # Planted errors
//!
//! With [`Spec::plant`], about 4 % of the reports carry one error (never two), and
//! each rule below is planted at least once when the corpus has a place for it.
//! [`Corpus::planted`] lists each with its rule id, body, year and the cells
//! (contract paths) where the rule fails:
//!
//! | rule | what is wrong | cells |
//! |---|---|---|
//! | `carry-chain` | 二 上年结转 of year Y differs from 四 of year Y−1 in one applicant column (so also in 总计); the report itself balances (the extra or missing requests flow into its outcomes) | `requests.carried_in.<column>`, `requests.carried_in.total` |
//! | `in-force-chain` | 2021 format, year Y ≥ 2022: 现行有效 of 行政规范性文件 (or 规章, for bodies that make them) is off by a few; later years count on from the wrong figure, so only Y breaks the chain | `active.<row>.in_force` |
//! | `copied-text` | sections 一 and 五 are the previous year's text (only the year and the figures updated): ≥ 90 % of the four-character runs recur | none |
//! | `requests-balance` | 一 本年新收 is off by a few in one applicant column and in 总计 alike (row totals still hold) | `requests.received.<column>`, `requests.received.total` |
//! | `hierarchy-sum` | a summing parent's 新收, 予以公开 and （七）总计 are off by the same amount in one column and in 总计 (the report itself balances) | the six cells |
//!
//! `carry-chain`, `in-force-chain` and `copied-text` are planted only where the
//! previous year's report exists.

#![warn(missing_docs)]

mod gen;
pub mod kit;
mod names;
mod prose;
mod render;
mod rng;

pub use names::BodyKind;
pub use render::chinese::simplified;

use names::{Level, Node};
use rng::Rng;
use std::collections::HashMap;
use std::io;
use std::ops::RangeInclusive;
use std::path::Path;
use xxgk_model::{Report, RequestRow, RowKind, Source, SourceFormat, Table, Template};

/// What to generate.
#[derive(Clone, Debug)]
pub struct Spec {
    /// The same seed gives the same corpus.
    pub seed: u64,
    /// Number of bodies (exactly).
    pub bodies: usize,
    /// Report years.
    pub years: RangeInclusive<i32>,
    /// Formats to render in (each body mostly keeps one); empty means all.
    pub formats: Vec<Format>,
    /// Plant errors (see the crate documentation).
    pub plant: bool,
    /// Share of (body, year) pairs with no report.
    pub missing_rate: f64,
    /// Share of the zero cells of tables 3 and 4 printed blank instead (a
    /// blank, null in the model), as some bodies leave empty what did not
    /// happen.
    pub blank_rate: f64,
}

impl Default for Spec {
    fn default() -> Spec {
        Spec {
            seed: 0,
            bodies: 100,
            years: 2019..=2024,
            formats: Format::ALL.to_vec(),
            plant: false,
            missing_rate: 0.0,
            blank_rate: 0.0,
        }
    }
}

/// How a report is rendered.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Format {
    /// Text with tab-separated table cells, as Word and web tables paste
    /// (like `tests/data/seeds`).
    Text,
    /// Text as `pdftotext -layout` prints a PDF: wrapped paragraphs, aligned
    /// table columns, page numbers and form feeds (like `tests/data/layout`).
    Aligned,
    /// A web page with `<table>`s, plain or Word-exported markup, sometimes
    /// inside a whole site page.
    Html,
    /// Page text as a web crawler keeps it (like `tests/data/crawled`): three
    /// header lines (title, date, address), then the whole report on one line,
    /// every table flattened into a run of labels and digits with no separator
    /// and its blank cells left out. Not in [`Format::ALL`]: a flattened table
    /// can be read more than one way, so it does not always round-trip.
    Crawled,
}

impl Format {
    /// Every format.
    pub const ALL: [Format; 3] = [Format::Text, Format::Aligned, Format::Html];

    /// `text`, `aligned`, `html`.
    pub fn as_str(self) -> &'static str {
        match self {
            Format::Text => "text",
            Format::Aligned => "aligned",
            Format::Html => "html",
            Format::Crawled => "crawled",
        }
    }

    /// The inverse of [`Format::as_str`].
    pub fn parse(name: &str) -> Option<Format> {
        Format::ALL
            .into_iter()
            .chain([Format::Crawled])
            .find(|f| f.as_str() == name)
    }

    /// The file extension: `txt` or `html`.
    pub fn extension(self) -> &'static str {
        match self {
            Format::Text | Format::Aligned | Format::Crawled => "txt",
            Format::Html => "html",
        }
    }
}

/// One body.
#[derive(Clone, Debug, serde::Serialize)]
pub struct Body {
    /// Canonical full name, unique in the corpus: 淮安市洪泽区人民政府.
    pub name: String,
    /// The area it serves: 江苏省 (provincial bodies), 江苏省淮安市 (city bodies),
    /// 江苏省淮安市洪泽区 (county bodies and townships).
    pub region: String,
    /// `省级`, `市级`, `县级` or `乡级` (townships and sub-districts). A
    /// department has the level of its government.
    pub level: String,
    /// The canonical name of the government above it: a department's own
    /// government, a township's county, a county's city, a city's province.
    pub parent: Option<String>,
    /// Index of the parent in [`Corpus::bodies`].
    pub parent_index: Option<usize>,
    /// Government or department.
    pub kind: BodyKind,
    /// Tables 3 and 4 of every report are the sums of its children's.
    pub sums_children: bool,
    /// Other (simplified) forms its reports print the name in; see the crate
    /// documentation.
    pub variants: Vec<String>,
    /// ASCII name, unique: `huaian-hongze-district-gov`.
    pub slug: String,
}

/// One generated report.
#[derive(Clone, Debug)]
pub struct SynthReport {
    /// Index into [`Corpus::bodies`].
    pub body: usize,
    /// The report year.
    pub year: i32,
    /// The name as printed this year (a variant, maybe in traditional characters).
    pub printed_agency: String,
    /// The tables the text prints, with `agency` (the printed name in simplified
    /// characters, as the extractor reports it), `year`, `template` and
    /// `published` set. Provenance (`cells`, spans, sections) is empty and
    /// `source.sha256` is blank.
    pub model: Report,
    /// Relative path: `<province>-<city>/<body-slug>-<year>.txt` (or `.html`).
    pub file_name: String,
    /// How [`SynthReport::text`] is laid out.
    pub format: Format,
    /// The rendered document.
    pub text: String,
}

/// One planted error, with its ground truth.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Planted {
    /// The rule id that should find it.
    pub rule: &'static str,
    /// Index into [`Corpus::bodies`].
    pub body: usize,
    /// The year of the report that carries it.
    pub year: i32,
    /// Contract paths of the cells where the rule fails (empty for `copied-text`).
    pub cells: Vec<String>,
}

/// A generated corpus.
#[derive(Clone, Debug)]
pub struct Corpus {
    /// Parents before their children.
    pub bodies: Vec<Body>,
    /// In body order, then year order.
    pub reports: Vec<SynthReport>,
    /// Sorted by body, then year.
    pub planted: Vec<Planted>,
}

/// One error to plant, decided before the numbers are drawn.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Plant {
    CarryChain { column: usize, delta: i64 },
    InForceChain { row: usize, delta: i64 },
    CopiedText,
    RequestsBalance { column: usize, delta: i64 },
    HierarchySum { column: usize, delta: i64 },
}

impl Plant {
    fn rule(self) -> &'static str {
        match self {
            Plant::CarryChain { .. } => "carry-chain",
            Plant::InForceChain { .. } => "in-force-chain",
            Plant::CopiedText => "copied-text",
            Plant::RequestsBalance { .. } => "requests-balance",
            Plant::HierarchySum { .. } => "hierarchy-sum",
        }
    }
}

/// Share of reports with a planted error.
const PLANT_RATE: f64 = 0.04;

/// One year of one body's tables.
struct YearData {
    requests: gen::Requests,
    appeals: gen::Appeals,
    active: xxgk_model::Active,
}

/// Generates the corpus `spec` describes; the same spec gives the same corpus.
pub fn generate(spec: &Spec) -> Corpus {
    let world = World::new(spec);
    let tables = world.tables();
    let reports = world.documents(&tables);
    let mut planted: Vec<Planted> = world
        .plants
        .iter()
        .map(|(&(body, year), &plant)| Planted {
            rule: plant.rule(),
            body,
            year,
            cells: cells(plant),
        })
        .collect();
    planted.sort_by_key(|p| (p.body, p.year));
    Corpus {
        bodies: world.bodies(),
        reports,
        planted,
    }
}

/// Everything decided before the numbers are drawn: the bodies, who sums
/// whom, which reports exist, how busy each body is, where errors go.
struct World {
    seed: u64,
    years: Vec<i32>,
    formats: Vec<Format>,
    nodes: Vec<Node>,
    children: Vec<Vec<usize>>,
    /// Summing parents.
    sums: Vec<bool>,
    /// `present[body][year index]`: the report exists.
    present: Vec<Vec<bool>>,
    profiles: Vec<gen::Profile>,
    plants: HashMap<(usize, i32), Plant>,
    blank_rate: f64,
}

impl World {
    fn new(spec: &Spec) -> World {
        let years: Vec<i32> = spec.years.clone().collect();
        let formats = if spec.formats.is_empty() {
            Format::ALL.to_vec()
        } else {
            spec.formats.clone()
        };
        let nodes = names::build(spec.bodies, &mut Rng::derive(spec.seed, &[1]));
        let n = nodes.len();
        let mut children: Vec<Vec<usize>> = vec![Vec::new(); n];
        for (i, node) in nodes.iter().enumerate() {
            if let Some(p) = node.parent {
                children[p].push(i);
            }
        }

        // Summing parents: some county governments with at least two children.
        let mut rng = Rng::derive(spec.seed, &[2]);
        let eligible: Vec<usize> = (0..n)
            .filter(|&i| {
                nodes[i].level == Level::County
                    && nodes[i].kind == BodyKind::Government
                    && children[i].len() >= 2
            })
            .collect();
        let mut sums = vec![false; n];
        for &i in &eligible {
            sums[i] = rng.chance(0.35);
        }
        if !eligible.is_empty() && !eligible.iter().any(|&i| sums[i]) {
            sums[*rng.pick(&eligible)] = true;
        }
        let family: Vec<bool> = (0..n)
            .map(|i| sums[i] || nodes[i].parent.is_some_and(|p| sums[p]))
            .collect();

        // Missing reports (never in a summing family, whose sums must be checkable).
        let present: Vec<Vec<bool>> = (0..n)
            .map(|i| {
                years
                    .iter()
                    .map(|_| family[i] || !rng.chance(spec.missing_rate))
                    .collect()
            })
            .collect();

        let profiles: Vec<gen::Profile> = nodes
            .iter()
            .enumerate()
            .map(|(i, node)| gen::Profile::draw(node, &mut Rng::derive(spec.seed, &[3, i as u64])))
            .collect();

        let plants = if spec.plant {
            let places = Places {
                years: &years,
                present: &present,
                family: &family,
                sums: &sums,
                profiles: &profiles,
            };
            places.plan(&mut Rng::derive(spec.seed, &[4]))
        } else {
            HashMap::new()
        };
        World {
            seed: spec.seed,
            years,
            formats,
            nodes,
            children,
            sums,
            present,
            profiles,
            plants,
            blank_rate: spec.blank_rate,
        }
    }

    /// The public list of bodies.
    fn bodies(&self) -> Vec<Body> {
        self.nodes
            .iter()
            .enumerate()
            .map(|(i, node)| Body {
                name: node.name.clone(),
                region: node.region.clone(),
                level: node.level.as_str().to_string(),
                parent: node.parent.map(|p| self.nodes[p].name.clone()),
                parent_index: node.parent,
                kind: node.kind,
                sums_children: self.sums[i],
                variants: node.variants.clone(),
                slug: node.slug.clone(),
            })
            .collect()
    }

    /// Every body's tables for every year (reports that are missing too: the
    /// chains run through them), children before parents.
    fn tables(&self) -> Vec<Vec<YearData>> {
        let n = self.nodes.len();
        let mut data: Vec<Vec<YearData>> = (0..n).map(|_| Vec::new()).collect();
        // Children come after their parent in the list.
        for i in (0..n).rev() {
            let profile = &self.profiles[i];
            let mut rng = Rng::derive(self.seed, &[5, i as u64]);
            let mut state = gen::State::initial(profile, &mut rng);
            let mut series = Vec::with_capacity(self.years.len());
            for (y, &year) in self.years.iter().enumerate() {
                let template = Template::for_year(year);
                let plant = self.plants.get(&(i, year)).copied();
                let activity = gen::activity(&mut rng);
                let carry_error = match plant {
                    Some(Plant::CarryChain { column, delta }) => Some((column, delta)),
                    _ => None,
                };
                let in_force_error = match plant {
                    Some(Plant::InForceChain { row, delta }) => Some((row, delta)),
                    _ => None,
                };
                let (mut requests, appeals) = if self.sums[i] {
                    let mut requests = [[0i64; 7]; gen::ROWS];
                    let mut appeals = [[0i64; 5]; 3];
                    for &c in &self.children[i] {
                        add(&mut requests, &data[c][y].requests);
                        add(&mut appeals, &data[c][y].appeals);
                    }
                    (requests, appeals)
                } else {
                    let requests = gen::requests(
                        profile,
                        &mut state,
                        template,
                        activity,
                        carry_error,
                        &mut rng,
                    );
                    (requests, gen::appeals(profile, activity, &mut rng))
                };
                let active = gen::active(
                    profile,
                    &mut state,
                    template,
                    activity,
                    in_force_error,
                    &mut rng,
                );
                if let Some(plant) = plant {
                    plant_in_requests(plant, &mut requests);
                }
                series.push(YearData {
                    requests,
                    appeals,
                    active,
                });
            }
            data[i] = series;
        }
        data
    }

    /// The documents, body by body, year by year.
    fn documents(&self, data: &[Vec<YearData>]) -> Vec<SynthReport> {
        let mut reports = Vec::new();
        for (i, node) in self.nodes.iter().enumerate() {
            let mut rng = Rng::derive(self.seed, &[6, i as u64]);
            let habits = prose::Habits {
                subject: node.subject,
                figures: rng.below(12),
                subheads: rng.chance(0.6),
                proactive: match (node.level, node.kind) {
                    (Level::Township, _) => 150.0,
                    (_, BodyKind::Department) => 400.0,
                    (Level::County, _) => 2000.0,
                    _ => 5000.0,
                },
            };
            let naming = rng.below(10);
            let primary = *rng.pick(&self.formats);
            let mut memory = prose::Memory::default();
            for (y, &year) in self.years.iter().enumerate() {
                if !self.present[i][y] {
                    continue;
                }
                let mut rng = Rng::derive(self.seed, &[7, i as u64, year as u64]);
                let (agency, traditional) = printed_name(node, naming, &mut rng);
                let format = if self.formats.len() > 1 && rng.chance(0.15) {
                    *rng.pick(&self.formats)
                } else {
                    primary
                };
                let copy = self.plants.get(&(i, year)) == Some(&Plant::CopiedText);
                let mut writer = Writer {
                    habits: &habits,
                    memory: &mut memory,
                    rng: &mut rng,
                    blank_rate: self.blank_rate,
                };
                reports.push(writer.report(
                    i,
                    node,
                    year,
                    &data[i][y],
                    agency,
                    traditional,
                    format,
                    copy,
                ));
            }
        }
        reports
    }
}

/// Turns a share `rate` of the zero cells of `table` into blanks.
fn blank_zeros<R: RowKind>(table: &mut Table<R>, rate: f64, rng: &mut Rng) {
    let zeros: Vec<(R, usize)> = table
        .rows()
        .flat_map(|(row, values)| {
            values
                .iter()
                .enumerate()
                .filter(|(_, v)| **v == Some(xxgk_model::Number::ZERO))
                .map(move |(p, _)| (row, p))
                .collect::<Vec<_>>()
        })
        .collect();
    for (row, position) in zeros {
        if rng.chance(rate) {
            table
                .set(row, position, None)
                .expect("a position the table has");
        }
    }
}

/// Writes one body's reports, year after year.
struct Writer<'a> {
    habits: &'a prose::Habits,
    memory: &'a mut prose::Memory,
    rng: &'a mut Rng,
    blank_rate: f64,
}

impl Writer<'_> {
    /// One report: prose, document and model.
    #[allow(clippy::too_many_arguments)]
    fn report(
        &mut self,
        body: usize,
        node: &Node,
        year: i32,
        d: &YearData,
        agency: String,
        traditional: bool,
        format: Format,
        copy: bool,
    ) -> SynthReport {
        let template = Template::for_year(year);
        let mut requests = gen::requests_table(&d.requests, template);
        let mut appeals = gen::appeals_table(&d.appeals);
        if self.blank_rate > 0.0 {
            blank_zeros(&mut requests, self.blank_rate, self.rng);
            blank_zeros(&mut appeals, self.blank_rate, self.rng);
        }
        let total = |row: RequestRow| d.requests[row.index()][6];
        let figures = prose::Figures {
            received: total(RequestRow::Received),
            carried_in: total(RequestRow::CarriedIn),
            concluded: total(RequestRow::Total),
            carried_out: total(RequestRow::CarriedOut),
            review: d.appeals[0][4],
            litigation: d.appeals[1][4] + d.appeals[2][4],
        };
        let text_prose = prose::write(
            self.habits,
            self.memory,
            year,
            &agency,
            template,
            &figures,
            copy,
            self.rng,
        );
        let date = publication_date(node, year, self.rng);
        let doc = render::Document {
            agency: &agency,
            year,
            date,
            prose: &text_prose,
            active: &d.active,
            requests: &requests,
            appeals: &appeals,
            traditional,
        };
        let text = render::render(&doc, format, self.rng);
        let file_name = format!("{}/{}-{year}.{}", node.dir, node.slug, format.extension());
        let mut model = Report::new(Source {
            file: file_name.clone(),
            format: match format {
                Format::Html => SourceFormat::Html,
                Format::Text | Format::Aligned | Format::Crawled => SourceFormat::Text,
            },
            sha256: String::new(),
            encoding: None,
        });
        model.agency = Some(agency.clone());
        model.year = Some(year);
        model.template = Some(template);
        model.published = Some(format!("{:04}-{:02}-{:02}", date.0, date.1, date.2));
        model.active = Some(d.active.clone());
        model.requests = Some(requests);
        model.appeals = Some(appeals);
        let printed_agency = if traditional {
            render::chinese::traditional(&agency)
        } else {
            agency
        };
        SynthReport {
            body,
            year,
            printed_agency,
            model,
            file_name,
            format,
            text,
        }
    }
}

/// Applies a planted error that changes table-3 cells after the draw: the
/// same amount in one column and in 总计 of each row it touches.
fn plant_in_requests(plant: Plant, requests: &mut gen::Requests) {
    let (rows, column, delta): (&[RequestRow], usize, i64) = match plant {
        Plant::RequestsBalance { column, delta } => (&[RequestRow::Received], column, delta),
        Plant::HierarchySum { column, delta } => (
            &[RequestRow::Received, RequestRow::Granted, RequestRow::Total],
            column,
            delta,
        ),
        _ => return,
    };
    let values: Vec<i64> = rows.iter().map(|r| requests[r.index()][column]).collect();
    let delta = fit(delta, &values);
    for row in rows {
        for c in [column, 6] {
            requests[row.index()][c] += delta;
        }
    }
}

/// Adds `b` to `a` cell by cell.
fn add<const C: usize, const R: usize>(a: &mut [[i64; C]; R], b: &[[i64; C]; R]) {
    for (ra, rb) in a.iter_mut().zip(b) {
        for (x, y) in ra.iter_mut().zip(rb) {
            *x += y;
        }
    }
}

/// `delta`, or its opposite when it would make one of `values` negative.
fn fit(delta: i64, values: &[i64]) -> i64 {
    if values.iter().any(|v| v + delta < 0) {
        delta.abs()
    } else {
        delta
    }
}

/// The column keys of table 3, by position.
fn column_key(position: usize) -> &'static str {
    RequestRow::column_defs()[position].key
}

/// The cells where a planted error's rule fails.
fn cells(plant: Plant) -> Vec<String> {
    let request = |row: RequestRow, column: usize| {
        vec![
            format!("requests.{}.{}", row.key(), column_key(column)),
            format!("requests.{}.total", row.key()),
        ]
    };
    match plant {
        Plant::CarryChain { column, .. } => request(RequestRow::CarriedIn, column),
        Plant::RequestsBalance { column, .. } => request(RequestRow::Received, column),
        Plant::HierarchySum { column, .. } => {
            [RequestRow::Received, RequestRow::Granted, RequestRow::Total]
                .into_iter()
                .flat_map(|row| request(row, column))
                .collect()
        }
        Plant::InForceChain { row, .. } => {
            let key = if row == 0 {
                "regulations"
            } else {
                "normative_documents"
            };
            vec![format!("active.{key}.in_force")]
        }
        Plant::CopiedText => Vec::new(),
    }
}

/// The kinds of planted error, in the order of [`Plant`].
const KINDS: usize = 5;

/// What the planner knows about where errors may go.
struct Places<'a> {
    years: &'a [i32],
    present: &'a [Vec<bool>],
    /// A summing parent or one of its children.
    family: &'a [bool],
    sums: &'a [bool],
    profiles: &'a [gen::Profile],
}

impl Places<'_> {
    /// Whether error `kind` can go into the report of body `i`, year index `y`:
    /// the cross-year ones need last year's report; none may break a sum
    /// except `hierarchy-sum`, which only a summing parent gets.
    fn eligible(&self, i: usize, y: usize, kind: usize) -> bool {
        let previous = y > 0 && self.present[i][y - 1];
        match kind {
            0 => previous && !self.family[i],
            1 => previous && self.years[y] >= 2022,
            2 => previous,
            3 => !self.family[i],
            _ => self.sums[i],
        }
    }

    /// An error of `kind` for body `i`.
    fn draw(&self, kind: usize, i: usize, rng: &mut Rng) -> Plant {
        let column = if rng.chance(0.8) { 0 } else { 1 + rng.below(5) };
        let delta = rng.range(1, 3) * if rng.chance(0.5) { -1 } else { 1 };
        match kind {
            0 => Plant::CarryChain {
                column,
                delta: delta.abs(),
            },
            1 => Plant::InForceChain {
                row: usize::from(!(self.profiles[i].makes_regulations() && rng.chance(0.5))),
                delta,
            },
            2 => Plant::CopiedText,
            3 => Plant::RequestsBalance { column, delta },
            _ => Plant::HierarchySum { column, delta },
        }
    }

    /// Decides which reports get which error: about [`PLANT_RATE`] of them, and
    /// every kind at least once where the corpus has a place for it.
    fn plan(&self, rng: &mut Rng) -> HashMap<(usize, i32), Plant> {
        let mut plants = HashMap::new();
        let mut counts = [0usize; KINDS];
        for i in 0..self.present.len() {
            for y in 0..self.years.len() {
                if !self.present[i][y] || !rng.chance(PLANT_RATE) {
                    continue;
                }
                let kinds: Vec<usize> = (0..KINDS).filter(|&k| self.eligible(i, y, k)).collect();
                if kinds.is_empty() {
                    continue;
                }
                // A summing parent's error is most often its sum.
                let kind = if self.sums[i] && rng.chance(0.7) {
                    4
                } else {
                    *rng.pick(&kinds)
                };
                plants.insert((i, self.years[y]), self.draw(kind, i, rng));
                counts[kind] += 1;
            }
        }
        for (kind, &count) in counts.iter().enumerate() {
            if count > 0 {
                continue;
            }
            let places: Vec<(usize, usize)> = (0..self.present.len())
                .flat_map(|i| (0..self.years.len()).map(move |y| (i, y)))
                .filter(|&(i, y)| {
                    self.present[i][y]
                        && self.eligible(i, y, kind)
                        && !plants.contains_key(&(i, self.years[y]))
                })
                .collect();
            if places.is_empty() {
                continue;
            }
            let (i, y) = *rng.pick(&places);
            plants.insert((i, self.years[y]), self.draw(kind, i, rng));
        }
        plants
    }
}

/// The name a body prints this year, and whether the document is in
/// traditional characters. `naming`: the body's habit (0–9).
fn printed_name(node: &Node, naming: usize, rng: &mut Rng) -> (String, bool) {
    let variant = |rng: &mut Rng| -> String {
        if node.variants.is_empty() || rng.chance(0.3) {
            node.name.clone()
        } else {
            rng.pick(&node.variants).clone()
        }
    };
    match naming {
        // Mostly the canonical name, sometimes another form.
        6..=8 if rng.chance(0.4) => (variant(rng), false),
        // Some years in traditional characters.
        9 if rng.chance(0.4) => (variant(rng), true),
        _ => (node.name.clone(), false),
    }
}

/// When the report is dated: departments by 31 January (第四十九条),
/// governments by 31 March, townships in the first quarter.
fn publication_date(node: &Node, year: i32, rng: &mut Rng) -> (i32, u32, u32) {
    let (month, day) = match (node.level, node.kind) {
        (Level::Township, _) => (1 + rng.below(3) as u32, 1 + rng.below(28) as u32),
        (_, BodyKind::Department) => (1, 5 + rng.below(27) as u32),
        (_, BodyKind::Government) => match rng.below(3) {
            0 => (1, 10 + rng.below(22) as u32),
            1 => (2, 1 + rng.below(28) as u32),
            _ => (3, 1 + rng.below(31) as u32),
        },
    };
    (year + 1, month, day)
}

impl Corpus {
    /// The agency list: header `name,region,level,parent`, one body a line in
    /// corpus order (parents before children).
    pub fn agencies_csv(&self) -> String {
        self.csv(false)
    }

    /// The agency list with a fifth column `sums` (`yes` for the parents whose
    /// tables are the sums of their children's, [`Body::sums_children`], else
    /// `no`), the optional column `xxgk ingest --agencies` reads to run
    /// `hierarchy-sum` only for summing parents.
    pub fn agencies_csv_with_sums(&self) -> String {
        self.csv(true)
    }

    fn csv(&self, sums: bool) -> String {
        let mut out = csv::Writer::from_writer(Vec::new());
        let mut header = vec!["name", "region", "level", "parent"];
        if sums {
            header.push("sums");
        }
        out.write_record(&header).expect("writing to memory");
        for b in &self.bodies {
            let mut fields = vec![
                b.name.as_str(),
                b.region.as_str(),
                b.level.as_str(),
                b.parent.as_deref().unwrap_or(""),
            ];
            if sums {
                fields.push(if b.sums_children { "yes" } else { "no" });
            }
            out.write_record(&fields).expect("writing to memory");
        }
        let bytes = out.into_inner().expect("writing to memory");
        String::from_utf8(bytes).expect("the fields are UTF-8")
    }

    /// The planted errors as JSON: an array of `{rule, body, agency, year, file,
    /// cells}` (`body`: index into the agency list, `file`: the report's path).
    pub fn planted_json(&self) -> String {
        let files: HashMap<(usize, i32), &str> = self
            .reports
            .iter()
            .map(|r| ((r.body, r.year), r.file_name.as_str()))
            .collect();
        let items: Vec<serde_json::Value> = self
            .planted
            .iter()
            .map(|p| {
                serde_json::json!({
                    "rule": p.rule,
                    "body": p.body,
                    "agency": self.bodies[p.body].name,
                    "year": p.year,
                    "file": files.get(&(p.body, p.year)).copied().unwrap_or_default(),
                    "cells": p.cells,
                })
            })
            .collect();
        serde_json::to_string_pretty(&items).expect("plain JSON values") + "\n"
    }

    /// Writes every report under `dir` (at its [`SynthReport::file_name`]),
    /// `agencies.csv`, `agencies-sums.csv` (the same with the `sums` column),
    /// `planted.json`, and `bodies.json` (every [`Body`] with all its fields,
    /// including `sums_children` and `variants`).
    pub fn write_to(&self, dir: &Path) -> io::Result<()> {
        std::fs::create_dir_all(dir)?;
        let mut made = std::collections::HashSet::new();
        for r in &self.reports {
            let path = dir.join(&r.file_name);
            if let Some(parent) = path.parent() {
                if made.insert(parent.to_path_buf()) {
                    std::fs::create_dir_all(parent)?;
                }
            }
            std::fs::write(&path, &r.text)?;
        }
        std::fs::write(dir.join("agencies.csv"), self.agencies_csv())?;
        std::fs::write(dir.join("agencies-sums.csv"), self.agencies_csv_with_sums())?;
        std::fs::write(dir.join("planted.json"), self.planted_json())?;
        let bodies = serde_json::to_string_pretty(&self.bodies).map_err(io::Error::other)?;
        std::fs::write(dir.join("bodies.json"), bodies + "\n")?;
        Ok(())
    }

    /// The reports of one body, in year order.
    pub fn reports_of(&self, body: usize) -> &[SynthReport] {
        let from = self.reports.partition_point(|r| r.body < body);
        let to = self.reports.partition_point(|r| r.body <= body);
        &self.reports[from..to]
    }

    /// The report of `body` for `year`, if the corpus has one.
    pub fn report(&self, body: usize, year: i32) -> Option<&SynthReport> {
        let reports = self.reports_of(body);
        reports
            .binary_search_by_key(&year, |r| r.year)
            .ok()
            .map(|i| &reports[i])
    }

    /// The bodies whose parent is `body` (indices, in corpus order).
    pub fn children(&self, body: usize) -> Vec<usize> {
        (0..self.bodies.len())
            .filter(|&c| self.bodies[c].parent_index == Some(body))
            .collect()
    }
}
