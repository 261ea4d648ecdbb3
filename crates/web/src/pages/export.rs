//! `GET /export?<the report list's filter>&to=…`: the reports the filter
//! admits, exported by `xxgk-export` (the same code as `xxgk export`):
//! `xlsx` (the workbook in the official layout), `csv` (the long form),
//! `findings-xlsx`, `findings-csv` (the findings workbook), `parquet` (the
//! year partitions in a ZIP archive; only in a build with the `parquet`
//! feature — without it, 400 with a message). Without `to`, a small page
//! offers the choices, XLSX first.
//!
//! The export is written to an unnamed temporary file on a blocking thread
//! (the XLSX writer keeps its rows in temporary files too), then streamed
//! back in pieces: memory stays bounded whatever the corpus.

use super::reports::FilterQuery;
use super::{render, ui, InLang, PageResult};
use crate::auth::Auth;
use crate::error::WebError;
use crate::state::AppState;
use crate::ui::{Ui, UiLang};
use askama::Template;
use axum::body::Body;
use axum::extract::{Query, State};
use axum::http::header;
use axum::response::IntoResponse;
use axum::routing::get;
use axum::{Extension, Router};
use serde::Deserialize;
use std::io::{self, Seek};
use std::sync::Arc;
use tokio::io::AsyncReadExt;
use xxgk_export::corpus::{export, Selection, Sink};
use xxgk_export::{CsvExport, FindingsCsv, FindingsXlsx, XlsxExport};
use xxgk_model::Lang;

/// The routes of the export.
pub fn routes() -> Router<Arc<AppState>> {
    Router::new().route("/export", get(download))
}

/// The filter of the report list, and the format.
#[derive(Clone, Debug, Default, Deserialize)]
pub struct ExportQuery {
    /// The report list's filter.
    #[serde(flatten)]
    pub filter: FilterQuery,
    /// `xlsx`, `csv`, `parquet`, `findings-xlsx` or `findings-csv`.
    pub to: Option<String>,
}

/// An export format: its word in `to=`, its name, extension and media type.
pub struct Format {
    /// The word in `to=`.
    pub key: &'static str,
    /// What it is, in Chinese.
    pub zh: &'static str,
    /// What it is, in English.
    pub en: &'static str,
    /// The file's extension.
    pub extension: &'static str,
    /// Its media type.
    pub mime: &'static str,
}

const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/// The formats, in the order the choice page offers them.
pub const FORMATS: &[Format] = &[
    Format {
        key: "xlsx",
        zh: "Excel 工作簿（官方表格格式，含明细）",
        en: "Excel workbook (the official tables, and the long form)",
        extension: "xlsx",
        mime: XLSX,
    },
    Format {
        key: "csv",
        zh: "CSV（每个单元格一行）",
        en: "CSV (one line per cell)",
        extension: "csv",
        mime: "text/csv; charset=utf-8",
    },
    Format {
        key: "findings-xlsx",
        zh: "问题清单（Excel）",
        en: "Findings (Excel)",
        extension: "xlsx",
        mime: XLSX,
    },
    Format {
        key: "findings-csv",
        zh: "问题清单（CSV）",
        en: "Findings (CSV)",
        extension: "csv",
        mime: "text/csv; charset=utf-8",
    },
    Format {
        key: "parquet",
        zh: "Parquet（按年度分区，ZIP 压缩包）",
        en: "Parquet (year partitions, in a ZIP archive)",
        extension: "parquet.zip",
        mime: "application/zip",
    },
];

#[derive(Template)]
#[template(path = "export.html")]
struct ExportPage {
    ui: Ui,
    query: String,
    total: u64,
    formats: &'static [Format],
}

impl ExportPage {
    fn name<'a>(&self, format: &'a Format) -> &'a str {
        self.ui.t(format.zh, format.en)
    }

    /// True when this build writes Parquet (the `parquet` feature).
    fn parquet(&self) -> bool {
        cfg!(feature = "parquet")
    }
}

/// The file name of an export of `filter`: `xxgk-报告-2023.xlsx`.
fn file_name(filter: &xxgk_store::ReportFilter, format: &Format) -> String {
    let mut name = String::from("xxgk-报告");
    if let Some(year) = filter.year {
        name.push_str(&format!("-{year}"));
    }
    if format.key.starts_with("findings") {
        name.push_str("-问题");
    }
    format!("{name}.{}", format.extension)
}

async fn download(
    State(state): State<Arc<AppState>>,
    Extension(auth): Extension<Auth>,
    UiLang(lang): UiLang,
    Query(query): Query<ExportQuery>,
) -> PageResult {
    let filter = query.filter.filter();
    let Some(to) = query.to.as_deref().map(str::trim) else {
        let counted = filter.clone();
        let total = state
            .read(move |store| Ok(store.report_page(&counted, 0, 0)?.total))
            .await
            .in_lang(lang)?;
        let mut link = query.filter.with_page(1);
        if let Some(cut) = link.rfind("page=") {
            link.truncate(cut);
        }
        return Ok(render(&ExportPage {
            ui: ui(lang, &auth, "/reports"),
            query: link,
            total,
            formats: FORMATS,
        }));
    };
    let to = if to.is_empty() { "xlsx" } else { to };
    let Some(format) = FORMATS.iter().find(|f| f.key == to) else {
        let known: Vec<&str> = FORMATS.iter().map(|f| f.key).collect();
        return Err(WebError::bad_request(
            format!("不支持导出为“{to}”；可选：{}", known.join("、")),
            format!(
                "cannot export to “{to}”; the choices are: {}",
                known.join(", ")
            ),
        ))
        .in_lang(lang);
    };
    if format.key == "parquet" && !cfg!(feature = "parquet") {
        return Err(WebError::bad_request(
            "此版本的服务器没有 Parquet 导出。请选择 XLSX 或 CSV，或用以 --features parquet 构建的命令行：xxgk export --to parquet",
            "this build of the server has no Parquet export. Choose XLSX or CSV, or use a command line built with --features parquet: xxgk export --to parquet",
        ))
        .in_lang(lang);
    }
    let key = format.key;
    let written = state
        .read(move |store| {
            let rows = store.report_page(&filter, 0, u64::MAX)?.rows;
            let file = write_export(store, key, Selection::Reports(rows), lang)?;
            Ok(file)
        })
        .await
        .in_lang(lang)?;
    let file = tokio::fs::File::from_std(written);
    let stream = futures_util::stream::try_unfold(file, |mut file| async move {
        let mut buffer = vec![0; 64 * 1024];
        let read = file.read(&mut buffer).await?;
        if read == 0 {
            return Ok::<_, io::Error>(None);
        }
        buffer.truncate(read);
        Ok(Some((axum::body::Bytes::from(buffer), file)))
    });
    Ok((
        [
            (header::CONTENT_TYPE, format.mime.to_string()),
            (
                header::CONTENT_DISPOSITION,
                super::attachment(&file_name(&query.filter.filter(), format)),
            ),
            (header::CACHE_CONTROL, "no-store".to_string()),
        ],
        Body::from_stream(stream),
    )
        .into_response())
}

fn failed(e: xxgk_export::ExportError) -> WebError {
    WebError::internal(
        format!("导出失败：{}", e.message(Lang::Zh)),
        format!("export failed: {}", e.message(Lang::En)),
    )
}

/// The Parquet export of `selection` (one folder per year, as
/// `xxgk export --to parquet` writes it) as a ZIP archive in an unnamed
/// temporary file, at its start.
#[cfg(feature = "parquet")]
fn write_parquet_zip(
    store: &dyn xxgk_store::Store,
    selection: Selection,
) -> Result<std::fs::File, WebError> {
    use std::io::Write;
    let dir = tempfile::tempdir().map_err(WebError::io)?;
    let sink = Sink::Parquet(Box::new(
        xxgk_export::ParquetExport::new(dir.path()).map_err(failed)?,
    ));
    export(store, selection, sink)?.map_err(failed)?;
    let mut files: Vec<std::path::PathBuf> = Vec::new();
    let mut pending = vec![dir.path().to_path_buf()];
    while let Some(folder) = pending.pop() {
        for entry in std::fs::read_dir(&folder).map_err(WebError::io)? {
            let path = entry.map_err(WebError::io)?.path();
            if path.is_dir() {
                pending.push(path);
            } else {
                files.push(path);
            }
        }
    }
    files.sort();
    let mut archive = zip::ZipWriter::new(tempfile::tempfile().map_err(WebError::io)?);
    // Parquet pages are compressed already.
    let options =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    let zip_failed = |e: zip::result::ZipError| {
        WebError::internal(
            format!("无法写出 ZIP 压缩包：{e}"),
            format!("cannot write the ZIP archive: {e}"),
        )
    };
    for path in files {
        let name = path
            .strip_prefix(dir.path())
            .unwrap_or(&path)
            .to_string_lossy()
            .replace('\\', "/");
        archive.start_file(name, options).map_err(zip_failed)?;
        archive
            .write_all(&std::fs::read(&path).map_err(WebError::io)?)
            .map_err(WebError::io)?;
    }
    let mut file = archive.finish().map_err(zip_failed)?;
    file.rewind().map_err(WebError::io)?;
    Ok(file)
}

/// Writes the export of `selection` to an unnamed temporary file, and
/// returns it at its start.
fn write_export(
    store: &dyn xxgk_store::Store,
    to: &str,
    selection: Selection,
    lang: Lang,
) -> Result<std::fs::File, WebError> {
    #[cfg(feature = "parquet")]
    if to == "parquet" {
        return write_parquet_zip(store, selection);
    }
    let temp = tempfile::NamedTempFile::new().map_err(WebError::io)?;
    let writer = || -> Result<Box<dyn io::Write>, WebError> {
        Ok(Box::new(io::BufWriter::new(
            temp.reopen().map_err(WebError::io)?,
        )))
    };
    let sink = match to {
        "csv" => Sink::Csv(Box::new(
            CsvExport::named(writer()?, "export.csv").map_err(failed)?,
        )),
        "xlsx" => Sink::Xlsx(Box::new(XlsxExport::new(temp.path()).map_err(failed)?)),
        "findings-csv" => Sink::FindingsCsv(
            Box::new(FindingsCsv::named(writer()?, "export.csv", lang).map_err(failed)?),
            lang,
        ),
        _ => Sink::FindingsXlsx(
            Box::new(FindingsXlsx::new(temp.path(), lang).map_err(failed)?),
            lang,
        ),
    };
    export(store, selection, sink)?.map_err(failed)?;
    let mut file = temp.reopen().map_err(WebError::io)?;
    // The name goes now; the open file stays readable until it is dropped.
    drop(temp);
    file.rewind().map_err(WebError::io)?;
    Ok(file)
}
