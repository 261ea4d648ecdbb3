//! The corpus subcommands: `ingest`, `reindex`, `stats`, `coverage`, `compare`.
//! The work happens in `xxgk-corpus` over an `xxgk-store` database; this module
//! opens the database, shows progress and prints results.

use crate::args::{By, CompareArgs, CoverageArgs, IngestArgs, ReindexArgs, StatsArgs, TableFormat};
use crate::printable::Printable;
use crate::progress::progress_bar;
use crate::target::{self, Output, Written};
use crate::{print_error, written, EXIT_FAILURE};
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use unicode_width::UnicodeWidthStr;
use xxgk_check::Selection;
use xxgk_corpus::agencies;
use xxgk_corpus::compare::{Comparison, Found};
use xxgk_corpus::cross::{self, CrossSummary};
use xxgk_corpus::ingest::{self, Options, Summary};
use xxgk_corpus::stats::{self, Dimension, Group, Rate, Total};
use xxgk_inputs as inputs;
use xxgk_model::{Lang, Number};
use xxgk_store::{Access, Store, StoreError};

pub fn ingest(args: &IngestArgs, lang: Lang) -> ExitCode {
    let mut store = match open(&args.db.db, Access::Write, lang) {
        Ok(store) => store,
        Err(code) => return code,
    };
    if let Some(list) = &args.agencies {
        let name = list.display().to_string();
        let parsed = inputs::read(list)
            .map_err(|e| {
                xxgk_model::Message::new(
                    format!("{name}：{}", e.message.zh),
                    format!("{name}: {}", e.message.en),
                )
            })
            .and_then(|bytes| agencies::parse(&bytes, &name));
        match parsed {
            Ok(list) => {
                if let Err(err) = store.set_agencies(&list) {
                    return store_failed(&args.db.db, &err, lang);
                }
            }
            Err(message) => {
                print_error(lang, &"--agencies", message.get(lang));
                return ExitCode::from(EXIT_FAILURE);
            }
        }
    }
    let inputs = not_the_database(inputs::expand(&args.paths), Path::new(&args.db.db));
    // What walking the folders freed (each folder's entries, sorted).
    crate::memory::release_freed();
    let options = Options {
        threads: args.threads,
        selection: Selection::default(),
    };
    let bar = progress_bar(inputs.len() as u64, lang);
    let result = ingest::ingest(store.as_mut(), &inputs, &options, |done, _| {
        bar.set_position(done as u64);
        if done % crate::memory::RELEASE_EVERY == 0 {
            crate::memory::release_freed();
        }
    });
    bar.finish_and_clear();
    // A national corpus lists 100,000s of paths: not needed by the pass.
    drop(inputs);
    finish(store.as_mut(), &args.db.db, result, lang)
}

/// The inputs without the database's own files (`xxgk ingest . --db ./xxgk.db`
/// walks over the database, its journal and its WAL): they are this program's
/// working files, not reports a user asked to read.
fn not_the_database(inputs: Vec<inputs::Input>, db: &Path) -> Vec<inputs::Input> {
    let Some(name) = db.file_name() else {
        return inputs;
    };
    let folder = match db.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    };
    let Ok(folder) = folder.canonicalize() else {
        return inputs;
    };
    let own: Vec<PathBuf> = ["", "-wal", "-shm", "-journal"]
        .iter()
        .map(|suffix| {
            let mut file = name.to_os_string();
            file.push(suffix);
            folder.join(file)
        })
        .collect();
    // Only a file of one of those names can be one of them: the others are
    // not resolved (resolving reads every link of the path, a tenth of a
    // re-run that finds nothing new).
    let names: Vec<&std::ffi::OsStr> = own.iter().filter_map(|p| p.file_name()).collect();
    inputs
        .into_iter()
        .filter(|input| match input {
            inputs::Input::File(path) => {
                !path.file_name().is_some_and(|n| names.contains(&n))
                    || path.canonicalize().map_or(true, |p| !own.contains(&p))
            }
            inputs::Input::Failed(..) => true,
        })
        .collect()
}

pub fn reindex(args: &ReindexArgs, lang: Lang) -> ExitCode {
    let mut store = match open_existing(&args.db.db, Access::Write, lang) {
        Ok(store) => store,
        Err(code) => return code,
    };
    let options = Options {
        threads: args.threads,
        selection: Selection::default(),
    };
    let bar = progress_bar(0, lang);
    let result = ingest::reindex(store.as_mut(), args.all, &options, |done, total| {
        bar.set_length(total as u64);
        bar.set_position(done as u64);
    });
    bar.finish_and_clear();
    finish(store.as_mut(), &args.db.db, result, lang)
}

/// After an ingest or reindex: the corpus pass, when the stored reports or the
/// agency list changed since the last completed pass (the database records
/// it, so a pass a crash interrupted is done by the next run), then the
/// summary.
fn finish(
    store: &mut dyn Store,
    db: &str,
    result: Result<Summary, StoreError>,
    lang: Lang,
) -> ExitCode {
    let summary = match result {
        Ok(summary) => summary,
        Err(err) => return store_failed(db, &err, lang),
    };
    xxgk_store::fault::point("ingest-done");
    let due = match store.corpus_pass_due() {
        Ok(due) => due,
        Err(err) => return store_failed(db, &err, lang),
    };
    let cross = if due {
        // Extraction is over: what it freed goes back before the pass
        // allocates its own.
        crate::memory::release_freed();
        match cross::run(store, &Selection::default()) {
            Ok(cross) => Some(cross),
            Err(err) => return store_failed(db, &err, lang),
        }
    } else {
        None
    };
    let totals = match store.totals() {
        Ok(totals) => totals,
        Err(err) => return store_failed(db, &err, lang),
    };
    let mut out = Printable::new(BufWriter::new(io::stdout().lock()), true);
    let printed = print_summary(&mut out, db, &summary, cross.as_ref(), totals, lang)
        .and_then(|()| out.flush());
    if let Err(code) = written(printed, lang) {
        return code;
    }
    if summary.failures.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(EXIT_FAILURE)
    }
}

fn print_summary(
    out: &mut impl Write,
    db: &str,
    s: &Summary,
    cross: Option<&CrossSummary>,
    totals: xxgk_store::Totals,
    lang: Lang,
) -> io::Result<()> {
    let failed = s.failures.len();
    match lang {
        Lang::Zh => writeln!(
            out,
            "处理 {} 个输入：新增报告 {} 份，重新提取 {} 份，未变 {} 份，失败 {} 个",
            s.inputs, s.added, s.reextracted, s.unchanged, failed
        )?,
        Lang::En => writeln!(
            out,
            "{} inputs: {} reports added, {} re-extracted, {} unchanged, {} failed",
            s.inputs, s.added, s.reextracted, s.unchanged, failed
        )?,
    }
    if failed > 0 {
        writeln!(
            out,
            "{}",
            if lang == Lang::Zh {
                "失败："
            } else {
                "failures:"
            }
        )?;
        for (file, message) in &s.failures {
            writeln!(out, "  {file}: {}", message.get(lang))?;
        }
    }
    let xxgk_store::Totals {
        reports,
        failures,
        errors,
        warnings,
        infos,
    } = totals;
    match (lang, cross) {
        (Lang::Zh, None) => writeln!(out, "跨报告检查：报告与名录均无变化，结果不变")?,
        (Lang::En, None) => writeln!(
            out,
            "cross-report: no report and not the agency list changed; results unchanged"
        )?,
        (Lang::Zh, Some(cross)) => {
            let c = &cross.findings;
            let scope = match cross.rechecked {
                None => format!("机关 {} 个", cross.bodies),
                Some(n) => format!(
                    "只重查报告有变化的机关及其上级 {n} 个（共 {} 个，其余结果不变）",
                    cross.bodies
                ),
            };
            writeln!(
                out,
                "跨报告检查：{scope}，相邻年度 {} 对，上下级汇总 {} 份；发现 错误 {}、警告 {}、提示 {}",
                cross.pairs, cross.parents, c.errors, c.warnings, c.infos
            )?;
            if cross.copies > 0 {
                writeln!(
                    out,
                    "{}重复的报告 {} 份：与同一机关同一年度的另一份报告表格完全相同（如 PDF 与其文字版），标为副本，统计时只计一次（xxgk compare 列出）",
                    if cross.rechecked.is_some() { "重查的机关中" } else { "" },
                    cross.copies
                )?;
            }
        }
        (Lang::En, Some(cross)) => {
            let c = &cross.findings;
            let scope = match cross.rechecked {
                None => format!("{} bodies", cross.bodies),
                Some(n) => format!(
                    "rechecked the {n} bodies whose reports changed, and their parents (of {}; the rest stand)",
                    cross.bodies
                ),
            };
            writeln!(
                out,
                "cross-report: {scope}, {} consecutive-year pairs, {} parent reports; {} errors, {} warnings, {} infos",
                cross.pairs, cross.parents, c.errors, c.warnings, c.infos
            )?;
            if cross.copies > 0 {
                writeln!(
                    out,
                    "{} duplicate reports{}: the same tables as another report of the same body and year (a PDF and its text layer, say); marked as copies and counted once (xxgk compare lists them)",
                    cross.copies,
                    if cross.rechecked.is_some() { " among them" } else { "" },
                )?;
            }
        }
    }
    match lang {
        Lang::Zh => {
            writeln!(
                out,
                "数据库 {db}：报告 {reports} 份，无法读取的文件 {failures} 个；全部发现 错误 {errors}、警告 {warnings}、提示 {infos}"
            )
        }
        Lang::En => {
            writeln!(
                out,
                "database {db}: {reports} reports, {failures} unreadable files; all findings: {errors} errors, {warnings} warnings, {infos} infos"
            )
        }
    }
}

pub(crate) fn open(db: &str, access: Access, lang: Lang) -> Result<Box<dyn Store>, ExitCode> {
    xxgk_store::open(db, access).map_err(|err| store_failed(db, &err, lang))
}

/// Opens a corpus that must exist already: a database that does not exist is
/// an error (a typo in `--db` must not create an empty corpus and report on
/// it). Reading commands pass [`Access::Read`]: they never write, and work on
/// read-only media.
pub(crate) fn open_existing(
    db: &str,
    access: Access,
    lang: Lang,
) -> Result<Box<dyn Store>, ExitCode> {
    let is_file = !db.contains("://");
    if is_file && !std::path::Path::new(db).exists() {
        let message = match lang {
            Lang::Zh => "数据库文件不存在；请先用 xxgk ingest 建立语料库，或用 --db 指定已有的数据库",
            Lang::En => "no such database; create the corpus with xxgk ingest first, or name an existing one with --db",
        };
        print_error(lang, &db, message);
        return Err(ExitCode::from(EXIT_FAILURE));
    }
    open(db, access, lang)
}

pub(crate) fn store_failed(db: &str, err: &StoreError, lang: Lang) -> ExitCode {
    print_error(lang, &db, err.message(lang));
    ExitCode::from(EXIT_FAILURE)
}

pub fn stats(args: &StatsArgs, lang: Lang) -> ExitCode {
    let format = match table_format(args.format, args.output.as_deref(), args.force, lang) {
        Ok(format) => format,
        Err(code) => return code,
    };
    let store = match open_existing(&args.db.db, Access::Read, lang) {
        Ok(store) => store,
        Err(code) => return code,
    };
    let by: Vec<Dimension> = args.by.iter().map(|b| dimension(*b)).collect();
    let statistics = match stats::statistics(store.as_ref(), &by, lang) {
        Ok(statistics) => statistics,
        Err(err) => return store_failed(&args.db.db, &err, lang),
    };
    let mut output = match Output::open(args.output.as_deref(), args.force, lang) {
        Ok(output) => output,
        Err(code) => return code,
    };
    if format == TableFormat::Json {
        // Written as it is serialised: the groups of a national corpus by
        // region are tens of megabytes of JSON.
        let mut out = Printable::new(&mut output, false);
        let printed = serde_json::to_writer_pretty(&mut out, &statistics)
            .map_err(io::Error::from)
            .and_then(|()| writeln!(out))
            .and_then(|()| out.flush());
        drop(out);
        return match output.finish(printed, lang) {
            Err(code) => code,
            Ok(()) => ExitCode::SUCCESS,
        };
    }
    let (groups, copies) = (&statistics.groups, statistics.copies_left_out);
    let mut out = Printable::new(&mut output, format == TableFormat::Table);
    let (headers, rows) = stats_table(&by, groups, lang, format == TableFormat::Table);
    let printed = grid(&mut out, format, &headers, &rows, by.len()).and_then(|()| {
        if format != TableFormat::Table || copies == 0 {
            return Ok(());
        }
        match lang {
            Lang::Zh => writeln!(out, "另有 {copies} 份重复的报告未计入（与同一机关同一年度的报告表格相同；xxgk compare 列出）"),
            Lang::En => writeln!(out, "{copies} duplicate reports left out (the same tables as a report of the same body and year; xxgk compare lists them)"),
        }
    });
    let printed = printed.and_then(|()| out.flush());
    drop(out);
    match output.finish(printed, lang) {
        Err(code) => code,
        Ok(()) => ExitCode::SUCCESS,
    }
}

/// The format of a corpus table (`stats`, `coverage`, `compare`): as asked,
/// else from the extension of `-o`, else a table; and, before any work, an
/// existing `-o` file is refused unless `--force`.
fn table_format(
    asked: Option<TableFormat>,
    output: Option<&Path>,
    force: bool,
    lang: Lang,
) -> Result<TableFormat, ExitCode> {
    let format = target::format_for_option(
        asked,
        output,
        TABLE_WRITTEN,
        TableFormat::Table,
        "--format",
        lang,
    )?;
    if let Some(path) = output {
        target::refuse_existing(path, force, lang)?;
    }
    Ok(format)
}

/// What `-o` of `stats`, `coverage` and `compare` writes, by extension.
const TABLE_WRITTEN: &[Written<TableFormat>] = &[
    Written {
        format: TableFormat::Table,
        extensions: &["txt"],
        name: "table",
    },
    Written {
        format: TableFormat::Json,
        extensions: &["json"],
        name: "JSON",
    },
    Written {
        format: TableFormat::Csv,
        extensions: &["csv"],
        name: "CSV",
    },
];

fn dimension(by: By) -> Dimension {
    match by {
        By::Year => Dimension::Year,
        By::Format => Dimension::Format,
        By::Region => Dimension::Region,
        By::Level => Dimension::Level,
        By::Template => Dimension::Template,
    }
}

/// The stats as rows; for a person (`detailed`), each rate with the sums it
/// divides, so that its 口径 can be checked at a glance (`9.1%（1/11）`).
fn stats_table(
    by: &[Dimension],
    groups: &[Group],
    lang: Lang,
    detailed: bool,
) -> (Vec<String>, Vec<Vec<String>>) {
    let zh = lang == Lang::Zh;
    let mut headers: Vec<String> = by.iter().map(|d| d.name(lang).to_string()).collect();
    let named = |zh_name: &str, en_name: &str| {
        if zh {
            zh_name.to_string()
        } else {
            en_name.to_string()
        }
    };
    headers.extend([
        named("报告", "reports"),
        named("机关", "bodies"),
        named("新收申请", "received"),
        named("办结", "concluded"),
    ]);
    let categories = stats::outcome_categories();
    for (key, label, _) in &categories {
        headers.push(if zh { label.clone() } else { key.to_string() });
    }
    headers.extend([
        named("实质公开率", "disclosure rate"),
        named("行政复议", "reviews"),
        named("复议纠错率", "review correction"),
        named("行政诉讼", "lawsuits"),
        named("诉讼纠错率", "lawsuit correction"),
    ]);
    // 收取费用 as the library names it.
    let fees = stats::figures()
        .into_iter()
        .find(|f| f.key == "fees")
        .map(|f| f.name(lang).to_string())
        .unwrap_or_default();
    headers.extend([fees, named("有错误的机关", "bodies with errors")]);
    let unknown = named("（未知）", "(unknown)");
    let rows = groups
        .iter()
        .map(|g| {
            let mut row: Vec<String> = g
                .key
                .iter()
                .map(|k| {
                    if k.is_empty() {
                        unknown.clone()
                    } else {
                        k.clone()
                    }
                })
                .collect();
            row.extend([
                g.reports.to_string(),
                g.bodies.to_string(),
                total(&g.received),
                total(&g.concluded),
            ]);
            for (key, _, _) in &categories {
                row.push(g.outcomes.get(key).map_or_else(String::new, total));
            }
            row.extend([
                rate(&g.disclosure_rate, detailed, lang),
                total(&g.review.total),
                rate(&g.review.correction_rate, detailed, lang),
                total(&g.litigation.total),
                rate(&g.litigation.correction_rate, detailed, lang),
                total(&g.fees),
                g.bodies_with_errors.to_string(),
            ]);
            row
        })
        .collect();
    (headers, rows)
}

/// A sum, empty when no report printed the cell.
fn total(t: &Total) -> String {
    if t.reports == 0 {
        String::new()
    } else {
        t.sum.to_string()
    }
}

/// A rate: empty when nothing was below the line; with its parts when
/// `detailed`.
fn rate(r: &Rate, detailed: bool, lang: Lang) -> String {
    let Some(value) = r.value else {
        return String::new();
    };
    let percent = format!("{:.1}%", value * 100.0);
    match (detailed, lang) {
        (false, _) => percent,
        (true, Lang::Zh) => format!("{percent}（{}/{}）", r.numerator.sum, r.denominator.sum),
        (true, Lang::En) => format!("{percent} ({}/{})", r.numerator.sum, r.denominator.sum),
    }
}

pub fn coverage(args: &CoverageArgs, lang: Lang) -> ExitCode {
    let format = match table_format(args.format, args.output.as_deref(), args.force, lang) {
        Ok(format) => format,
        Err(code) => return code,
    };
    let store = match open_existing(&args.db.db, Access::Read, lang) {
        Ok(store) => store,
        Err(code) => return code,
    };
    let coverage = match xxgk_corpus::coverage::coverage(store.as_ref(), args.year) {
        Ok(Some(coverage)) => coverage,
        Ok(None) => {
            let message = match lang {
                Lang::Zh => "数据库中没有机关名录；请先用 xxgk ingest --agencies 名录.csv 导入",
                Lang::En => "the database has no agency list; import one with `xxgk ingest --agencies list.csv`",
            };
            print_error(lang, &args.db.db, message);
            return ExitCode::from(EXIT_FAILURE);
        }
        Err(err) => return store_failed(&args.db.db, &err, lang),
    };
    let mut output = match Output::open(args.output.as_deref(), args.force, lang) {
        Ok(output) => output,
        Err(code) => return code,
    };
    let mut out = Printable::new(&mut output, format == TableFormat::Table);
    let printed = match format {
        TableFormat::Json => writeln!(
            out,
            "{}",
            serde_json::to_string_pretty(&coverage).unwrap_or_default()
        ),
        format => {
            let zh = lang == Lang::Zh;
            let headers: Vec<String> = if zh {
                ["机关", "地区", "层级", "上级"].map(String::from).to_vec()
            } else {
                ["agency", "region", "level", "parent"]
                    .map(String::from)
                    .to_vec()
            };
            let rows: Vec<Vec<String>> = coverage
                .missing
                .iter()
                .map(|a| {
                    vec![
                        a.name.clone(),
                        a.region.clone().unwrap_or_default(),
                        a.level.clone().unwrap_or_default(),
                        a.parent.clone().unwrap_or_default(),
                    ]
                })
                .collect();
            grid(&mut out, format, &headers, &rows, headers.len()).and_then(|()| {
                if format == TableFormat::Csv {
                    return Ok(());
                }
                match lang {
                    Lang::Zh => writeln!(
                        out,
                        "{} 年度：名录中 {} 个机关，{} 个有报告，{} 个没有；另有 {} 份报告的机关不在名录中",
                        coverage.year, coverage.listed, coverage.covered, coverage.missing.len(), coverage.unlisted_reports
                    ),
                    Lang::En => writeln!(
                        out,
                        "{}: {} listed bodies, {} with a report, {} without; {} reports of bodies not in the list",
                        coverage.year, coverage.listed, coverage.covered, coverage.missing.len(), coverage.unlisted_reports
                    ),
                }
            })
        }
    };
    let printed = printed.and_then(|()| out.flush());
    drop(out);
    match output.finish(printed, lang) {
        Err(code) => code,
        Ok(()) => ExitCode::SUCCESS,
    }
}

pub fn compare(args: &CompareArgs, lang: Lang) -> ExitCode {
    let format = match table_format(args.format, args.output.as_deref(), args.force, lang) {
        Ok(format) => format,
        Err(code) => return code,
    };
    let store = match open_existing(&args.db.db, Access::Read, lang) {
        Ok(store) => store,
        Err(code) => return code,
    };
    let comparison = match xxgk_corpus::compare::compare(store.as_ref(), &args.agency) {
        Ok(Found::One(comparison)) => comparison,
        Ok(Found::Ambiguous(names)) => {
            let message = match lang {
                Lang::Zh => format!("有多个机关与之对应，请写全称：{}", names.join("、")),
                Lang::En => format!(
                    "several bodies match; give the full name: {}",
                    names.join(", ")
                ),
            };
            print_error(lang, &args.agency, &message);
            return ExitCode::from(EXIT_FAILURE);
        }
        Ok(Found::NotFound(near)) => {
            let message = match (lang, near.is_empty()) {
                (Lang::Zh, true) => "数据库中没有该机关的报告".to_string(),
                (Lang::Zh, false) => {
                    format!("数据库中没有该机关的报告；相近的有：{}", near.join("、"))
                }
                (Lang::En, true) => "no report of this body in the database".to_string(),
                (Lang::En, false) => format!(
                    "no report of this body in the database; similar: {}",
                    near.join(", ")
                ),
            };
            print_error(lang, &args.agency, &message);
            return ExitCode::from(EXIT_FAILURE);
        }
        Err(err) => return store_failed(&args.db.db, &err, lang),
    };
    let mut output = match Output::open(args.output.as_deref(), args.force, lang) {
        Ok(output) => output,
        Err(code) => return code,
    };
    let mut out = Printable::new(&mut output, format == TableFormat::Table);
    let printed = match format {
        TableFormat::Json => writeln!(
            out,
            "{}",
            serde_json::to_string_pretty(&comparison).unwrap_or_default()
        ),
        format => print_comparison(&mut out, &comparison, format, args.all, lang),
    };
    let printed = printed.and_then(|()| out.flush());
    drop(out);
    match output.finish(printed, lang) {
        Err(code) => code,
        Ok(()) => ExitCode::SUCCESS,
    }
}

fn print_comparison(
    out: &mut impl Write,
    c: &Comparison,
    format: TableFormat,
    all: bool,
    lang: Lang,
) -> io::Result<()> {
    let zh = lang == Lang::Zh;
    if format == TableFormat::Table {
        writeln!(out, "{}", c.body)?;
        for y in &c.years {
            writeln!(
                out,
                "  {}: {} ({}{}{})",
                y.year,
                y.file,
                y.agency.as_deref().unwrap_or("?"),
                if zh { "；错误 " } else { "; errors " },
                y.errors
            )?;
            for copy in &y.copies {
                match lang {
                    Lang::Zh => writeln!(out, "        副本（表格相同，未重复计入）：{copy}")?,
                    Lang::En => {
                        writeln!(out, "        copy (same tables, not counted again): {copy}")?
                    }
                }
            }
            for other in &y.others {
                match lang {
                    Lang::Zh => writeln!(out, "        同年另一份报告（表格不同，未比较）：{other}")?,
                    Lang::En => {
                        writeln!(out, "        another report of the year (different tables, not compared): {other}")?
                    }
                }
            }
        }
        writeln!(out)?;
    }
    let mut headers = vec![if zh { "项目" } else { "cell" }.to_string()];
    headers.extend(c.years.iter().map(|y| y.year.to_string()));
    let rows: Vec<Vec<String>> = c
        .rows
        .iter()
        .filter(|r| all || r.values.iter().any(Option::is_some))
        .map(|r| {
            let mut row = vec![r.label.clone()];
            row.extend(
                r.values
                    .iter()
                    .zip(&r.changes)
                    .map(|(v, change)| cell_with_change(*v, *change)),
            );
            row
        })
        .collect();
    grid(out, format, &headers, &rows, 1)?;
    if format == TableFormat::Table && !c.repeats.is_empty() {
        writeln!(out)?;
        writeln!(
            out,
            "{}",
            if zh {
                "与上一年相同的文字比例："
            } else {
                "text repeated from the year before:"
            }
        )?;
        for r in &c.repeats {
            let section = if r.section == 1 { "一" } else { "五" };
            writeln!(
                out,
                "  {} {}{section}: {:.0}%",
                r.year,
                if zh { "第" } else { "section " },
                r.ratio * 100.0
            )?;
        }
    }
    Ok(())
}

/// `12 (+3)`: the value and its change from the year before.
fn cell_with_change(value: Option<Number>, change: Option<Number>) -> String {
    match (value, change) {
        (None, _) => String::new(),
        (Some(v), Some(c)) if !c.is_negative() && c != Number::new(0, 0) => format!("{v} (+{c})"),
        (Some(v), Some(c)) if c.is_negative() => format!("{v} ({c})"),
        (Some(v), _) => v.to_string(),
    }
}

/// Prints rows as aligned columns or as CSV with a BOM. The first `left`
/// columns are text (left-aligned; in CSV neutralised against formula
/// injection by [`xxgk_export::csv_field`]), the rest are numbers computed by
/// xxgk (right-aligned; written as they are).
fn grid(
    out: &mut impl Write,
    format: TableFormat,
    headers: &[String],
    rows: &[Vec<String>],
    left: usize,
) -> io::Result<()> {
    if format == TableFormat::Csv {
        out.write_all("\u{feff}".as_bytes())?;
        let mut csv = csv_writer(out);
        csv.write_record(headers)?;
        for row in rows {
            csv.write_record(row.iter().enumerate().map(|(i, cell)| {
                if i < left {
                    xxgk_export::csv_field(cell).into_owned()
                } else {
                    cell.clone()
                }
            }))?;
        }
        return csv.flush();
    }
    let mut widths: Vec<usize> = headers.iter().map(|h| h.width()).collect();
    for row in rows {
        for (i, cell) in row.iter().enumerate() {
            widths[i] = widths[i].max(cell.width());
        }
    }
    let line = |out: &mut dyn Write, cells: &[String]| -> io::Result<()> {
        let mut text = String::new();
        for (i, cell) in cells.iter().enumerate() {
            let pad = " ".repeat(widths[i] - cell.width());
            if i > 0 {
                text.push_str("  ");
            }
            if i < left {
                text.push_str(cell);
                if i + 1 < cells.len() {
                    text.push_str(&pad);
                }
            } else {
                text.push_str(&pad);
                text.push_str(cell);
            }
        }
        writeln!(out, "{}", text.trim_end())
    };
    line(out, headers)?;
    for row in rows {
        line(out, row)?;
    }
    Ok(())
}

fn csv_writer<W: Write>(out: W) -> csv::Writer<W> {
    csv::WriterBuilder::new().from_writer(out)
}
