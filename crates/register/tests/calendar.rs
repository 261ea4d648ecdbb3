//! The embedded calendar against the `chinese_holiday` crate (an independent
//! transcription of the same State Council notices), for every day both cover.

use chinese_holiday::{chinese_holiday, Ymd};
use xxgk_register::{Calendar, Date};

#[test]
fn every_day_agrees_with_chinese_holiday() {
    let calendar = Calendar::official();
    let first = calendar.years().next().unwrap();
    let mut day = Date::new(first, 1, 1).unwrap();
    // chinese_holiday covers up to 2026-12-25 (it asserts beyond).
    let last = Date::new(2026, 12, 25).unwrap();
    let mut differences = Vec::new();
    let mut checked = 0;
    while day <= last {
        let (y, m, d) = day.ymd();
        let theirs = chinese_holiday(Ymd::new(y as u16, m as u8, d as u8)).is_workday();
        let ours = calendar.is_working(day).unwrap();
        if ours != theirs {
            differences.push(format!("{day}: ours {ours}, chinese_holiday {theirs}"));
        }
        checked += 1;
        day = day.next();
    }
    assert!(differences.is_empty(), "{}", differences.join("\n"));
    assert!(checked > 2900, "{checked}");
}

#[test]
fn every_year_from_2019_to_2026_names_its_notice() {
    let calendar = Calendar::official();
    for year in 2019..=2026 {
        let notices = calendar.notices(year);
        assert!(!notices.is_empty(), "{year}");
        for notice in notices {
            assert!(
                notice.starts_with("国办发明电〔") && notice.ends_with('号'),
                "{notice}"
            );
        }
    }
    // Each year's notice, and the two that changed a year's arrangement.
    let expected: [&[&str]; 8] = [
        &["国办发明电〔2018〕15号", "国办发明电〔2019〕3号"],
        &["国办发明电〔2019〕16号", "国办发明电〔2020〕1号"],
        &["国办发明电〔2020〕27号"],
        &["国办发明电〔2021〕11号"],
        &["国办发明电〔2022〕16号"],
        &["国办发明电〔2023〕7号"],
        &["国办发明电〔2024〕12号"],
        &["国办发明电〔2025〕7号"],
    ];
    for (year, notices) in (2019..=2026).zip(expected) {
        assert_eq!(calendar.notices(year), notices, "{year}");
    }
}
