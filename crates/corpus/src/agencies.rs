//! The user's agency list: a CSV with the columns `name, region, level, parent`
//! (or their Chinese headers 名称, 地区, 层级, 上级) and optionally `sums` (汇总).
//! It names the bodies that should publish (for coverage), their region and
//! level (for statistics) and the hierarchy. `hierarchy-sum` compares a parent's
//! report with the sum of its children's: for every parent when the list has no
//! `sums` column, else only for parents marked `sums` = yes (是, 1, true) — real
//! hierarchies mix summary reports with reports of one office.
//!
//! Excel saves CSV as GBK or with a BOM; both are read. Every problem names the
//! line: an empty name, a name listed twice, a parent that is not in the list.

use xxgk_model::Message;
use xxgk_store::Agency;

/// Header names accepted for each column, English first.
#[rustfmt::skip]
const HEADERS: [(&str, &[&str]); 5] = [
    ("name", &["name", "名称", "机关", "机关名称", "单位", "单位名称"]),
    ("region", &["region", "地区", "区域", "行政区划"]),
    ("level", &["level", "层级", "级别"]),
    ("parent", &["parent", "上级", "上级机关", "上级单位"]),
    ("sums", &["sums", "汇总", "是否汇总"]),
];

/// Values of the `sums` column.
const YES: &[&str] = &["yes", "y", "true", "1", "是"];
const NO: &[&str] = &["no", "n", "false", "0", "否"];

/// Reads an agency list. `file` names it in messages.
pub fn parse(bytes: &[u8], file: &str) -> Result<Vec<Agency>, Message> {
    let decoded = xxgk_read::decode(bytes, None).map_err(|e| {
        Message::new(
            format!("{file}：{}", e.message.zh),
            format!("{file}: {}", e.message.en),
        )
    })?;
    // A list names bodies exactly: a name with a damaged character would match
    // no report, so damage is an error here, not a warning.
    if let Some(damage) = decoded.damaged.first() {
        let line = decoded.text[..damage.range.start].matches('\n').count() + 1;
        let bytes = damage.bytes;
        return Err(Message::new(
            format!("{file}：第 {line} 行有 {bytes} 个字节损坏（无法解码，或是控制字符）"),
            format!("{file}: line {line} has {bytes} damaged byte(s) (not decodable, or control characters)"),
        ));
    }
    let text = decoded.text.trim_start_matches('\u{feff}');
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .trim(csv::Trim::All)
        .from_reader(text.as_bytes());
    let header = reader
        .headers()
        .map_err(|e| csv_error(file, 1, &e))?
        .clone();
    let column = |which: usize| {
        header
            .iter()
            .position(|h| HEADERS[which].1.iter().any(|a| h.eq_ignore_ascii_case(a)))
    };
    let Some(name_at) = column(0) else {
        return Err(Message::new(
            format!("{file}：第 1 行缺少「name」（名称）列；应有列 name, region, level, parent"),
            format!(
                "{file}: line 1 has no `name` column; expected columns name, region, level, parent"
            ),
        ));
    };
    let (region_at, level_at, parent_at, sums_at) = (column(1), column(2), column(3), column(4));
    let mut list: Vec<Agency> = Vec::new();
    let mut seen = std::collections::HashMap::new();
    let mut lines = Lines::new(text);
    for (index, record) in reader.records().enumerate() {
        let record = record.map_err(|e| csv_error(file, index + 2, &e))?;
        // The reader skips blank lines: take the line from the record.
        let line = record
            .position()
            .map_or(index + 2, |p| lines.line_at(p.byte() as usize));
        let field = |at: Option<usize>| {
            at.and_then(|i| record.get(i))
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_string)
        };
        if record.iter().all(|f| f.trim().is_empty()) {
            continue;
        }
        let Some(name) = field(Some(name_at)) else {
            return Err(Message::new(
                format!("{file}：第 {line} 行没有机关名称"),
                format!("{file}: line {line} has no agency name"),
            ));
        };
        if let Some(first) = seen.insert(name.clone(), line) {
            return Err(Message::new(
                format!("{file}：第 {line} 行的「{name}」已在第 {first} 行列出"),
                format!("{file}: line {line} lists 「{name}」 again (first on line {first})"),
            ));
        }
        let sums = match field(sums_at) {
            None => None,
            Some(v) if YES.iter().any(|y| v.eq_ignore_ascii_case(y)) => Some(true),
            Some(v) if NO.iter().any(|n| v.eq_ignore_ascii_case(n)) => Some(false),
            Some(v) => {
                return Err(Message::new(
                    format!("{file}：第 {line} 行的「汇总」列应为 是/否（yes/no），而不是「{v}」"),
                    format!("{file}: line {line}: `sums` should be yes or no, not 「{v}」"),
                ))
            }
        };
        list.push(Agency {
            name,
            region: field(region_at),
            level: field(level_at),
            parent: field(parent_at),
            sums,
        });
    }
    for agency in &list {
        if let Some(parent) = &agency.parent {
            if !seen.contains_key(parent) {
                let line = seen[&agency.name];
                return Err(Message::new(
                    format!("{file}：第 {line} 行的上级机关「{parent}」不在名录中"),
                    format!("{file}: the parent 「{parent}」 on line {line} is not in the list"),
                ));
            }
        }
    }
    if list.is_empty() {
        return Err(Message::new(
            format!("{file}：名录中没有任何机关"),
            format!("{file}: the list names no agency"),
        ));
    }
    Ok(list)
}

/// Line numbers of the records of a text, asked in the order of the text:
/// each counts only the line ends since the one before (counting from the
/// start for each record took seconds for a list of 17,000 bodies).
struct Lines<'t> {
    bytes: &'t [u8],
    /// Where counting stopped, and the line ends before it.
    at: usize,
    ends: usize,
}

impl<'t> Lines<'t> {
    fn new(text: &'t str) -> Lines<'t> {
        Lines {
            bytes: text.as_bytes(),
            at: 0,
            ends: 0,
        }
    }

    /// The line (from 1) of the record that starts at or after byte `at`
    /// (a record's position may be the blank lines before it); `at` is not
    /// before the previous record's.
    fn line_at(&mut self, at: usize) -> usize {
        let bytes = self.bytes;
        let start = at
            + bytes[at..]
                .iter()
                .take_while(|b| matches!(b, b'\n' | b'\r'))
                .count();
        debug_assert!(start >= self.at, "records are asked in order");
        let from = self.at.min(start);
        self.ends += bytes[from..start].iter().filter(|&&b| b == b'\n').count();
        self.at = start;
        1 + self.ends
    }
}

fn csv_error(file: &str, line: usize, err: &csv::Error) -> Message {
    Message::new(
        format!("{file}：第 {line} 行无法读取：{err}"),
        format!("{file}: cannot read line {line}: {err}"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_english_and_chinese_headers() {
        let english = "name,region,level,parent\n淮安市洪泽区人民政府,淮安市洪泽区,县级,\n洪泽区高良涧街道办事处,淮安市洪泽区,乡级,淮安市洪泽区人民政府\n";
        let chinese = "\u{feff}名称,地区,层级,上级\n淮安市洪泽区人民政府,淮安市洪泽区,县级,\n洪泽区高良涧街道办事处,淮安市洪泽区,乡级,淮安市洪泽区人民政府\n";
        let a = parse(english.as_bytes(), "a.csv").unwrap();
        assert_eq!(a, parse(chinese.as_bytes(), "b.csv").unwrap());
        assert_eq!(a[1].parent.as_deref(), Some("淮安市洪泽区人民政府"));
        assert_eq!(a[0].parent, None);
        assert_eq!(a[0].level.as_deref(), Some("县级"));
    }

    #[test]
    fn gbk_lists_are_read() {
        let (bytes, _, _) =
            encoding_rs::GBK.encode("name,region\n淮安市洪泽区人民政府,淮安市洪泽区\n");
        assert_eq!(
            parse(&bytes, "gbk.csv").unwrap()[0].name,
            "淮安市洪泽区人民政府"
        );
    }

    #[test]
    fn problems_name_the_line() {
        let cases = [
            ("region\n淮安市\n", "line 1 has no `name` column"),
            (
                "name\nA镇\n\nA镇\n",
                "line 4 lists 「A镇」 again (first on line 2)",
            ),
            (
                "name\r\nA镇\r\n\r\nB镇\r\nC镇\r\n\r\n\r\nB镇\r\n",
                "line 8 lists 「B镇」 again (first on line 4)",
            ),
            (
                "name,parent\nA镇,B县\n",
                "the parent 「B县」 on line 2 is not in the list",
            ),
            ("name,region\n,淮安市\n", "line 2 has no agency name"),
            ("name\n", "the list names no agency"),
        ];
        for (csv, expected) in cases {
            let err = parse(csv.as_bytes(), "list.csv").unwrap_err();
            assert!(err.en.contains(expected), "{csv:?}: {}", err.en);
            assert!(err.zh.starts_with("list.csv："), "{}", err.zh);
        }
    }
}
