//! `xxgk rules` (every rule, one line each) and `xxgk rule ID` (one rule's
//! documentation). The ids, severities, titles and texts all come from
//! `xxgk-check`; only the surrounding words belong here.

use crate::{print_error, written, EXIT_FAILURE};
use std::io::{self, Write};
use std::process::ExitCode;
use unicode_width::UnicodeWidthStr;
use xxgk_check::{near, rule, rules};
use xxgk_model::Lang;

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
        io::stdout().lock().write_all(rule.page(lang).as_bytes()),
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

#[cfg(test)]
mod tests {
    use super::*;

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
}
