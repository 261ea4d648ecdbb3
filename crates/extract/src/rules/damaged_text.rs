//! # damaged-text
//!
//! **说明**：文件中有损坏的字节：无法按文件的编码解码（无效的 UTF-8 或 GB18030 字节、文件末尾被截断的字符），或是文本中不应出现的控制字符（如 NUL）。xxgk 照常读取其余内容，把每处损坏替换为「�」，并指出位置和字节数（每份报告逐处列出前 20 处，其余合为一条）。紧挨损坏处的数字一律不读（「1�23」不是 1 也不是 23），所在单元格留空。损坏的字节超过文件的 1%（或控制字符超过 1%）时，文件仍按无法解码（`encoding`）或二进制文件（`binary`）报错。
//!
//! **为什么**：一个坏字节不应让整份报告无法读取；但损坏处的数字可能少了或错了一位，读出来就可能是错的数。
//!
//! **依据**：读取文件时发现。
//!
//! ## English
//!
//! **Says**: some bytes of the file are damaged: they do not decode in the file's encoding (invalid UTF-8 or GB18030 bytes, a character cut off at the end of the file) or are control characters text never holds (NUL). xxgk reads the rest as usual, replaces each damaged place with 「�」 and names it with its byte count (the first 20 places of a report one by one, the rest in one finding). No number touching the damage is read (「1�23」 is neither 1 nor 23); its cell is null. A file with more than 1 % of its bytes damaged (or 1 % control characters) is still refused as undecodable (`encoding`) or binary (`binary`).
//!
//! **Why**: one bad byte should not lose a report; but a number next to the damage may have lost or changed a digit, and reading it could give a wrong number.
//!
//! **Basis**: found while reading the file.

use xxgk_model::{Finding, Group, Message, Report, Rule, Severity, Span};
use xxgk_read::Document;

/// The rule's definition.
pub const RULE: Rule = Rule {
    id: "damaged-text",
    severity: Severity::Warning,
    also: &[],
    group: Group::Extraction,
    title: (
        "文件中有损坏的字节，已替换为 �",
        "damaged bytes in the file, replaced by �",
    ),
};

/// Damaged places reported one by one; the places after them are summed up in
/// one more finding, so a file with many stray bytes is not a page of warnings.
pub const MAX_PLACES: usize = 20;

/// A damaged place: where it is, how many bytes, and the cells read from it
/// (path, value as printed), which are null.
struct Place<'r> {
    span: Span,
    bytes: usize,
    cells: Vec<(&'r str, &'r str)>,
}

/// One finding per damaged place of the document (up to [`MAX_PLACES`], then
/// one for the rest), naming the cells read from it, which are null.
pub(crate) fn findings(doc: &Document, report: &Report) -> Vec<Finding> {
    let places: Vec<Place> = doc
        .damaged
        .iter()
        .map(|damage| {
            let (start, end) = (damage.range.start, damage.range.end);
            let cells = report
                .cells
                .iter()
                .filter(|(path, printed)| {
                    printed.span.start < end
                        && start < printed.span.end
                        && report.value(path).is_none()
                })
                .map(|(path, printed)| (path.as_ref(), printed.raw.as_str()))
                .collect();
            Place {
                span: doc.original_span(start, end),
                bytes: damage.bytes,
                cells,
            }
        })
        .collect();
    let shown = places.len().min(MAX_PLACES);
    let mut out: Vec<Finding> = places[..shown].iter().map(one).collect();
    if let Some(rest) = rest(&places[shown..]) {
        out.push(rest);
    }
    out
}

/// The finding about one damaged place.
fn one(place: &Place) -> Finding {
    let (bytes, line, column) = (place.bytes, place.span.line, place.span.column);
    let zh = format!(
        "第 {line} 行第 {column} 列有 {bytes} 个字节损坏（无法解码，或是文本中不应有的控制字符），已替换为「�」"
    );
    let en = format!(
        "{bytes} damaged byte(s) at line {line}, column {column} (not decodable, or control characters text never holds), replaced by 「�」"
    );
    with_cells(zh, en, &place.cells).with_span(Some(place.span))
}

/// The finding about the places after the first [`MAX_PLACES`], if any.
fn rest(places: &[Place]) -> Option<Finding> {
    let (first, last) = (places.first()?, places.last()?);
    let count = places.len();
    let bytes: usize = places.iter().map(|p| p.bytes).sum();
    let (from, to) = (first.span.line, last.span.line);
    let zh =
        format!("另有 {count} 处共 {bytes} 个字节损坏（第 {from} 行至第 {to} 行），已替换为「�」");
    let en = format!(
        "{count} more damaged places, {bytes} bytes in all (lines {from} to {to}), replaced by 「�」"
    );
    let cells: Vec<(&str, &str)> = places.iter().flat_map(|p| p.cells.clone()).collect();
    Some(with_cells(zh, en, &cells).with_span(Some(first.span)))
}

/// The finding with its message, naming the cells the damage empties.
fn with_cells(mut zh: String, mut en: String, cells: &[(&str, &str)]) -> Finding {
    if !cells.is_empty() {
        let values = cells
            .iter()
            .map(|(_, raw)| raw.trim())
            .collect::<Vec<_>>()
            .join("」「");
        zh.push_str(&format!("；数值「{values}」不读取，单元格留空"));
        en.push_str(&format!(
            "; the value 「{values}」 is not read and its cell is null"
        ));
    }
    RULE.finding(Message::new(zh, en))
        .with_cells(cells.iter().map(|(path, _)| path.to_string()).collect())
}
