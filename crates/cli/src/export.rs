//! `xxgk export`: the stored reports to CSV, XLSX or Parquet (`xxgk-export`),
//! or their findings to the findings workbook (`xxgk_export::findings`, the
//! same as `xxgk check --format xlsx` writes), streamed one report at a time
//! in (year, body) order; with the findings, then the files that could not
//! be read.

use crate::args::{ExportArgs, ExportFormat};
use crate::corpus::{open_existing, store_failed};
use crate::target::{self, Pending, PendingDir, Written};
use crate::{print_error, EXIT_FAILURE};
use std::io;
use std::process::ExitCode;
use xxgk_export::corpus::{export, Selection, Sink};
use xxgk_export::{CsvExport, ExportError, FindingsCsv, FindingsXlsx, XlsxExport};
use xxgk_model::Lang;

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
    Written {
        format: ExportFormat::FindingsCsv,
        extensions: &["csv"],
        name: "findings-csv",
    },
    Written {
        format: ExportFormat::FindingsXlsx,
        extensions: &["xlsx"],
        name: "findings-xlsx",
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
    // A file, or the folder of a Parquet export, is written beside its name
    // and renamed when complete; standard output is written as it goes.
    let pending = match pending(args, lang) {
        Ok(pending) => pending,
        Err(code) => return code,
    };
    // The XLSX writer panics when its temporary files cannot be written (a
    // full disk), from the first header row on: that is an error of this
    // export, not a crash.
    let exported = quietly(|| match sink(args, &pending, lang) {
        Ok(sink) => export(store.as_ref(), Selection::All, sink),
        Err(err) => Ok(Err(err)),
    })
    .map_err(|panic| panic_as_io_error(&panic));
    let exported = match exported {
        Ok(exported) => exported,
        Err(error) => return target::write_failed(&args.output, &error, lang),
    };
    match exported {
        Ok(Ok(())) => match pending.commit(lang) {
            Ok(()) => ExitCode::SUCCESS,
            Err(code) => code,
        },
        // A file or folder that could not be written says so as every
        // output file does (naming it, a full disk in plain words).
        Ok(Err(err)) => match (err.io_error(), &pending) {
            (Some(error), Output::File(_) | Output::Folder(_)) => {
                target::write_failed(&args.output, error, lang)
            }
            (Some(error), Output::Stdout) => match crate::stdout_failed(error, lang) {
                Ok(()) => ExitCode::SUCCESS,
                Err(code) => code,
            },
            _ => export_failed(&err, lang),
        },
        Err(err) => store_failed(&args.db.db, &err, lang),
    }
}

/// Runs `work` with panics caught and not printed; a panic becomes its message.
pub(crate) fn quietly<T>(work: impl FnOnce() -> T) -> Result<T, String> {
    let hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(|_| {}));
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(work));
    std::panic::set_hook(hook);
    result.map_err(|payload| {
        payload
            .downcast_ref::<String>()
            .cloned()
            .or_else(|| payload.downcast_ref::<&str>().map(|s| s.to_string()))
            .unwrap_or_default()
    })
}

/// Where the export goes until it is complete.
enum Output {
    File(Pending),
    Folder(PendingDir),
    Stdout,
}

impl Output {
    fn commit(self, lang: Lang) -> Result<(), ExitCode> {
        match self {
            Output::File(pending) => pending.commit(lang),
            Output::Folder(pending) => pending.commit(lang),
            Output::Stdout => Ok(()),
        }
    }
}

fn pending(args: &ExportArgs, lang: Lang) -> Result<Output, ExitCode> {
    match args.to {
        // Without the feature, `sink` says so before anything is created.
        ExportFormat::Parquet if cfg!(feature = "parquet") => {
            PendingDir::create(&args.output, args.force, lang).map(Output::Folder)
        }
        ExportFormat::Parquet => Ok(Output::Stdout),
        _ if args.output.as_os_str() == "-" => Ok(Output::Stdout),
        _ => Pending::create(&args.output, args.force, lang).map(Output::File),
    }
}

/// The XLSX writer's panic on a failed write (`Couldn't write to xml file:
/// Os { code: 28, kind: StorageFull, message: "No space left on device" }`)
/// as the I/O error it carries.
pub(crate) fn panic_as_io_error(panic: &str) -> io::Error {
    let kind = if panic.contains("StorageFull") {
        io::ErrorKind::StorageFull
    } else {
        io::ErrorKind::Other
    };
    let message = panic
        .split_once("message: \"")
        .and_then(|(_, rest)| rest.split_once('"'))
        .map_or(panic, |(message, _)| message);
    io::Error::new(kind, message.to_string())
}

fn sink(args: &ExportArgs, pending: &Output, lang: Lang) -> Result<Sink, ExportError> {
    let name = args.output.display().to_string();
    let create_failed = |e: io::Error| {
        ExportError::new(
            xxgk_export::ExportErrorKind::Io,
            format!("{name}：无法创建：{e}"),
            format!("{name}: cannot create: {e}"),
        )
    };
    match (args.to, pending) {
        (ExportFormat::Csv, Output::File(pending)) => {
            let file = pending.reopen().map_err(create_failed)?;
            let out: Box<dyn io::Write> = Box::new(io::BufWriter::new(file));
            Ok(Sink::Csv(Box::new(CsvExport::named(out, &name)?)))
        }
        (ExportFormat::Csv, _) => {
            let out: Box<dyn io::Write> = Box::new(io::BufWriter::new(io::stdout()));
            Ok(Sink::Csv(Box::new(CsvExport::named(out, "stdout")?)))
        }
        (ExportFormat::Xlsx, Output::File(pending)) => Ok(Sink::Xlsx(Box::new(
            XlsxExport::new(pending.path())?.named(&args.output),
        ))),
        (ExportFormat::FindingsCsv, Output::File(pending)) => {
            let file = pending.reopen().map_err(create_failed)?;
            let out: Box<dyn io::Write> = Box::new(io::BufWriter::new(file));
            let csv = FindingsCsv::named(out, &name, lang)?;
            Ok(Sink::FindingsCsv(Box::new(csv), lang))
        }
        (ExportFormat::FindingsCsv, _) => {
            let out: Box<dyn io::Write> = Box::new(io::BufWriter::new(io::stdout()));
            let csv = FindingsCsv::named(out, "stdout", lang)?;
            Ok(Sink::FindingsCsv(Box::new(csv), lang))
        }
        (ExportFormat::FindingsXlsx, Output::File(pending)) => Ok(Sink::FindingsXlsx(
            Box::new(FindingsXlsx::new(pending.path(), lang)?.named(&args.output)),
            lang,
        )),
        (ExportFormat::Xlsx | ExportFormat::FindingsXlsx, _) => Err(ExportError::new(
            xxgk_export::ExportErrorKind::Io,
            "XLSX 是二进制文件，请用 -o 指定输出文件",
            "XLSX is a binary format: name the output file with -o",
        )),
        #[cfg(feature = "parquet")]
        (ExportFormat::Parquet, Output::Folder(pending)) => Ok(Sink::Parquet(Box::new(
            xxgk_export::ParquetExport::new(pending.path())?.named(&args.output),
        ))),
        #[cfg(feature = "parquet")]
        (ExportFormat::Parquet, _) => Err(ExportError::new(
            xxgk_export::ExportErrorKind::Io,
            "Parquet 导出须写入文件夹，请用 -o 指定",
            "a Parquet export is written to a folder: name it with -o",
        )),
        #[cfg(not(feature = "parquet"))]
        (ExportFormat::Parquet, _) => Err(ExportError::new(
            xxgk_export::ExportErrorKind::Parquet,
            "此版本未包含 Parquet 导出；请用 cargo build --release --features parquet 构建",
            "this build has no Parquet export; build it with `cargo build --release --features parquet`",
        )),
    }
}

fn export_failed(err: &ExportError, lang: Lang) -> ExitCode {
    print_error(lang, &"xxgk export", err.message(lang));
    ExitCode::from(EXIT_FAILURE)
}

#[cfg(test)]
mod tests {
    use super::panic_as_io_error;

    #[test]
    fn the_xlsx_writers_panic_reads_as_the_error_it_carries() {
        let error = panic_as_io_error(
            "Couldn't write to xml file: Os { code: 28, kind: StorageFull, message: \"No space left on device\" }",
        );
        assert_eq!(error.kind(), std::io::ErrorKind::StorageFull);
        assert_eq!(error.to_string(), "No space left on device");
        let other = panic_as_io_error("something else");
        assert_eq!(other.kind(), std::io::ErrorKind::Other);
        assert_eq!(other.to_string(), "something else");
    }
}
