//! One module per rule; each module's doc comment is the rule's documentation.
//! The rules extraction reports have their modules in xxgk-extract's `rules`.
//!
//! To add a rule: a module here (doc comment, `RULE`, `CHECK`, the check and its
//! messages), its `mod` line and its line in [`ALL`].

use crate::registry::Check;
use xxgk_extract::rules as extraction;

mod appeals_total;
mod carry_chain;
pub(crate) mod copied_text;
mod empty_problems;
mod fee_statement;
mod hierarchy_sum;
mod in_force_chain;
mod label_drift;
mod late_publication;
mod level_regulations;
mod missing_section;
mod missing_table;
mod narrative_appeals;
mod narrative_outcomes;
mod narrative_requests;
mod narrative_sum;
mod no_body;
mod no_year;
mod non_negative_integer;
mod requests_balance;
mod requests_outcome_total;
mod requests_row_total;
mod template_mixed;
mod template_year;
pub(crate) mod unchecked;

/// Every rule, in the order `xxgk rules` lists them: the tables' arithmetic, the
/// format, the text, across years, then what extraction reports.
pub const ALL: &[Check] = &[
    requests_balance::CHECK,
    requests_row_total::CHECK,
    requests_outcome_total::CHECK,
    appeals_total::CHECK,
    non_negative_integer::CHECK,
    missing_table::CHECK,
    no_year::CHECK,
    no_body::CHECK,
    missing_section::CHECK,
    template_year::CHECK,
    template_mixed::CHECK,
    label_drift::CHECK,
    empty_problems::CHECK,
    fee_statement::CHECK,
    late_publication::CHECK,
    level_regulations::CHECK,
    narrative_requests::CHECK,
    narrative_outcomes::CHECK,
    narrative_appeals::CHECK,
    narrative_sum::CHECK,
    carry_chain::CHECK,
    in_force_chain::CHECK,
    copied_text::CHECK,
    hierarchy_sum::CHECK,
    unchecked::CHECK,
    // Shown by the checker (see `Ctx::finish`), made by the one cap of
    // extraction and checking alike.
    Check::new(
        &extraction::findings_capped::RULE,
        crate::registry::Run::Report(|_| {}),
    ),
    Check::extraction(&extraction::row_short::RULE),
    Check::extraction(&extraction::row_long::RULE),
    Check::extraction(&extraction::run_together::RULE),
    Check::extraction(&extraction::label_fuzzy::RULE),
    Check::extraction(&extraction::unknown_row::RULE),
    Check::extraction(&extraction::unattributed_values::RULE),
    Check::extraction(&extraction::duplicate_row::RULE),
    Check::extraction(&extraction::template_unknown::RULE),
    Check::extraction(&extraction::table_too_large::RULE),
    Check::extraction(&extraction::metadata_inferred::RULE),
    Check::extraction(&extraction::no_tables::RULE),
    Check::extraction(&extraction::damaged_text::RULE),
    Check::extraction(&extraction::text_order::RULE),
];

/// The sentence a narrative rule read its figure from, as a note under the finding.
pub(crate) fn quote(claim: &xxgk_model::Claim) -> xxgk_model::Message {
    xxgk_model::Message::new(
        format!("原文：「{}」", claim.sentence),
        format!("the sentence: 「{}」", claim.sentence),
    )
}
