//! `xxgk coverage --year Y`: which bodies of the agency list have no report for
//! a year. Reports are matched to listed bodies by the corpus pass (see
//! [`xxgk_check::body`]), so a report printing a short or traditional form of a
//! listed name still counts.

use std::collections::HashSet;
use xxgk_check::body::key;
use xxgk_store::{Agency, FailureRow, Store, StoreError};

/// The coverage of one year.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Coverage {
    /// The report year.
    pub year: i32,
    /// Bodies in the agency list.
    pub listed: usize,
    /// Listed bodies with at least one report for the year.
    pub covered: usize,
    /// Listed bodies without one, in list order (by name).
    #[serde(serialize_with = "serialize_agencies")]
    pub missing: Vec<Agency>,
    /// Reports of the year whose body is not in the list.
    pub unlisted_reports: usize,
}

/// Coverage of `year`; `None` when no agency list is stored.
pub fn coverage(store: &dyn Store, year: i32) -> Result<Option<Coverage>, StoreError> {
    let agencies = store.agencies()?;
    if agencies.is_empty() {
        return Ok(None);
    }
    let listed: HashSet<&str> = agencies.iter().map(|a| a.name.as_str()).collect();
    let mut reported = HashSet::new();
    let mut unlisted_reports = 0;
    // Streamed: of each report, only a listed body is kept.
    store.each_report(&mut |row| {
        if row.year == Some(year) {
            match row.body {
                Some(body) if listed.contains(body.as_str()) => {
                    reported.insert(body);
                }
                _ => unlisted_reports += 1,
            }
        }
        Ok(())
    })?;
    let missing: Vec<Agency> = agencies
        .iter()
        .filter(|a| !reported.contains(&a.name))
        .cloned()
        .collect();
    Ok(Some(Coverage {
        year,
        listed: agencies.len(),
        covered: agencies.len() - missing.len(),
        missing,
        unlisted_reports,
    }))
}

fn serialize_agencies<S: serde::Serializer>(list: &[Agency], s: S) -> Result<S::Ok, S::Error> {
    use serde::ser::SerializeSeq;
    let mut seq = s.serialize_seq(Some(list.len()))?;
    for a in list {
        seq.serialize_element(&serde_json::json!({
            "name": a.name, "region": a.region, "level": a.level, "parent": a.parent,
        }))?;
    }
    seq.end()
}

/// A listed body with no report for the year, and why as far as the corpus
/// can tell.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Missing {
    /// The listed body.
    pub agency: Agency,
    /// Stored files that could not be read and seem to be this body's
    /// (see [`unreadable`]); empty: nothing was found at all.
    pub unreadable: Vec<FailureRow>,
}

/// Why each missing body of `coverage` has no report: files that could not be
/// read and seem to be its report, or none (nothing found).
///
/// A failure has no year or body (nothing could be read from it), so it is
/// matched by its **file name** (the last part of the path, without
/// extension): it is a body's when the name contains the body's listed name or
/// its key ([`xxgk_check::body::key`]: 淮安市洪泽区人民政府 → 淮安市洪泽区); and
/// it is the year's when the name prints no year (a four-digit 19xx/20xx) or
/// prints this one. When several missing bodies match, the one with the
/// longest match takes it (淮安市洪泽区… is not 淮安市's); bodies matching
/// equally long all list it. Nothing else is guessed.
pub fn unreadable(coverage: &Coverage, failures: &[FailureRow]) -> Vec<Missing> {
    let mut out: Vec<Missing> = coverage
        .missing
        .iter()
        .map(|a| Missing {
            agency: a.clone(),
            unreadable: Vec::new(),
        })
        .collect();
    let keys: Vec<(String, String)> = coverage
        .missing
        .iter()
        .map(|a| (key(&a.name), a.name.clone()))
        .collect();
    for failure in failures {
        let name = file_stem(&failure.file);
        if !names_year(name, coverage.year) {
            continue;
        }
        let name_key = key(name);
        let lengths: Vec<usize> = keys
            .iter()
            .map(|(k, full)| {
                let by_name = if name.contains(full.as_str()) {
                    full.chars().count()
                } else {
                    0
                };
                let by_key = if k.chars().count() >= 2 && name_key.contains(k.as_str()) {
                    k.chars().count()
                } else {
                    0
                };
                by_name.max(by_key)
            })
            .collect();
        let best = lengths.iter().copied().max().unwrap_or(0);
        if best == 0 {
            continue;
        }
        for (missing, length) in out.iter_mut().zip(&lengths) {
            if *length == best {
                missing.unreadable.push(failure.clone());
            }
        }
    }
    out
}

/// The last part of a path, without its extension.
fn file_stem(path: &str) -> &str {
    let name = path.rsplit(['/', '\\']).next().unwrap_or(path);
    match name.rsplit_once('.') {
        Some((stem, _)) if !stem.is_empty() => stem,
        _ => name,
    }
}

/// True when `name` prints no year, or prints `year`.
fn names_year(name: &str, year: i32) -> bool {
    let digits: Vec<char> = name.chars().collect();
    let mut years = Vec::new();
    let mut i = 0;
    while i < digits.len() {
        if digits[i].is_ascii_digit() {
            let start = i;
            while i < digits.len() && digits[i].is_ascii_digit() {
                i += 1;
            }
            let run: String = digits[start..i].iter().collect();
            if run.len() == 4 && (run.starts_with("19") || run.starts_with("20")) {
                years.push(run);
            }
        } else {
            i += 1;
        }
    }
    years.is_empty() || years.iter().any(|y| *y == year.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use xxgk_model::Message;

    fn agency(name: &str) -> Agency {
        Agency {
            name: name.to_string(),
            ..Agency::default()
        }
    }

    fn failure(file: &str) -> FailureRow {
        FailureRow {
            sha256: String::new(),
            file: file.to_string(),
            kind: "corrupt".to_string(),
            message: Message::new("坏", "bad"),
        }
    }

    #[test]
    fn a_failure_goes_to_the_body_its_file_name_names_most_closely_and_for_its_year() {
        let coverage = Coverage {
            year: 2023,
            listed: 3,
            covered: 0,
            missing: vec![
                agency("淮安市人民政府"),
                agency("淮安市洪泽区人民政府"),
                agency("淮安市清江浦区人民政府"),
            ],
            unlisted_reports: 0,
        };
        let failures = [
            failure("in/淮安市洪泽区人民政府2023年报.pdf"),
            failure("in/淮安市洪泽区2022年报.pdf"),
            failure("in/清江浦区.docx"),
            failure("in/report.pdf"),
        ];
        let missing = unreadable(&coverage, &failures);
        let files = |i: usize| -> Vec<&str> {
            missing[i]
                .unreadable
                .iter()
                .map(|f| f.file.as_str())
                .collect()
        };
        assert!(files(0).is_empty(), "{:?}", files(0));
        assert_eq!(files(1), ["in/淮安市洪泽区人民政府2023年报.pdf"]);
        // Neither the full name nor the key (淮安市清江浦区) is in 清江浦区.
        assert!(files(2).is_empty());
    }
}
