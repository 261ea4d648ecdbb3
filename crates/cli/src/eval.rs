//! `xxgk eval [PATH…]`: score the extractor against hand-checked expected
//! values (`xxgk-eval` does the work) and print one line per document, every
//! wrong cell and the total, or one JSON document.

use crate::args::{EvalArgs, EvalFormat};
use crate::{print_error, EXIT_FAILURE};
use serde_json::json;
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use unicode_width::UnicodeWidthStr;
use xxgk_eval::{DocScore, EvalError, Expectation, Total, Verdict};
use xxgk_model::{Lang, Number, Report};
use xxgk_read::ReadError;

/// The JSON schema of `--format json`.
const EVAL_SCHEMA: &str = "xxgk/eval@1";

pub fn run(args: &EvalArgs, lang: Lang) -> ExitCode {
    let mut scores: Vec<(PathBuf, DocScore)> = Vec::new();
    let mut errors: Vec<EvalError> = Vec::new();
    for expected in xxgk_eval::expected_files(&args.paths) {
        for outcome in xxgk_eval::evaluate(&expected, extract) {
            match outcome {
                Ok(score) => scores.push((expected.clone(), score)),
                Err(err) => {
                    print_error(lang, &err.path.display(), err.message(lang));
                    errors.push(err);
                }
            }
        }
    }
    let total = Total::of(scores.iter().map(|(_, s)| s));
    let text = match args.format {
        EvalFormat::Table => table(&scores, &total, lang),
        EvalFormat::Json => json_document(&scores, &total, &errors, lang),
    };
    let mut out = crate::printable::Printable::new(
        BufWriter::new(io::stdout().lock()),
        args.format == EvalFormat::Table,
    );
    if let Err(code) = crate::written(
        out.write_all(text.as_bytes()).and_then(|()| out.flush()),
        lang,
    ) {
        return code;
    }
    if !errors.is_empty() {
        ExitCode::from(EXIT_FAILURE)
    } else if scores.iter().any(|(_, s)| s.fails()) {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

/// Reads a document with the size guard and extracts it with the panic guard.
fn extract(path: &Path, file: &str) -> Result<Report, ReadError> {
    let bytes = xxgk_inputs::read(path)?;
    crate::extract::extract_guarded(&bytes, file)
}

fn table(scores: &[(PathBuf, DocScore)], total: &Total, lang: Lang) -> String {
    let zh = lang == Lang::Zh;
    let header: [&str; 10] = if zh {
        [
            "文档",
            "正确",
            "漏读",
            "错误",
            "空白正确",
            "无法核实",
            "存疑留空",
            "年度",
            "格式",
            "机关",
        ]
    } else {
        [
            "document",
            "right",
            "missed",
            "wrong",
            "blank ok",
            "unverif.",
            "undecided",
            "year",
            "format",
            "agency",
        ]
    };
    let mark = |ok: bool| if ok { "✓" } else { "✗" }.to_string();
    let rows: Vec<[String; 10]> = scores
        .iter()
        .map(|(_, s)| {
            let c = s.counts;
            [
                s.file.clone(),
                c.right.to_string(),
                c.missed.to_string(),
                c.wrong.to_string(),
                c.blank_right.to_string(),
                c.unverifiable.to_string(),
                c.undecided.to_string(),
                mark(s.year.right()),
                mark(s.template.right()),
                mark(s.agency.right()),
            ]
        })
        .collect();
    let mut widths = header.map(|h| h.width());
    for row in &rows {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.width());
        }
    }
    let line = |cells: &[String]| {
        let mut out = String::new();
        for (i, (cell, w)) in cells.iter().zip(widths).enumerate() {
            let pad = " ".repeat(w - cell.width());
            if i == 0 {
                out.push_str(&format!("{cell}{pad}"));
            } else {
                out.push_str(&format!("  {pad}{cell}"));
            }
        }
        out.trim_end().to_string() + "\n"
    };
    let mut out = line(&header.map(String::from));
    for row in &rows {
        out.push_str(&line(row));
    }
    out.push('\n');
    for (_, s) in scores {
        out.push_str(&problems(s, lang));
    }
    out.push_str(&total_line(total, lang));
    out
}

/// One line per wrong cell and per wrong year, format or agency of a document.
fn problems(s: &DocScore, lang: Lang) -> String {
    let zh = lang == Lang::Zh;
    let mut out = String::new();
    for w in &s.wrong {
        out.push_str(&if zh {
            format!(
                "错误：{}：{} 应为 {}，读出 {}\n",
                s.file,
                w.path,
                expectation(&w.expected, lang),
                w.got
            )
        } else {
            format!(
                "wrong: {}: {} should be {}, read {}\n",
                s.file,
                w.path,
                expectation(&w.expected, lang),
                w.got
            )
        });
    }
    let show = |v: Option<String>| v.unwrap_or_else(|| if zh { "无" } else { "none" }.into());
    let fields = [
        (
            s.year.verdict,
            if zh { "年度" } else { "year" },
            s.year.expected.map(|y| y.to_string()),
            s.year.got.map(|y| y.to_string()),
        ),
        (
            s.template.verdict,
            if zh { "格式" } else { "format" },
            s.template.expected.map(|t| t.as_str().to_string()),
            s.template.got.map(|t| t.as_str().to_string()),
        ),
    ];
    for (verdict, name, expected, got) in fields {
        let (expected, got) = (show(expected), show(got));
        match (verdict, zh) {
            (Verdict::Right, _) => {}
            (Verdict::Missed, true) => out.push_str(&format!(
                "漏读：{}：{name}应为 {expected}，未读出\n",
                s.file
            )),
            (Verdict::Missed, false) => out.push_str(&format!(
                "missed: {}: {name} should be {expected}, not read\n",
                s.file
            )),
            (Verdict::Wrong, true) => out.push_str(&format!(
                "错误：{}：{name}应为 {expected}，读出 {got}\n",
                s.file
            )),
            (Verdict::Wrong, false) => out.push_str(&format!(
                "wrong: {}: {name} should be {expected}, read {got}\n",
                s.file
            )),
        }
    }
    if !s.agency.right() {
        let (expected, got) = (show(s.agency.expected.clone()), show(s.agency.got.clone()));
        out.push_str(&if zh {
            format!("提示：{}：机关应为 {expected}，读出 {got}\n", s.file)
        } else {
            format!(
                "note: {}: agency should be {expected}, read {got}\n",
                s.file
            )
        });
    }
    out
}

fn expectation(e: &Expectation, lang: Lang) -> String {
    let zh = lang == Lang::Zh;
    let blank = if zh { "空白" } else { "blank" };
    match e {
        Expectation::Value(n) => n.to_string(),
        Expectation::Blank => blank.to_string(),
        Expectation::NotPrinted => if zh {
            "（文档未印此格）"
        } else {
            "(not printed)"
        }
        .to_string(),
        Expectation::Readings(readings) => {
            let shown: Vec<String> = readings
                .iter()
                .map(|r| r.map_or(blank.to_string(), |n: Number| n.to_string()))
                .collect();
            if zh {
                format!("无法判定的 {} 之一", shown.join("、"))
            } else {
                format!("one of the undecidable {}", shown.join(", "))
            }
        }
    }
}

/// `正确 N / 漏读 M / 错误 W / …；年度 a/b，格式 c/d，机关 e/f`.
fn total_line(t: &Total, lang: Lang) -> String {
    let c = t.counts;
    let n = t.documents;
    match lang {
        Lang::Zh => format!(
            "合计 {n} 份文档：正确 {} / 漏读 {} / 错误 {} / 空白正确 {} / 无法核实 {} / 存疑留空 {}；年度 {}/{n}，格式 {}/{n}，机关 {}/{n}\n",
            c.right, c.missed, c.wrong, c.blank_right, c.unverifiable, c.undecided,
            t.year_right, t.template_right, t.agency_right
        ),
        Lang::En => format!(
            "Total of {n} documents: right {} / missed {} / wrong {} / blanks right {} / unverifiable {} / undecided {}; year {}/{n}, format {}/{n}, agency {}/{n}\n",
            c.right, c.missed, c.wrong, c.blank_right, c.unverifiable, c.undecided,
            t.year_right, t.template_right, t.agency_right
        ),
    }
}

fn json_document(
    scores: &[(PathBuf, DocScore)],
    total: &Total,
    errors: &[EvalError],
    lang: Lang,
) -> String {
    let documents: Vec<serde_json::Value> = scores
        .iter()
        .map(|(expected, s)| {
            let mut value = serde_json::to_value(s).expect("a score always serialises");
            value["expected"] = expected.to_string_lossy().into();
            value["fails"] = s.fails().into();
            value
        })
        .collect();
    let errors: Vec<serde_json::Value> = errors
        .iter()
        .map(|e| json!({"file": e.path.to_string_lossy(), "message": e.message(lang)}))
        .collect();
    let doc = json!({
        "schema": EVAL_SCHEMA,
        "documents": documents,
        "total": total,
        "errors": errors,
    });
    serde_json::to_string_pretty(&doc).expect("JSON always serialises") + "\n"
}
