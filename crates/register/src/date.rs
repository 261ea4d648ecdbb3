//! A calendar date (proleptic Gregorian), without time or zone: what the
//! 条例's deadlines count in. No date library is needed for whole days.

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;

/// A day, printed and parsed as `YYYY-MM-DD`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    /// Days since 1970-01-01.
    days: i32,
}

/// The day of the week.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Weekday {
    /// 周一.
    Mon,
    /// 周二.
    Tue,
    /// 周三.
    Wed,
    /// 周四.
    Thu,
    /// 周五.
    Fri,
    /// 周六.
    Sat,
    /// 周日.
    Sun,
}

impl Weekday {
    /// True for Saturday and Sunday.
    pub fn is_weekend(self) -> bool {
        matches!(self, Weekday::Sat | Weekday::Sun)
    }
    /// `周一` … `周日`.
    pub fn zh(self) -> &'static str {
        ["周一", "周二", "周三", "周四", "周五", "周六", "周日"][self as usize]
    }
    /// `Mon` … `Sun`.
    pub fn en(self) -> &'static str {
        ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"][self as usize]
    }
}

impl Date {
    /// The date `year-month-day`, `None` when there is no such day.
    pub fn new(year: i32, month: u32, day: u32) -> Option<Date> {
        if !(1..=12).contains(&month) || day == 0 || day > days_in_month(year, month) {
            return None;
        }
        if !(1..=9999).contains(&year) {
            return None;
        }
        Some(Date {
            days: days_from_civil(year, month, day),
        })
    }

    /// (year, month, day).
    pub fn ymd(self) -> (i32, u32, u32) {
        civil_from_days(self.days)
    }

    /// The year.
    pub fn year(self) -> i32 {
        self.ymd().0
    }

    /// The day of the week.
    pub fn weekday(self) -> Weekday {
        // 1970-01-01 was a Thursday.
        const DAYS: [Weekday; 7] = [
            Weekday::Thu,
            Weekday::Fri,
            Weekday::Sat,
            Weekday::Sun,
            Weekday::Mon,
            Weekday::Tue,
            Weekday::Wed,
        ];
        DAYS[self.days.rem_euclid(7) as usize]
    }

    /// The date `n` calendar days later (earlier when negative).
    pub fn add_days(self, n: i32) -> Date {
        Date {
            days: self.days + n,
        }
    }

    /// The next day.
    pub fn next(self) -> Date {
        self.add_days(1)
    }

    /// Calendar days from `self` to `other` (negative when `other` is earlier).
    pub fn days_until(self, other: Date) -> i32 {
        other.days - self.days
    }

    /// Reads a date as offices write it: `2025-01-20`, `2025/1/20`,
    /// `2025.01.20`, `2025年1月20日`, `20250120`. Anything else is `None`.
    pub fn parse(text: &str) -> Option<Date> {
        let text = text.trim();
        if text.len() == 8 && text.bytes().all(|b| b.is_ascii_digit()) {
            let year = text[..4].parse().ok()?;
            let month = text[4..6].parse().ok()?;
            let day = text[6..].parse().ok()?;
            return Date::new(year, month, day);
        }
        let text = text.strip_suffix('日').unwrap_or(text);
        let parts: Vec<&str> = text
            .split(['-', '/', '.', '年', '月'])
            .map(str::trim)
            .collect();
        let [year, month, day] = parts.as_slice() else {
            return None;
        };
        let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
        if year.len() != 4 || !digits(year) || !digits(month) || !digits(day) {
            return None;
        }
        if month.len() > 2 || day.len() > 2 {
            return None;
        }
        Date::new(year.parse().ok()?, month.parse().ok()?, day.parse().ok()?)
    }

    /// Today in China (UTC+8, Beijing time), by the system clock: the day
    /// deadlines are counted against.
    pub fn today_in_china() -> Date {
        let secs = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs());
        let days = ((secs + 8 * 3600) / 86_400) as i32;
        Date::new(1970, 1, 1).expect("the epoch").add_days(days)
    }

    /// `2025年1月20日`.
    pub fn zh(self) -> String {
        let (y, m, d) = self.ymd();
        format!("{y}年{m}月{d}日")
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (y, m, d) = self.ymd();
        write!(f, "{y:04}-{m:02}-{d:02}")
    }
}

impl Serialize for Date {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Date, D::Error> {
        let text = String::deserialize(d)?;
        Date::parse(&text)
            .ok_or_else(|| serde::de::Error::custom(format!("not a date YYYY-MM-DD: `{text}`")))
    }
}

fn is_leap(year: i32) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap(year) => 29,
        2 => 28,
        _ => 0,
    }
}

// Howard Hinnant's algorithms (days_from_civil, civil_from_days).
fn days_from_civil(y: i32, m: u32, d: u32) -> i32 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y.rem_euclid(400) as u32;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe as i32 - 719_468
}

fn civil_from_days(z: i32) -> (i32, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097) as u32;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe as i32 + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (if m <= 2 { y + 1 } else { y }, m, d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_and_weekdays() {
        let d = Date::new(2025, 1, 20).unwrap();
        assert_eq!(d.to_string(), "2025-01-20");
        assert_eq!(d.weekday(), Weekday::Mon);
        assert_eq!(Date::new(2025, 1, 26).unwrap().weekday(), Weekday::Sun);
        assert_eq!(
            Date::new(2024, 2, 29).unwrap().next().to_string(),
            "2024-03-01"
        );
        assert!(Date::new(2025, 2, 29).is_none());
        let mut day = Date::new(2019, 1, 1).unwrap();
        for _ in 0..3000 {
            let (y, m, dd) = day.ymd();
            assert_eq!(Date::new(y, m, dd), Some(day));
            day = day.next();
        }
    }

    #[test]
    fn parses_what_offices_write() {
        let d = Date::new(2025, 1, 20);
        for text in [
            "2025-01-20",
            "2025/1/20",
            "2025.01.20",
            "2025年1月20日",
            "20250120",
            " 2025-1-20 ",
        ] {
            assert_eq!(Date::parse(text), d, "{text}");
        }
        for text in [
            "2025-13-01",
            "25-1-20",
            "2025-01",
            "2025-01-20x",
            "",
            "2025-02-30",
        ] {
            assert_eq!(Date::parse(text), None, "{text}");
        }
    }
}
