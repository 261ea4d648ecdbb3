//! `xxgk check PATH…`: read and extract every input, run the selected rules on
//! each report (all cores), then the cross-report rules over all reports read in
//! this invocation (the same body's consecutive years), and print the findings in
//! input order and document order.
//!
//! Output starts once every input is checked: a report's cross-report findings
//! may depend on a file named after it. Meanwhile memory holds, of each input,
//! only its name, the body and year the cross-report rules pair it by, and
//! where the rest is: the report cut down to what those rules and its findings
//! need, its findings, and what `full` (the source lines) and `json` (the whole
//! report) print besides are set aside in a temporary file ([`Spill`]) as each
//! input is extracted, and read back when a pair is checked and when it is
//! printed. Memory stays flat however many files a run checks, and nothing is
//! extracted twice.
//!
//! What one file gives before the cross-report rules depends only on its name
//! and bytes, the program and the rules selected: the [`Cache`] keeps it
//! across runs, so that a file checked before is read and hashed, not
//! extracted, and its results are set aside as they were kept.

use crate::args::{CheckArgs, CheckFormat};
use crate::cache::{self, Cache, Entry, Key};
use crate::export::{panic_as_io_error, quietly};
use crate::extract::extract_with_text_guarded;
use crate::progress::progress_bar;
use crate::spill::{Kept, Spill};
use crate::target::{self, Output, Pending, Written};
use crate::{guarded, print_error, EXIT_FAILURE};
use anstream::{AutoStream, ColorChoice};
use serde::{Deserialize, Serialize};
use std::borrow::Cow;
use std::convert::Infallible;
use std::io::{self, BufWriter, Write};
use std::panic::{self, AssertUnwindSafe};
use std::path::Path;
use std::process::ExitCode;
use xxgk_check::near;
use xxgk_check::{
    check_pair, keep_for_series, series_pairs, sort_in_document_order, Selection, SeriesKey,
};
use xxgk_diagnostics::{self, Checked, Examined, Palette, Tally};
use xxgk_export::{ExportErrorKind, FileRows, FindingsCsv, FindingsXlsx};
use xxgk_inputs::{self as inputs, for_each_ordered, Input};
use xxgk_model::{Finding, Lang, Report, Source};
use xxgk_read::{ErrorKind, ReadError};
use xxgk_store::packed::{pack, unpack_into};

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
    let aside = Aside::for_format(format, lang);
    let cache = open_cache(args, &selection, lang);
    let spill = Spill::new();
    let mut waiting = Vec::with_capacity(inputs.len());
    let mut tally = Tally::default();
    // Reading and checking is the long part: a bar on a terminal only.
    let bar = progress_bar(inputs.len() as u64, lang);
    crate::memory::release_freed();
    let _ = for_each_ordered(
        &inputs,
        0,
        |input| examine(input, &selection, aside, &spill, cache.as_ref()),
        |(input, counted)| {
            waiting.push(input);
            tally += counted;
            bar.inc(1);
            // What extraction freed on the workers, given back as it goes
            // (as ingest does): it would otherwise stay resident.
            if waiting.len() % crate::memory::RELEASE_EVERY == 0 {
                crate::memory::release_freed();
            }
            Ok::<(), Infallible>(())
        },
    );
    bar.finish_and_clear();
    drop(inputs);
    crate::memory::release_freed();
    let series_failed = !add_series(
        &mut waiting,
        &spill,
        &selection,
        cache.as_ref(),
        &mut tally,
        lang,
    );
    if let Some(cache) = cache {
        cache.finish(lang);
    }

    let batch = Batch {
        waiting: &waiting,
        spill: &spill,
        lang,
    };
    let printed = match format {
        CheckFormat::Xlsx => workbook(batch, args, lang),
        _ => print(batch, format, args, tally, lang),
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

/// The cache of results, unless `--no-cache`; `None` when there is no cache
/// folder, or when it cannot be opened (said on stderr: the run goes on).
fn open_cache(args: &CheckArgs, selection: &Selection, lang: Lang) -> Option<Cache> {
    if args.no_cache {
        return None;
    }
    let folder = cache::folder(args.cache.cache_dir.as_deref())?;
    match Cache::open(&folder, &selection.select, &selection.ignore) {
        Ok(cache) => Some(cache),
        Err((path, why)) => {
            cache::warn_unusable(&path, &why, lang);
            None
        }
    }
}

/// What a format prints besides the findings and the kept report, made while
/// the input is extracted.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Aside {
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

/// One input while the batch waits for the cross-report rules: its name, and
/// the report parked, or why it could not be read.
struct Waiting {
    /// The path as given (or as found while walking a folder).
    file: String,
    state: Result<Parked, ReadError>,
}

/// A report that was read, as the batch keeps it until it is printed: small,
/// so that a hundred thousand fit in little memory.
struct Parked {
    /// The agency as printed, and the year: what the cross-report rules pair
    /// reports by.
    agency: Option<String>,
    year: Option<i32>,
    /// Where its results are in the cache (when there is one): the cross-report
    /// findings of a pair are kept under the two keys.
    key: Option<Key>,
    /// The report cut down to what the cross-report rules and the findings
    /// need ([`keep_for_series`]), as JSON, [packed](pack).
    report: Place,
    /// Its findings and where it came from ([`Findings`]), packed apart from
    /// the report: most formats print only these.
    findings: Place,
    /// What the format prints besides ([`Aside`]), packed.
    aside: Option<Place>,
    /// The cross-report findings, once they are known.
    series: Vec<Finding>,
}

/// Where something parked is: set aside in the spill, or here when it could
/// not be (no temporary file, a full disk).
enum Place {
    Spilled(Kept),
    Here(Vec<u8>),
}

/// The findings of a parked report, and where the report came from: all
/// that `concise`, `github` and `json` print of it.
#[derive(Serialize, Deserialize)]
struct Findings<S, F> {
    source: S,
    findings: F,
}

/// What a format's printer reads of a report besides its findings.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Reads {
    /// Where it came from (its format): `concise`, `github`, and `json`,
    /// whose report was written whole before it was cut down ([`Aside`]).
    Source,
    /// The report as kept for the cross-report rules (its cells, the
    /// tables' values): every other format.
    Report,
}

impl Reads {
    fn for_format(format: CheckFormat) -> Reads {
        match format {
            CheckFormat::Concise | CheckFormat::Github | CheckFormat::Json => Reads::Source,
            _ => Reads::Report,
        }
    }
}

/// Reads, extracts and checks one input (or finds its results in the cache)
/// and parks it; runs on a worker thread. With it, what it adds to the run's
/// tally.
fn examine(
    input: &Input,
    selection: &Selection,
    aside: Aside,
    spill: &Spill,
    cache: Option<&Cache>,
) -> (Waiting, Tally) {
    let (path, outcome) = match input {
        Input::Failed(path, error) => (path, Err((**error).clone())),
        Input::File(path) => (path, results(path, selection, aside, cache)),
    };
    let file = path.to_string_lossy().into_owned();
    let (state, counted) = match outcome {
        Ok((entry, key)) => {
            let counted = entry.tally;
            (Ok(park(entry, key, spill)), counted)
        }
        Err(error) => {
            let counted = Tally {
                unreadable: 1,
                ..Tally::default()
            };
            (Err(error), counted)
        }
    };
    (Waiting { file, state }, counted)
}

/// The results of one file, and their key in the cache: from the cache when
/// it holds them, else checked now (and kept in the cache).
fn results(
    path: &Path,
    selection: &Selection,
    aside: Aside,
    cache: Option<&Cache>,
) -> Result<(Entry, Option<Key>), ReadError> {
    let bytes = inputs::read(path)?;
    let file = path.to_string_lossy();
    // Hashed once: for the key, and for the report's source if it is checked.
    let sha256 = xxgk_extract::sha256_hex(&bytes);
    let Some(cache) = cache else {
        return Ok((check_bytes(&bytes, &file, &sha256, selection, aside)?, None));
    };
    let key = cache.key(&file, &sha256);
    if let Some(entry) = cache.get(key, aside) {
        return Ok((entry, Some(key)));
    }
    if let Some(error) = cache.failure(key) {
        return Err(error);
    }
    match check_bytes(&bytes, &file, &sha256, selection, aside) {
        Ok(entry) => {
            cache.put(key, entry.clone(), aside);
            Ok((entry, Some(key)))
        }
        Err(error) => {
            cache.put_failure(key, &error);
            Err(error)
        }
    }
}

/// Extracts and checks the bytes of a file named `file`, whose hex SHA-256 is
/// `sha256`: the results as they are parked.
fn check_bytes(
    bytes: &[u8],
    file: &str,
    sha256: &str,
    selection: &Selection,
    aside: Aside,
) -> Result<Entry, ReadError> {
    let (mut report, text) = extract_with_text_guarded(bytes, file, sha256)?;
    let findings = guarded(
        || Ok(xxgk_check::check(&report, selection)),
        "检查此文件",
        "checking",
    )?;
    let extra = match aside {
        Aside::Nothing => None,
        Aside::Text => Some(pack(text.as_bytes()).map_err(unpackable)?),
        // Before the report is cut down to what the cross-report rules need.
        Aside::ReportJson(lang) => {
            let json = serde_json::to_vec(&report.json(lang)).map_err(unwritable_json)?;
            Some(pack(&json).map_err(unpackable)?)
        }
    };
    keep_for_series(&mut report, &findings);
    let packed_json = |json: serde_json::Result<Vec<u8>>| -> Result<Vec<u8>, ReadError> {
        pack(&json.map_err(unwritable_json)?).map_err(unpackable)
    };
    let mut tally = Tally::default();
    tally.add_checked(&findings);
    Ok(Entry {
        findings: packed_json(serde_json::to_vec(&Findings {
            source: &report.source,
            findings: &findings,
        }))?,
        report: packed_json(serde_json::to_vec(&report))?,
        agency: report.agency,
        year: report.year,
        tally,
        extra,
    })
}

/// A report that could not be written as JSON: a bug, said as one.
fn unwritable_json(error: serde_json::Error) -> ReadError {
    ReadError::new(
        ErrorKind::Corrupt,
        format!("内部错误：无法写出报告的 JSON（{error}），请报告此问题"),
        format!("internal error: cannot write the report as JSON ({error}); please report it"),
    )
}

/// Results that could not be packed (compressing into memory cannot fail
/// but for want of memory): a bug, said as one.
fn unpackable(error: io::Error) -> ReadError {
    ReadError::new(
        ErrorKind::Corrupt,
        format!("内部错误：无法压缩检查结果（{error}），请报告此问题"),
        format!("internal error: cannot compress the results ({error}); please report it"),
    )
}

/// Sets a file's results aside in the spill, keeping here only what pairs
/// its report with other reports.
fn park(entry: Entry, key: Option<Key>, spill: &Spill) -> Parked {
    let place = |bytes: Vec<u8>| match spill.put(&bytes) {
        Some(kept) => Place::Spilled(kept),
        None => Place::Here(bytes),
    };
    Parked {
        agency: entry.agency,
        year: entry.year,
        key,
        report: place(entry.report),
        findings: place(entry.findings),
        aside: entry.extra.map(place),
        series: Vec::new(),
    }
}

/// The batch after the cross-report pass, and where to read its reports back.
#[derive(Clone, Copy)]
struct Batch<'a> {
    waiting: &'a [Waiting],
    spill: &'a Spill,
    lang: Lang,
}

impl Batch<'_> {
    /// The report and findings of a parked input as they were checked, without
    /// the cross-report findings; of the report, what `reads` asks for.
    fn examined(&self, parked: &Parked, reads: Reads) -> io::Result<Examined> {
        let bytes = self.unpacked(&parked.findings)?;
        let kept: Findings<Source, Vec<Finding>> = self.parse(&bytes)?;
        let report = match reads {
            Reads::Report => self.report(parked)?,
            Reads::Source => Report::new(kept.source),
        };
        Ok(Examined {
            report,
            findings: kept.findings,
            text: None,
        })
    }

    /// The report of a parked input as the cross-report rules read it.
    fn report(&self, parked: &Parked) -> io::Result<Report> {
        let bytes = self.unpacked(&parked.report)?;
        self.parse(&bytes)
    }

    /// Something parked, as it was before it was packed.
    fn unpacked(&self, place: &Place) -> io::Result<Vec<u8>> {
        let mut out = Vec::new();
        self.unpack_into(place, &mut out)?;
        Ok(out)
    }

    /// Appends something parked, as it was before it was packed, to `out`.
    fn unpack_into(&self, place: &Place, out: &mut Vec<u8>) -> io::Result<()> {
        let packed = match place {
            Place::Here(bytes) => Cow::Borrowed(bytes),
            Place::Spilled(kept) => {
                Cow::Owned(self.spill.get(*kept).map_err(|e| self.unreadable(e))?)
            }
        };
        unpack_into(&packed, out).map_err(|e| self.unreadable(e))
    }

    /// Something parked, read back from its bytes in the spill.
    fn parse<'de, T: Deserialize<'de>>(&self, bytes: &'de [u8]) -> io::Result<T> {
        serde_json::from_slice(bytes).map_err(|e| self.unreadable(e.into()))
    }

    /// An input as it is printed: with its cross-report findings, all in
    /// document order; of the report, what `reads` asks for.
    fn checked(&self, input: &Waiting, reads: Reads) -> io::Result<Checked> {
        let outcome = match &input.state {
            Err(error) => Err(error.clone()),
            Ok(parked) => {
                let mut examined = self.examined(parked, reads)?;
                if !parked.series.is_empty() {
                    examined.findings.extend(parked.series.iter().cloned());
                    sort_in_document_order(&mut examined.findings);
                }
                Ok(examined)
            }
        };
        Ok(Checked {
            file: input.file.clone(),
            outcome,
        })
    }

    /// What the format prints besides, for a parked input.
    fn aside(&self, parked: &Parked) -> io::Result<Option<String>> {
        let mut bytes = Vec::new();
        if !self.aside_into(parked, &mut bytes)? {
            return Ok(None);
        }
        String::from_utf8(bytes)
            .map(Some)
            .map_err(|e| self.unreadable(io::Error::new(io::ErrorKind::InvalidData, e)))
    }

    /// Appends what the format prints besides, for a parked input, to `out`;
    /// false when there is nothing.
    fn aside_into(&self, parked: &Parked, out: &mut Vec<u8>) -> io::Result<bool> {
        let Some(place) = &parked.aside else {
            return Ok(false);
        };
        self.unpack_into(place, out)?;
        Ok(true)
    }

    /// A failure to read parked results back (from the temporary file, or
    /// damaged bytes from the cache), said as such, not as a failure of the
    /// output it interrupts.
    fn unreadable(&self, error: io::Error) -> io::Error {
        let message = match self.lang {
            Lang::Zh => format!("无法读回检查结果：{error}"),
            Lang::En => format!("cannot read the results back: {error}"),
        };
        io::Error::new(error.kind(), message)
    }
}

/// Runs the cross-report rules on every pair of one body's consecutive years
/// and adds their findings to the current year's input and to the tally.
/// False when they could not run (said here): a crash, or the spill not read
/// back.
fn add_series(
    waiting: &mut [Waiting],
    spill: &Spill,
    selection: &Selection,
    cache: Option<&Cache>,
    tally: &mut Tally,
    lang: Lang,
) -> bool {
    let pairs = {
        let keys: Vec<SeriesKey> = waiting
            .iter()
            .map(|input| match &input.state {
                Ok(parked) => (parked.agency.as_deref(), parked.year),
                Err(_) => (None, None),
            })
            .collect();
        series_pairs(&keys)
    };
    let mut found = Vec::with_capacity(pairs.len());
    let run = {
        let batch = Batch {
            waiting,
            spill,
            lang,
        };
        let parked = |i: usize| -> &Parked {
            match &batch.waiting[i].state {
                Ok(parked) => parked,
                Err(_) => unreachable!("only reports that were read are paired"),
            }
        };
        panic::catch_unwind(AssertUnwindSafe(|| {
            for_each_ordered(
                &pairs,
                0,
                |&(previous, current)| {
                    pair_findings(&batch, parked(previous), parked(current), selection, cache)
                },
                |findings| {
                    found.push(findings?);
                    Ok::<(), io::Error>(())
                },
            )
        }))
    };
    let error = match run {
        Ok(Ok(())) => None,
        Ok(Err(error)) => Some(error.to_string()),
        Err(_) => Some(match lang {
            Lang::Zh => "内部错误：程序崩溃，未做跨报告检查，请报告此问题".to_string(),
            Lang::En => {
                "internal error: they crashed and were not run; please report it".to_string()
            }
        }),
    };
    if let Some(message) = error {
        let subject = match lang {
            Lang::Zh => "跨报告检查",
            Lang::En => "cross-report rules",
        };
        print_error(lang, &subject, &message);
        return false;
    }
    for (&(_, current), findings) in pairs.iter().zip(found) {
        if let Ok(parked) = &mut waiting[current].state {
            tally.add_findings(&findings);
            parked.series = findings;
        }
    }
    true
}

/// The cross-report findings of two parked reports, the earlier year first:
/// as the cache kept them when it holds both files' results, else checked now
/// (and kept).
fn pair_findings(
    batch: &Batch,
    previous: &Parked,
    current: &Parked,
    selection: &Selection,
    cache: Option<&Cache>,
) -> io::Result<Vec<Finding>> {
    let kept = cache
        .zip(previous.key.zip(current.key))
        .map(|(cache, (a, b))| (cache, cache.pair_key(a, b)));
    if let Some(findings) = kept.and_then(|(cache, key)| cached_pair(&cache.get_pair(key)?)) {
        return Ok(findings);
    }
    let findings = check_pair(&batch.report(previous)?, &batch.report(current)?, selection);
    if let Some((cache, key)) = kept {
        // Not kept when it cannot be written: checked again next time.
        if let Ok(Ok(packed)) = serde_json::to_vec(&findings).map(|json| pack(&json)) {
            cache.put_pair(key, packed);
        }
    }
    Ok(findings)
}

/// The cross-report findings of a pair as the cache kept them; `None` when
/// they do not read back (damaged bytes): the pair is then checked again.
fn cached_pair(packed: &[u8]) -> Option<Vec<Finding>> {
    let mut json = Vec::new();
    unpack_into(packed, &mut json).ok()?;
    serde_json::from_slice(&json).ok()
}

/// The inputs that could not be read, with why, in input order.
fn unreadable<'a>(batch: &Batch<'a>) -> Vec<(&'a str, &'a ReadError)> {
    batch
        .waiting
        .iter()
        .filter_map(|input| Some((input.file.as_str(), input.state.as_ref().err()?)))
        .collect()
}

/// Writes the findings workbook to `-o` (complete or not at all).
fn workbook(batch: Batch, args: &CheckArgs, lang: Lang) -> Result<(), ExitCode> {
    let Some(path) = args.output.as_deref() else {
        return Err(ExitCode::from(EXIT_FAILURE));
    };
    for (file, error) in unreadable(&batch) {
        print_error(lang, &file, error.message(lang));
    }
    let pending = Pending::create(path, args.force, lang)?;
    // The XLSX writer panics when its temporary files cannot be written (a
    // full disk): an error of this output, not a crash.
    let written = quietly(|| {
        let mut xlsx = FindingsXlsx::new(pending.path(), lang)?.named(path);
        for input in batch.waiting {
            let checked = batch.checked(input, Reads::Report).map_err(|e| {
                // Not an error of the workbook: said as it is, without its cause.
                let message = e.to_string();
                xxgk_export::ExportError::new(ExportErrorKind::Io, &message, &message)
            })?;
            xlsx.add(&FileRows::checked(&checked, lang))?;
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
    batch: Batch,
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
        let printed = write_results(&mut out, batch, format, tally, color, lang);
        return crate::written(printed.and_then(|()| out.flush()), lang);
    } else {
        write_results(&mut output, batch, format, tally, color, lang)
    };
    output.finish(written, lang)
}

fn write_results(
    out: &mut dyn Write,
    batch: Batch,
    format: CheckFormat,
    tally: Tally,
    color: bool,
    lang: Lang,
) -> io::Result<()> {
    let palette = Palette::new(color);
    if format == CheckFormat::Sarif {
        let unreadable = unreadable(&batch);
        for (file, error) in &unreadable {
            print_error(lang, file, error.message(lang));
        }
        let read = batch
            .waiting
            .iter()
            .filter(|input| input.state.is_ok())
            .map(|input| batch.checked(input, Reads::Report));
        xxgk_diagnostics::sarif::write(&mut *out, &unreadable, read, lang)?;
        out.write_all(b"\n")?;
        return out.flush();
    }

    if format == CheckFormat::Csv {
        let mut csv = FindingsCsv::named(&mut *out, "CSV", lang).map_err(export_io)?;
        for input in batch.waiting {
            if let Err(error) = &input.state {
                print_error(lang, &input.file, error.message(lang));
            }
            csv.add(&FileRows::checked(
                &batch.checked(input, Reads::Report)?,
                lang,
            ))
            .map_err(export_io)?;
        }
        csv.finish().map_err(export_io)?;
        return Ok(());
    }

    // One input as the format prints it; on a worker thread.
    let reads = Reads::for_format(format);
    let render = |input: &Waiting| -> io::Result<Vec<u8>> {
        let mut result = batch.checked(input, reads)?;
        if let (CheckFormat::Json, Ok(examined), Ok(parked)) =
            (format, &result.outcome, &input.state)
        {
            // The report's JSON goes from the spill into the line as bytes:
            // 50 KB a report, copied and checked once when it was made.
            let (head, tail) =
                xxgk_diagnostics::json::line_around_report(&result.file, &examined.findings, lang);
            let mut line = head.into_bytes();
            if batch.aside_into(parked, &mut line)? {
                line.extend_from_slice(tail.as_bytes());
                return Ok(line);
            }
        }
        let extra = match &input.state {
            Ok(parked) => batch.aside(parked)?,
            Err(_) => None,
        };
        Ok(match (format, &mut result.outcome, extra) {
            // An unreadable input: a read one always has its JSON set aside.
            (CheckFormat::Json, _, _) => xxgk_diagnostics::json::line(&result, lang),
            (CheckFormat::Github, _, _) => xxgk_diagnostics::github::render(&result, lang),
            (_, Err(_), _) => String::new(),
            (CheckFormat::Full, Ok(examined), text) => {
                examined.text = text;
                xxgk_diagnostics::full::render(&result.file, examined, lang, &palette)
            }
            (_, Ok(examined), _) => xxgk_diagnostics::concise::render(
                &result.file,
                &examined.findings,
                examined.report.source.format,
                lang,
                &palette,
            ),
        }
        .into_bytes())
    };
    // The output of a worker cannot borrow its input: an unreadable file's
    // message travels as its own string.
    let failure = |input: &Waiting| {
        let error = input.state.as_ref().err()?;
        Some((input.file.clone(), error.message(lang).to_string()))
    };
    for_each_ordered(
        batch.waiting,
        0,
        |input| (failure(input), render(input)),
        |(failure, text)| {
            if let Some((file, message)) = failure {
                out.flush()?;
                print_error(lang, &file, &message);
            }
            out.write_all(&text?)
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

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    /// Real reports of several layouts, with findings and sections to keep.
    fn fixtures() -> Vec<PathBuf> {
        let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/data");
        ["seeds", "layout", "html", "crawled"]
            .iter()
            .flat_map(|dir| std::fs::read_dir(data.join(dir)).unwrap())
            .map(|entry| entry.unwrap().path())
            .collect()
    }

    /// Parks every fixture in `spill` and reads each back as each format
    /// reads it: what comes back is what was checked.
    fn round_trip(spill: &Spill) {
        let selection = Selection::default();
        let mut compared = 0;
        for path in fixtures() {
            let bytes = std::fs::read(&path).unwrap();
            let file = path.to_string_lossy();
            let sha256 = xxgk_extract::sha256_hex(&bytes);
            let Ok(entry) = check_bytes(&bytes, &file, &sha256, &selection, Aside::Nothing) else {
                continue;
            };
            let (mut report, _) = extract_with_text_guarded(&bytes, &file, &sha256).unwrap();
            let findings = xxgk_check::check(&report, &selection);
            keep_for_series(&mut report, &findings);
            let parked = park(
                Entry {
                    extra: Some(pack(b"aside").unwrap()),
                    ..entry
                },
                None,
                spill,
            );
            // Set aside when there is a file, kept here when there is none.
            assert_eq!(matches!(parked.report, Place::Spilled(_)), spill.is_file());
            let batch = Batch {
                waiting: &[],
                spill,
                lang: Lang::Zh,
            };
            let whole = batch.examined(&parked, Reads::Report).unwrap();
            assert_eq!(whole.report, report, "{}", path.display());
            assert_eq!(whole.findings, findings, "{}", path.display());
            assert_eq!(batch.report(&parked).unwrap(), report);
            let skimmed = batch.examined(&parked, Reads::Source).unwrap();
            assert_eq!(skimmed.report.source, report.source);
            assert_eq!(skimmed.findings, findings);
            assert_eq!(batch.aside(&parked).unwrap().as_deref(), Some("aside"));
            assert_eq!((parked.agency, parked.year), (report.agency, report.year));
            compared += 1;
        }
        assert!(compared >= 10, "only {compared} fixtures read");
    }

    #[test]
    fn a_parked_report_reads_back_as_it_was_checked() {
        let spill = Spill::new();
        assert!(spill.is_file());
        round_trip(&spill);
    }

    #[test]
    fn without_a_temporary_file_reports_wait_in_memory() {
        round_trip(&Spill::in_memory());
    }
}
