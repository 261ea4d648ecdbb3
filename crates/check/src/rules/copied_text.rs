//! # copied-text
//!
//! **检查**：同一机关相邻两年的报告，第一部分「总体情况」和第五部分「存在的主要问题及改进情况」
//! 的文字是否大半照抄上一年：按相同的四字片段计算，今年文字有一半以上见于去年同一部分即警告，并给出比例。
//!
//! **原因**：评估机构把与上年报告雷同（超过 50%）的年度报告视为应付了事；问题与改进尤其应逐年更新。
//!
//! **示例**：2024 年第五部分 82% 的文字与 2023 年相同 —— 警告。
//!
//! **依据**：第三方评估的通行做法。
//!
//! ## English
//!
//! **Checks**: for one body's reports of consecutive years, whether sections 一 (overview) and 五
//! (problems and improvements) are mostly copied: when more than half of this year's four-character runs
//! appear in last year's same section, a warning with the share.
//!
//! **Why**: evaluators treat a report more than 50 % identical to the previous year's as perfunctory; the
//! problems section especially should change year to year.
//!
//! **Example**: 82 % of 2024's section 五 also stands in 2023's — a warning.
//!
//! **Basis**: evaluators' practice.

use crate::registry::{Check, Run};
use crate::series::SeriesCtx;
use xxgk_model::{Group, Message, Rule, Severity};

/// The rule's definition.
pub const RULE: Rule = Rule {
    id: "copied-text",
    severity: Severity::Warning,
    also: &[],
    group: Group::Series,
    title: (
        "总体情况或问题改进与上一年报告大半相同",
        "sections 一 or 五 mostly copied from last year",
    ),
};

/// How it runs: on a body's reports for two consecutive years.
pub(crate) const CHECK: Check = Check::new(&RULE, Run::Series(run));

/// Share of this year's text that, above it, counts as copied.
const COPIED: f64 = 0.5;
/// Texts shorter than this many characters are not compared.
const MIN_CHARS: usize = 40;

fn run(ctx: &mut SeriesCtx) {
    let last_year = ctx.previous.year.unwrap_or_default();
    for (number, name_zh, name_en) in [
        (1u8, "总体情况", "overview"),
        (5, "存在的主要问题及改进情况", "problems and improvements"),
    ] {
        let (Some(this), Some(share)) = (ctx.current.section(number), ctx.section_share(number))
        else {
            continue;
        };
        if share <= COPIED {
            continue;
        }
        let percent = (share * 100.0).round();
        let span = Some(this.span);
        ctx.emit(
            Message::new(
                format!("第{}部分「{name_zh}」有 {percent}% 的文字与 {last_year} 年度报告相同", if number == 1 { "一" } else { "五" }),
                format!("{percent}% of section {number} ({name_en}) is the same as in the {last_year} report"),
            ),
            span,
            &[],
        );
    }
}

/// Share of `this`'s four-character runs (letters and digits only) found in `last`.
pub fn similarity(this: &str, last: &str) -> Option<f64> {
    // Kept rather than read again from the text: decoding and sifting the
    // characters a second time cost more than keeping the runs.
    let this_runs: Vec<u128> = runs(this).collect();
    let total = this_runs.len();
    if total + 3 < MIN_CHARS {
        return None;
    }
    // Sorted once and searched: the corpus pass compares every report with
    // last year's, and hashing each run cost more than the comparison.
    let mut last_runs: Vec<u128> = runs(last).collect();
    last_runs.sort_unstable();
    last_runs.dedup();
    let found = this_runs
        .iter()
        .filter(|r| last_runs.binary_search(r).is_ok())
        .count();
    Some(found as f64 / total as f64)
}

/// Each run of four letters or digits in `text`, in order, its characters
/// packed into one number (a char is 21 bits; each takes 32, and the oldest
/// is shifted out as the next comes in): no allocation.
fn runs(text: &str) -> impl Iterator<Item = u128> + '_ {
    let mut packed = 0u128;
    let mut seen = 0usize;
    text.chars().filter(|&c| in_runs(c)).filter_map(move |c| {
        packed = packed << 32 | u128::from(c);
        seen += 1;
        (seen >= 4).then_some(packed)
    })
}

/// Whether `c` is a letter or digit ([`char::is_alphanumeric`]), looked up
/// for the Basic Multilingual Plane (where reports are written): outside
/// ASCII the standard library searches Unicode's tables for each character,
/// a fifth of the comparison's time.
fn in_runs(c: char) -> bool {
    let code = c as usize;
    match ALPHANUMERIC_BMP.get(code / 64) {
        Some(bits) => bits >> (code % 64) & 1 == 1,
        None => c.is_alphanumeric(),
    }
}

/// [`char::is_alphanumeric`] of U+0000 to U+FFFF, a bit each (8 KiB, made
/// when first needed).
static ALPHANUMERIC_BMP: std::sync::LazyLock<Vec<u64>> = std::sync::LazyLock::new(|| {
    (0..0x1_0000u32 / 64)
        .map(|word| {
            (0..64).fold(0u64, |bits, bit| {
                let alphanumeric =
                    char::from_u32(word * 64 + bit).is_some_and(char::is_alphanumeric);
                bits | u64::from(alphanumeric) << bit
            })
        })
        .collect()
});

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use std::collections::HashSet;

    /// The share as the rule defines it, with the runs as strings in a set.
    fn share_of_runs(this: &str, last: &str) -> Option<f64> {
        let runs = |text: &str| -> Vec<String> {
            let chars: Vec<char> = text.chars().filter(|c| c.is_alphanumeric()).collect();
            chars.windows(4).map(|w| w.iter().collect()).collect()
        };
        let this_runs = runs(this);
        if this_runs.len() + 3 < MIN_CHARS {
            return None;
        }
        let last_runs: HashSet<String> = runs(last).into_iter().collect();
        let found = this_runs.iter().filter(|r| last_runs.contains(*r)).count();
        Some(found as f64 / this_runs.len() as f64)
    }

    proptest! {
        /// Packed and searched, the runs give the share the definition gives,
        /// over texts that share some of their runs (few characters) or
        /// none, with punctuation and spaces between.
        #[test]
        fn similarity_is_the_share_of_runs_found(
            this in "[政府信息公开年度报告2023，。 aZＡ①]{0,120}",
            last in "[政府信息公开年度报告2022，。 bZＡ①]{0,120}",
        ) {
            prop_assert_eq!(similarity(&this, &last), share_of_runs(&this, &last));
        }
    }

    #[test]
    fn letters_and_digits_are_told_as_the_standard_library_tells_them() {
        for c in ('\0'..='\u{2FFFF}').step_by(1) {
            assert_eq!(in_runs(c), c.is_alphanumeric(), "{c:?}");
        }
    }

    #[test]
    fn a_text_copied_whole_is_found_whole_and_a_short_one_is_not_compared() {
        let text = "本机关2023年度共收到政府信息公开申请二十件，全部按时答复，未发生行政复议和行政诉讼案件。";
        assert_eq!(similarity(text, text), Some(1.0));
        assert_eq!(similarity("年度报告", text), None);
        let other =
            "本机关全面推进政务公开标准化规范化建设，主动公开文件一百二十件，发布政策解读十五篇。";
        assert!(similarity(text, other).unwrap() < 0.2);
    }
}
