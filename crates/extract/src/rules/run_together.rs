//! # run-together
//!
//! **说明**：一行的数值连写在一起（「予以公开7000007」）。xxgk 列出所有拆分方式（数字不以 0 开头），保留与表内勾稽关系（行总计、（七）总计、平衡关系）一致的拆分。只剩一种时给出数值并以提示级说明；多种都一致时只保留它们一致的单元格，其余留空并警告。
//!
//! **示例**：「一、本年新收…230 000023」唯一一致的拆分是 23、0、0、0、0、0、23。
//!
//! **依据**：提取时发现；绝不猜测。
//!
//! ## English
//!
//! **Says**: a row's values are printed run together (「予以公开7000007」). xxgk lists every split (no number with a leading zero) and keeps those consistent with the table's identities (row total, （七） total, balance). One left: the values, noted at info level. Several: only the cells they agree on, the rest null, with a warning.
//!
//! **Example**: 「一、本年新收…230 000023」 has one consistent split: 23, 0, 0, 0, 0, 0, 23.
//!
//! **Basis**: found during extraction; nothing is guessed.

use super::RowRead;
use xxgk_model::{Finding, Group, Message, Rule, Severity, Span};
use xxgk_model::{Lang, TableId};

/// The rule's definition.
pub const RULE: Rule = Rule {
    id: "run-together",
    severity: Severity::Warning,
    also: &[Severity::Info],
    group: Group::Extraction,
    title: (
        "数值连写在一起，需按勾稽关系拆分",
        "values printed without separators",
    ),
};

/// How a row's run-together digits split.
pub(crate) enum Split {
    /// One way, consistent with the table: into `values`, digit by digit or by
    /// the table's arithmetic.
    Certain { by_arithmetic: bool, values: String },
    /// One way left, and it does not agree with the table's arithmetic.
    Unresolved,
    /// No way agrees with the table's arithmetic.
    None,
    /// `count` ways agree; the first few are `readings`.
    Several { count: usize, readings: String },
}

/// The finding about one row whose digits split as `split`; `omitted` when its
/// blank cells are not printed either. One certain split is noted at info
/// level, anything else is a warning.
pub(crate) fn row(row: &RowRead, omitted: bool, split: Split) -> Finding {
    let (label_zh, label_en, digits) = (row.label_zh, row.label_en, row.digits);
    let (how_zh, how_en) = if omitted {
        (
            "数字连写在一起且未印空白单元格",
            "values run together and its blank cells not printed",
        )
    } else {
        ("数字连写在一起", "values run together")
    };
    let (kept_zh, kept_en) = row.kept();
    match split {
        Split::Certain { by_arithmetic, values } => {
            let (by_zh, by_en) = if by_arithmetic {
                ("按表内勾稽关系", "by the table's arithmetic")
            } else {
                ("按位", "digit by digit")
            };
            RULE.finding_at(
                Severity::Info,
                Message::new(
                    format!("「{label_zh}」一行的{how_zh}（{digits}），{by_zh}拆分为 {values}"),
                    format!("row 「{label_en}」 has its {how_en} ({digits}); split {by_en} into {values}"),
                ),
            )
        }
        Split::Unresolved => RULE.finding(Message::new(
            format!("「{label_zh}」一行的{how_zh}（{digits}），没有一种拆分符合表内勾稽关系；{kept_zh}"),
            format!("row 「{label_en}」 has its {how_en} ({digits}) and no split agrees with the table's arithmetic; {kept_en}"),
        )),
        Split::None => RULE.finding(Message::new(
            format!("「{label_zh}」一行的{how_zh}（{digits}），没有一种拆分符合表内勾稽关系，该行数值留空"),
            format!("row 「{label_en}」 has its {how_en} ({digits}) and no split agrees with the table's arithmetic; its cells are left empty"),
        )),
        Split::Several { count, readings } => RULE.finding(Message::new(
            format!("「{label_zh}」一行的{how_zh}（{digits}），有 {count} 种拆分都说得通（{readings}），无法确定；{kept_zh}"),
            format!("row 「{label_en}」 has its {how_en} ({digits}) and {count} splits remain possible ({readings}); {kept_en}"),
        )),
    }
}

/// The finding about a row whose digits split in too many ways to try.
pub(crate) fn too_many(row: &RowRead) -> Finding {
    RULE.finding(Message::new(
        format!("「{}」一行的数字连写在一起（{}），拆分方式过多，该行数值留空", row.label_zh, row.digits),
        format!("row 「{}」 has its values run together ({}) in too many possible ways; its cells are left empty", row.label_en, row.digits),
    ))
}

/// What a flattened table's rows that split one way only have in common.
#[derive(Default)]
pub(crate) struct Flat {
    /// How many rows.
    pub rows: usize,
    /// How many of them needed the table's arithmetic to split.
    pub by_arithmetic: usize,
    /// Whether the table leaves its blank cells out.
    pub omitted: bool,
}

/// The one note, at info level, about the rows of `table` (flattened text)
/// that split one way only.
pub(crate) fn flat(table: TableId, flat: &Flat, span: Option<Span>, cells: Vec<String>) -> Finding {
    let Flat {
        rows: n,
        by_arithmetic: a,
        omitted,
    } = flat;
    let (omitted_zh, omitted_en) = if *omitted {
        (
            "，且空白单元格没有印出",
            ", and its blank cells are not printed",
        )
    } else {
        ("", "")
    };
    RULE.finding_at(
        Severity::Info,
        Message::new(
            format!("{}的数值连写在一起，单元格之间没有分隔（网页抓取的文本常见）{omitted_zh}；{n} 行的拆分是唯一的，其中 {a} 行按表内勾稽关系确定", table.long_name(Lang::Zh)),
            format!("{}: its values are run together with no separator between cells (common in crawled page text){omitted_en}; {n} rows split one way only, {a} of them by the table's arithmetic", table.long_name(Lang::En)),
        ),
    )
    .with_span(span)
    .with_cells(cells)
}
