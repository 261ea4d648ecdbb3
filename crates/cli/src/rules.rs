//! `xxgk rules` (every rule, one line each) and `xxgk rule ID` (one rule's
//! documentation). The ids, severities, titles and texts all come from
//! `xxgk-check`; only the surrounding words belong here.

use crate::{print_error, written, EXIT_FAILURE};
use std::io::{self, Write};
use std::process::ExitCode;
use unicode_width::UnicodeWidthStr;
use xxgk_check::{rule, rules, Check};
use xxgk_model::{Group, Lang};

pub fn list(lang: Lang) -> ExitCode {
    match written(io::stdout().lock().write_all(table(lang).as_bytes()), lang) {
        Ok(()) => ExitCode::SUCCESS,
        Err(code) => code,
    }
}

pub fn show(id: &str, lang: Lang) -> ExitCode {
    let Some(rule) = rule(id.trim()) else {
        let near = near(id.trim());
        let message = match (lang, near.is_empty()) {
            (Lang::Zh, true) => "没有这条规则（用 xxgk rules 查看所有规则）".to_string(),
            (Lang::Zh, false) => format!("没有这条规则；相近的有：{}", near.join("、")),
            (Lang::En, true) => "no such rule (see `xxgk rules` for every rule)".to_string(),
            (Lang::En, false) => format!("no such rule; did you mean: {}", near.join(", ")),
        };
        print_error(lang, &id, &message);
        return ExitCode::from(EXIT_FAILURE);
    };
    match written(
        io::stdout().lock().write_all(page(rule, lang).as_bytes()),
        lang,
    ) {
        Ok(()) => ExitCode::SUCCESS,
        Err(code) => code,
    }
}

/// The rule list: id, severity, a cross-report marker and the title, aligned in
/// display width, under a header, with a closing hint.
fn table(lang: Lang) -> String {
    let header = match lang {
        Lang::Zh => ["规则", "级别", "跨报告", "说明"],
        Lang::En => ["rule", "severity", "cross-report", "title"],
    };
    let marker = match lang {
        Lang::Zh => "是",
        Lang::En => "yes",
    };
    let rows: Vec<[&str; 4]> = rules()
        .iter()
        .map(|r| {
            [
                r.id,
                r.severity.word(lang),
                if r.is_cross_report() { marker } else { "" },
                r.title(lang),
            ]
        })
        .collect();
    let widths: Vec<usize> = (0..3)
        .map(|i| {
            rows.iter()
                .map(|row| row[i].width())
                .fold(header[i].width(), usize::max)
        })
        .collect();
    let mut out = String::new();
    for row in std::iter::once(&header).chain(&rows) {
        let mut line = String::new();
        for (cell, width) in row.iter().zip(&widths) {
            line.push_str(cell);
            line.push_str(&" ".repeat(width - cell.width() + 2));
        }
        line.push_str(row[3]);
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out.push_str(&match lang {
        Lang::Zh => format!(
            "\n共 {} 条规则。用 xxgk rule ID 查看一条规则的说明。\n",
            rows.len()
        ),
        Lang::En => format!(
            "\n{} rules. `xxgk rule ID` shows one rule's documentation.\n",
            rows.len()
        ),
    });
    out
}

/// The rule's documentation (markdown) with its severity under the heading.
fn page(rule: &Check, lang: Lang) -> String {
    let doc = rule.doc(lang);
    let (heading, body) = doc.split_once('\n').unwrap_or((doc.as_str(), ""));
    let severity = rule.severity.word(lang);
    let hierarchy = rule.group == Group::Hierarchy;
    let facts = match (lang, rule.is_cross_report(), hierarchy) {
        (Lang::Zh, false, _) => format!("**级别**：{severity}"),
        (Lang::Zh, true, false) => {
            format!("**级别**：{severity}（跨报告规则：同一机关相邻年度的报告一起检查）")
        }
        (Lang::Zh, true, true) => format!(
            "**级别**：{severity}（语料库规则：xxgk ingest 按机关名录中的上下级关系检查）"
        ),
        (Lang::En, false, _) => format!("**Severity**: {severity}"),
        (Lang::En, true, false) => format!(
            "**Severity**: {severity} (cross-report: checks one body's reports for consecutive years together)"
        ),
        (Lang::En, true, true) => format!(
            "**Severity**: {severity} (corpus: `xxgk ingest` checks it along the agency list's hierarchy)"
        ),
    };
    format!("{heading}\n\n{facts}\n\n{}\n", body.trim())
}

/// Rule ids close to `query`, for "did you mean": those containing it or
/// contained in it, sharing its first word, or a few typos away.
pub fn near(query: &str) -> Vec<&'static str> {
    let query = query.trim().to_ascii_lowercase();
    if query.is_empty() {
        return Vec::new();
    }
    let first = |s: &str| s.split('-').next().unwrap_or_default().to_string();
    rules()
        .iter()
        .map(|r| r.id)
        .filter(|id| {
            id.contains(query.as_str())
                || query.contains(id)
                || first(id) == first(&query)
                || edit_distance(id, &query) <= (query.len() / 4).max(2)
        })
        .collect()
}

/// Levenshtein distance in characters.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, &cb) in b.iter().enumerate() {
            let above = row[j + 1];
            row[j + 1] = (above + 1)
                .min(row[j] + 1)
                .min(diagonal + usize::from(ca != cb));
            diagonal = above;
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn near_ids() {
        assert_eq!(near("request-balance"), ["requests-balance"]);
        assert!(near("appeals").contains(&"appeals-total"));
        assert!(near("narrative").len() >= 4);
        assert!(near("zzzzzzzz").is_empty());
        assert_eq!(edit_distance("kitten", "sitting"), 3);
    }

    #[test]
    fn the_table_lists_every_rule_aligned() {
        for lang in [Lang::Zh, Lang::En] {
            let text = table(lang);
            for rule in rules() {
                let line = text
                    .lines()
                    .find(|l| l.split_whitespace().next() == Some(rule.id))
                    .unwrap_or_else(|| panic!("{} missing", rule.id));
                assert!(line.ends_with(rule.title(lang)), "{line}");
                // Titles start in the same display column on every line.
                let column = line[..line.find(rule.title(lang)).unwrap()].width();
                let header = text.lines().next().unwrap();
                let title_header = if lang == Lang::Zh { "说明" } else { "title" };
                assert_eq!(column, header[..header.find(title_header).unwrap()].width());
            }
        }
    }

    #[test]
    fn the_page_puts_the_severity_under_the_heading() {
        let rule = rule("requests-balance").unwrap();
        let page = page(rule, Lang::Zh);
        assert!(
            page.starts_with("# requests-balance\n\n**级别**：错误\n\n**检查**"),
            "{page}"
        );
    }
}
