//! `xxgk coverage --year Y`: which bodies of the agency list have no report for
//! a year. Reports are matched to listed bodies by the corpus pass (see
//! [`xxgk_check::body`]), so a report printing a short or traditional form of a
//! listed name still counts.

use std::collections::HashSet;
use xxgk_store::{Agency, Store, StoreError};

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
    for row in store
        .reports()?
        .into_iter()
        .filter(|r| r.year == Some(year))
    {
        match row.body {
            Some(body) if listed.contains(body.as_str()) => {
                reported.insert(body);
            }
            _ => unlisted_reports += 1,
        }
    }
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
