//! Exporting the reports of a corpus database: every stored report (what
//! `xxgk export` writes) or a selection of them (the web application's
//! `/export` of a filtered report list), fed one at a time to a [`Sink`], in
//! the order given.

use crate::{CsvExport, Entry, ExportError, FileRows, FindingsCsv, FindingsXlsx, XlsxExport};
use std::collections::HashMap;
use std::io;
use xxgk_check::sort_in_document_order;
use xxgk_model::{Finding, Lang};
use xxgk_store::{Agency, Ahead, Reading, ReportRow, Store, StoreError};

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
    mut sink: Sink,
) -> Result<Result<(), ExportError>, StoreError> {
    let agencies: HashMap<String, Agency> = store
        .agencies()?
        .into_iter()
        .map(|a| (a.name.clone(), a))
        .collect();
    let (rows, failures) = match selection {
        Selection::All => (store.reports()?, true),
        Selection::Reports(rows) => (rows, false),
    };
    // Decoding a report is most of an export's work: the next ones are
    // decoded on the other cores while this one is written.
    let order: Vec<i64> = rows.iter().map(|row| row.id).collect();
    // A findings export reads of a report only what the rules read too.
    let reading = if sink.of_findings() {
        Reading::ForRules
    } else {
        Reading::Whole
    };
    let mut reports = Ahead::new(&order, |ids| store.fetch(ids, reading));
    for row in rows {
        let listed = row.body.as_ref().and_then(|b| agencies.get(b));
        let entry = Entry {
            id: row.id,
            body: row.body.clone(),
            region: listed.and_then(|a| a.region.clone()),
            level: listed.and_then(|a| a.level.clone()),
            report: reports.next(row.id)?,
            errors: row.errors,
            warnings: row.warnings,
            infos: row.infos,
        };
        let added = if sink.of_findings() {
            // The report's and the corpus pass's findings, in document
            // order as `xxgk check` lists them.
            let mut findings: Vec<Finding> = store
                .findings(row.id)?
                .into_iter()
                .map(|stored| stored.finding)
                .collect();
            sort_in_document_order(&mut findings);
            sink.add_findings(|lang| FileRows::report(&row.file, &entry.report, &findings, lang))
        } else {
            sink.add(&entry)
        };
        if let Err(err) = added {
            return Ok(Err(err));
        }
    }
    if failures && sink.of_findings() {
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
