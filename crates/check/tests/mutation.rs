//! Mutation property: a generated report that balances gives no error; change any
//! one cell of table 3 or table 4 and an arithmetic rule fires naming that cell.
//! Reports are generated and rendered by the round-trip strategies of the test
//! kit (`xxgk_synth::kit`), so the whole pipeline is exercised, not just the rules.

use xxgk_synth::kit;

use kit::gen::{self, Model};
use kit::render::{Layout, Options};
use proptest::prelude::*;
use xxgk_check::{check, Selection};
use xxgk_model::{AppealGroup, Number, RequestRow, RowKind, Severity, Table};

fn plain(layout: Layout, seed: u64) -> Options {
    Options {
        seed,
        ..Options::plain(layout)
    }
}

fn layouts() -> impl Strategy<Value = Layout> {
    prop_oneof![
        Just(Layout::Tab),
        Just(Layout::Aligned),
        Just(Layout::PerLine)
    ]
}

fn errors(model: &Model, options: &Options) -> Vec<xxgk_model::Finding> {
    let text = kit::render::render(model, options);
    let report = xxgk_extract::extract_text(&text, "mutation.txt");
    check(&report, &Selection::default())
        .into_iter()
        .filter(|f| f.severity == Severity::Error)
        .collect()
}

/// The rules that can notice a changed cell of each table.
const REQUEST_RULES: &[&str] = &[
    "requests-balance",
    "requests-row-total",
    "requests-outcome-total",
];
const APPEAL_RULES: &[&str] = &["appeals-total"];

proptest! {
    #![proptest_config(kit::proptest_config(48))]

    /// Unmutated: no error, in any of the layouts.
    #[test]
    fn a_balanced_report_has_no_error(model in gen::model(0.0), layout in layouts(), seed in any::<u64>()) {
        let found = errors(&model, &plain(layout, seed));
        prop_assert!(found.is_empty(), "{found:#?}");
    }

    /// One table-3 cell changed by `delta`: an arithmetic rule names that cell.
    #[test]
    fn a_changed_request_cell_is_named(model in gen::model(0.0), pick in any::<prop::sample::Index>(), delta in 1i64..50, layout in layouts()) {
        let mut model = model;
        let rows: Vec<RequestRow> = model.requests.rows().map(|(r, _)| r).collect();
        let (row, position) = {
            let i = pick.index(rows.len() * 7);
            (rows[i / 7], i % 7)
        };
        let old = model.requests.get(row, position).unwrap();
        model.requests.set(row, position, Some(old.checked_add(Number::int(delta)).unwrap())).unwrap();
        let path = Table::<RequestRow>::path(row, position);
        let found = errors(&model, &plain(layout, 1));
        prop_assert!(
            found.iter().any(|f| REQUEST_RULES.contains(&f.rule.as_str()) && f.cells.iter().any(|c| c == path)),
            "changing {} by {} was not named: {:#?}", path, delta, found
        );
        prop_assert!(found.iter().all(|f| REQUEST_RULES.contains(&f.rule.as_str())), "{found:#?}");
    }

    /// One table-4 cell changed: appeals-total names it.
    #[test]
    fn a_changed_appeal_cell_is_named(model in gen::model(0.0), group in 0usize..3, position in 0usize..5, delta in 1i64..20) {
        let mut model = model;
        let group = AppealGroup::ALL[group];
        let old = model.appeals.get(group, position).unwrap();
        model.appeals.set(group, position, Some(old.checked_add(Number::int(delta)).unwrap())).unwrap();
        let path = Table::<AppealGroup>::path(group, position);
        let found = errors(&model, &plain(Layout::Tab, 1));
        prop_assert!(
            found.iter().any(|f| APPEAL_RULES.contains(&f.rule.as_str()) && f.cells.iter().any(|c| c == path)),
            "changing {} was not named: {:#?}", path, found
        );
        prop_assert!(found.iter().all(|f| f.rule == "appeals-total"), "{found:#?}");
    }
}

#[test]
fn row_kinds_are_what_the_generator_uses() {
    // The generator's tables are the model's tables.
    assert_eq!(RequestRow::ALL.len(), 26);
}
