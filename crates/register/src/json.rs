//! The register as JSON: what `xxgk register list|show|due|table3 --format
//! json` print and what the web API serves under `/api/v1/register/…` — one
//! serialiser for both, so the two cannot drift apart.
//!
//! The functions take the values the store keeps beside a case (its version,
//! its last change, its history) as plain borrowed values ([`Versioned`],
//! [`HistoryEntry`]), so this crate stays free of the database. Keys come
//! out in the order written here (the workspace's `serde_json` keeps
//! insertion order); [`text`] prints a value as the command line does.
//!
//! ```
//! use xxgk_register::json::{self, Versioned};
//! use xxgk_register::{Applicant, Calendar, Case, Channel, Date};
//! let case = Case::new("2025-001", Applicant::NaturalPerson, Channel::Online, Date::new(2025, 1, 20).unwrap());
//! let stored = Versioned { case: &case, version: 1, updated_at: "2025-01-20T02:00:00.000Z", updated_by: "张三" };
//! let value = json::case(stored, Calendar::official());
//! assert_eq!(value["due"], "2025-02-21");
//! assert_eq!(value["status"], "running");
//! ```

use crate::calendar::Calendar;
use crate::case::Case;
use crate::date::Date;
use crate::deadline;
use crate::error::RegisterError;
use serde_json::{json, Value};
use xxgk_model::{Finding, Lang, RequestRow, Table};

/// A case as stored: the record, its version and its last change.
#[derive(Clone, Copy, Debug)]
pub struct Versioned<'a> {
    /// The record.
    pub case: &'a Case,
    /// Its version: the number of events it has had.
    pub version: u64,
    /// When it was last changed (UTC).
    pub updated_at: &'a str,
    /// Who changed it last.
    pub updated_by: &'a str,
}

/// One event of a case's history.
#[derive(Clone, Copy, Debug)]
pub struct HistoryEntry<'a> {
    /// The version it made.
    pub version: u64,
    /// When (UTC).
    pub at: &'a str,
    /// Who.
    pub who: &'a str,
    /// What: `add`, `update`, `remove` or `import`.
    pub action: &'a str,
    /// The case after it (`None` when it removed the case).
    pub case: Option<&'a Case>,
}

/// One case as `register list --format json` lists it: `case` (the record),
/// `version`, `updated_at`, `updated_by`, `due` (the last day to answer,
/// `null` when none runs or the calendar does not cover it) and `status`
/// (`running`, `awaiting_correction`, or `null` when the calendar does not
/// cover the deadline).
pub fn case(stored: Versioned<'_>, calendar: &Calendar) -> Value {
    let explanation = deadline::explain_case(stored.case, calendar).ok();
    json!({
        "case": stored.case,
        "version": stored.version,
        "updated_at": stored.updated_at,
        "updated_by": stored.updated_by,
        "due": explanation.as_ref().and_then(|e| e.due),
        "status": explanation.as_ref().map(|e| e.status),
    })
}

/// The cases as `register list --format json` prints them: an array of
/// [`case`].
pub fn list<'a>(cases: impl IntoIterator<Item = Versioned<'a>>, calendar: &Calendar) -> Value {
    Value::Array(cases.into_iter().map(|s| case(s, calendar)).collect())
}

/// One case as `register show --format json` prints it: [`case`] and its
/// `history`, oldest event first.
pub fn show<'a>(
    stored: Versioned<'_>,
    history: impl IntoIterator<Item = HistoryEntry<'a>>,
    calendar: &Calendar,
) -> Value {
    let mut value = case(stored, calendar);
    value["history"] = history_json(history);
    value
}

/// A removed case as `register show --format json` prints it: its `id`,
/// the `version` its removal made, `removed: true` (as the API's `DELETE`
/// answers) and its `history`, oldest event first, the last record kept in
/// the events before the removal.
pub fn removed<'a>(id: &str, history: impl IntoIterator<Item = HistoryEntry<'a>>) -> Value {
    let history: Vec<HistoryEntry<'a>> = history.into_iter().collect();
    let version = history.last().map_or(0, |e| e.version);
    json!({
        "id": id,
        "version": version,
        "removed": true,
        "history": history_json(history),
    })
}

/// A case's events, oldest first, each with the record after it.
fn history_json<'a>(history: impl IntoIterator<Item = HistoryEntry<'a>>) -> Value {
    history
        .into_iter()
        .map(|e| {
            json!({
                "version": e.version,
                "at": e.at,
                "who": e.who,
                "action": e.action,
                "case": e.case,
            })
        })
        .collect()
}

/// An open case that `register due` lists.
#[derive(Clone, Debug)]
pub struct DueCase<'a> {
    /// The record.
    pub case: &'a Case,
    /// Its version.
    pub version: u64,
    /// The last day to answer.
    pub due: Date,
    /// Working days from the day looked from to the due date; negative when
    /// overdue by that many.
    pub working_days_left: i64,
}

/// What `register due` lists: the open cases overdue or due within `within`
/// working days of `as_of`, by due date and register number.
#[derive(Clone, Debug)]
pub struct DueList<'a> {
    /// The day looked from.
    pub as_of: Date,
    /// The working days looked ahead.
    pub within: u32,
    /// The last day looked at: `within` working days after `as_of`.
    pub limit: Date,
    /// The cases listed.
    pub cases: Vec<DueCase<'a>>,
    /// Open cases whose deadline the calendar does not cover, with why:
    /// left out of the list and named beside it (`beyond_calendar`).
    pub beyond_calendar: Vec<(&'a Case, u64, RegisterError)>,
}

/// The cases `register due` lists, from every case of the register with its
/// version. A case received after `as_of`, or concluded by then, or awaiting
/// a correction, is not listed. An error when the calendar does not cover
/// the `within` working days after `as_of`.
pub fn due<'a>(
    cases: impl IntoIterator<Item = (&'a Case, u64)>,
    as_of: Date,
    within: u32,
    calendar: &Calendar,
) -> Result<DueList<'a>, RegisterError> {
    let limit = calendar.add_working_days(as_of, within)?;
    let mut listed = Vec::new();
    let mut beyond_calendar = Vec::new();
    for (case, version) in cases {
        if !case.open_on(as_of) || case.received > as_of {
            continue;
        }
        let explanation = match deadline::explain_case(case, calendar) {
            Ok(e) => e,
            // One case beyond the calendar does not hide the others: it is named.
            Err(err) => {
                beyond_calendar.push((case, version, err));
                continue;
            }
        };
        let Some(due) = explanation.due else { continue };
        if due > limit {
            continue;
        }
        let working_days_left: i64 = if due >= as_of {
            i64::from(calendar.working_days_between(as_of, due).unwrap_or(0))
        } else {
            -i64::from(calendar.working_days_between(due, as_of).unwrap_or(0))
        };
        listed.push(DueCase {
            case,
            version,
            due,
            working_days_left,
        });
    }
    listed.sort_by(|a, b| (a.due, &a.case.id).cmp(&(b.due, &b.case.id)));
    Ok(DueList {
        as_of,
        within,
        limit,
        cases: listed,
        beyond_calendar,
    })
}

impl DueList<'_> {
    /// The list as `register due --format json` prints it: `as_of`,
    /// `within`, `cases` (`id`, `version`, `due`, `working_days_left`,
    /// `overdue`, `assignee`, `content`), and `beyond_calendar`: the open
    /// cases whose deadline the calendar does not cover (`id`, `version`,
    /// `reason` in `lang`). A deadline that cannot be counted is not one
    /// that has not come: such a case is named, never silently left out.
    pub fn json(&self, lang: Lang) -> Value {
        let cases: Vec<Value> = self
            .cases
            .iter()
            .map(|d| {
                json!({
                    "id": d.case.id,
                    "version": d.version,
                    "due": d.due,
                    "working_days_left": d.working_days_left,
                    "overdue": d.working_days_left < 0,
                    "assignee": d.case.assignee,
                    "content": d.case.content,
                })
            })
            .collect();
        let beyond: Vec<Value> = self
            .beyond_calendar
            .iter()
            .map(|(case, version, err)| {
                json!({
                    "id": case.id,
                    "version": version,
                    "reason": err.message().get(lang),
                })
            })
            .collect();
        json!({
            "as_of": self.as_of,
            "within": self.within,
            "cases": cases,
            "beyond_calendar": beyond,
        })
    }
}

/// Table 3 counted from the register as `register table3 --format json`
/// prints it: the `year`, how many `cases` it was counted from, the table
/// (`requests`, by row and column key, as in `xxgk/report@1`) and the
/// checker's `findings` on it in `lang` (see [`crate::table3::concerns_table3`]).
pub fn table3(
    year: i32,
    cases: usize,
    table: &Table<RequestRow>,
    findings: &[Finding],
    lang: Lang,
) -> Value {
    json!({
        "year": year,
        "cases": cases,
        "requests": table,
        "findings": findings.iter().map(|f| f.to_json(lang)).collect::<Vec<_>>(),
    })
}

/// A value as the command line prints it: pretty, with a newline at the end.
pub fn text(value: &Value) -> String {
    let mut text = serde_json::to_string_pretty(value).unwrap_or_default();
    text.push('\n');
    text
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::case::{Applicant, Channel, Correction};

    fn day(y: i32, m: u32, d: u32) -> Date {
        Date::new(y, m, d).unwrap()
    }

    /// A removed case is JSON too: its id, the version of its removal, and
    /// its history with the record it had.
    #[test]
    fn a_removed_case_is_its_history() {
        let c = Case::new(
            "2025-001",
            Applicant::NaturalPerson,
            Channel::Online,
            day(2025, 1, 20),
        );
        let entry = |version, action, case| HistoryEntry {
            version,
            at: "t",
            who: "张三",
            action,
            case,
        };
        let value = removed(
            "2025-001",
            [entry(1, "add", Some(&c)), entry(2, "remove", None)],
        );
        assert_eq!(value["id"], "2025-001");
        assert_eq!(value["version"], 2);
        assert_eq!(value["removed"], true);
        assert_eq!(value["history"][0]["case"]["received"], "2025-01-20");
        assert_eq!(value["history"][1]["action"], "remove");
        assert_eq!(value["history"][1]["case"], Value::Null);
    }

    /// A case whose deadline runs past the calendar is named beside the
    /// list, with why, in the language asked: a reader of the JSON must not
    /// take its absence for a deadline that has not come.
    #[test]
    fn a_deadline_past_the_calendar_is_named_not_left_out() {
        let late = Case::new(
            "2026-099",
            Applicant::NaturalPerson,
            Channel::Online,
            day(2026, 12, 21),
        );
        let overdue = Case::new(
            "2026-001",
            Applicant::NaturalPerson,
            Channel::Online,
            day(2026, 11, 2),
        );
        let listed = due(
            [(&late, 3), (&overdue, 1)],
            day(2026, 12, 22),
            0,
            Calendar::official(),
        )
        .unwrap();
        let zh = listed.json(Lang::Zh);
        assert_eq!(zh["cases"].as_array().unwrap().len(), 1);
        assert_eq!(zh["cases"][0]["id"], "2026-001");
        assert_eq!(zh["cases"][0]["overdue"], true);
        assert_eq!(zh["beyond_calendar"].as_array().unwrap().len(), 1);
        assert_eq!(zh["beyond_calendar"][0]["id"], "2026-099");
        assert_eq!(zh["beyond_calendar"][0]["version"], 3);
        let reason = zh["beyond_calendar"][0]["reason"].as_str().unwrap();
        assert!(reason.contains("2027"), "{reason}");
        let en = listed.json(Lang::En);
        let reason = en["beyond_calendar"][0]["reason"].as_str().unwrap();
        assert!(reason.contains("2027") && reason.is_ascii(), "{reason}");
    }

    #[test]
    fn a_case_with_its_deadline_and_history() {
        let mut c = Case::new(
            "2025-001",
            Applicant::NaturalPerson,
            Channel::Online,
            day(2025, 1, 20),
        );
        let stored = Versioned {
            case: &c,
            version: 1,
            updated_at: "t1",
            updated_by: "张三",
        };
        let value = show(
            stored,
            [HistoryEntry {
                version: 1,
                at: "t1",
                who: "张三",
                action: "add",
                case: Some(&c),
            }],
            Calendar::official(),
        );
        let keys: Vec<&str> = value
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        assert_eq!(
            keys,
            [
                "case",
                "version",
                "updated_at",
                "updated_by",
                "due",
                "status",
                "history"
            ]
        );
        assert_eq!(value["due"], "2025-02-21");
        assert_eq!(value["history"][0]["case"]["received"], "2025-01-20");
        c.correction = Some(Correction {
            notice: day(2025, 1, 22),
            corrected: None,
        });
        let stored = Versioned {
            case: &c,
            version: 2,
            updated_at: "t2",
            updated_by: "李四",
        };
        let value = case(stored, Calendar::official());
        assert_eq!(value["status"], "awaiting_correction");
        assert_eq!(value["due"], Value::Null);
    }

    #[test]
    fn due_lists_overdue_and_soon_by_due_date() {
        let a = Case::new(
            "b",
            Applicant::NaturalPerson,
            Channel::Online,
            day(2025, 1, 20),
        );
        let b = Case::new(
            "a",
            Applicant::NaturalPerson,
            Channel::Online,
            day(2025, 2, 10),
        );
        let later = Case::new(
            "c",
            Applicant::NaturalPerson,
            Channel::Online,
            day(2025, 3, 5),
        );
        let cases = [(&a, 1), (&b, 2), (&later, 1)];
        let list = due(cases, day(2025, 3, 4), 5, Calendar::official()).unwrap();
        // a is due 2025-02-21 (overdue), b 2025-03-10 (within 5 working days);
        // c was received after the day looked from.
        let listed: Vec<(&str, i64)> = list
            .cases
            .iter()
            .map(|d| (d.case.id.as_str(), d.working_days_left))
            .collect();
        assert_eq!(listed, [("b", -7), ("a", 4)]);
        let value = list.json(Lang::Zh);
        assert_eq!(value["cases"][0]["overdue"], true);
        assert_eq!(value["cases"][1]["due"], "2025-03-10");
        assert_eq!(value["beyond_calendar"], json!([]));
        assert!(due(cases, day(2026, 12, 30), 5, Calendar::official()).is_err());
    }
}
