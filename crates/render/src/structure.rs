//! The fixed text of the official format that is not a row or column label:
//! the title, the item headings of table 2, the group headings of table 3, and
//! the date as printed. Row and column labels, section headings and the identity
//! note come from [`xxgk_model::labels`]; these few structural words are the
//! only official wording written here (they are not in `labels` yet).

use xxgk_model::{Active2019Row, Active2021Row, Report};

/// The header over table 2's row labels.
pub const INFO_CONTENT: &str = "信息内容";
/// The heading over table 3's seven applicant columns.
pub const APPLICANTS: &str = "申请人情况";
/// The group label in front of table 3's outcome rows and （七）总计.
pub const RESULTS_GROUP: &str = "三、本年度办理结果";
/// What every title ends with.
pub const TITLE_SUFFIX: &str = "政府信息公开工作年度报告";

/// 第二十条第（一）项 for item `一`.
pub fn article_item(item: &str) -> String {
    format!("第二十条第（{item}）项")
}

/// Table 2's blocks in the 2019 format: the item of 第二十条 and its rows.
pub const BLOCKS_2019: &[(&str, &[Active2019Row])] = &[
    (
        "一",
        &[
            Active2019Row::Regulations,
            Active2019Row::NormativeDocuments,
        ],
    ),
    (
        "五",
        &[Active2019Row::Licensing, Active2019Row::OtherServices],
    ),
    ("六", &[Active2019Row::Punishment, Active2019Row::Coercion]),
    ("八", &[Active2019Row::Fees]),
    ("九", &[Active2019Row::Procurement]),
];

/// Table 2's blocks in the 2021 format.
pub const BLOCKS_2021: &[(&str, &[Active2021Row])] = &[
    (
        "一",
        &[
            Active2021Row::Regulations,
            Active2021Row::NormativeDocuments,
        ],
    ),
    ("五", &[Active2021Row::Licensing]),
    ("六", &[Active2021Row::Punishment, Active2021Row::Coercion]),
    ("八", &[Active2021Row::Fees]),
];

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
