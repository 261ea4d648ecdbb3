//! `xxgk extract PATH…`: read every input, extract its report and print it in the
//! chosen format, in input order. A file that fails is reported on stderr and
//! the batch goes on; the exit status says whether anything failed.

use crate::args::{ExtractArgs, Format};
use crate::output::Renderer;
use crate::printable::Printable;
use crate::target::{self, Output, Written};
use crate::{print_error, EXIT_FAILURE};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use xxgk_inputs::{self as inputs, for_each_ordered, Input};
use xxgk_model::{Lang, Report};
use xxgk_read::ReadError;

/// An input that produced no report, and why.
struct Failure {
    path: PathBuf,
    error: ReadError,
}

/// What `xxgk extract -o` writes, by extension.
const WRITTEN: &[Written<Format>] = &[
    Written {
        format: Format::Json,
        extensions: &["json"],
        name: "JSON",
    },
    Written {
        format: Format::Jsonl,
        extensions: &["jsonl", "ndjson"],
        name: "JSON Lines",
    },
    Written {
        format: Format::Csv,
        extensions: &["csv"],
        name: "CSV",
    },
    Written {
        format: Format::Table,
        extensions: &["txt"],
        name: "table",
    },
];

pub fn run(args: &ExtractArgs, lang: Lang) -> ExitCode {
    let inputs = inputs::expand(&args.paths);
    let format = match target::format_for_option(
        args.format,
        args.output.as_deref(),
        WRITTEN,
        format_for(None, inputs.len()),
        "--format",
        lang,
    ) {
        Ok(format) => format,
        Err(code) => return code,
    };
    let renderer = Renderer::new(format, inputs.len());
    let mut any_failed = false;
    let mut output = match Output::open(args.output.as_deref(), args.force, lang) {
        Ok(output) => output,
        Err(code) => return code,
    };
    let mut out = Printable::new(&mut output, renderer == Renderer::Table);
    let written = renderer.begin(&mut out).and_then(|()| {
        for_each_ordered(
            &inputs,
            0,
            |input| process(input, &renderer, lang),
            |outcome| match outcome {
                Ok(bytes) => out.write_all(&bytes),
                Err(failure) => {
                    any_failed = true;
                    // Flush first so that stdout and stderr interleave in input order.
                    out.flush()?;
                    print_error(lang, &failure.path.display(), failure.error.message(lang));
                    Ok(())
                }
            },
        )?;
        out.flush()
    });
    drop(out);
    match output.finish(written, lang) {
        Err(code) => code,
        Ok(()) if any_failed => ExitCode::from(EXIT_FAILURE),
        Ok(()) => ExitCode::SUCCESS,
    }
}

/// The format asked for, or the default: one pretty object when there is exactly
/// one input, JSON Lines otherwise.
fn format_for(asked: Option<Format>, inputs: usize) -> Format {
    asked.unwrap_or(if inputs == 1 {
        Format::Json
    } else {
        Format::Jsonl
    })
}

/// Reads, extracts and renders one input; runs on a worker thread.
fn process(input: &Input, renderer: &Renderer, lang: Lang) -> Result<Vec<u8>, Failure> {
    let fail = |path: &Path, error| Failure {
        path: path.to_path_buf(),
        error,
    };
    let path = match input {
        Input::Failed(path, error) => return Err(fail(path, (**error).clone())),
        Input::File(path) => path,
    };
    let bytes = inputs::read(path).map_err(|e| fail(path, e))?;
    let report = extract_guarded(&bytes, &path.to_string_lossy()).map_err(|e| fail(path, e))?;
    renderer
        .render(&report, lang)
        .map_err(|e| fail(path, inputs::io_error(e)))
}

/// Extracts, turning a panic in the extractor into an error for this one file.
pub(crate) fn extract_guarded(bytes: &[u8], file: &str) -> Result<Report, ReadError> {
    crate::guarded(
        || xxgk_extract::extract_bytes(bytes, file),
        "提取此文件",
        "extraction",
    )
}

/// Extracts the report of bytes whose hex SHA-256 is `sha256`, and keeps the
/// text the spans index into (for source lines).
pub(crate) fn extract_with_text_guarded(
    bytes: &[u8],
    file: &str,
    sha256: &str,
) -> Result<(Report, String), ReadError> {
    crate::guarded(
        || xxgk_extract::extract_with_text_hashed(bytes, file, sha256),
        "提取此文件",
        "extraction",
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_format_depends_on_input_count() {
        assert_eq!(format_for(None, 1), Format::Json);
        assert_eq!(format_for(None, 0), Format::Jsonl);
        assert_eq!(format_for(None, 3), Format::Jsonl);
        assert_eq!(format_for(Some(Format::Csv), 1), Format::Csv);
    }
}
