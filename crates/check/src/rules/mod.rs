//! One module per rule; each module's doc comment is the rule's documentation.

use crate::registry::Rule;

mod appeals_total;
mod carry_chain;
pub(crate) mod copied_text;
mod duplicate_row;
mod empty_problems;
mod fee_statement;
mod hierarchy_sum;
mod in_force_chain;
mod label_drift;
mod label_fuzzy;
mod late_publication;
mod level_regulations;
mod metadata_inferred;
mod missing_section;
mod missing_table;
mod narrative_appeals;
mod narrative_outcomes;
mod narrative_requests;
mod narrative_sum;
mod no_tables;
mod non_negative_integer;
mod requests_balance;
mod requests_outcome_total;
mod requests_row_total;
mod row_long;
mod row_short;
mod run_together;
mod template_mixed;
mod template_unknown;
mod template_year;
mod unattributed_values;
mod unchecked;
mod unknown_row;

/// Every rule, in the order `xxgk rules` lists them: the tables' arithmetic, the
/// format, the text, across years, then what extraction reports.
pub const ALL: &[Rule] = &[
    requests_balance::RULE,
    requests_row_total::RULE,
    requests_outcome_total::RULE,
    appeals_total::RULE,
    non_negative_integer::RULE,
    missing_table::RULE,
    missing_section::RULE,
    template_year::RULE,
    template_mixed::RULE,
    label_drift::RULE,
    empty_problems::RULE,
    fee_statement::RULE,
    late_publication::RULE,
    level_regulations::RULE,
    narrative_requests::RULE,
    narrative_outcomes::RULE,
    narrative_appeals::RULE,
    narrative_sum::RULE,
    carry_chain::RULE,
    in_force_chain::RULE,
    copied_text::RULE,
    hierarchy_sum::RULE,
    unchecked::RULE,
    row_short::RULE,
    row_long::RULE,
    run_together::RULE,
    label_fuzzy::RULE,
    unknown_row::RULE,
    unattributed_values::RULE,
    duplicate_row::RULE,
    template_unknown::RULE,
    metadata_inferred::RULE,
    no_tables::RULE,
];
