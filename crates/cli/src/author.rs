//! `xxgk new` and `xxgk render`: write a blank data file for a report year, and
//! render a report in the official format from a data file (computing every
//! total and checking the result first) or from any document xxgk reads.

use crate::args::{NewArgs, NewFormat, RenderArgs, RenderFormat};
use crate::target::{self, Written};
use crate::{print_error, EXIT_FAILURE};
use std::io::{self, Write};
use std::path::Path;
use std::process::ExitCode;
use xxgk_author::{Author, Computed, Place};
use xxgk_check::{in_group, Selection};
use xxgk_diagnostics::problem;
use xxgk_model::{Finding, Group, Lang, Report, Severity};
use xxgk_render::{Document, Format, ProseLines};

/// Exit status when the data has errors and nothing was rendered.
const EXIT_ERRORS: u8 = 1;

/// What `xxgk new` writes, by extension.
const NEW: &[Written<NewFormat>] = &[
    Written {
        format: NewFormat::Toml,
        extensions: &["toml"],
        name: "TOML",
    },
    Written {
        format: NewFormat::Json,
        extensions: &["json"],
        name: "JSON",
    },
    Written {
        format: NewFormat::Xlsx,
        extensions: &["xlsx"],
        name: "XLSX",
    },
];

/// What `xxgk render` writes, by extension.
const RENDERED: &[Written<Format>] = &[
    Written {
        format: Format::Markdown,
        extensions: &["md", "markdown"],
        name: "Markdown",
    },
    Written {
        format: Format::Html,
        extensions: &["html", "htm"],
        name: "HTML",
    },
    Written {
        format: Format::Docx,
        extensions: &["docx"],
        name: "DOCX",
    },
];

pub fn new(args: &NewArgs, lang: Lang) -> ExitCode {
    if let Err(message) = xxgk_author::check_year(args.year) {
        print_error(lang, &"--year", message.get(lang));
        return ExitCode::from(EXIT_FAILURE);
    }
    let to = match target::format_for(args.to, args.output.as_deref(), NEW, NewFormat::Toml, lang) {
        Ok(to) => to,
        Err(code) => return code,
    };
    // With --register, table 3 is counted from the register, not left blank.
    let counted = if args.register {
        let mut author = Author::new(args.year);
        if let Err(code) = crate::register::fill_from_register(&mut author, &args.db.db, lang) {
            return code;
        }
        Some(author)
    } else {
        None
    };
    let bytes = match to {
        NewFormat::Toml => match &counted {
            Some(author) => xxgk_author::to_toml(author, lang).into_bytes(),
            None => xxgk_author::blank_toml(args.year, lang).into_bytes(),
        },
        NewFormat::Json => match &counted {
            Some(author) => xxgk_author::to_json(author).into_bytes(),
            None => xxgk_author::blank_json(args.year).into_bytes(),
        },
        NewFormat::Xlsx => {
            if args.output.is_none() {
                let message = zh_en(
                    lang,
                    "XLSX 是二进制文件，请用 -o 指定输出文件",
                    "XLSX is a binary format: name the output file with -o",
                );
                print_error(lang, &"--to xlsx", &message);
                return ExitCode::from(EXIT_FAILURE);
            }
            let written = match &counted {
                Some(author) => xxgk_author::to_xlsx(author, lang),
                None => xxgk_author::blank_xlsx(args.year, lang),
            };
            match written {
                Ok(bytes) => bytes,
                Err(error) => {
                    print_error(lang, &"xlsx", &error.to_string());
                    return ExitCode::from(EXIT_FAILURE);
                }
            }
        }
    };
    match output(args.output.as_deref(), &bytes, args.force, lang) {
        Ok(()) => ExitCode::SUCCESS,
        Err(code) => code,
    }
}

pub fn render(args: &RenderArgs, lang: Lang) -> ExitCode {
    let asked = args.to.map(|to| match to {
        RenderFormat::Md => Format::Markdown,
        RenderFormat::Html => Format::Html,
        RenderFormat::Docx => Format::Docx,
    });
    let format = match target::format_for(
        asked,
        args.output.as_deref(),
        RENDERED,
        Format::Markdown,
        lang,
    ) {
        Ok(format) => format,
        Err(code) => return code,
    };
    if format.is_binary() && args.output.is_none() {
        let message = zh_en(
            lang,
            "DOCX 是二进制文件，请用 -o 指定输出文件",
            "DOCX is a binary format: name the output file with -o",
        );
        print_error(lang, &"--to docx", &message);
        return ExitCode::from(EXIT_FAILURE);
    }
    // Before any work: an existing file is not replaced without --force.
    if let Some(path) = &args.output {
        if let Err(code) = target::refuse_existing(path, args.force, lang) {
            return code;
        }
    }
    let file = args.input.to_string_lossy().into_owned();
    let bytes = match xxgk_inputs::read(&args.input) {
        Ok(bytes) => bytes,
        Err(error) => {
            print_error(lang, &file, error.message(lang));
            return ExitCode::from(EXIT_FAILURE);
        }
    };
    let rendered = if xxgk_author::InputFormat::from_name(&file).is_some() {
        from_author_file(&bytes, &file, format, args.allow_errors, lang)
    } else {
        from_document(&bytes, &file, format, lang)
    };
    match rendered {
        Ok(bytes) => match output(args.output.as_deref(), &bytes, args.force, lang) {
            Ok(()) => {
                if let Some(path) = &args.output {
                    let message = zh_en(lang, "已生成", "written");
                    eprintln!("xxgk: {message}: {}", path.display());
                }
                ExitCode::SUCCESS
            }
            Err(code) => code,
        },
        Err(code) => code,
    }
}

/// A data file: read, compute, render Markdown, extract it back and run every
/// single-report rule; errors stop here unless allowed (`--allow-errors`).
fn from_author_file(
    bytes: &[u8],
    file: &str,
    format: Format,
    allow_errors: bool,
    lang: Lang,
) -> Result<Vec<u8>, ExitCode> {
    let author = xxgk_author::read(bytes, file).map_err(|problems| {
        eprintln!("{}", problems.render(lang));
        ExitCode::from(EXIT_FAILURE)
    })?;
    let computed = xxgk_author::compute(&author);
    let doc = document(&computed.report, &author);
    let (markdown, prose) = xxgk_render::markdown_with_map(&doc);
    let findings = crate::guarded(
        || {
            let mut extracted = xxgk_extract::extract_text(&markdown, "rendered.md");
            // The prose, sections and spans are read from the rendering; the
            // tables and metadata are the computed ones, so that a table the
            // reader cannot find in xxgk's own rendering (say, one printed all
            // blank) is never reported as the author's mistake.
            let report = &computed.report;
            extracted.agency.clone_from(&report.agency);
            extracted.year = report.year;
            extracted.published.clone_from(&report.published);
            extracted.template = report.template;
            extracted.active.clone_from(&report.active);
            extracted.requests.clone_from(&report.requests);
            extracted.appeals.clone_from(&report.appeals);
            extracted.findings.clear();
            let findings = xxgk_check::check(&extracted, &Selection::default());
            Ok((extracted, findings))
        },
        "检查生成的报告",
        "checking the rendered report",
    );
    let (extracted, findings) = match findings {
        Ok(found) => found,
        Err(error) => {
            print_error(lang, &file, error.message(lang));
            return Err(ExitCode::from(EXIT_FAILURE));
        }
    };
    let tally = report_problems(
        &computed, &author, &extracted, &findings, &prose, bytes, lang,
    );
    if tally.errors > 0 && !allow_errors {
        let message = match lang {
            Lang::Zh => format!(
                "有 {} 个错误，未生成报告；请修正后重试，或加 --allow-errors 按所填内容生成",
                tally.errors
            ),
            Lang::En => format!(
                "{} error(s): nothing rendered; fix them, or add --allow-errors to render what was entered",
                tally.errors
            ),
        };
        print_error(lang, &file, &message);
        return Err(ExitCode::from(EXIT_ERRORS));
    }
    Ok(match format {
        Format::Markdown => markdown.into_bytes(),
        _ => xxgk_render::render(&doc, format),
    })
}

fn document<'a>(report: &'a Report, author: &'a Author) -> Document<'a> {
    Document {
        report,
        preamble: &author.preamble,
        sections: std::array::from_fn(|i| author.sections[i].as_str()),
    }
}

#[derive(Default)]
struct Tally {
    errors: usize,
    warnings: usize,
    infos: usize,
}

/// Prints what computing and checking found, each at its key (and line or
/// sheet cell) in the data file, then a summary line; all on stderr.
fn report_problems(
    computed: &Computed,
    author: &Author,
    extracted: &Report,
    findings: &[Finding],
    prose: &[ProseLines],
    bytes: &[u8],
    lang: Lang,
) -> Tally {
    let file = &author.file;
    let mut tally = Tally::default();
    let mut count = |severity: Severity| match severity {
        Severity::Error => tally.errors += 1,
        Severity::Warning => tally.warnings += 1,
        Severity::Info => tally.infos += 1,
    };
    for problem in &computed.problems {
        count(problem.severity);
        eprintln!("{}", problem.render(file, lang));
    }
    for finding in findings {
        // Extraction notes on xxgk's own rendering say nothing about the data,
        // and the arithmetic rules only repeat what computing found.
        if in_group(&finding.rule, Group::Extraction)
            || (computed.has_errors() && in_group(&finding.rule, Group::Arithmetic))
        {
            continue;
        }
        count(finding.severity);
        let (key, place) = locate(finding, author, extracted, prose, bytes);
        let place = place.map(|p| p.to_string());
        let head = problem::Head {
            severity: finding.severity,
            rule: Some(&finding.rule),
        };
        let key = key.as_deref();
        let line = problem::line(
            file,
            place.as_deref(),
            head,
            key,
            &finding.message,
            &finding.notes,
            lang,
        );
        eprintln!("{line}");
    }
    if tally.errors + tally.warnings + tally.infos > 0 {
        let summary = match lang {
            Lang::Zh => format!(
                "{file}：错误 {} 个，警告 {} 个，提示 {} 个",
                tally.errors, tally.warnings, tally.infos
            ),
            Lang::En => format!(
                "{file}: {} error(s), {} warning(s), {} info(s)",
                tally.errors, tally.warnings, tally.infos
            ),
        };
        eprintln!("{summary}");
    }
    tally
}

/// The key of the data file a finding on the rendered Markdown is about, and
/// where that key is: a table cell by its path, a sentence of the prose by its
/// section (and line in a TOML file), the date or agency by their keys.
fn locate(
    finding: &Finding,
    author: &Author,
    extracted: &Report,
    prose: &[ProseLines],
    bytes: &[u8],
) -> (Option<String>, Option<Place>) {
    let by_cell = || {
        let path = finding.cells.first()?;
        Some((Some(path.clone()), author.place(path)))
    };
    let Some(span) = finding.span else {
        return by_cell().unwrap_or((None, None));
    };
    for (key, meta) in &extracted.metadata_spans {
        if meta.line == span.line {
            return (Some(key.clone()), author.place(key));
        }
    }
    let Some(part) = prose
        .iter()
        .find(|p| (p.first_line..p.first_line + p.lines).contains(&span.line))
    else {
        return by_cell().unwrap_or((None, None));
    };
    let key = match part.part {
        0 => format!("sections.{}", xxgk_author::PREAMBLE_KEY),
        n => format!("sections.{}", xxgk_author::SECTION_KEYS[n - 1]),
    };
    let place = match author.place(&key) {
        Some(Place::Line(line)) => {
            // The text of a multi-line string starts on the line after the key.
            let text = String::from_utf8_lossy(bytes);
            let key_line = text.lines().nth(line as usize - 1).unwrap_or("");
            let multi_line = key_line.contains("'''") || key_line.contains("\"\"\"");
            let offset = span.line - part.first_line + part.source_offset;
            Some(Place::Line(line + u32::from(multi_line) + offset))
        }
        other => other,
    };
    (Some(key), place)
}

/// A published document: extract it, say what could not be read, and render
/// what was read (blank where unknown).
fn from_document(
    bytes: &[u8],
    file: &str,
    format: Format,
    lang: Lang,
) -> Result<Vec<u8>, ExitCode> {
    let report = crate::extract::extract_guarded(bytes, file).map_err(|error| {
        print_error(lang, &file, error.message(lang));
        ExitCode::from(EXIT_FAILURE)
    })?;
    for warning in unread(&report) {
        crate::print_warning(lang, &file, warning.get(lang));
    }
    for finding in &report.findings {
        let place = finding
            .span
            .map(|s| {
                format!(
                    ":{}",
                    xxgk_diagnostics::position(&s, report.source.format, lang)
                )
            })
            .unwrap_or_default();
        eprintln!(
            "{file}{place}: {}[{}]: {}",
            finding.severity.word(lang),
            finding.rule,
            finding.message.get(lang)
        );
    }
    let texts = xxgk_render::prose::of_sections(&report);
    let doc = Document::with_prose(&report, &texts);
    Ok(xxgk_render::render(&doc, format))
}

/// What a published document did not let xxgk read, one message each.
fn unread(report: &Report) -> Vec<xxgk_model::Message> {
    use xxgk_model::Message;
    let mut out = Vec::new();
    let missing = |zh: &str, en: &str| Message::new(zh, en);
    if report.agency.is_none() {
        out.push(missing(
            "未读出发布机关，标题中不印",
            "the issuing body could not be read: the title leaves it out",
        ));
    }
    if report.year.is_none() {
        out.push(missing("未读出报告年度，标题中不印，按现行格式输出", "the report year could not be read: the title leaves it out and the current format is used"));
    }
    if report.published.is_none() {
        out.push(missing(
            "未读出成文日期，末尾不印日期",
            "the date could not be read: none is printed at the end",
        ));
    }
    let tables = [
        ("表二", "table 2", report.active.is_none()),
        ("表三", "table 3", report.requests.is_none()),
        ("表四", "table 4", report.appeals.is_none()),
    ];
    for (zh, en, absent) in tables {
        if absent {
            out.push(Message::new(
                format!("未找到{zh}，输出空白表格"),
                format!("{en} was not found: a blank table is printed"),
            ));
        }
    }
    let blank: Vec<&str> = report
        .cell_values()
        .into_iter()
        .filter(|(_, v)| v.is_none())
        .map(|(path, _)| path)
        .collect();
    if !blank.is_empty() {
        const SHOWN: usize = 12;
        let mut list = blank
            .iter()
            .take(SHOWN)
            .copied()
            .collect::<Vec<_>>()
            .join(", ");
        if blank.len() > SHOWN {
            list.push_str(", …");
        }
        out.push(Message::new(
            format!("{} 个单元格为空或无法读取，输出为空白：{list}", blank.len()),
            format!(
                "{} cells are blank or could not be read and print blank: {list}",
                blank.len()
            ),
        ));
    }
    for section in xxgk_model::labels::SECTIONS {
        if !report.sections.iter().any(|s| s.number == section.number) {
            out.push(Message::new(
                format!("未找到「{}」，该部分正文为空", section.title),
                format!(
                    "section `{}` was not found: it prints without text",
                    section.title
                ),
            ));
        }
    }
    out
}

/// Writes to the file (complete or not at all, never over an existing file
/// without `force`), or to standard output (control characters made visible:
/// a data file's text must not drive the terminal).
fn output(path: Option<&Path>, bytes: &[u8], force: bool, lang: Lang) -> Result<(), ExitCode> {
    if let Some(path) = path {
        return target::write_file(path, bytes, force, lang);
    }
    let mut stdout = crate::printable::Printable::new(io::stdout().lock(), true);
    match stdout.write_all(bytes).and_then(|_| stdout.flush()) {
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Ok(()),
        Err(error) => {
            let message = match lang {
                Lang::Zh => format!("无法写出：{error}"),
                Lang::En => format!("cannot write: {error}"),
            };
            print_error(lang, &zh_en(lang, "标准输出", "stdout"), &message);
            Err(ExitCode::from(EXIT_FAILURE))
        }
        Ok(()) => Ok(()),
    }
}

fn zh_en(lang: Lang, zh: &str, en: &str) -> String {
    match lang {
        Lang::Zh => zh.to_string(),
        Lang::En => en.to_string(),
    }
}
