//! `xxgk export`: the stored reports to CSV, XLSX or Parquet (`xxgk-export`),
//! streamed one report at a time in (year, body) order.

use crate::args::{ExportArgs, ExportFormat};
use crate::corpus::{open_existing, store_failed};
use crate::target::{self, Written};
use crate::{print_error, EXIT_FAILURE};
use std::collections::HashMap;
use std::io;
use std::process::ExitCode;
use xxgk_export::{CsvExport, Entry, ExportError, XlsxExport};
use xxgk_model::Lang;
use xxgk_store::{Agency, Store, StoreError};

/// One of the exporters, fed entry by entry.
enum Sink {
    Csv(Box<CsvExport<Box<dyn io::Write>>>),
    Xlsx(Box<XlsxExport>),
    #[cfg(feature = "parquet")]
    Parquet(Box<xxgk_export::ParquetExport>),
}

impl Sink {
    fn add(&mut self, entry: &Entry) -> Result<(), ExportError> {
        match self {
            Sink::Csv(csv) => csv.add(entry),
            Sink::Xlsx(xlsx) => xlsx.add(entry),
            #[cfg(feature = "parquet")]
            Sink::Parquet(parquet) => parquet.add(entry),
        }
    }

    fn finish(self) -> Result<(), ExportError> {
        match self {
            Sink::Csv(csv) => csv.finish().map(drop),
            Sink::Xlsx(xlsx) => xlsx.finish(),
            #[cfg(feature = "parquet")]
            Sink::Parquet(parquet) => parquet.finish().map(drop),
        }
    }
}

/// What `xxgk export` writes, by extension (Parquet: a folder, named freely).
const EXPORTED: &[Written<ExportFormat>] = &[
    Written {
        format: ExportFormat::Csv,
        extensions: &["csv"],
        name: "CSV",
    },
    Written {
        format: ExportFormat::Xlsx,
        extensions: &["xlsx"],
        name: "XLSX",
    },
    Written {
        format: ExportFormat::Parquet,
        extensions: &["parquet"],
        name: "Parquet",
    },
];

pub fn run(args: &ExportArgs, lang: Lang) -> ExitCode {
    let output = Some(args.output.as_path()).filter(|_| args.to != ExportFormat::Parquet);
    if let Err(code) = target::format_for(Some(args.to), output, EXPORTED, args.to, lang) {
        return code;
    }
    let store = match open_existing(&args.db.db, xxgk_store::Access::Read, lang) {
        Ok(store) => store,
        Err(code) => return code,
    };
    let sink = match sink(args) {
        Ok(sink) => sink,
        Err(err) => return export_failed(&err, lang),
    };
    match export(store.as_ref(), sink) {
        Ok(Ok(())) => ExitCode::SUCCESS,
        Ok(Err(err)) => export_failed(&err, lang),
        Err(err) => store_failed(&args.db.db, &err, lang),
    }
}

fn sink(args: &ExportArgs) -> Result<Sink, ExportError> {
    let stdout = args.output.as_os_str() == "-";
    match args.to {
        ExportFormat::Csv if stdout => {
            let out: Box<dyn io::Write> = Box::new(io::BufWriter::new(io::stdout()));
            Ok(Sink::Csv(Box::new(CsvExport::named(out, "stdout")?)))
        }
        ExportFormat::Csv => {
            let file = std::fs::File::create(&args.output).map_err(|e| {
                ExportError::new(
                    xxgk_export::ExportErrorKind::Io,
                    format!("{}：无法创建：{e}", args.output.display()),
                    format!("{}: cannot create: {e}", args.output.display()),
                )
            })?;
            let out: Box<dyn io::Write> = Box::new(io::BufWriter::new(file));
            let name = args.output.display().to_string();
            Ok(Sink::Csv(Box::new(CsvExport::named(out, &name)?)))
        }
        ExportFormat::Xlsx => Ok(Sink::Xlsx(Box::new(XlsxExport::new(&args.output)?))),
        #[cfg(feature = "parquet")]
        ExportFormat::Parquet => Ok(Sink::Parquet(Box::new(xxgk_export::ParquetExport::new(
            &args.output,
        )?))),
        #[cfg(not(feature = "parquet"))]
        ExportFormat::Parquet => Err(ExportError::new(
            xxgk_export::ExportErrorKind::Parquet,
            "此版本未包含 Parquet 导出；请用 cargo build --release --features parquet 构建",
            "this build has no Parquet export; build it with `cargo build --release --features parquet`",
        )),
    }
}

/// Feeds every stored report to `sink`; the outer error is the store's.
fn export(store: &dyn Store, mut sink: Sink) -> Result<Result<(), ExportError>, StoreError> {
    let agencies: HashMap<String, Agency> = store
        .agencies()?
        .into_iter()
        .map(|a| (a.name.clone(), a))
        .collect();
    for row in store.reports()? {
        let listed = row.body.as_ref().and_then(|b| agencies.get(b));
        let entry = Entry {
            id: row.id,
            body: row.body.clone(),
            region: listed.and_then(|a| a.region.clone()),
            level: listed.and_then(|a| a.level.clone()),
            report: store.load(row.id)?,
            errors: row.errors,
            warnings: row.warnings,
            infos: row.infos,
        };
        if let Err(err) = sink.add(&entry) {
            return Ok(Err(err));
        }
    }
    Ok(sink.finish())
}

fn export_failed(err: &ExportError, lang: Lang) -> ExitCode {
    print_error(lang, &"xxgk export", err.message(lang));
    ExitCode::from(EXIT_FAILURE)
}
