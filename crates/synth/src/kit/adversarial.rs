//! Adversarial inputs: documents built to find what costs more than linear
//! time or memory in extraction and checking, for the `adversarial` benchmark
//! (`cargo bench -p xxgk-check --bench adversarial`), the limits tests and
//! `xxgk-synth --adversarial` (files for measuring peak memory).
//!
//! Each takes a size `n` (lines, rows or units) and makes a document whose
//! bytes grow linearly with `n`, so that the cost per line or byte of
//! extracting and checking it must stay flat as `n` grows.

use xxgk_model::labels::SECTIONS;

/// The kinds of adversarial input, by name (for command lines and benchmark ids).
pub const KINDS: &[&str] = &["headings", "rows", "long-lines", "prose", "labels", "grid"];

/// The document of kind `kind` (one of [`KINDS`]) with size `n`; `report` is a
/// real report with a table 3, for `rows`. `None` for an unknown kind.
pub fn of_kind(kind: &str, report: &str, n: usize) -> Option<String> {
    match kind {
        "headings" => Some(headings(n)),
        "rows" => Some(repeated_rows(report, n)),
        "long-lines" => Some(long_lines(n)),
        "prose" => Some(prose(n)),
        "labels" => Some(labels(n)),
        "grid" => Some(grid(n)),
        _ => None,
    }
}

/// A title, then `n` heading lines: the six section headings (`一、总体情况` …)
/// in turn, each followed by a list heading (`（一）…`), as a report that is
/// nothing but headings.
pub fn headings(n: usize) -> String {
    const LISTED: &[&str] = &[
        "（一）主动公开",
        "（二）依申请公开",
        "（三）政府信息管理",
        "（四）平台建设",
        "（五）监督保障",
    ];
    let mut out = String::from("某县人民政府2024年政府信息公开工作年度报告\n");
    for i in 0..n {
        let line = if i % 2 == 0 {
            SECTIONS[(i / 2) % SECTIONS.len()].title
        } else {
            LISTED[(i / 2) % LISTED.len()]
        };
        out.push_str(line);
        out.push('\n');
    }
    out
}

/// `report` (a real report with a table 3) with the rows of its table 3 — the
/// lines from `一、本年新收…` to `四、结转下年度继续办理` — printed again and again
/// until the table has `n` row lines: every repetition is a duplicate of an
/// official row. The text after the table follows the last repetition.
///
/// # Panics
///
/// When `report` has no table 3 rows to repeat.
pub fn repeated_rows(report: &str, n: usize) -> String {
    let lines: Vec<&str> = report.lines().collect();
    let first = lines
        .iter()
        .position(|l| l.contains("本年新收政府信息公开申请数量"))
        .expect("the report has table 3's first row");
    let last = first
        + lines[first..]
            .iter()
            .position(|l| l.contains("结转下年度继续办理"))
            .expect("the report has table 3's last row");
    let rows = &lines[first..=last];
    let mut out = String::with_capacity(report.len() + n * 64);
    for line in &lines[..first] {
        out.push_str(line);
        out.push('\n');
    }
    for i in 0..n.max(rows.len()) {
        out.push_str(rows[i % rows.len()]);
        out.push('\n');
    }
    for line in &lines[last + 1..] {
        out.push_str(line);
        out.push('\n');
    }
    out
}

/// A report with no title whose body is five very long lines, each `n`
/// units: years with HTML comments that never close (where the title and the
/// year are looked for), a sentence with a figure every few characters and no
/// full stop, tab-separated cells, cells separated by runs of spaces, and a
/// table 3 row printed again and again without separators (the look of a
/// crawled page). With `n` = 100,000 each line is 1–5 MB.
pub fn long_lines(n: usize) -> String {
    let units: [&str; 5] = [
        "<!--2024年",
        "本机关收到申请3件，予以公开2件，",
        "规章\t1\t0\t5\t",
        "予以公开  3  0  ",
        "一、本年新收政府信息公开申请数量1210100总计",
    ];
    let mut out = String::from("三、收到和处理政府信息公开申请情况\n");
    for unit in units {
        out.reserve(unit.len() * n + 1);
        for _ in 0..n {
            out.push_str(unit);
        }
        out.push('\n');
    }
    out
}

/// A title, then `n` lines of prose that run on into one another (no line
/// ends a sentence), each ending one sentence with a figure the narrative
/// reader takes as a claim: paragraphs as long as the reader allows, each
/// with thousands of claims.
pub fn prose(n: usize) -> String {
    let mut out = String::from("某县人民政府2024年政府信息公开工作年度报告\n");
    for i in 0..n {
        out.push_str(&format!(
            "收到政府信息公开申请{}件。本机关在这一年里依法办理的\n",
            i % 10
        ));
    }
    out
}

/// Table 3's header, then `n` short lines of label text without values (each
/// a label fragment the scanner keeps for the next row), then one row of
/// values: a row label of `n` fragments.
pub fn labels(n: usize) -> String {
    let mut out = String::from(
        "三、收到和处理政府信息公开申请情况\n（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）\n",
    );
    for i in 0..n {
        out.push_str(["自然人", "商业企业", "科研机构", "社会公益组织"][i % 4]);
        out.push('\n');
    }
    out.push_str("一、本年新收政府信息公开申请数量\t1\t0\t0\t0\t0\t0\t1\n");
    out
}

/// An HTML page whose table 3 has `n` rows of a label and empty cells, none
/// of them an official row: label words the scanner carries on to the row
/// after, as it does a header's.
pub fn grid(n: usize) -> String {
    let mut out = String::from(
        "<html><body><p>三、收到和处理政府信息公开申请情况</p><table>\n<tr><td>本列数据的勾稽关系</td><td>自然人</td></tr>\n",
    );
    for i in 0..n {
        out.push_str("<tr><td>");
        out.push_str(["说明", "备注", "注释", "附记"][i % 4]);
        out.push_str("</td><td></td><td></td></tr>\n");
    }
    out.push_str("<tr><td>一、本年新收政府信息公开申请数量</td><td>1</td><td>1</td></tr>\n</table></body></html>\n");
    out
}

/// The largest `n` whose document of kind `kind` is at most `bytes` long (for
/// files just under the input limit). `None` for an unknown kind.
pub fn size_for(kind: &str, report: &str, bytes: usize) -> Option<usize> {
    let fits = |n: usize| of_kind(kind, report, n).map(|d| d.len() <= bytes);
    if !fits(0)? {
        return Some(0);
    }
    // Every kind grows with n: double until too large, then bisect.
    let mut high = 1;
    while fits(high)? {
        high *= 2;
    }
    let mut low = high / 2;
    while high - low > 1 {
        let mid = low + (high - low) / 2;
        if fits(mid)? {
            low = mid;
        } else {
            high = mid;
        }
    }
    Some(low)
}

#[cfg(test)]
mod tests {
    use super::*;

    const REPORT: &str = "标题\n表头\n一、本年新收政府信息公开申请数量\t1\t1\n（七）总计\t1\t1\n四、结转下年度继续办理\t0\t0\n五、存在的主要问题\n";

    #[test]
    fn rows_repeat_table_3_and_keep_the_text_around_it() {
        let text = repeated_rows(REPORT, 7);
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.len(), 2 + 7 + 1);
        assert_eq!(lines[2], lines[5]);
        assert_eq!(lines[8], "一、本年新收政府信息公开申请数量\t1\t1");
        assert_eq!(lines[9], "五、存在的主要问题");
    }

    #[test]
    fn sizes_grow_linearly_and_fit_the_byte_budget() {
        for &kind in KINDS {
            let ten = of_kind(kind, REPORT, 10_000).unwrap().len();
            let twenty = of_kind(kind, REPORT, 20_000).unwrap().len();
            let base = of_kind(kind, REPORT, 0).unwrap().len();
            let ratio = (twenty - base) as f64 / (ten - base) as f64;
            assert!((ratio - 2.0).abs() < 0.01, "{kind}: {ratio}");
            let n = size_for(kind, REPORT, 1_000_000).unwrap();
            let len = of_kind(kind, REPORT, n).unwrap().len();
            assert!(len <= 1_000_000, "{kind}: {len}");
            let over = of_kind(kind, REPORT, n + 1).unwrap().len();
            assert!(over > 1_000_000, "{kind}: {over}");
        }
        assert!(of_kind("other", REPORT, 1).is_none());
    }
}
