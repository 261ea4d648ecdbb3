//! Computing a report from leaf cells: exact totals, the balance identity,
//! entered totals that disagree, and leaf cells not filled in.

use xxgk_author::{compute, read_toml, Author, BlankCells, Computed};
use xxgk_model::{Lang, Number};

fn author(extra: &str) -> Author {
    let text = format!(
        "agency = \"王岗镇人民政府\"\nyear = 2025\npublished = \"2026-01-20\"\nblank_cells = \"zero\"\n[sections]\ngeneral = \"总体情况。\"\n{extra}"
    );
    read_toml(&text, "r.toml").unwrap_or_else(|p| panic!("{}", p.render(Lang::En)))
}

fn value(computed: &Computed, path: &str) -> Option<String> {
    computed.report.value(path).map(|n| n.to_string())
}

fn errors(computed: &Computed, lang: Lang) -> Vec<String> {
    computed
        .problems
        .iter()
        .filter(|p| p.is_error())
        .map(|p| p.render("r.toml", lang))
        .collect()
}

#[test]
fn totals_are_computed_exactly() {
    let computed = compute(&author(
        "[requests.received]\nnatural_person = 9000000000000\ncommercial = 5\n\
         [requests.carried_in]\nnatural_person = 2\n\
         [requests.granted]\nnatural_person = 8999999999999\ncommercial = 4\n\
         [requests.other_misc]\nnatural_person = 1\n\
         [appeals.review]\nupheld = 1\ncorrected = 2\nother = 3\npending = 4\n\
         [active.fees]\namount_wan = 0.000001\n",
    ));
    assert!(
        errors(&computed, Lang::En).is_empty(),
        "{:?}",
        computed.problems
    );
    let v = |p| value(&computed, p);
    assert_eq!(
        v("requests.received.total").as_deref(),
        Some("9000000000005")
    );
    assert_eq!(
        v("requests.total.natural_person").as_deref(),
        Some("9000000000000")
    );
    assert_eq!(v("requests.total.total").as_deref(), Some("9000000000004"));
    assert_eq!(
        v("requests.carried_out.natural_person").as_deref(),
        Some("2")
    );
    assert_eq!(v("requests.carried_out.commercial").as_deref(), Some("1"));
    assert_eq!(v("requests.carried_out.total").as_deref(), Some("3"));
    assert_eq!(v("requests.other_misc.total").as_deref(), Some("1"));
    assert_eq!(v("appeals.review.total").as_deref(), Some("10"));
    assert_eq!(v("appeals.litigation_direct.total").as_deref(), Some("0"));
    assert_eq!(v("active.fees.amount_wan").as_deref(), Some("0.000001"));
    // The identity printed in table 3 holds in every column.
    let requests = computed.report.requests.as_ref().unwrap();
    for c in 0..7 {
        let g = |row| requests.get(row, c).unwrap();
        use xxgk_model::RequestRow::*;
        assert_eq!(
            g(Received).checked_add(g(CarriedIn)),
            g(Total).checked_add(g(CarriedOut)),
            "column {c}"
        );
    }
}

#[test]
fn entered_totals_must_agree() {
    let computed = compute(&author(
        "[requests.received]\nnatural_person = 10\ntotal = 11\n\
         [requests.granted]\nnatural_person = 7\n\
         [requests.total]\nnatural_person = 7\n\
         [requests.carried_out]\nnatural_person = 4\n\
         [appeals.review]\nupheld = 1\ntotal = 2\n",
    ));
    let errors = errors(&computed, Lang::Zh);
    assert_eq!(errors.len(), 3, "{errors:#?}");
    assert!(errors.iter().any(|e| e.starts_with(
        "r.toml:9: 错误: requests.received.total: 表三「一、本年新收政府信息公开申请数量」·「总计」填写为 11，与计算值 10 不符\n  = 说明：六类申请人之和：10 + 0 + 0 + 0 + 0 + 0 = 10"
    )), "{errors:#?}");
    assert!(errors.iter().any(|e| e.starts_with(
        "r.toml:15: 错误: requests.carried_out.natural_person: 表三「四、结转下年度继续办理」·「自然人」填写为 4，与计算值 3 不符\n  = 说明：一 10 + 二 0 − （七） 7 = 3"
    )), "{errors:#?}");
    assert!(errors.iter().any(|e| e.starts_with(
        "r.toml:18: 错误: appeals.review.total: 表四「行政复议」·「总计」填写为 2，与计算值 1 不符\n  = 说明：维持 + 纠正 + 其他 + 尚未审结：1 + 0 + 0 + 0 = 1"
    )), "{errors:#?}");
    // An entered total that agrees is no error; what a forced render prints
    // is what the author entered.
    assert_eq!(
        value(&computed, "requests.carried_out.natural_person").as_deref(),
        Some("4")
    );
    assert_eq!(
        value(&computed, "requests.total.natural_person").as_deref(),
        Some("7")
    );
}

#[test]
fn more_concluded_than_received_is_an_error_naming_the_column() {
    let computed = compute(&author(
        "[requests.received]\ncommercial = 2\n[requests.carried_in]\ncommercial = 1\n[requests.granted]\ncommercial = 5\n",
    ));
    let errors = errors(&computed, Lang::En);
    assert_eq!(errors.len(), 1, "{errors:#?}");
    assert!(
        errors[0].contains("requests.carried_out.commercial: in the column `法人或其他组织 · 商业企业`, （七）总计 is more than received plus carried in: 一 2 + 二 1 − （七） 5 = -2"),
        "{}",
        errors[0]
    );
    assert!(
        errors[0].contains("note: the header prints the identity"),
        "{}",
        errors[0]
    );
    // Nothing is invented: the cell is blank.
    assert_eq!(value(&computed, "requests.carried_out.commercial"), None);
}

#[test]
fn unfilled_leaf_cells_are_errors_by_default() {
    let mut a = author("[requests.granted]\nnatural_person = 3\n");
    a.blank_cells = BlankCells::Error;
    let computed = compute(&a);
    let errors = errors(&computed, Lang::Zh);
    // One per row of the format: table 2 (6 rows), table 3 (23 leaf rows), table 4 (3).
    assert_eq!(errors.len(), 6 + 23 + 3, "{errors:#?}");
    let granted = errors
        .iter()
        .find(|e| e.contains("requests.granted:"))
        .unwrap();
    assert!(
        granted.contains(
            "表三「（一）予以公开」未填写：法人或其他组织 · 商业企业、法人或其他组织 · 科研机构"
        ),
        "{granted}"
    );
    let received = errors
        .iter()
        .find(|e| e.contains("requests.received:"))
        .unwrap();
    assert!(received.ends_with("未填写：整行"), "{received}");
    assert!(
        errors[0].contains("blank_cells = \"zero\""),
        "{}",
        errors[0]
    );
    // Totals that depend on an unfilled cell are blank, never guessed.
    assert_eq!(value(&computed, "requests.granted.total"), None);
    assert_eq!(
        value(&computed, "requests.granted.natural_person").as_deref(),
        Some("3")
    );
}

#[test]
fn kept_blanks_leave_dependent_totals_blank() {
    let mut a = author(
        "[requests.received]\nnatural_person = 3\n[requests.granted]\nnatural_person = 3\n\
         [appeals.review]\nupheld = 1\ncorrected = 0\nother = 0\npending = 0\n",
    );
    a.blank_cells = BlankCells::Keep;
    let computed = compute(&a);
    assert!(
        errors(&computed, Lang::En).is_empty(),
        "{:?}",
        computed.problems
    );
    assert_eq!(
        value(&computed, "requests.received.natural_person").as_deref(),
        Some("3")
    );
    assert_eq!(value(&computed, "requests.received.total"), None);
    assert_eq!(value(&computed, "requests.total.natural_person"), None);
    assert_eq!(
        value(&computed, "requests.carried_out.natural_person"),
        None
    );
    assert_eq!(
        value(&computed, "appeals.review.total").as_deref(),
        Some("1")
    );
    assert_eq!(value(&computed, "appeals.litigation_direct.total"), None);
    // A total the author entered is kept when it cannot be computed.
    let mut a = a.clone();
    a.cells
        .insert("appeals.litigation_direct.total", Some(Number::int(4)));
    let computed = compute(&a);
    assert_eq!(
        value(&computed, "appeals.litigation_direct.total").as_deref(),
        Some("4")
    );
}

#[test]
fn zero_policy_prints_zeros() {
    let computed = compute(&author(""));
    assert!(errors(&computed, Lang::En).is_empty());
    assert_eq!(
        value(&computed, "requests.total.total").as_deref(),
        Some("0")
    );
    assert_eq!(
        value(&computed, "active.fees.amount_wan").as_deref(),
        Some("0")
    );
}

#[test]
fn missing_metadata_is_reported() {
    let a = read_toml("year = 2025\nblank_cells = \"zero\"\n", "r.toml").unwrap();
    let computed = compute(&a);
    let all: Vec<String> = computed
        .problems
        .iter()
        .map(|p| p.render("r.toml", Lang::En))
        .collect();
    assert!(all.contains(&"r.toml: error: agency: the issuing body is not filled in\n  = note: the title and the signature print it, e.g. agency = \"某某县人民政府\"".to_string()), "{all:#?}");
    assert!(
        all.contains(
            &"r.toml: warning: published: no date given: the report will print no date at its end"
                .to_string()
        ),
        "{all:#?}"
    );
    assert!(
        all.iter()
            .any(|p| p.starts_with("r.toml: warning: sections.general:")),
        "{all:#?}"
    );
}

#[test]
fn the_fixtures_compute_without_problems() {
    for name in ["wanggang-2020.toml", "hongze-transport-2024.toml"] {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/data")
            .join(name);
        let author = xxgk_author::read(&std::fs::read(path).unwrap(), name).unwrap();
        let computed = compute(&author);
        assert!(
            computed.problems.is_empty(),
            "{name}: {:?}",
            computed.problems
        );
    }
}

#[test]
fn a_sum_too_large_names_the_cell_its_line_and_its_terms() {
    let computed = compute(&author(
        "[requests.received]\nnatural_person = 9000000000000000000\ncommercial = 9000000000000000000\n",
    ));
    let errors = errors(&computed, Lang::Zh);
    let overflow: Vec<&String> = errors.iter().filter(|e| e.contains("无法求和")).collect();
    // The received total, and the carried-out total computed from it.
    assert_eq!(overflow.len(), 2, "{errors:#?}");
    // Reported on the computed cell (its key), with its terms.
    assert!(
        overflow[0].contains("requests.received.total"),
        "{}",
        overflow[0]
    );
    assert!(
        overflow[0].contains("9000000000000000000 + 9000000000000000000"),
        "{}",
        overflow[0]
    );
    assert_eq!(value(&computed, "requests.received.total"), None);
}
