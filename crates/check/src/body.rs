//! A body's identity, in one place: which reports are the same body's, and the
//! body's administrative level ([`level`]). `xxgk check` (pairs of one
//! invocation's reports) and the corpus pass (every stored report, with the
//! user's agency list) both decide "same body" with [`Resolution`], so they
//! agree.
//!
//! The same body prints its name differently from year to year
//! (淮安市洪泽区人民政府, 洪泽区人民政府, 洪泽区政府, 淮安市洪澤區人民政府). Reports are
//! lined up by a **key** (the name folded and normalised) and then **resolved**
//! to one body per key group: a name from the user's agency list when one
//! matches, otherwise the fullest name the reports themselves print.
//!
//! Short forms are only merged into longer ones when that is unambiguous: 鼓楼区
//! exists in four cities, so 鼓楼区人民政府 joins 南京市鼓楼区人民政府 only when no
//! other 鼓楼区 is in the corpus or the list.

pub mod level;

pub use level::{level_name, level_of, Level};

use std::collections::{BTreeMap, BTreeSet, HashMap};

/// Department short forms and the full form they stand for, applied to the end
/// of a name (淮安市发改委 → 淮安市发展和改革委员会). Only forms with one meaning are
/// listed; 文旅局 (文化和旅游局 or 文化广电和旅游局) is not.
#[rustfmt::skip]
pub const SHORT_FORMS: &[(&str, &str)] = &[
    ("发改委", "发展和改革委员会"),
    ("发展改革委", "发展和改革委员会"),
    ("住建局", "住房和城乡建设局"),
    ("人社局", "人力资源和社会保障局"),
    ("卫健委", "卫生健康委员会"),
    ("卫健局", "卫生健康局"),
    ("市场监管局", "市场监督管理局"),
    ("交通局", "交通运输局"),
    ("应急局", "应急管理局"),
    ("医保局", "医疗保障局"),
    ("退役军人局", "退役军人事务局"),
    ("城管局", "城市管理局"),
    ("政府办", "政府办公室"),
    ("政府办公厅", "政府办公厅"),
];

/// Suffixes that only say "the government of" or "the office of" a place and are
/// dropped from the key: 洪泽区人民政府 and 洪泽区政府 are the same body as 洪泽区;
/// 高良涧街道办事处 is 高良涧街道.
#[rustfmt::skip]
const GOVERNMENT_SUFFIXES: &[&str] = &["人民政府", "政府", "办事处"];

/// Characters that end the name of an administrative area: a prefix ending in one
/// of them can be dropped or added (江苏省 + 淮安市 + 洪泽区).
const AREA_ENDS: &[char] = &['省', '市', '区', '县', '州', '盟', '旗'];

/// Words of a name that make a short key specific enough to merge: without one
/// (交通运输局 alone), a short key never joins a longer one.
const PLACE_WORDS: &[char] = &[
    '省', '市', '区', '县', '州', '盟', '旗', '镇', '乡', '街', '村',
];

/// The key of an agency name: folded (simplified, ASCII, no spaces or
/// punctuation), department short forms expanded, 人民政府 → 政府, and a trailing
/// 政府/办事处 dropped. Empty when nothing is left.
pub fn key(name: &str) -> String {
    let folded = xxgk_read::fold(name).text;
    let mut key: String = folded
        .chars()
        .filter(|c| !c.is_whitespace() && !c.is_ascii_punctuation() && !is_cjk_punctuation(*c))
        .collect();
    key = key.replace("人民政府", "政府");
    for (short, full) in SHORT_FORMS {
        if let Some(stem) = key.strip_suffix(short) {
            key = format!("{stem}{full}");
            break;
        }
    }
    for suffix in GOVERNMENT_SUFFIXES {
        if let Some(stem) = key.strip_suffix(suffix) {
            if !stem.is_empty() {
                key = stem.to_string();
            }
            break;
        }
    }
    key
}

fn is_cjk_punctuation(c: char) -> bool {
    matches!(c, '\u{3000}'..='\u{303F}' | '\u{FF01}'..='\u{FF0F}' | '·' | '・' | '—' | '“' | '”' | '‘' | '’')
}

/// True when `short` is `long` with a prefix of whole areas removed
/// (洪泽区 of 淮安市洪泽区, 淮安市洪泽区 of 江苏省淮安市洪泽区).
pub fn is_area_suffix(short: &str, long: &str) -> bool {
    if short.len() >= long.len() || !short.contains(PLACE_WORDS) {
        return false;
    }
    long.strip_suffix(short)
        .and_then(|prefix| prefix.chars().last())
        .is_some_and(|c| AREA_ENDS.contains(&c))
}

/// Every `short` for which [`is_area_suffix`]`(short, long)` holds: the rest of
/// `long` after each of its area names, when that rest names a place. Lets a
/// resolution index keys by their suffixes instead of comparing every pair.
fn area_suffixes(long: &str) -> impl Iterator<Item = &str> {
    long.char_indices()
        .filter(|(_, c)| AREA_ENDS.contains(c))
        .map(move |(i, c)| &long[i + c.len_utf8()..])
        .filter(|rest| rest.contains(PLACE_WORDS))
}

/// True when `short` abbreviates `long` the way Chinese names are shortened:
/// its characters appear in `long` in order, and it starts where an area of
/// `long` starts and ends with the same character (平乐区文旅局 of
/// 淮安市平乐区文化广电和旅游局). Only used when exactly one name qualifies.
pub fn is_abbreviation(short: &str, long: &str) -> bool {
    if !may_abbreviate(short) || short.len() >= long.len() {
        return false;
    }
    if short.chars().last() != long.chars().last() {
        return false;
    }
    abbreviation_starts(long).any(|at| {
        is_subsequence(short, &long[at..]) && short.chars().next() == long[at..].chars().next()
    })
}

/// Where in `long` an abbreviation of it may start: at the beginning or right
/// after one of its area names.
fn abbreviation_starts(long: &str) -> impl Iterator<Item = usize> + '_ {
    std::iter::once(0)
        .chain(
            long.char_indices()
                .filter(|(_, c)| AREA_ENDS.contains(c))
                .map(|(i, c)| i + c.len_utf8()),
        )
        .filter(|&at| at < long.len())
}

/// The listed keys by the first and last characters an abbreviation of each
/// would have (see [`is_abbreviation`]): a printed key is compared only with
/// those its own first and last characters name. With the 17,000 names of a
/// national list, comparing it with every one was most of a corpus pass over
/// what changed.
fn abbreviation_index<'k>(
    listed: impl Iterator<Item = &'k String>,
) -> HashMap<(char, char), Vec<&'k String>> {
    let mut index: HashMap<(char, char), Vec<&String>> = HashMap::new();
    for long in listed {
        let Some(last) = long.chars().next_back() else {
            continue;
        };
        let mut firsts: Vec<char> = abbreviation_starts(long)
            .filter_map(|at| long[at..].chars().next())
            .collect();
        firsts.sort_unstable();
        firsts.dedup();
        for first in firsts {
            index.entry((first, last)).or_default().push(long);
        }
    }
    index
}

/// The ends [`abbreviation_index`] files an abbreviation `short` under.
fn abbreviation_ends(short: &str) -> Option<(char, char)> {
    Some((short.chars().next()?, short.chars().next_back()?))
}

/// What [`is_abbreviation`] asks of `short` alone: three characters or more,
/// and a place word.
fn may_abbreviate(short: &str) -> bool {
    short.chars().nth(2).is_some() && short.contains(PLACE_WORDS)
}

fn is_subsequence(short: &str, long: &str) -> bool {
    let mut rest = long.chars();
    short.chars().all(|c| rest.any(|l| l == c))
}

/// Which body each key belongs to.
#[derive(Clone, Debug, Default)]
pub struct Resolution {
    /// Key → the body's name.
    bodies: HashMap<String, String>,
    /// Body names that come from the agency list.
    listed: BTreeSet<String>,
}

impl Resolution {
    /// Resolves the keys of the printed names `printed` (each a report's agency),
    /// against the listed agency names `listed` (may be empty).
    pub fn new<'a>(
        printed: impl IntoIterator<Item = &'a str>,
        listed: impl IntoIterator<Item = &'a str>,
    ) -> Resolution {
        // Listed names first: their key → name (the first listing of a key wins;
        // duplicates are refused when the list is read).
        let mut listed_keys: BTreeMap<String, String> = BTreeMap::new();
        for name in listed {
            listed_keys
                .entry(key(name))
                .or_insert_with(|| name.to_string());
        }
        // Printed names by key, counting how often each spelling occurs.
        let mut spellings: BTreeMap<String, BTreeMap<String, usize>> = BTreeMap::new();
        for name in printed {
            let k = key(name);
            if !k.is_empty() {
                let folded = xxgk_read::fold(name.trim()).text;
                *spellings.entry(k).or_default().entry(folded).or_default() += 1;
            }
        }
        let all_keys: BTreeSet<&String> = listed_keys.keys().chain(spellings.keys()).collect();
        // Area suffix → the keys it is an area suffix of, in key order.
        let mut longer: HashMap<&str, BTreeSet<&String>> = HashMap::new();
        for &k in &all_keys {
            for suffix in area_suffixes(k) {
                longer.entry(suffix).or_default().insert(k);
            }
        }
        let abbreviations = abbreviation_index(listed_keys.keys());
        let targets: BTreeMap<&String, String> = spellings
            .keys()
            .map(|k| (k, canonical_key(k, &longer, &listed_keys, &abbreviations)))
            .collect();
        // An unlisted group is named by its fullest printed spelling: longest,
        // then most frequent, then smallest text, so that the name is deterministic.
        let mut group_names: BTreeMap<&str, (usize, usize, std::cmp::Reverse<&str>)> =
            BTreeMap::new();
        for (k, names) in &spellings {
            for (spelling, &count) in names {
                let candidate = (
                    spelling.chars().count(),
                    count,
                    std::cmp::Reverse(spelling.as_str()),
                );
                let best = group_names.entry(targets[k].as_str()).or_insert(candidate);
                *best = (*best).max(candidate);
            }
        }
        let bodies = targets
            .iter()
            .map(|(k, target)| {
                let name = listed_keys
                    .get(target)
                    .cloned()
                    .unwrap_or_else(|| group_names[target.as_str()].2 .0.to_string());
                ((*k).clone(), name)
            })
            .collect();
        Resolution {
            bodies,
            listed: listed_keys.values().cloned().collect(),
        }
    }

    /// The body of a printed agency name, `None` for a name with no key.
    pub fn body_of(&self, printed: &str) -> Option<&str> {
        self.bodies.get(&key(printed)).map(String::as_str)
    }

    /// True when `body` is a name from the agency list.
    pub fn is_listed(&self, body: &str) -> bool {
        self.listed.contains(body)
    }
}

/// The key a key joins: a listed key if it is one; else the one listed or
/// printed key it is an unambiguous area suffix of (洪泽区 → 淮安市洪泽区), or that
/// is an unambiguous area suffix of it (江苏省淮安市洪泽区 → 淮安市洪泽区 when listed);
/// else itself.
///
/// `longer_keys` maps an area suffix to the listed or printed keys it is an area
/// suffix of; `abbreviations` the listed keys by [`abbreviation_index`].
fn canonical_key(
    k: &str,
    longer_keys: &HashMap<&str, BTreeSet<&String>>,
    listed: &BTreeMap<String, String>,
    abbreviations: &HashMap<(char, char), Vec<&String>>,
) -> String {
    if listed.contains_key(k) {
        return k.to_string();
    }
    let longer: Vec<&&String> = longer_keys.get(k).into_iter().flatten().collect();
    // The longest chain end: 洪泽区 ⊂ 淮安市洪泽区 ⊂ 江苏省淮安市洪泽区 all name one body,
    // so candidates that are suffixes of each other count once (the listed one,
    // else the longest).
    let distinct: Vec<&&String> = longer
        .iter()
        .copied()
        .filter(|o| {
            !longer
                .iter()
                .any(|other| other != o && is_area_suffix(o, other))
        })
        .collect();
    if let [only] = distinct[..] {
        // Prefer a listed key along the chain.
        let chain = longer.iter().find(|o| listed.contains_key(o.as_str()));
        return chain.map_or_else(|| only.to_string(), |l| l.to_string());
    }
    if distinct.is_empty() {
        let shorter: Vec<&str> = area_suffixes(k)
            .filter(|l| listed.contains_key(*l))
            .collect();
        if let [only] = shorter[..] {
            return only.to_string();
        }
        // An abbreviation of exactly one listed name (文旅局 for 文化广电和旅游局).
        let abbreviated: Vec<&String> = Some(k)
            .filter(|k| may_abbreviate(k))
            .and_then(abbreviation_ends)
            .and_then(|ends| abbreviations.get(&ends))
            .into_iter()
            .flatten()
            .copied()
            .filter(|l| is_abbreviation(k, l))
            .collect();
        if let [only] = abbreviated[..] {
            return only.clone();
        }
    }
    k.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_of_one_body_agree() {
        for name in [
            "淮安市洪泽区人民政府",
            "淮安市洪泽区政府",
            "淮安市洪澤區人民政府",
            " 淮安市 洪泽区 人民政府 ",
        ] {
            assert_eq!(key(name), "淮安市洪泽区", "{name}");
        }
        assert_eq!(key("洪泽区高良涧街道办事处"), "洪泽区高良涧街道");
        assert_eq!(key("淮安市发改委"), "淮安市发展和改革委员会");
        assert_eq!(key("淮安市人民政府办公室"), "淮安市政府办公室");
        assert_eq!(key("淮安市政府办"), "淮安市政府办公室");
        // The government and its office are different bodies.
        assert_ne!(key("淮安市人民政府"), key("淮安市人民政府办公室"));
    }

    #[test]
    fn area_suffixes() {
        assert!(is_area_suffix("洪泽区", "淮安市洪泽区"));
        assert!(is_area_suffix("淮安市洪泽区", "江苏省淮安市洪泽区"));
        assert!(!is_area_suffix("泽区", "淮安市洪泽区"));
        // No place word: too unspecific to merge.
        assert!(!is_area_suffix("交通运输局", "淮安市交通运输局"));
    }

    #[test]
    fn short_forms_join_the_unique_longer_name() {
        let r = Resolution::new(
            [
                "淮安市洪泽区人民政府",
                "洪泽区人民政府",
                "洪泽区政府",
                "淮安市洪澤區人民政府",
            ],
            [],
        );
        for name in ["淮安市洪泽区人民政府", "洪泽区人民政府", "洪泽区政府"] {
            assert_eq!(r.body_of(name), Some("淮安市洪泽区人民政府"), "{name}");
        }
    }

    #[test]
    fn ambiguous_short_forms_stay_apart() {
        let r = Resolution::new(
            [
                "南京市鼓楼区人民政府",
                "福州市鼓楼区人民政府",
                "鼓楼区人民政府",
            ],
            [],
        );
        assert_eq!(r.body_of("鼓楼区人民政府"), Some("鼓楼区人民政府"));
        assert_eq!(r.body_of("南京市鼓楼区政府"), Some("南京市鼓楼区人民政府"));
    }

    #[test]
    fn abbreviations() {
        assert!(is_abbreviation(
            "平乐区文旅局",
            "淮安市平乐区文化广电和旅游局"
        ));
        assert!(is_abbreviation("淮安市文旅局", "淮安市文化和旅游局"));
        // Not the same kind of body, or not an abbreviation at all.
        assert!(!is_abbreviation(
            "平乐区文旅局",
            "淮安市平乐区文化广电和旅游中心"
        ));
        assert!(!is_abbreviation(
            "平乐区旅文局",
            "淮安市平乐区文化广电和旅游局"
        ));
        assert!(!is_abbreviation("文旅局", "淮安市文化和旅游局"));
        let r = Resolution::new(
            ["平乐区文旅局"],
            ["淮安市平乐区文化广电和旅游局", "淮安市平乐区人民政府"],
        );
        assert_eq!(
            r.body_of("平乐区文旅局"),
            Some("淮安市平乐区文化广电和旅游局")
        );
    }

    /// The index a resolution looks abbreviations up in misses none: over
    /// names made of areas and bodies, every long name a short one
    /// abbreviates is filed under the short one's ends.
    #[test]
    fn the_abbreviation_index_holds_every_abbreviated_name() {
        let areas = [
            "",
            "江苏省",
            "淮安市",
            "平乐区",
            "淮安市平乐区",
            "高良涧街道",
        ];
        let bodies = [
            "文化广电和旅游局",
            "文化和旅游局",
            "文旅局",
            "交通运输局",
            "交通局",
            "人民政府",
            "政府",
            "发展和改革委员会",
            "发改委",
        ];
        let names: Vec<String> = areas
            .iter()
            .flat_map(|a| bodies.iter().map(move |b| key(&format!("{a}{b}"))))
            .filter(|k| !k.is_empty())
            .collect();
        let index = abbreviation_index(names.iter());
        let mut found = 0;
        for short in &names {
            for long in names.iter().filter(|long| is_abbreviation(short, long)) {
                found += 1;
                let filed = abbreviation_ends(short).and_then(|ends| index.get(&ends));
                assert!(
                    filed.is_some_and(|f| f.contains(&long)),
                    "{short} of {long}"
                );
            }
        }
        assert!(found > 0);
    }

    #[test]
    fn listed_names_win() {
        let r = Resolution::new(
            [
                "洪泽区政府",
                "江苏省淮安市洪泽区人民政府",
                "淮安市洪泽区交通局",
            ],
            ["淮安市洪泽区人民政府", "淮安市洪泽区交通运输局"],
        );
        assert_eq!(r.body_of("洪泽区政府"), Some("淮安市洪泽区人民政府"));
        assert_eq!(
            r.body_of("江苏省淮安市洪泽区人民政府"),
            Some("淮安市洪泽区人民政府")
        );
        assert_eq!(
            r.body_of("淮安市洪泽区交通局"),
            Some("淮安市洪泽区交通运输局")
        );
        assert!(r.is_listed("淮安市洪泽区人民政府"));
    }
}
