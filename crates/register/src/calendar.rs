//! The official working-day calendar: weekends off, the statutory holidays
//! off, the make-up working days (调休上班) on, year by year as the State
//! Council's notices (国务院办公厅关于某年部分节假日安排的通知) arrange them.
//!
//! The data is `data/calendar.csv` in this crate, embedded in the binary: one
//! row per day off (`休`) or make-up working day (`班`), each with the
//! holiday it belongs to and the notice it comes from. A year is *covered*
//! when its notice is loaded. A notice for year Y can also reach back into the
//! last days of December of Y−1 (the 2019 notice gave 2018-12-29 to work and
//! 12-30/31 off), so a day after 25 December is covered only when the next
//! year's notice is loaded too. A day the calendar does not cover is an error
//! naming the year whose notice is missing — never a guess from weekends.
//!
//! The State Council publishes next year's notice in November or December,
//! before a release of xxgk may carry it. An office then writes the days it
//! arranges to a CSV file in the same format and names it in the environment
//! variable [`EXTRA_ENV`] (`XXGK_CALENDAR`): [`Calendar::official`] adds the
//! years it covers to the embedded ones. A year the embedded data has already
//! cannot be changed that way, and a file that cannot be read is reported on
//! standard error and left out (the days it would cover stay errors).

use crate::date::{Date, Weekday};
use crate::error::RegisterError;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};
use std::sync::OnceLock;

/// The environment variable naming a calendar file that adds years to the
/// embedded data (a notice published after this release).
pub const EXTRA_ENV: &str = "XXGK_CALENDAR";

/// The embedded calendar data.
pub const OFFICIAL_CSV: &str = include_str!("../data/calendar.csv");

/// Whether a listed day is off or a make-up working day.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// 休: a day off of a holiday period.
    Off,
    /// 班: a weekend day that is a working day (调休上班).
    MakeUp,
}

/// The holidays the notices arrange, as the notices name them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Holiday {
    /// 元旦.
    NewYear,
    /// 春节.
    SpringFestival,
    /// 清明节.
    Qingming,
    /// 劳动节.
    LabourDay,
    /// 端午节.
    DragonBoat,
    /// 中秋节.
    MidAutumn,
    /// 国庆节.
    NationalDay,
    /// 国庆节、中秋节 (one period, 2020 and 2025).
    NationalDayMidAutumn,
    /// 中秋节、国庆节 (one period, 2023).
    MidAutumnNationalDay,
}

const HOLIDAYS: &[(Holiday, &str, &str)] = &[
    (Holiday::NewYear, "元旦", "New Year's Day"),
    (Holiday::SpringFestival, "春节", "Spring Festival"),
    (Holiday::Qingming, "清明节", "Qingming Festival"),
    (Holiday::LabourDay, "劳动节", "Labour Day"),
    (Holiday::DragonBoat, "端午节", "Dragon Boat Festival"),
    (Holiday::MidAutumn, "中秋节", "Mid-Autumn Festival"),
    (Holiday::NationalDay, "国庆节", "National Day"),
    (
        Holiday::NationalDayMidAutumn,
        "国庆节、中秋节",
        "National Day and Mid-Autumn Festival",
    ),
    (
        Holiday::MidAutumnNationalDay,
        "中秋节、国庆节",
        "Mid-Autumn Festival and National Day",
    ),
];

impl Holiday {
    /// The name the notice uses (`春节`).
    pub fn zh(self) -> &'static str {
        HOLIDAYS.iter().find(|h| h.0 == self).map_or("", |h| h.1)
    }
    /// The English name.
    pub fn en(self) -> &'static str {
        HOLIDAYS.iter().find(|h| h.0 == self).map_or("", |h| h.2)
    }
    fn from_zh(name: &str) -> Option<Holiday> {
        HOLIDAYS.iter().find(|h| h.1 == name).map(|h| h.0)
    }
}

/// A day the notices list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Special {
    /// Off or make-up working day.
    pub kind: Kind,
    /// The holiday period it belongs to.
    pub holiday: Holiday,
    /// The notice it comes from (`国办发明电〔2024〕12号`).
    pub notice: String,
}

/// What one day is.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum DayKind {
    /// Monday to Friday, not a holiday.
    Weekday,
    /// Saturday or Sunday, not a make-up day.
    Weekend,
    /// A day off of a holiday period (weekend days inside the period too).
    Holiday {
        /// The holiday.
        holiday: Holiday,
        /// The notice.
        notice: String,
    },
    /// A weekend day that is a working day.
    MakeUp {
        /// The holiday the day makes up for.
        holiday: Holiday,
        /// The notice.
        notice: String,
    },
}

impl DayKind {
    /// True when people work that day.
    pub fn is_working(&self) -> bool {
        matches!(self, DayKind::Weekday | DayKind::MakeUp { .. })
    }
}

/// The working-day calendar.
#[derive(Clone, Debug)]
pub struct Calendar {
    days: BTreeMap<Date, Special>,
    years: BTreeSet<i32>,
    notices: BTreeMap<i32, BTreeSet<String>>,
}

/// Why calendar data could not be read (embedded data is tested, so this is
/// for data a caller supplies).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CalendarDataError {
    /// The 1-based line of the CSV.
    pub line: usize,
    /// What is wrong.
    pub detail: String,
}

impl std::fmt::Display for CalendarDataError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "calendar line {}: {}", self.line, self.detail)
    }
}
impl std::error::Error for CalendarDataError {}

impl Calendar {
    /// The official calendar embedded in this crate (2019 to 2026), with the
    /// years of the file named by [`EXTRA_ENV`], if any.
    pub fn official() -> &'static Calendar {
        static CALENDAR: OnceLock<Calendar> = OnceLock::new();
        CALENDAR.get_or_init(|| {
            let embedded =
                Calendar::parse(OFFICIAL_CSV).expect("the embedded calendar is tested to parse");
            let Some(path) = std::env::var_os(EXTRA_ENV) else {
                return embedded;
            };
            let extended = std::fs::read_to_string(&path)
                .map_err(|e| e.to_string())
                .and_then(|text| embedded.extended(&text).map_err(|e| e.to_string()));
            match extended {
                Ok(calendar) => calendar,
                Err(why) => {
                    // Not silent: the days the file would cover stay errors
                    // that name the missing notice.
                    eprintln!(
                        "xxgk: 错误: {EXTRA_ENV}={}: 无法读取节假日安排文件，只使用内置日历（{why}）",
                        std::path::Path::new(&path).display()
                    );
                    embedded
                }
            }
        })
    }

    /// This calendar with the years of `text` (the format of
    /// `data/calendar.csv`) added; a year this calendar has already is refused.
    pub fn extended(&self, text: &str) -> Result<Calendar, CalendarDataError> {
        let extra = Calendar::parse(text)?;
        if let Some(year) = extra.years.iter().find(|y| self.years.contains(y)) {
            return Err(CalendarDataError {
                line: 0,
                detail: format!("the year {year} is in the embedded calendar already"),
            });
        }
        let mut calendar = self.clone();
        for (date, special) in extra.days {
            if calendar.days.insert(date, special).is_some() {
                return Err(CalendarDataError {
                    line: 0,
                    detail: format!("{date} is in the embedded calendar already"),
                });
            }
        }
        calendar.years.extend(extra.years);
        calendar.notices.extend(extra.notices);
        Ok(calendar)
    }

    /// Reads calendar data in the format of `data/calendar.csv`
    /// (`year,date,kind,holiday,notice`; `#` lines are comments).
    pub fn parse(text: &str) -> Result<Calendar, CalendarDataError> {
        let mut days = BTreeMap::new();
        let mut years = BTreeSet::new();
        let mut notices: BTreeMap<i32, BTreeSet<String>> = BTreeMap::new();
        let mut header = false;
        for (index, line) in text.lines().enumerate() {
            let number = index + 1;
            let error = |detail: String| CalendarDataError {
                line: number,
                detail,
            };
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            if !header {
                if line != "year,date,kind,holiday,notice" {
                    return Err(error(format!("expected the header, found `{line}`")));
                }
                header = true;
                continue;
            }
            let fields: Vec<&str> = line.split(',').map(str::trim).collect();
            let [year, date, kind, holiday, notice] = fields.as_slice() else {
                return Err(error(format!("expected 5 fields, found {}", fields.len())));
            };
            let year: i32 = year
                .parse()
                .map_err(|_| error(format!("year `{year}` is not a number")))?;
            let date = Date::parse(date).ok_or_else(|| error(format!("bad date `{date}`")))?;
            if !(date.year() == year || (date.year() == year - 1 && date.ymd().1 == 12)) {
                return Err(error(format!("{date} is not in the year {year} arranges")));
            }
            let kind = match *kind {
                "休" => Kind::Off,
                "班" => Kind::MakeUp,
                other => return Err(error(format!("kind `{other}` is neither 休 nor 班"))),
            };
            if kind == Kind::MakeUp && !date.weekday().is_weekend() {
                return Err(error(format!(
                    "{date} is a make-up day but not a weekend day"
                )));
            }
            let holiday = Holiday::from_zh(holiday)
                .ok_or_else(|| error(format!("unknown holiday `{holiday}`")))?;
            if notice.is_empty() {
                return Err(error("no notice".to_string()));
            }
            let special = Special {
                kind,
                holiday,
                notice: notice.to_string(),
            };
            if days.insert(date, special).is_some() {
                return Err(error(format!("{date} is listed twice")));
            }
            years.insert(year);
            notices.entry(year).or_default().insert(notice.to_string());
        }
        Ok(Calendar {
            days,
            years,
            notices,
        })
    }

    /// The years whose notice is loaded.
    pub fn years(&self) -> impl Iterator<Item = i32> + '_ {
        self.years.iter().copied()
    }

    /// The notices of a year's arrangement.
    pub fn notices(&self, year: i32) -> Vec<&str> {
        self.notices
            .get(&year)
            .map(|n| n.iter().map(String::as_str).collect())
            .unwrap_or_default()
    }

    /// Every listed day, in order.
    pub fn specials(&self) -> impl Iterator<Item = (Date, &Special)> + '_ {
        self.days.iter().map(|(d, s)| (*d, s))
    }

    /// The year whose notice `date` needs and that is not loaded, if any.
    pub fn missing_year(&self, date: Date) -> Option<i32> {
        let (year, month, day) = date.ymd();
        if !self.years.contains(&year) {
            return Some(year);
        }
        if month == 12 && day > 25 && !self.years.contains(&(year + 1)) {
            return Some(year + 1);
        }
        None
    }

    /// What `date` is: an error when the calendar does not cover it.
    pub fn day(&self, date: Date) -> Result<DayKind, RegisterError> {
        if let Some(year) = self.missing_year(date) {
            return Err(RegisterError::BeyondCalendar { date, year });
        }
        Ok(match self.days.get(&date) {
            Some(special) => match special.kind {
                Kind::Off => DayKind::Holiday {
                    holiday: special.holiday,
                    notice: special.notice.clone(),
                },
                Kind::MakeUp => DayKind::MakeUp {
                    holiday: special.holiday,
                    notice: special.notice.clone(),
                },
            },
            None if date.weekday().is_weekend() => DayKind::Weekend,
            None => DayKind::Weekday,
        })
    }

    /// True when `date` is a working day.
    pub fn is_working(&self, date: Date) -> Result<bool, RegisterError> {
        Ok(self.day(date)?.is_working())
    }

    /// The `n`-th working day after `start` (`start` itself not counted).
    pub fn add_working_days(&self, start: Date, n: u32) -> Result<Date, RegisterError> {
        let mut day = start;
        let mut counted = 0;
        while counted < n {
            day = day.next();
            if self.is_working(day)? {
                counted += 1;
            }
        }
        Ok(day)
    }

    /// Working days after `from` up to and including `to` (0 when `to` ≤ `from`).
    pub fn working_days_between(&self, from: Date, to: Date) -> Result<u32, RegisterError> {
        let mut day = from;
        let mut counted = 0;
        while day < to {
            day = day.next();
            if self.is_working(day)? {
                counted += 1;
            }
        }
        Ok(counted)
    }
}

/// `周一` for weekday names in explanations.
pub fn weekday_name(day: Weekday, lang: xxgk_model::Lang) -> &'static str {
    match lang {
        xxgk_model::Lang::Zh => day.zh(),
        xxgk_model::Lang::En => day.en(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_embedded_calendar_parses_and_covers_2019_to_2026() {
        let calendar = Calendar::official();
        assert_eq!(
            calendar.years().collect::<Vec<_>>(),
            (2019..=2026).collect::<Vec<_>>()
        );
        assert_eq!(calendar.notices(2025), ["国办发明电〔2024〕12号"]);
        assert_eq!(
            calendar.notices(2020),
            ["国办发明电〔2019〕16号", "国办发明电〔2020〕1号"]
        );
    }

    #[test]
    fn a_later_notice_extends_the_calendar_and_cannot_change_an_embedded_year() {
        let official = Calendar::official();
        let later = "year,date,kind,holiday,notice\n\
                     2027,2027-01-01,休,元旦,国办发明电〔2026〕1号\n";
        let calendar = official.extended(later).unwrap();
        assert_eq!(calendar.notices(2027), ["国办发明电〔2026〕1号"]);
        let new_year = Date::new(2027, 1, 1).unwrap();
        assert!(!calendar.is_working(new_year).unwrap());
        assert!(official.is_working(new_year).is_err());
        // A day of late December 2026 needs the 2027 notice; now it is loaded.
        let late = Date::new(2026, 12, 28).unwrap();
        assert!(calendar.is_working(late).unwrap());
        let again = "year,date,kind,holiday,notice\n2026,2026-10-08,休,国庆节,假的\n";
        let refused = official.extended(again).unwrap_err();
        assert!(refused.detail.contains("2026"), "{refused}");
    }

    #[test]
    fn days_beyond_the_calendar_name_the_missing_year() {
        let calendar = Calendar::official();
        let date = Date::new(2027, 3, 1).unwrap();
        assert_eq!(
            calendar.day(date),
            Err(RegisterError::BeyondCalendar { date, year: 2027 })
        );
        let date = Date::new(2026, 12, 28).unwrap();
        assert_eq!(
            calendar.day(date),
            Err(RegisterError::BeyondCalendar { date, year: 2027 })
        );
        let date = Date::new(2018, 12, 28).unwrap();
        assert_eq!(
            calendar.day(date),
            Err(RegisterError::BeyondCalendar { date, year: 2018 })
        );
        assert!(calendar.day(Date::new(2026, 12, 25).unwrap()).is_ok());
    }

    #[test]
    fn bad_data_is_refused_with_its_line() {
        let head = "year,date,kind,holiday,notice\n";
        for (body, word) in [
            ("2025,2025-01-27,班,春节,X\n", "not a weekend"),
            ("2025,2025-01-28,休,除夕,X\n", "unknown holiday"),
            ("2025,2025-01-28,休,春节,\n", "no notice"),
            ("2025,2026-01-28,休,春节,X\n", "not in the year"),
            (
                "2025,2025-01-28,休,春节,X\n2025,2025-01-28,休,春节,X\n",
                "twice",
            ),
        ] {
            let err = Calendar::parse(&format!("{head}{body}")).unwrap_err();
            assert!(err.detail.contains(word), "{err}");
            assert!(err.line >= 2);
        }
    }
}
