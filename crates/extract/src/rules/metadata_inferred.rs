//! # metadata-inferred
//!
//! **说明**：报告的年度或表格格式没有写在通常的位置，xxgk 从别处取得，并说明依据：
//!
//! * 年度：标题中没有年度时，依次取自统计期限（「统计期限为2020年1月1日至2020年12月31日」）、
//!   正文开头的「2020年度」，最后按落款日期推定（1—6 月的落款是上一年度的报告）。
//! * 格式：表二未能读出时，依次按表三的（六）其他处理（2019 年格式一行，2021 年格式三行）、
//!   只有一种格式才有的表头用语（如「本年制发件数」「本年新制作数量」），最后按年度
//!   （2020 年及以前的报告用 2019 年格式，之后用 2021 年格式）。
//!
//! **为什么**：年度和格式决定了检查哪些规则、跨年比较哪两份报告；依据不同，可信程度也不同，
//! 审阅者应当知道。
//!
//! **依据**：提取时发现。
//!
//! ## English
//!
//! **Says**: the report's year or format is not stated where it usually is; xxgk took it from other evidence and
//! names it. Year: the statistical period, then 「2020年度」 in the opening, then the date at the end (a report dated
//! January to June is on the year before). Format: table 3's （六） rows, then header words only one format prints,
//! then the year (2020 and earlier: the 2019 format; later: the 2021 format).
//!
//! **Why**: the year and the format decide which rules apply and which reports are compared across years; a
//! reviewer should know how sure they are.
//!
//! **Basis**: found during extraction.

use xxgk_model::{Finding, Group, Message, Rule, Severity, Span, Template};

/// The rule's definition.
pub const RULE: Rule = Rule {
    id: "metadata-inferred",
    severity: Severity::Info,
    also: &[],
    group: Group::Extraction,
    title: (
        "年度或格式不在通常位置，取自其他依据",
        "the year or the format was taken from other evidence",
    ),
};

/// Where a year not in the title came from.
pub(crate) enum YearSource {
    /// The statistical period (统计期限).
    Period,
    /// 「2020年度」 in the opening.
    Opening,
    /// The date at the end, printed as given.
    Signature(String),
}

/// Where a format not told by table 2 came from.
pub(crate) enum FormatSource {
    /// Table 3's （六） rows.
    Requests,
    /// Header words only one format prints.
    Words,
    /// The report's year.
    Year,
}

/// The finding about the year `year`, taken from `source` (printed at `span`).
pub(crate) fn year(year: i32, source: YearSource, span: Span) -> Finding {
    let message = match source {
        YearSource::Period => Message::new(
            format!("标题中没有年度，年度 {year} 取自统计期限"),
            format!("the title states no year; the year {year} is taken from the statistical period"),
        ),
        YearSource::Opening => Message::new(
            format!("标题中没有年度，年度 {year} 取自正文开头的「{year}年度」"),
            format!("the title states no year; the year {year} is taken from 「{year}年度」 in the opening"),
        ),
        YearSource::Signature(date) => Message::new(
            format!("标题和正文都没有写明年度，按落款日期 {date} 推定为 {year} 年度"),
            format!("neither the title nor the text states the year; {year} is inferred from the date {date} at the end"),
        ),
    };
    RULE.finding(message)
        .with_span(Some(span))
        .with_cells(vec!["year".into()])
}

/// The finding about the format `template`, taken from `source`.
pub(crate) fn format(template: Template, source: FormatSource) -> Finding {
    let (zh, en) = match source {
        FormatSource::Requests => ("表三的（六）其他处理", "table 3's （六） rows"),
        FormatSource::Words => (
            "表头中只有该格式才有的用语",
            "header words only that format prints",
        ),
        FormatSource::Year => ("报告年度", "the report's year"),
    };
    let year = template.as_str();
    RULE.finding(Message::new(
        format!("未能从表二判断表格格式，按{zh}判断为 {year} 年格式"),
        format!("the format could not be told from table 2; {en} make it the {year} format"),
    ))
    .with_cells(vec!["template".into()])
}
