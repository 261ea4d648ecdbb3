//! `xxgk check PATH…`: read and extract every input, run the selected rules on
//! each report (all cores), then the cross-report rules over all reports read in
//! this invocation (the same body's consecutive years), and print the findings in
//! input order and document order.
//!
//! Output starts once every input is checked: a report's cross-report findings
//! may depend on a file named after it. Meanwhile each report is kept only as
//! far as the cross-report rules and its findings need it, so that memory stays
//! small for thousands of files; what `full` (the source lines) and `json` (the
//! whole report) print besides is set aside in a temporary file ([`Spill`]) as
//! each input is extracted, and read back when it is printed.

use crate::args::{CheckArgs, CheckFormat};
use crate::export::{panic_as_io_error, quietly};
use crate::extract::extract_with_text_guarded;
use crate::progress::progress_bar;
use crate::spill::{Kept, Spill};
use crate::target::{self, Output, Pending, Written};
use crate::{guarded, print_error, EXIT_FAILURE};
use anstream::{AutoStream, ColorChoice};
use std::convert::Infallible;
use std::io::{self, BufWriter, Write};
use std::panic::{self, AssertUnwindSafe};
use std::path::Path;
use std::process::ExitCode;
use xxgk_check::near;
use xxgk_check::{check_series, keep_for_series, sort_in_document_order, Selection};
use xxgk_diagnostics::{self, Checked, Examined, Palette, Tally};
use xxgk_export::{FileRows, FindingsCsv, FindingsXlsx};
use xxgk_inputs::{self as inputs, for_each_ordered, Input};
use xxgk_model::{Lang, Report};
use xxgk_read::ReadError;

/// Exit status when an error finding exists (and every file was read).
const EXIT_ERRORS: u8 = 1;

pub fn run(args: &CheckArgs, lang: Lang) -> ExitCode {
    let selection = Selection {
        select: clean(&args.select),
        ignore: clean(&args.ignore),
    };
    if !selectors_known(&selection, lang) {
        return ExitCode::from(EXIT_FAILURE);
    }

    let format = match target::format_for_option(
        args.format,
        args.output.as_deref(),
        WRITTEN,
        CheckFormat::Full,
        "--format",
        lang,
    ) {
        Ok(format) => format,
        Err(code) => return code,
    };
    let to_stdout = args.output.as_ref().is_none_or(|p| p.as_os_str() == "-");
    if format == CheckFormat::Xlsx && to_stdout {
        let message = match lang {
            Lang::Zh => "XLSX 是二进制文件，请用 -o 指定输出文件",
            Lang::En => "XLSX is a binary format: name the output file with -o",
        };
        print_error(lang, &"--format xlsx", message);
        return ExitCode::from(EXIT_FAILURE);
    }
    // Before any work: an existing file is not replaced without --force.
    if let Some(path) = args.output.as_ref().filter(|_| !to_stdout) {
        if let Err(code) = target::refuse_existing(path, args.force, lang) {
            return code;
        }
    }

    let inputs = inputs::expand(&args.paths);
    let mut results = Vec::with_capacity(inputs.len());
    let aside = Aside::for_format(format, lang);
    let mut spill = Spill::new();
    let mut kept = Vec::with_capacity(inputs.len());
    // Reading and checking is the long part: a bar on a terminal only.
    let bar = progress_bar(inputs.len() as u64, lang);
    let _ = for_each_ordered(
        &inputs,
        |input| examine(input, &selection, aside),
        |(result, extra)| {
            results.push(result);
            kept.push(extra.and_then(|text| spill.put(&text)));
            bar.inc(1);
            Ok::<(), Infallible>(())
        },
    );
    bar.finish_and_clear();
    let series_failed = !add_series(&mut results, &selection, lang);

    let tally = Tally::of(&results);
    let printed = match format {
        CheckFormat::Xlsx => workbook(&results, args, lang),
        _ => print(
            &results,
            SetAside {
                spill: &spill,
                kept: &kept,
            },
            format,
            args,
            tally,
            lang,
        ),
    };
    if let Err(code) = printed {
        return code;
    }
    // The output went to a file: the summary line still reaches the person.
    if !to_stdout {
        eprintln!("{}", tally.summary(lang));
    }
    if tally.unreadable > 0 || series_failed {
        ExitCode::from(EXIT_FAILURE)
    } else if tally.errors > 0 {
        ExitCode::from(EXIT_ERRORS)
    } else {
        ExitCode::SUCCESS
    }
}

/// Selectors as typed, without surrounding spaces (`--select "a, b"`).
fn clean(selectors: &[String]) -> Vec<String> {
    selectors.iter().map(|s| s.trim().to_string()).collect()
}

/// Reports selectors that name no rule, with the ids they may have meant; false
/// when there are any (a usage error: nothing is checked).
fn selectors_known(selection: &Selection, lang: Lang) -> bool {
    let mut known = true;
    for (option, list) in [
        ("--select", &selection.select),
        ("--ignore", &selection.ignore),
    ] {
        let alone = Selection {
            select: list.clone(),
            ignore: Vec::new(),
        };
        for selector in alone.unknown() {
            known = false;
            let near = near(selector.trim_end_matches('*'));
            let message = match (lang, near.is_empty()) {
                (Lang::Zh, true) => {
                    format!("没有规则匹配「{selector}」（用 xxgk rules 查看所有规则）")
                }
                (Lang::Zh, false) => {
                    format!("没有规则匹配「{selector}」；相近的有：{}", near.join("、"))
                }
                (Lang::En, true) => {
                    format!("no rule matches `{selector}` (see `xxgk rules` for every rule)")
                }
                (Lang::En, false) => format!(
                    "no rule matches `{selector}`; did you mean: {}",
                    near.join(", ")
                ),
            };
            print_error(lang, &option, &message);
        }
    }
    known
}

/// What a format prints besides the findings and the kept report, made while
/// the input is extracted.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Aside {
    /// Nothing (concise, SARIF, GitHub, the workbook).
    Nothing,
    /// The text the spans index into (`full`; a PDF's text layer).
    Text,
    /// The whole report as `xxgk/report@1` JSON, in this language (`json`).
    ReportJson(Lang),
}

impl Aside {
    fn for_format(format: CheckFormat, lang: Lang) -> Aside {
        match format {
            CheckFormat::Full => Aside::Text,
            CheckFormat::Json => Aside::ReportJson(lang),
            _ => Aside::Nothing,
        }
    }
}

/// Reads, extracts and checks one input, with what its format prints besides;
/// runs on a worker thread.
fn examine(input: &Input, selection: &Selection, aside: Aside) -> (Checked, Option<String>) {
    let (path, outcome) = match input {
        Input::Failed(path, error) => (path, Err(error.clone())),
        Input::File(path) => (path, examine_file(path, selection, aside)),
    };
    let (outcome, extra) = match outcome {
        Ok((examined, extra)) => (Ok(examined), extra),
        Err(error) => (Err(error), None),
    };
    let checked = Checked {
        file: path.to_string_lossy().into_owned(),
        outcome,
    };
    (checked, extra)
}

fn examine_file(
    path: &Path,
    selection: &Selection,
    aside: Aside,
) -> Result<(Examined, Option<String>), ReadError> {
    let bytes = inputs::read(path)?;
    let (mut report, text) = extract_with_text_guarded(&bytes, &path.to_string_lossy())?;
    let findings = guarded(
        || Ok(xxgk_check::check(&report, selection)),
        "检查此文件",
        "checking",
    )?;
    let extra = match aside {
        Aside::Nothing => None,
        Aside::Text => Some(text),
        // Before the report is cut down to what the cross-report rules need.
        Aside::ReportJson(lang) => serde_json::to_string(&report.json(lang)).ok(),
    };
    keep_for_series(&mut report, &findings);
    let examined = Examined {
        report,
        findings,
        text: None,
    };
    Ok((examined, extra))
}

/// What `full` and `json` print beyond the findings, read again from the file
/// when it could not be set aside (no temporary file, a full disk): the text
/// the spans index into (for a PDF, its text layer) and, for `json`, the whole
/// report. Extraction is deterministic, so the spans still fit; a file that
/// cannot be read again is printed without them.
fn reread(result: &Checked, format: CheckFormat) -> Option<Examined> {
    let examined = result.outcome.as_ref().ok()?;
    let bytes = inputs::read(Path::new(&result.file)).ok()?;
    let (report, text) = extract_with_text_guarded(&bytes, &result.file).ok()?;
    Some(Examined {
        report: if format == CheckFormat::Json {
            report
        } else {
            examined.report.clone()
        },
        findings: examined.findings.clone(),
        text: (format == CheckFormat::Full).then_some(text),
    })
}

/// Adds the cross-report findings to each report's and puts them all in
/// document order. False when the cross-report rules crashed (reported here).
fn add_series(results: &mut [Checked], selection: &Selection, lang: Lang) -> bool {
    let read: Vec<usize> = (0..results.len())
        .filter(|&i| results[i].outcome.is_ok())
        .collect();
    let series = {
        let reports: Vec<&Report> = read
            .iter()
            .filter_map(|&i| results[i].outcome.as_ref().ok().map(|e| &e.report))
            .collect();
        panic::catch_unwind(AssertUnwindSafe(|| check_series(&reports, selection)))
    };
    let Ok(series) = series else {
        let (subject, message) = match lang {
            Lang::Zh => (
                "跨报告检查",
                "内部错误：程序崩溃，未做跨报告检查，请报告此问题",
            ),
            Lang::En => (
                "cross-report rules",
                "internal error: they crashed and were not run; please report it",
            ),
        };
        print_error(lang, &subject, message);
        return false;
    };
    for (&i, mut found) in read.iter().zip(series) {
        if let Ok(examined) = &mut results[i].outcome {
            examined.findings.append(&mut found);
            sort_in_document_order(&mut examined.findings);
        }
    }
    true
}

/// Writes the findings workbook to `-o` (complete or not at all).
fn workbook(results: &[Checked], args: &CheckArgs, lang: Lang) -> Result<(), ExitCode> {
    let Some(path) = args.output.as_deref() else {
        return Err(ExitCode::from(EXIT_FAILURE));
    };
    for result in results {
        if let Err(error) = &result.outcome {
            print_error(lang, &result.file, error.message(lang));
        }
    }
    let pending = Pending::create(path, args.force, lang)?;
    // The XLSX writer panics when its temporary files cannot be written (a
    // full disk): an error of this output, not a crash.
    let written = quietly(|| {
        let mut xlsx = FindingsXlsx::new(pending.path(), lang)?.named(path);
        for result in results {
            xlsx.add(&FileRows::checked(result, lang))?;
        }
        xlsx.finish()
    })
    .map_err(|panic| panic_as_io_error(&panic));
    match written {
        Err(error) => Err(target::write_failed(path, &error, lang)),
        Ok(Err(error)) => match error.io_error() {
            Some(error) => Err(target::write_failed(path, error, lang)),
            None => {
                print_error(lang, &path.display(), error.message(lang));
                Err(ExitCode::from(EXIT_FAILURE))
            }
        },
        Ok(Ok(())) => pending.commit(lang),
    }
}

/// Writes every result in the chosen format, to standard output or `-o`;
/// unreadable inputs are also named on stderr, in order with the output.
fn print(
    results: &[Checked],
    aside: SetAside,
    format: CheckFormat,
    args: &CheckArgs,
    tally: Tally,
    lang: Lang,
) -> Result<(), ExitCode> {
    let mut output = Output::open(args.output.as_deref(), args.force, lang)?;
    let stdout = io::stdout();
    let choice = AutoStream::choice(&stdout);
    // Colour only on a terminal, never in a file.
    let color = !output.is_file()
        && choice != ColorChoice::Never
        && matches!(format, CheckFormat::Full | CheckFormat::Concise);
    let written = if color {
        // The terminal's own handle, which knows how to show colour.
        drop(output);
        let mut out = BufWriter::new(AutoStream::new(stdout.lock(), choice));
        let printed = write_results(&mut out, results, aside, format, tally, color, lang);
        return crate::written(printed.and_then(|()| out.flush()), lang);
    } else {
        write_results(&mut output, results, aside, format, tally, color, lang)
    };
    output.finish(written, lang)
}

/// What was set aside while the inputs were extracted: `kept[i]` is where
/// the text of `results[i]` is, if it was.
#[derive(Clone, Copy)]
struct SetAside<'a> {
    spill: &'a Spill,
    kept: &'a [Option<Kept>],
}

fn write_results(
    out: &mut dyn Write,
    results: &[Checked],
    aside: SetAside,
    format: CheckFormat,
    tally: Tally,
    color: bool,
    lang: Lang,
) -> io::Result<()> {
    let palette = Palette::new(color);
    if format == CheckFormat::Sarif {
        for result in results {
            if let Err(error) = &result.outcome {
                print_error(lang, &result.file, error.message(lang));
            }
        }
        let document = xxgk_diagnostics::sarif::document(results, lang);
        serde_json::to_writer_pretty(&mut *out, &document)?;
        out.write_all(b"\n")?;
        return out.flush();
    }

    if format == CheckFormat::Csv {
        let mut csv = FindingsCsv::named(&mut *out, "CSV", lang).map_err(export_io)?;
        for result in results {
            if let Err(error) = &result.outcome {
                print_error(lang, &result.file, error.message(lang));
            }
            csv.add(&FileRows::checked(result, lang))
                .map_err(export_io)?;
        }
        csv.finish().map_err(export_io)?;
        return Ok(());
    }

    let render_one = |result: &Checked| -> String {
        match (format, &result.outcome) {
            (CheckFormat::Xlsx | CheckFormat::Csv, _) => String::new(),
            (CheckFormat::Json, _) => xxgk_diagnostics::json::line(result, lang),
            (CheckFormat::Github, _) => xxgk_diagnostics::github::render(result, lang),
            (_, Err(_)) => String::new(),
            (CheckFormat::Full, Ok(examined)) => {
                xxgk_diagnostics::full::render(&result.file, examined, lang, &palette)
            }
            (_, Ok(examined)) => xxgk_diagnostics::concise::render(
                &result.file,
                &examined.findings,
                examined.report.source.format,
                lang,
                &palette,
            ),
        }
    };
    let render = |(result, kept): &(&Checked, Option<Kept>)| -> String {
        let result = *result;
        let extra = kept.and_then(|kept| aside.spill.get(kept));
        match (format, extra, &result.outcome) {
            (CheckFormat::Json, Some(report_json), Ok(examined)) => {
                return xxgk_diagnostics::json::line_with_report(
                    &result.file,
                    &report_json,
                    &examined.findings,
                    lang,
                );
            }
            (CheckFormat::Full, Some(text), Ok(examined)) => {
                let examined = Examined {
                    report: examined.report.clone(),
                    findings: examined.findings.clone(),
                    text: Some(text),
                };
                return xxgk_diagnostics::full::render(&result.file, &examined, lang, &palette);
            }
            _ => {}
        }
        if matches!(format, CheckFormat::Full | CheckFormat::Json) {
            if let Some(examined) = reread(result, format) {
                return render_one(&Checked {
                    file: result.file.clone(),
                    outcome: Ok(examined),
                });
            }
        }
        render_one(result)
    };
    // The output of a worker cannot borrow its input: an unreadable file's
    // message travels as its own string.
    let failure = |result: &Checked| {
        let error = result.outcome.as_ref().err()?;
        Some((result.file.clone(), error.message(lang).to_string()))
    };
    let items: Vec<(&Checked, Option<Kept>)> = results
        .iter()
        .enumerate()
        .map(|(i, result)| (result, aside.kept.get(i).copied().flatten()))
        .collect();
    for_each_ordered(
        &items,
        |item| (failure(item.0), render(item)),
        |(failure, text)| {
            if let Some((file, message)) = failure {
                out.flush()?;
                print_error(lang, &file, &message);
            }
            out.write_all(text.as_bytes())
        },
    )?;
    if matches!(format, CheckFormat::Full | CheckFormat::Concise) {
        writeln!(out, "{}", tally.summary(lang))?;
    }
    out.flush()
}

/// An export error as the I/O error behind it (the CSV writer fails only
/// when its output does).
fn export_io(error: xxgk_export::ExportError) -> io::Error {
    match error.io_error() {
        Some(e) => io::Error::new(e.kind(), e.to_string()),
        None => io::Error::other(error.to_string()),
    }
}

/// What `xxgk check -o` writes, by extension: a text file (`.txt`, `.log`)
/// may hold any of the formats people read.
const WRITTEN: &[Written<CheckFormat>] = &[
    Written {
        format: CheckFormat::Full,
        extensions: &["txt", "log"],
        name: "full",
    },
    Written {
        format: CheckFormat::Concise,
        extensions: &["txt", "log"],
        name: "concise",
    },
    Written {
        format: CheckFormat::Github,
        extensions: &["txt", "log"],
        name: "github",
    },
    Written {
        format: CheckFormat::Json,
        extensions: &["jsonl", "json", "ndjson"],
        name: "JSON",
    },
    Written {
        format: CheckFormat::Sarif,
        extensions: &["sarif", "json"],
        name: "SARIF",
    },
    Written {
        format: CheckFormat::Csv,
        extensions: &["csv"],
        name: "CSV",
    },
    Written {
        format: CheckFormat::Xlsx,
        extensions: &["xlsx"],
        name: "XLSX",
    },
];
