//! Which official row a printed label stands for.
//!
//! A raw row's label holds everything printed since the previous values: group
//! labels (（三）不予公开), headers, the row's own label. The row is the one whose
//! needle ends *latest* in that text (ties: the longest needle), so a group label
//! before a sub-row label never wins. Labels that lost characters in a PDF
//! (「2.其他法律行政止公开」) fall back to a guarded similarity match.

use aho_corasick::AhoCorasick;
use xxgk_model::labels::{Needle, RowDef};
use xxgk_model::{PerSchema, Schema};

/// A match: the row's index in its definition list and where its label starts
/// and ends in the compact text (in bytes).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Match {
    pub row: usize,
    pub start: usize,
    pub end: usize,
    pub fuzzy: bool,
}

/// Smallest share of an official label's characters that must be printed, in
/// order, for a similarity match.
const MIN_SIMILARITY: f64 = 0.7;

/// Finds the row a compact label stands for among the rows of `schema`,
/// skipping rows for which `allowed` is false (already read, or not possible
/// at this point).
pub fn match_row(label: &str, schema: Schema, allowed: impl Fn(usize) -> bool) -> Option<Match> {
    match_needles(label, schema, &allowed).or_else(|| similar_row(label, schema.rows(), allowed))
}

/// Like [`match_row`], by the needles only (no similarity fallback): whether a
/// label names an official row as printed.
pub fn match_needles(
    label: &str,
    schema: Schema,
    allowed: impl Fn(usize) -> bool,
) -> Option<Match> {
    let index = needle_index(schema);
    let mut best: Option<((usize, usize), Match)> = None;
    let mut consider = |row: usize, start: usize, end: usize| {
        let key = (end, end - start);
        if allowed(row) && best.is_none_or(|(k, _)| key > k) {
            best = Some((
                key,
                Match {
                    row,
                    start,
                    end,
                    fuzzy: false,
                },
            ));
        }
    };
    for hit in index.contains.find_overlapping_iter(label) {
        consider(index.rows[hit.pattern().as_usize()], hit.start(), hit.end());
    }
    for &(row, suffix) in &index.ends_with {
        if label.ends_with(suffix) {
            consider(row, label.len() - suffix.len(), label.len());
        }
    }
    best.map(|(_, m)| m)
}

/// The length in bytes of the longest needle of any row of any table.
pub fn longest_needle() -> usize {
    static LONGEST: std::sync::OnceLock<usize> = std::sync::OnceLock::new();
    *LONGEST.get_or_init(|| {
        Schema::ALL
            .into_iter()
            .flat_map(|s| s.rows().iter())
            .flat_map(|def| def.needles.iter())
            .map(|n| match *n {
                Needle::Contains(s) | Needle::EndsWith(s) => s.len(),
            })
            .max()
            .unwrap_or(0)
    })
}

/// The needles of one list of row definitions, compiled once.
struct NeedleIndex {
    contains: AhoCorasick,
    /// Row of each `contains` pattern.
    rows: Vec<usize>,
    ends_with: Vec<(usize, &'static str)>,
}

/// One compiled index per schema, built on first use.
fn needle_index(schema: Schema) -> &'static NeedleIndex {
    static INDEXES: PerSchema<NeedleIndex> = PerSchema::new();
    INDEXES.get(schema, || {
        let defs = schema.rows();
        let mut patterns = Vec::new();
        let mut rows = Vec::new();
        let mut ends_with = Vec::new();
        for (row, def) in defs.iter().enumerate() {
            for needle in def.needles {
                match *needle {
                    Needle::Contains(n) => {
                        patterns.push(n);
                        rows.push(row);
                    }
                    Needle::EndsWith(n) => ends_with.push((row, n)),
                }
            }
        }
        let contains = AhoCorasick::new(&patterns).expect("needles are plain strings");
        NeedleIndex {
            contains,
            rows,
            ends_with,
        }
    })
}

/// The official label with its enumerator (`2.`, `（一）`, `一、`) removed, folded.
fn core(label: &str) -> String {
    let folded: String = label
        .chars()
        .map(|c| match c {
            '（' => '(',
            '）' => ')',
            '：' => ':',
            '，' => ',',
            c => c,
        })
        .filter(|c| !c.is_whitespace())
        .collect();
    strip_enumerator(&folded).to_string()
}

fn strip_enumerator(s: &str) -> &str {
    let s = s.trim_start_matches(|c: char| c.is_ascii_digit());
    let s = s.strip_prefix('.').unwrap_or(s);
    if let Some(rest) = s.strip_prefix('(') {
        if let Some(i) = rest.find(')') {
            if rest[..i]
                .chars()
                .all(|c| "一二三四五六七八九十".contains(c))
            {
                return &rest[i + 1..];
            }
        }
    }
    s
}

/// Similarity fallback: the official label's core must appear in order, with at
/// least [`MIN_SIMILARITY`] of its characters, at the end of the printed label,
/// and the enumerator digit (if printed) must agree. Only a unique best wins.
fn similar_row(label: &str, defs: &[RowDef], allowed: impl Fn(usize) -> bool) -> Option<Match> {
    let printed_digit = last_item_digit(label);
    let mut scored: Vec<(f64, usize, usize)> = Vec::new();
    for (row, def) in defs.iter().enumerate().filter(|&(i, _)| allowed(i)) {
        let official = core(def.label);
        let official_digit = def.label.chars().next().filter(char::is_ascii_digit);
        if printed_digit.is_some() && official_digit.is_some() && printed_digit != official_digit {
            continue;
        }
        let target: Vec<char> = official.chars().collect();
        if target.len() < 4 {
            continue;
        }
        let (tail_start, tail) = printed_item(label, target.len());
        let common = lcs(&tail, &target);
        let score = common as f64 / target.len() as f64;
        // Every printed character of the item must be accounted for, or the label
        // is something else that merely shares words.
        let unexplained = tail.len().saturating_sub(common);
        if score >= MIN_SIMILARITY && unexplained <= 3 {
            scored.push((score, row, tail_start));
        }
    }
    scored.sort_by(|a, b| b.0.total_cmp(&a.0));
    match scored.as_slice() {
        [(s, row, start), rest @ ..] if rest.first().is_none_or(|r| r.0 < *s) => Some(Match {
            row: *row,
            start: *start,
            end: label.len(),
            fuzzy: true,
        }),
        _ => None,
    }
}

/// The printed item to compare: the text after the last item number (`2.`), else
/// the tail about as long as the official label. Returns its byte start and chars.
fn printed_item(label: &str, official_len: usize) -> (usize, Vec<char>) {
    let enumerated = label
        .char_indices()
        .rev()
        .find(|&(i, c)| {
            (c == '.' || c == '、')
                && label[..i]
                    .chars()
                    .last()
                    .is_some_and(|d| d.is_ascii_digit())
        })
        .map(|(i, c)| i + c.len_utf8());
    let start = enumerated.unwrap_or_else(|| {
        let skip = label.chars().count().saturating_sub(official_len + 2);
        label
            .char_indices()
            .nth(skip)
            .map_or(label.len(), |(i, _)| i)
    });
    (start, label[start..].chars().collect())
}

/// The digit of a trailing `N.` item number in the label, if printed.
fn last_item_digit(label: &str) -> Option<char> {
    let dot = label.rfind('.')?;
    label[..dot].chars().last().filter(char::is_ascii_digit)
}

fn lcs(a: &[char], b: &[char]) -> usize {
    let mut row = vec![0usize; b.len() + 1];
    for &x in a {
        let mut diagonal = 0;
        for (j, &y) in b.iter().enumerate() {
            let above = row[j + 1];
            row[j + 1] = if x == y {
                diagonal + 1
            } else {
                above.max(row[j])
            };
            diagonal = above;
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;
    use xxgk_model::labels::REQUEST_ROWS;
    use xxgk_model::Schema;

    fn key(label: &str) -> Option<&'static str> {
        match_row(label, Schema::Requests, |_| true).map(|m| REQUEST_ROWS[m.row].key)
    }

    #[test]
    fn the_latest_needle_wins_over_group_labels() {
        assert_eq!(key("三、本年度办理结果(一)予以公开"), Some("granted"));
        assert_eq!(
            key("(三)不予公开1.属于国家秘密"),
            Some("denied_state_secret")
        );
        assert_eq!(key("(六)其他处理"), Some("other"));
        assert_eq!(
            key("(六)其他处理1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"),
            Some("other_no_correction")
        );
        assert_eq!(key("3.其他"), Some("other_misc"));
        assert_eq!(key("(七)总计"), Some("total"));
        assert_eq!(key("(本列数据的勾稽关系为:第一项加第二项之和,等于第三项加第四项之和)申请人情况自然人法人或其他组织商业企业科研机构社会公益组织法律服务机构其他总计一、本年新收政府信息公开申请数量"), Some("received"));
        assert_eq!(key("2.其他法律法规禁止公开"), Some("denied_law"));
    }

    #[test]
    fn labels_that_lost_characters_match_by_similarity_only_when_unique() {
        let m = match_row(
            "三、本年度办理结果2.其他法律行政止公开",
            Schema::Requests,
            |_| true,
        )
        .unwrap();
        assert_eq!((REQUEST_ROWS[m.row].key, m.fuzzy), ("denied_law", true));
        assert_eq!(
            key("3.要求提供公开"),
            None,
            "too little of 要求提供公开出版物 is left"
        );
        assert_eq!(key("信息内容"), None);
        assert_eq!(key("申请人情况"), None);
    }
}
