//! # label-drift
//!
//! **检查**：表格的行名、列名与官方格式的措辞一致（忽略空格、全角半角、繁简和编号写法）。
//! 已知的改动如「其他法律法规禁止公开」（官方：其他法律行政法规禁止公开）、「社会组织」
//! （官方：社会公益组织）、2021 年格式中的「规范性文件」（官方：行政规范性文件）会被指出。
//!
//! **原因**：改动的措辞常常意味着套用了旧模板或自行改写了统计口径；值仍按所在位置提取。
//!
//! **示例**：青铜峡市邵岗镇 2020 年度报告表三的列名「社会组织」—— 提示。
//!
//! **依据**：国办公开办函〔2019〕60号、〔2021〕30号的标签原文。
//!
//! ## English
//!
//! **Checks**: row and column labels use the official wording (ignoring spaces, full/half width,
//! traditional characters and how items are numbered). Known changes such as 其他法律法规禁止公开
//! (official: 其他法律行政法规禁止公开), 社会组织 (official: 社会公益组织) and, in the 2021 format,
//! 规范性文件 (official: 行政规范性文件) are pointed out.
//!
//! **Why**: changed wording often means an old template or a home-made definition; the values are still
//! extracted by position.
//!
//! **Example**: the 社会组织 column header in 青铜峡市邵岗镇's 2020 report — info.
//!
//! **Basis**: the label texts of the 2019 and 2021 formats.

use crate::context::Ctx;
use crate::registry::{Check, Run};
use xxgk_model::labels::{self, RowDef, APPLICANT_COLUMNS};
use xxgk_model::{
    Active, Active2019Row, Active2021Row, AppealGroup, Group, Message, RequestRow, RowKind, Rule,
    Severity, TableId,
};

/// The rule's definition.
pub const RULE: Rule = Rule {
    id: "label-drift",
    severity: Severity::Info,
    also: &[],
    group: Group::Format,
    title: (
        "行名或列名与官方措辞不一致",
        "a label differs from the official wording",
    ),
};

/// How it runs: on one report.
pub(crate) const CHECK: Check = Check::new(&RULE, Run::Report(run));

fn run(ctx: &mut Ctx) {
    match &ctx.report.active {
        Some(Active::V2019(_)) => rows::<Active2019Row>(ctx),
        Some(Active::V2021(_)) => rows::<Active2021Row>(ctx),
        None => {}
    }
    rows::<RequestRow>(ctx);
    rows::<AppealGroup>(ctx);
    for column in APPLICANT_COLUMNS {
        let key = xxgk_model::column_path(TableId::Requests, column);
        let Some(printed) = ctx.report.column_labels.get(&key) else {
            continue;
        };
        let folded = core(printed.folded.as_deref().unwrap_or(&printed.raw));
        if folded != official_core(column.label) && folded != "其他" {
            let span = Some(printed.span);
            report(ctx, &printed.raw, column.label, span);
        }
    }
}

fn rows<R: RowKind>(ctx: &mut Ctx) {
    for &row in R::ALL {
        let Some(printed) = ctx.report.row_labels.get(row.row_path()) else {
            continue;
        };
        let folded = printed.folded.as_deref().unwrap_or(&printed.raw);
        let def: &RowDef = row.def();
        if !drifted(folded, def.label) {
            continue;
        }
        let span = Some(printed.span);
        report(ctx, &printed.raw, def.label, span);
    }
}

/// A printed label drifted when its own item (after group labels printed with it)
/// differs from the official core, or is a known variant.
fn drifted(printed: &str, official: &'static str) -> bool {
    let printed = core(printed);
    let official = official_core(official);
    if printed.ends_with(official) {
        return false;
    }
    if known_variants()
        .iter()
        .any(|(variant, of)| printed.ends_with(variant.as_str()) && of == official)
    {
        return true;
    }
    // Labels lose characters in print (label-fuzzy covers those); only a label
    // that keeps all official characters and adds words is reworded here.
    !official.ends_with(&printed) && is_subsequence(official, &printed)
}

fn report(ctx: &mut Ctx, printed: &str, official: &str, span: Option<xxgk_model::Span>) {
    let printed: String = printed.split_whitespace().collect();
    ctx.emit_at(
        Message::new(
            format!("标签「{printed}」与官方措辞「{official}」不一致"),
            format!("label 「{printed}」 differs from the official 「{official}」"),
        ),
        span,
        &[],
    );
}

/// The known variants and the official wording they stand for, as cores.
fn known_variants() -> &'static [(String, String)] {
    static CORES: std::sync::OnceLock<Vec<(String, String)>> = std::sync::OnceLock::new();
    CORES.get_or_init(|| {
        labels::KNOWN_VARIANTS
            .iter()
            .map(|v| (core(v.printed), core(v.official)))
            .collect()
    })
}

/// The core of an official label (a row's or an applicant column's), made once
/// per label: every report compares each of its printed labels with one.
fn official_core(label: &'static str) -> &'static str {
    static CORES: std::sync::OnceLock<std::collections::HashMap<&'static str, String>> =
        std::sync::OnceLock::new();
    let cores = CORES.get_or_init(|| {
        let schemas = [
            Active2019Row::SCHEMA,
            Active2021Row::SCHEMA,
            RequestRow::SCHEMA,
            AppealGroup::SCHEMA,
        ];
        let rows = schemas
            .into_iter()
            .flat_map(|s| s.rows().iter().map(|d| d.label));
        let columns = APPLICANT_COLUMNS.iter().map(|c| c.label);
        rows.chain(columns).map(|l| (l, core(l))).collect()
    });
    cores
        .get(label)
        .map(String::as_str)
        .expect("an official label of one of the four row kinds or an applicant column")
}

/// The label without spaces, punctuation, quotes and item numbering.
fn core(label: &str) -> String {
    // Room for all of it at once: collecting a filter grew the string as it went.
    let mut core = String::with_capacity(label.len());
    core.extend(label.chars().filter(|&c| !left_out_of_core(c)));
    core
}

/// Whether `c` is one of what [`core`] leaves out.
fn left_out_of_core(c: char) -> bool {
    c.is_whitespace()
        || c.is_ascii_punctuation()
        || c.is_ascii_digit()
        || matches!(
            c,
            '（' | '）'
                | '、'
                | '，'
                | '：'
                | '“'
                | '”'
                | '「'
                | '」'
                | '·'
                | '一'
                | '二'
                | '三'
                | '四'
                | '五'
                | '六'
                | '七'
                | '八'
                | '九'
                | '十'
        )
}

fn is_subsequence(needle: &str, hay: &str) -> bool {
    let mut chars = hay.chars();
    needle.chars().all(|n| chars.any(|h| h == n))
}
