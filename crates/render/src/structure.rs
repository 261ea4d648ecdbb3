//! The words around the tables: the title and the date as printed. The
//! official wording (the title's ending included) is in [`xxgk_model::labels`],
//! the tables' layouts in [`xxgk_model::layout`].

use xxgk_model::labels::TITLE_SUFFIX;
use xxgk_model::Report;

/// The title: `王岗镇人民政府2020年政府信息公开工作年度报告` (without the parts
/// the report does not know).
pub fn title(report: &Report) -> String {
    let agency = report.agency.as_deref().unwrap_or("");
    match report.year {
        Some(year) => format!("{agency}{year}年{TITLE_SUFFIX}"),
        None => format!("{agency}{TITLE_SUFFIX}"),
    }
}

/// The title as two lines: the agency (when known) and the rest.
pub fn title_lines(report: &Report) -> (Option<String>, String) {
    let agency = report.agency.clone().filter(|a| !a.is_empty());
    let rest = match report.year {
        Some(year) => format!("{year}年{TITLE_SUFFIX}"),
        None => TITLE_SUFFIX.to_string(),
    };
    match (agency, report.year) {
        (Some(agency), Some(_)) => (Some(agency), rest),
        (agency, _) => (None, format!("{}{rest}", agency.unwrap_or_default())),
    }
}

/// `2026-01-20` → `2026年1月20日`; anything else as given.
pub fn date(iso: &str) -> String {
    let parts: Vec<&str> = iso.split('-').collect();
    if let [y, m, d] = parts[..] {
        if let (Ok(y), Ok(m), Ok(d)) = (y.parse::<u32>(), m.parse::<u32>(), d.parse::<u32>()) {
            return format!("{y}年{m}月{d}日");
        }
    }
    iso.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_print_without_leading_zeros() {
        assert_eq!(date("2026-01-05"), "2026年1月5日");
        assert_eq!(date("sometime"), "sometime");
    }
}
