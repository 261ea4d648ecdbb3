//! # text-order
//!
//! **说明**：PDF 的文本层把表格的一行排成了与页面上不同的样子：同一行的几个数值左右颠倒，页面上分开的两个数值连在了一起（如两列的「0」印成「00」），或某个数值被拆到了另一行。xxgk 用 pdftotext 列出的每段文字在页面上的位置核对文本层的每一行；顺序不符的行中的数值一律不读取，单元格留空（每份报告逐行列出前 20 行，其余合为一条）。顺序不符但没有表格数值的行（如表头的列名前后颠倒）不影响读数，不单独报告，但也不作为正文读取。
//!
//! **为什么**：按文本层的顺序读，两个数值会互换所在的列（页面上是「0　1627」，文本层却是「1627　0」），读出的就是错的数。xxgk 不重新排序：哪个数在哪一列只有页面说了算，请对照原文核实。
//!
//! **依据**：读取 PDF 时发现。
//!
//! ## English
//!
//! **Says**: the PDF's text layer prints a table row otherwise than the page shows it: values of one line swapped left and right, two values apart on the page run together (the 「0」 of two columns printed 「00」), or a value moved onto another line. xxgk checks every line of the text layer against where pdftotext places each piece of text on the page; no number is read from a line whose order disagrees, and its cells are null (the first 20 lines of a report one by one, the rest in one finding). A line out of order that holds no table value (column names of a header swapped, say) loses no number and is not reported, but it is not read as prose either.
//!
//! **Why**: read in the text layer's order, two values trade columns (the page shows 「0　1627」, the text layer 「1627　0」): a wrong number. xxgk does not reorder them: only the page says which value is in which column; check it against the original.
//!
//! **Basis**: found while reading the PDF.

use xxgk_model::{Finding, Group, Message, Rule, Severity, Span};
use xxgk_read::{Document, OutOfOrder};

/// The rule's definition.
pub const RULE: Rule = Rule {
    id: "text-order",
    severity: Severity::Warning,
    also: &[],
    group: Group::Extraction,
    title: (
        "PDF 文本层的文字顺序与页面不符，该行数值未读取",
        "the PDF's text layer prints a line out of its order on the page; its values are not read",
    ),
};

/// Lines reported one by one; the lines after them are summed up in one more
/// finding.
pub const MAX_LINES: usize = 20;

/// The cells whose values were printed on a line out of order: each cell's
/// path and where (folded offset) its place on the line starts. They are
/// null, and have no printed text in the report: the text in a cell's place
/// on such a line may be another cell's.
#[derive(Debug, Default)]
pub(crate) struct UnorderedCells {
    cells: Vec<(&'static str, usize)>,
}

impl UnorderedCells {
    /// Notes that the cell at `path` was printed at folded offset `at` of a
    /// line out of order.
    pub(crate) fn push(&mut self, path: &'static str, at: usize) {
        self.cells.push((path, at));
    }
}

/// A line out of order: where it is, what is wrong, and the cells printed on it.
struct Place {
    span: Span,
    wrong: OutOfOrder,
    cells: Vec<&'static str>,
}

/// One finding per line of `doc` printed out of order that holds table values
/// (up to [`MAX_LINES`], then one for the rest), naming the cells printed on
/// it, which are null.
pub(crate) fn findings(doc: &Document, unordered: &UnorderedCells) -> Vec<Finding> {
    let mut cells: Vec<(u32, usize, &'static str)> = unordered
        .cells
        .iter()
        .map(|&(path, at)| (doc.span(at, at).line, at, path))
        .collect();
    // Stable: the cells of one row keep their column order.
    cells.sort_by_key(|&(line, at, _)| (line, at));
    let places: Vec<Place> = doc
        .out_of_order()
        .iter()
        .filter_map(|&(number, wrong)| {
            let from = cells.partition_point(|c| c.0 < number);
            let to = cells.partition_point(|c| c.0 <= number);
            // A line that printed no table value lost nothing to report (a
            // header's column names swapped, say).
            if from == to {
                return None;
            }
            Some(Place {
                span: doc.line_span(number)?,
                wrong,
                cells: cells[from..to].iter().map(|c| c.2).collect(),
            })
        })
        .collect();
    let shown = places.len().min(MAX_LINES);
    let mut out: Vec<Finding> = places[..shown].iter().map(one).collect();
    if let Some(rest) = rest(&places[shown..]) {
        out.push(rest);
    }
    out
}

/// The finding about one line.
fn one(place: &Place) -> Finding {
    let line = place.span.line;
    let (zh, en) = match place.wrong {
        OutOfOrder::Swapped => (
            "文字的左右顺序与页面上的位置不符",
            "prints its text in another left-to-right order than the page shows",
        ),
        OutOfOrder::RunTogether => (
            "把页面上分开的两段文字（如相邻两列的数值）连在了一起",
            "runs together two pieces of text that are apart on the page (such as the values of two columns)",
        ),
        OutOfOrder::Split => (
            "把页面上同一行的文字拆到了几行",
            "prints text of one line of the page over several lines",
        ),
        OutOfOrder::Unmatched => (
            "与页面上的文字对不上",
            "does not match the text on the page",
        ),
    };
    let zh = format!("第 {line} 行：PDF 文本层中的这一行{zh}");
    let en = format!("line {line}: the PDF's text layer {en}");
    naming_cells(zh, en, &place.cells).with_span(Some(place.span))
}

/// The finding about the lines after the first [`MAX_LINES`], if any.
fn rest(places: &[Place]) -> Option<Finding> {
    let (first, last) = (places.first()?, places.last()?);
    let count = places.len();
    let (from, to) = (first.span.line, last.span.line);
    let zh = format!("另有 {count} 行（第 {from} 行至第 {to} 行）在 PDF 文本层中的排布与页面不符");
    let en = format!(
        "{count} more lines (lines {from} to {to}) of the PDF's text layer disagree with the page"
    );
    let cells: Vec<&'static str> = places.iter().flat_map(|p| p.cells.clone()).collect();
    Some(naming_cells(zh, en, &cells).with_span(Some(first.span)))
}

/// The finding with its message, saying how many values are not read, naming
/// their cells.
fn naming_cells(mut zh: String, mut en: String, cells: &[&'static str]) -> Finding {
    let count = cells.len();
    zh.push_str(&format!("；其中 {count} 个数值不读取，单元格留空"));
    en.push_str(&format!(
        "; its {count} value(s) are not read and their cells are null"
    ));
    RULE.finding(Message::new(zh, en))
        .with_cells(cells.iter().map(|path| path.to_string()).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Twenty lines are named one by one and the rest in one finding, which
    /// names their cells too; a line without cells is not reported.
    #[test]
    fn lines_past_the_twentieth_are_summed_up() {
        let text: String = (1..=26).map(|n| format!("row{n:02}   1   2\n")).collect();
        let marked: Vec<(u32, OutOfOrder)> = (1..=26).map(|n| (n, OutOfOrder::Swapped)).collect();
        let doc = Document::from_text(text.clone()).with_out_of_order(&marked);
        let mut unordered = UnorderedCells::default();
        let paths = [
            "requests.received.natural_person",
            "requests.received.commercial",
        ];
        // Line 26 printed no table value.
        for line in 0..25 {
            for (column, path) in paths.iter().enumerate() {
                unordered.push(path, line * 14 + 8 + 4 * column);
            }
        }
        let found = findings(&doc, &unordered);
        assert_eq!(found.len(), MAX_LINES + 1);
        assert_eq!(found[0].span.map(|s| s.line), Some(1));
        assert_eq!(found[0].cells, paths);
        assert!(found[0]
            .message
            .zh
            .starts_with("第 1 行：PDF 文本层中的这一行文字的左右顺序"));
        let rest = &found[MAX_LINES];
        assert_eq!(
            rest.message.zh,
            "另有 5 行（第 21 行至第 25 行）在 PDF 文本层中的排布与页面不符；其中 10 个数值不读取，单元格留空"
        );
        assert_eq!(rest.cells.len(), 10);
    }
}
