//! Persistence of a corpus of reports: the source bytes, what the extractor made
//! of them (the report with provenance, every cell in long form), every finding,
//! the failures, the user's agency list and the cross-report results.
//!
//! Callers work with the [`Store`] trait; [`open`] picks the backend from the
//! location (a file path is SQLite, bundled; `postgres://…` is reserved for a
//! later backend and refused with a clear error). The store is dumb on purpose:
//! reading, extraction, checking and body identity happen in other crates.
//!
//! The request register (依申请公开台账) lives in the same database:
//! [`register`] stores the cases of `xxgk-register` with their append-only
//! history and versions.

pub mod accounts;
mod ahead;
mod checkpoint;
mod encoded;
mod error;
pub mod fault;
mod migrations;
pub mod packed;
pub mod register;
mod sqlite;
mod twofold;

pub use ahead::Ahead;
pub use encoded::EncodedReport;
pub use error::{Result, StoreError, StoreErrorKind};
pub use migrations::{APPLICATION_ID, SCHEMA_VERSION};
pub use sqlite::SqliteStore;

use xxgk_model::{Finding, Message, Number, Report, Severity};

/// What one transaction of an ingest writes.
#[derive(Clone, Debug, Default)]
pub struct Batch {
    /// The sources read in this step, with their outcome.
    pub entries: Vec<Ingested>,
    /// (sha256, file): another name of bytes already stored.
    pub names: Vec<(String, String)>,
}

impl Batch {
    /// True when the batch writes nothing.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty() && self.names.is_empty()
    }
    /// How many entries and names the batch writes.
    pub fn len(&self) -> usize {
        self.entries.len() + self.names.len()
    }
}

/// What one ingest step stores for one input file.
#[derive(Clone, Debug)]
pub struct Ingested {
    /// The path as given on the command line.
    pub file: String,
    /// Hex SHA-256 of `bytes`: the identity of a source (same bytes → same row).
    pub sha256: String,
    /// The source bytes, stored so that a newer extractor can re-read them.
    pub bytes: Vec<u8>,
    /// The extractor version that produced `outcome` (`xxgk_extract::VERSION`).
    pub extractor: String,
    /// What reading and checking made of it.
    pub outcome: Outcome,
}

/// The result of reading and checking one source.
#[derive(Clone, Debug)]
pub enum Outcome {
    /// The source was read as a report: the report, its body key and its
    /// findings, encoded for storage on the thread that extracted it.
    Report(Box<EncodedReport>),
    /// The source could not be read.
    Failed {
        /// The error kind's stable id (`corrupt`, `encoding`, …).
        kind: String,
        /// Why, in both languages.
        message: Message,
    },
}

/// Where the stored result of a source came from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Processed {
    /// The extractor version that made the stored result.
    pub extractor: String,
    /// True when reading failed (a failure row, not a report).
    pub failed: bool,
}

/// A stored source to re-extract.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SourceRef {
    /// Hex SHA-256 of the source bytes.
    pub sha256: String,
    /// The name the source was first ingested as.
    pub file: String,
}

/// One stored report, without its cells.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReportRow {
    /// The report's id in the store.
    pub id: i64,
    /// Hex SHA-256 of its source bytes.
    pub sha256: String,
    /// The name the source was first ingested as.
    pub file: String,
    /// The source format (`text`, `html`, `docx`, `pdf`, …).
    pub format: String,
    /// The issuing body as printed.
    pub agency: Option<String>,
    /// The agency's normalised key, computed at extraction.
    pub body_key: Option<String>,
    /// The body this report is attributed to after the corpus pass (a listed
    /// agency's name, or the key shared across years); `None` before it runs.
    pub body: Option<String>,
    /// The report year.
    pub year: Option<i32>,
    /// The official format (`2019` or `2021`).
    pub template: Option<String>,
    /// The publication date, `YYYY-MM-DD`.
    pub published: Option<String>,
    /// The extractor version that made this report.
    pub extractor: String,
    /// The report this one repeats (same body, year and tables), set by the
    /// corpus pass: statistics count the body's year once.
    pub copy_of: Option<i64>,
    /// Finding counts by severity (single-report and corpus findings), of
    /// every finding made: those a `findings-capped` finding says were left
    /// out are counted too (its `left_out`).
    pub errors: u32,
    /// Warning findings.
    pub warnings: u32,
    /// Info findings.
    pub infos: u32,
}

/// The results of a corpus pass being written ([`Store::begin_corpus`]).
pub trait CorpusPass {
    /// Attributes a report to a body (`None`: to none). Every report's must
    /// be set: a report whose is not keeps the previous pass's. Setting what
    /// is stored already writes nothing.
    fn set_body(&mut self, report_id: i64, body: Option<&str>) -> Result<()>;
    /// Marks `copy` as repeating `of` (same body, year and tables).
    fn set_copy(&mut self, copy: i64, of: i64) -> Result<()>;
    /// A cross-report finding about a report.
    fn add_finding(&mut self, report_id: i64, finding: &Finding) -> Result<()>;
    /// A section's similarity to the previous year's report.
    fn add_similarity(&mut self, similarity: &Similarity) -> Result<()>;
    /// What changed since the last completed pass (read in the pass's own
    /// transaction, so that nothing written meanwhile is missed).
    fn changes(&mut self) -> Result<PassChanges>;
    /// Drops the previous pass's results about these reports: their
    /// cross-report findings, their similarities to the previous year, their
    /// copy marks (bodies are set, not dropped).
    fn forget(&mut self, report_ids: &[i64]) -> Result<()>;
    /// Drops every result of the previous pass (bodies are set, not dropped).
    fn forget_everything(&mut self) -> Result<()>;
    /// Makes the results the stored ones, with the generation they were
    /// computed from, in one transaction, and starts the list of changes
    /// over.
    fn commit(self: Box<Self>) -> Result<()>;
}

/// What changed since the last completed corpus pass
/// ([`CorpusPass::changes`]).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PassChanges {
    /// Everything must be checked again: the agency list changed, or the
    /// database has no record of what the last pass saw.
    pub everything: bool,
    /// Reports added since (a re-extracted report is removed and added).
    pub added: Vec<i64>,
    /// The bodies of reports removed since.
    pub removed: Vec<String>,
}

/// What the corpus pass groups a report by ([`Store::each_report_key`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReportKey {
    /// The report's id in the store.
    pub id: i64,
    /// The issuing body as printed.
    pub agency: Option<String>,
    /// The body the last corpus pass attributed it to (`None` before one).
    pub body: Option<String>,
    /// The source format (`text`, `html`, …).
    pub format: String,
    /// The report the last corpus pass found this one repeats.
    pub copy_of: Option<i64>,
    /// The report year.
    pub year: Option<i32>,
}

/// A finding as stored, with where it came from.
#[derive(Clone, Debug, PartialEq)]
pub struct StoredFinding {
    /// The report it is about.
    pub report_id: i64,
    /// The pass that made it.
    pub origin: Origin,
    /// The finding itself.
    pub finding: Finding,
}

/// Which pass made a finding.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Origin {
    /// The single-report rules, run at ingest.
    Report,
    /// The cross-report rules, run over the whole corpus.
    Corpus,
}

impl Origin {
    /// The word stored in the database (`report`, `corpus`).
    pub fn as_str(self) -> &'static str {
        match self {
            Origin::Report => "report",
            Origin::Corpus => "corpus",
        }
    }
}

/// A source that could not be read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FailureRow {
    /// Hex SHA-256 of the source bytes.
    pub sha256: String,
    /// The name the source was ingested as.
    pub file: String,
    /// The error kind's stable id (`corrupt`, `encoding`, …).
    pub kind: String,
    /// Why, in both languages.
    pub message: Message,
}

/// One line of the user's agency list.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Agency {
    /// The body's name as listed.
    pub name: String,
    /// Its region (江苏省淮安市), if listed.
    pub region: Option<String>,
    /// Its level (县级, 乡级, …), if listed.
    pub level: Option<String>,
    /// The name of its parent body, if listed.
    pub parent: Option<String>,
    /// Whether this body's report sums its children's (the optional `sums`
    /// column); `None` when the list does not say.
    pub sums: Option<bool>,
}

/// How similar a section is to the same body's previous report.
#[derive(Clone, Debug, PartialEq)]
pub struct Similarity {
    /// The later report.
    pub report_id: i64,
    /// The same body's report for the year before.
    pub previous_id: i64,
    /// 1 (section 一) or 5 (section 五).
    pub section: u8,
    /// Share of the section's 4-character runs found in the previous one, 0–1.
    pub ratio: f64,
}

/// One cell value from the long-form table.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CellValue {
    /// The report the cell belongs to.
    pub report_id: i64,
    /// The cell's contract path (`requests.received.total`).
    pub path: String,
    /// Its value; `None` for a blank cell.
    pub value: Option<Number>,
}

/// Which reports a list shows; every field left `None` admits all.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct ReportFilter {
    /// The report year.
    pub year: Option<i32>,
    /// The source format (`text`, `html`, `docx`, `pdf`).
    pub format: Option<String>,
    /// The official format (`2019`, `2021`).
    pub template: Option<String>,
    /// The region of the body in the agency list; a region admits its
    /// sub-regions (江苏省 admits 江苏省淮安市).
    pub region: Option<String>,
    /// The level of the body in the agency list.
    pub level: Option<String>,
    /// Text the body, the printed agency or the file name contains.
    pub body: Option<String>,
    /// Only reports with at least one finding of this severity.
    pub severity: Option<Severity>,
    /// Also the reports the corpus pass marked as copies of another.
    pub copies: bool,
}

/// One page of a report list.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ReportPage {
    /// How many reports the filter admits in all.
    pub total: u64,
    /// The reports of this page.
    pub rows: Vec<ReportRow>,
}

/// The distinct values of the fields a report list filters on.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Facets {
    /// Report years, newest first.
    pub years: Vec<i32>,
    /// Source formats.
    pub formats: Vec<String>,
    /// Official formats.
    pub templates: Vec<String>,
    /// Regions of the agency list.
    pub regions: Vec<String>,
    /// Levels of the agency list.
    pub levels: Vec<String>,
}

/// Totals of what is stored.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Counts {
    /// Distinct source byte strings.
    pub sources: u64,
    /// Reports.
    pub reports: u64,
    /// Sources that could not be read.
    pub failures: u64,
    /// Cells in long form.
    pub cells: u64,
    /// Findings, of both passes.
    pub findings: u64,
}

/// What an ingest's summary says of the whole database.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Totals {
    /// Reports.
    pub reports: u64,
    /// Sources that could not be read.
    pub failures: u64,
    /// Error findings of every report (those a capped list left out
    /// included, as a [`ReportRow`] counts them).
    pub errors: u64,
    /// Warning findings, counted the same way.
    pub warnings: u64,
    /// Info findings, counted the same way.
    pub infos: u64,
}

/// How much of each stored report [`Store::fetch`] decodes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Reading {
    /// The whole report, as [`Store::load`] reads it.
    Whole,
    /// The report as [`Store::load_for_rules`] reads it.
    ForRules,
    /// The report as the corpus pass of consecutive years reads it:
    /// [`Reading::ForRules`] cut down further as
    /// `xxgk_check::keep_for_corpus_pass` cut it when it was stored. A
    /// report stored without such a cut (before schema 8, or by a store
    /// that keeps none) comes as for the rules, and the pass finds the same
    /// in it.
    ForPass,
}

/// Reports read from a store and not yet decoded ([`Store::fetch`]).
pub struct Fetched(Box<dyn FnOnce() -> Result<Vec<Report>> + Send>);

impl Fetched {
    /// The reports that `decode` makes.
    pub fn new(decode: impl FnOnce() -> Result<Vec<Report>> + Send + 'static) -> Fetched {
        Fetched(Box::new(decode))
    }

    /// The reports, in the order of the ids they were fetched by.
    pub fn decode(self) -> Result<Vec<Report>> {
        (self.0)()
    }
}

/// A corpus database. Every method that writes is one transaction: it happens
/// completely or not at all, so a killed process leaves the store consistent.
pub trait Store: Send {
    /// What is stored for these bytes: `None` when never ingested.
    fn processed(&self, sha256: &str) -> Result<Option<Processed>>;
    /// What is stored for every source: (sha256, how it was processed).
    fn processed_all(&self) -> Result<Vec<(String, Processed)>>;
    /// Stores a batch in one transaction: each entry (an entry for bytes already
    /// stored replaces their previous result, never duplicates it), and each
    /// name of bytes already stored.
    fn write(&mut self, batch: &Batch) -> Result<()>;
    /// Sources whose stored result was made by another extractor than
    /// `extractor` (every source when `all`).
    fn stale(&self, extractor: &str, all: bool) -> Result<Vec<SourceRef>>;
    /// The stored bytes of a source.
    fn source_bytes(&self, sha256: &str) -> Result<Vec<u8>>;
    /// Every stored report, ordered by year, body and id.
    fn reports(&self) -> Result<Vec<ReportRow>>;
    /// Each agency name the reports print, with how many print it.
    fn report_agencies(&self) -> Result<Vec<(String, usize)>>;
    /// Every stored report's id, agency as printed and year, by id, handed
    /// to `each` one at a time: what the corpus pass groups reports by,
    /// without the rest of each row or a list of them all (a national corpus
    /// has hundreds of thousands). An error from `each` stops the walk.
    fn each_report_key(&self, each: &mut dyn FnMut(ReportKey) -> Result<()>) -> Result<()>;
    /// One stored report's row, `None` when there is no such id.
    fn report(&self, id: i64) -> Result<Option<ReportRow>>;
    /// The row of the report made from the source of these bytes (hex
    /// SHA-256), `None` when none was (not stored, or stored as a failure).
    fn report_of_source(&self, sha256: &str) -> Result<Option<ReportRow>>;
    /// The reports `filter` admits, newest year first then by body: how many
    /// there are, and `limit` of them from `offset` on.
    fn report_page(&self, filter: &ReportFilter, offset: u64, limit: u64) -> Result<ReportPage>;
    /// The values a report list can be filtered by.
    fn facets(&self) -> Result<Facets>;
    /// The full report (tables, provenance, sections, narrative) as extracted.
    fn load(&self, id: i64) -> Result<Report>;
    /// The report as the cross-report rules read it: [`Store::load`] without
    /// the labels as printed, the positions of the metadata, the prose's
    /// figures and the extraction findings, which are skipped while reading
    /// (the corpus pass loads every report).
    fn load_for_rules(&self, id: i64) -> Result<Report>;
    /// The reports `ids`, read as `reading` says, in two steps: what is
    /// read from the store now, and the decoding, which the caller may run
    /// on another thread ([`Ahead`] does, for a walk over many reports).
    /// This default reads them one by one and decodes them at once.
    fn fetch(&self, ids: &[i64], reading: Reading) -> Result<Fetched> {
        let reports = ids
            .iter()
            .map(|&id| match reading {
                Reading::Whole => self.load(id),
                Reading::ForRules | Reading::ForPass => self.load_for_rules(id),
            })
            .collect::<Result<Vec<_>>>();
        Ok(Fetched::new(move || reports))
    }
    /// Every finding about one report, single-report ones first.
    fn findings(&self, report_id: i64) -> Result<Vec<StoredFinding>>;
    /// Every stored finding, ordered by report.
    fn all_findings(&self) -> Result<Vec<StoredFinding>>;
    /// Sources that could not be read, with the reason.
    fn failures(&self) -> Result<Vec<FailureRow>>;
    /// The values of the given cell paths in every report that printed the row.
    fn values(&self, paths: &[&str]) -> Result<Vec<CellValue>>;
    /// The values of the given cell paths in the reports `ids` (a page of a
    /// list), report by report in the order of `ids`: each report's cells
    /// are one range of the cells' key, so a page costs what it shows.
    fn values_of(&self, ids: &[i64], paths: &[&str]) -> Result<Vec<CellValue>>;
    /// Reports, unreadable sources and findings by severity, over the whole
    /// database, without reading every report's row.
    fn totals(&self) -> Result<Totals>;
    /// Every stored report's row in the order of [`Store::reports`], each
    /// handed to `each` as it is read: memory does not grow with the
    /// corpus. An error from `each` stops the walk and is returned. This
    /// default reads them all first.
    fn each_report(&self, each: &mut dyn FnMut(ReportRow) -> Result<()>) -> Result<()> {
        self.reports()?.into_iter().try_for_each(each)
    }
    /// Every stored report in the order of [`Store::reports`], each handed to
    /// `each` with the values of `paths` it printed, one report at a time:
    /// memory does not grow with the corpus. An error from `each` stops the
    /// walk and is returned.
    fn each_report_values(
        &self,
        paths: &[&str],
        each: &mut dyn FnMut(ReportRow, Vec<CellValue>) -> Result<()>,
    ) -> Result<()>;
    /// Starts replacing the results of the previous corpus pass with those
    /// computed from `generation` (what is forgotten, see
    /// [`CorpusPass::forget`], and written anew): they are written as they come, and take
    /// effect together at [`CorpusPass::commit`] (dropped uncommitted, they
    /// never do). The store can be read meanwhile, so that a pass over a
    /// national corpus does not hold its results in memory.
    fn begin_corpus(&self, generation: u64) -> Result<Box<dyn CorpusPass + '_>>;
    /// The data generation: a counter every write that changes reports or
    /// the agency list increments, in the same transaction.
    fn generation(&self) -> Result<u64>;
    /// True when the stored reports or agency list changed since the last
    /// completed corpus pass (or no pass ever completed): a pass that was
    /// interrupted, by a crash or a kill, is still due.
    fn corpus_pass_due(&self) -> Result<bool>;
    /// Every stored section similarity.
    fn similarities(&self) -> Result<Vec<Similarity>>;
    /// Replaces the agency list; the same list again writes nothing (and
    /// leaves the corpus pass current).
    fn set_agencies(&mut self, list: &[Agency]) -> Result<()>;
    /// The stored agency list, in list order.
    fn agencies(&self) -> Result<Vec<Agency>>;
    /// Totals of what is stored.
    fn counts(&self) -> Result<Counts>;
}

/// How a command uses the store.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Access {
    /// Reading only: the database must exist and is never written, so a
    /// corpus on read-only media works ([`SqliteStore::open_read_only`]).
    Read,
    /// Writing: created if missing, its schema brought up to date, one writer
    /// at a time ([`SqliteStore::open`]).
    Write,
}

/// Opens the store at `location`: a file path for SQLite (created if missing
/// when writing). `postgres://` and `postgresql://` locations are recognised
/// and refused until that backend exists, so that scripts fail clearly instead
/// of creating a file named `postgres:`.
pub fn open(location: &str, access: Access) -> Result<Box<dyn Store>> {
    if location.starts_with("postgres://") || location.starts_with("postgresql://") {
        return Err(StoreError::new(
            StoreErrorKind::Unsupported,
            "暂不支持 PostgreSQL 数据库；请使用 SQLite 文件路径（--db 文件名）",
            "PostgreSQL is not supported yet; use a SQLite file path (--db FILE)",
        ));
    }
    Ok(Box::new(match access {
        Access::Read => SqliteStore::open_read_only(location)?,
        Access::Write => SqliteStore::open(location)?,
    }))
}
