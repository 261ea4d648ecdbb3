//! The register's errors: typed for programs (a web layer matches on them),
//! with their message in both languages for people.

use crate::date::Date;
use xxgk_model::{Lang, Message};

/// One thing wrong with a case: the field it is about and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    /// The field, as the case's JSON names it (`correction.notice`).
    pub field: &'static str,
    /// Why, in both languages.
    pub message: Message,
}

impl Problem {
    /// A problem with `field`.
    pub fn new(field: &'static str, zh: impl Into<String>, en: impl Into<String>) -> Problem {
        Problem {
            field,
            message: Message::new(zh, en),
        }
    }
}

/// Why the register could not do what was asked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RegisterError {
    /// A day the loaded calendar does not cover: the notice of `year` is missing.
    BeyondCalendar {
        /// The day asked about.
        date: Date,
        /// The year whose holiday notice would decide it.
        year: i32,
    },
    /// The case contradicts the 条例 or itself; every problem is listed.
    Invalid(Vec<Problem>),
}

impl RegisterError {
    /// What went wrong, in both languages (problems one per line).
    pub fn message(&self) -> Message {
        match self {
            RegisterError::BeyondCalendar { date, year } => Message::new(
                format!(
                    "日历中没有 {year} 年的节假日安排（国务院办公厅关于 {year} 年部分节假日安排的通知）：无法判断 {date} 是否为工作日；通知发布后，把它安排的每一天按 data/calendar.csv 的格式写入一个 CSV 文件，用环境变量 XXGK_CALENDAR 指定该文件"
                ),
                format!(
                    "the calendar has no holiday arrangement for {year} (the State Council's notice on the {year} holidays): cannot tell whether {date} is a working day; once the notice is published, write the days it arranges to a CSV file in the format of data/calendar.csv and name that file in the environment variable XXGK_CALENDAR"
                ),
            ),
            RegisterError::Invalid(problems) => {
                let lines = |lang: Lang| {
                    problems
                        .iter()
                        .map(|p| format!("{}: {}", p.field, p.message.get(lang)))
                        .collect::<Vec<_>>()
                        .join("\n")
                };
                Message::new(lines(Lang::Zh), lines(Lang::En))
            }
        }
    }
}

impl std::fmt::Display for RegisterError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message().en)
    }
}

impl std::error::Error for RegisterError {}
