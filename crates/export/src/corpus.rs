//! Exporting the reports of a corpus database: every stored report (what
//! `xxgk export` writes) or a selection of them (the web application's
//! `/export` of a filtered report list), fed one at a time to a [`Sink`], in
//! the order given.

use crate::{CsvExport, Entry, ExportError, FileRows, FindingsCsv, FindingsXlsx, XlsxExport};
use std::collections::{HashMap, VecDeque};
use std::io;
use xxgk_check::sort_in_document_order;
use xxgk_model::{Finding, Lang};
use xxgk_store::{Agency, Ahead, Reading, ReportRow, Store, StoreError, StoreErrorKind};

/// One of the exporters, fed entry by entry.
pub enum Sink {
    /// The long form as CSV.
    Csv(Box<CsvExport<Box<dyn io::Write>>>),
    /// The workbook in the official layout.
    Xlsx(Box<XlsxExport>),
    /// Hive-partitioned Parquet.
    #[cfg(feature = "parquet")]
    Parquet(Box<crate::ParquetExport>),
    /// The findings workbook, and the language of its words.
    FindingsXlsx(Box<FindingsXlsx>, Lang),
    /// The findings as CSV, and the language of its words.
    FindingsCsv(Box<FindingsCsv<Box<dyn io::Write>>>, Lang),
}

impl Sink {
    /// True for the exports of the findings (which read each report's
    /// findings, and the failures).
    pub fn of_findings(&self) -> bool {
        matches!(self, Sink::FindingsXlsx(..) | Sink::FindingsCsv(..))
    }

    fn add(&mut self, entry: &Entry) -> Result<(), ExportError> {
        match self {
            Sink::Csv(csv) => csv.add(entry),
            Sink::Xlsx(xlsx) => xlsx.add(entry),
            #[cfg(feature = "parquet")]
            Sink::Parquet(parquet) => parquet.add(entry),
            Sink::FindingsXlsx(..) | Sink::FindingsCsv(..) => Ok(()),
        }
    }

    /// Adds one file's findings (the findings exports only).
    fn add_findings(&mut self, rows: impl FnOnce(Lang) -> FileRows) -> Result<(), ExportError> {
        match self {
            Sink::FindingsXlsx(xlsx, lang) => xlsx.add(&rows(*lang)),
            Sink::FindingsCsv(csv, lang) => csv.add(&rows(*lang)),
            _ => Ok(()),
        }
    }

    /// Completes the export.
    pub fn finish(self) -> Result<(), ExportError> {
        match self {
            Sink::Csv(csv) => csv.finish().map(drop),
            Sink::Xlsx(xlsx) => xlsx.finish(),
            #[cfg(feature = "parquet")]
            Sink::Parquet(parquet) => parquet.finish().map(drop),
            Sink::FindingsXlsx(xlsx, _) => xlsx.finish(),
            Sink::FindingsCsv(csv, _) => csv.finish().map(drop),
        }
    }
}

/// Which reports an export takes.
#[derive(Clone, Debug)]
pub enum Selection {
    /// Every stored report, and (for the findings exports) every file that
    /// could not be read: what `xxgk export` writes.
    All,
    /// These reports, in this order; no unreadable file (a failure has no
    /// year or body to select it by).
    Reports(Vec<ReportRow>),
}

/// Feeds the reports of `selection` to `sink` and finishes it; the outer
/// error is the store's, the inner the export's.
pub fn export(
    store: &dyn Store,
    selection: Selection,
    sink: Sink,
) -> Result<Result<(), ExportError>, StoreError> {
    let agencies: HashMap<String, Agency> = store
        .agencies()?
        .into_iter()
        .map(|a| (a.name.clone(), a))
        .collect();
    // A findings export reads of a report only what the rules read too.
    let reading = if sink.of_findings() {
        Reading::ForRules
    } else {
        Reading::Whole
    };
    let mut feed = Feed {
        store,
        agencies,
        reports: Ahead::new([], move |ids| store.fetch(ids, reading)),
        rows: VecDeque::new(),
        sink,
        failed: None,
    };
    // Every report is streamed from the store (a national corpus's rows
    // would be tens of megabytes); an export error stops the walk.
    let every_report = matches!(selection, Selection::All);
    let walked = match selection {
        Selection::All => store.each_report(&mut |row| feed.push(row)),
        Selection::Reports(rows) => rows.into_iter().try_for_each(|row| feed.push(row)),
    };
    let walked = walked.and_then(|()| feed.drain());
    if let Some(err) = feed.failed {
        return Ok(Err(err));
    }
    walked?;
    let Feed { mut sink, .. } = feed;
    // Every stored report, and the files that could not be read.
    if every_report && sink.of_findings() {
        for failure in store.failures()? {
            let added = sink.add_findings(|lang| {
                FileRows::unreadable(&failure.file, failure.message.get(lang))
            });
            if let Err(err) = added {
                return Ok(Err(err));
            }
        }
    }
    Ok(sink.finish())
}

/// Reports on their way to a sink: each row waits until the reports after
/// it are being decoded ([`Ahead`]: decoding a report is most of an
/// export's work, done on the other cores while this one is written).
struct Feed<'s> {
    store: &'s dyn Store,
    agencies: HashMap<String, Agency>,
    reports: Ahead<'s>,
    /// Rows whose reports are not written yet, in order.
    rows: VecDeque<ReportRow>,
    sink: Sink,
    /// The export's error that stopped the walk.
    failed: Option<ExportError>,
}

impl Feed<'_> {
    /// Takes the next row of the order, and writes a row a window behind.
    fn push(&mut self, row: ReportRow) -> Result<(), StoreError> {
        self.reports.push(row.id);
        self.rows.push_back(row);
        if self.rows.len() > self.reports.window() {
            let row = self.rows.pop_front().expect("rows wait");
            self.write(row)?;
        }
        Ok(())
    }

    /// Writes the rows still waiting.
    fn drain(&mut self) -> Result<(), StoreError> {
        while let Some(row) = self.rows.pop_front() {
            self.write(row)?;
        }
        Ok(())
    }

    /// Writes one report to the sink; an export error is kept in
    /// [`Feed::failed`] and stops the walk (as a store error, which the
    /// export's replaces).
    fn write(&mut self, row: ReportRow) -> Result<(), StoreError> {
        let listed = row.body.as_ref().and_then(|b| self.agencies.get(b));
        let entry = Entry {
            id: row.id,
            body: row.body.clone(),
            region: listed.and_then(|a| a.region.clone()),
            level: listed.and_then(|a| a.level.clone()),
            report: self.reports.next(row.id)?,
            errors: row.errors,
            warnings: row.warnings,
            infos: row.infos,
        };
        let added = if self.sink.of_findings() {
            // The report's and the corpus pass's findings, in document
            // order as `xxgk check` lists them.
            let mut findings: Vec<Finding> = self
                .store
                .findings(row.id)?
                .into_iter()
                .map(|stored| stored.finding)
                .collect();
            sort_in_document_order(&mut findings);
            self.sink
                .add_findings(|lang| FileRows::report(&row.file, &entry.report, &findings, lang))
        } else {
            self.sink.add(&entry)
        };
        added.map_err(|err| {
            self.failed = Some(err);
            StoreError::new(StoreErrorKind::Database, "导出已停止", "the export stopped")
        })
    }
}
