//! Deadlines over every rule of the 条例: receipt before a holiday, across a
//! year end, on make-up days, with a correction, a consultation, an
//! extension, and a day beyond the calendar.

use proptest::prelude::*;
use xxgk_model::Lang;
use xxgk_register::deadline::{self, Status};
use xxgk_register::{
    Applicant, Calendar, Case, Channel, Consultation, Correction, Date, Extension, RegisterError,
};

fn d(y: i32, m: u32, day: u32) -> Date {
    Date::new(y, m, day).unwrap()
}

fn due(received: Date) -> Date {
    deadline::explain(received, Some(Channel::Online), Calendar::official())
        .unwrap()
        .due
        .unwrap()
}

fn case(received: Date) -> Case {
    Case::new("T-1", Applicant::NaturalPerson, Channel::InPerson, received)
}

#[test]
fn online_confirmed_2025_01_20_is_due_2025_02_21() {
    let explanation =
        deadline::explain(d(2025, 1, 20), Some(Channel::Online), Calendar::official()).unwrap();
    assert_eq!(explanation.due, Some(d(2025, 2, 21)));
    assert_eq!(explanation.status, Status::Running);
    // 2025-01-26 (Sunday) is a make-up working day: counted as the 5th.
    let text = explanation.render(Lang::Zh);
    assert!(
        text.contains("2025-01-26 周日  第 5 个工作日（调休上班：春节，国办发明电〔2024〕12号）"),
        "{text}"
    );
    assert!(
        text.contains("2025-01-28 周二  春节假期，不计（国办发明电〔2024〕12号）"),
        "{text}"
    );
    assert!(text.contains("2025-01-25 周六  周末，不计"), "{text}");
    assert!(text.ends_with("答复期限：2025-02-21（周五）\n"), "{text}");
}

#[test]
fn received_before_a_holiday() {
    // Friday before National Day 2024: 9-29 (Sunday) and 10-12 (Saturday) are worked.
    assert_eq!(due(d(2024, 9, 27)), d(2024, 10, 30));
    // The day before the 2025 Spring Festival.
    assert_eq!(due(d(2025, 1, 27)), d(2025, 3, 3));
}

#[test]
fn across_a_year_end() {
    // 2026-01-01..03 off, 2026-01-04 (Sunday) worked.
    assert_eq!(due(d(2025, 12, 22)), d(2026, 1, 20));
}

#[test]
fn received_on_make_up_days() {
    // Sunday 2025-01-26 and Saturday 2025-02-08 are working days; receipt is not counted.
    assert_eq!(due(d(2025, 1, 26)), d(2025, 2, 28));
    assert_eq!(due(d(2025, 2, 8)), d(2025, 3, 7));
}

#[test]
fn a_correction_restarts_the_count() {
    let mut c = case(d(2025, 3, 3));
    c.correction = Some(Correction {
        notice: d(2025, 3, 5),
        corrected: Some(d(2025, 3, 10)),
    });
    let explanation = deadline::explain_case(&c, Calendar::official()).unwrap();
    assert_eq!(explanation.start, d(2025, 3, 10));
    // 清明节 2025-04-04..06 skipped.
    assert_eq!(explanation.due, Some(d(2025, 4, 8)));
    c.validate(Calendar::official()).unwrap();

    c.correction.as_mut().unwrap().corrected = None;
    let explanation = deadline::explain_case(&c, Calendar::official()).unwrap();
    assert_eq!(explanation.status, Status::AwaitingCorrection);
    assert_eq!(explanation.due, None);
}

#[test]
fn a_late_correction_notice_is_refused() {
    let mut c = case(d(2025, 3, 3));
    // 7 working days after 2025-03-03 is 2025-03-12.
    c.correction = Some(Correction {
        notice: d(2025, 3, 13),
        corrected: None,
    });
    let Err(RegisterError::Invalid(problems)) = c.validate(Calendar::official()) else {
        panic!("accepted");
    };
    assert_eq!(problems[0].field, "correction.notice");
    assert!(
        problems[0].message.zh.contains("2025-03-12"),
        "{:?}",
        problems
    );
    assert!(problems[0].message.en.contains("7 working days"));
}

#[test]
fn consultation_time_is_not_counted() {
    let received = d(2025, 6, 3);
    let without = due(received);
    assert_eq!(without, d(2025, 7, 1));
    let mut c = case(received);
    c.consultations.push(Consultation {
        party: Some("某公司".into()),
        start: d(2025, 6, 10),
        end: Some(d(2025, 6, 13)),
    });
    let explanation = deadline::explain_case(&c, Calendar::official()).unwrap();
    // 06-11, 06-12, 06-13 paused: three working days later.
    assert_eq!(explanation.due, Some(d(2025, 7, 4)));
    // No opinion yet: the third party's full 15 working days are assumed.
    c.consultations[0].end = None;
    let explanation = deadline::explain_case(&c, Calendar::official()).unwrap();
    let calendar = Calendar::official();
    assert_eq!(
        explanation.pauses[0].reply_due,
        calendar.add_working_days(d(2025, 6, 10), 15).unwrap()
    );
    assert_eq!(
        explanation.due,
        Some(calendar.add_working_days(without, 15).unwrap())
    );
    // An opinion later than 15 working days pauses only 15.
    c.consultations[0].end = Some(d(2025, 8, 29));
    let explanation = deadline::explain_case(&c, Calendar::official()).unwrap();
    assert_eq!(
        explanation.due,
        Some(calendar.add_working_days(without, 15).unwrap())
    );
}

#[test]
fn an_extension_continues_the_count() {
    let mut c = case(d(2025, 1, 20));
    c.extension = Some(Extension {
        approved: d(2025, 2, 20),
        approver: "王主任".into(),
        days: 20,
    });
    let explanation = deadline::explain_case(&c, Calendar::official()).unwrap();
    assert_eq!(explanation.base_due, Some(d(2025, 2, 21)));
    assert_eq!(explanation.due, Some(d(2025, 3, 21)));
    c.validate(Calendar::official()).unwrap();

    // More than 20 days, no approver, approved after the deadline: all named.
    c.extension = Some(Extension {
        approved: d(2025, 2, 24),
        approver: " ".into(),
        days: 21,
    });
    let Err(RegisterError::Invalid(problems)) = c.validate(Calendar::official()) else {
        panic!("accepted");
    };
    let fields: Vec<&str> = problems.iter().map(|p| p.field).collect();
    assert_eq!(fields, ["extension.days", "extension.approver"]);
    c.extension = Some(Extension {
        approved: d(2025, 2, 24),
        approver: "王主任".into(),
        days: 10,
    });
    let Err(RegisterError::Invalid(problems)) = c.validate(Calendar::official()) else {
        panic!("accepted");
    };
    assert_eq!(problems[0].field, "extension.approved");
    assert!(problems[0].message.zh.contains("2025-02-21"));
}

#[test]
fn a_date_beyond_the_calendar_names_the_missing_year() {
    let calendar = Calendar::official();
    let err = deadline::explain(d(2027, 3, 1), None, calendar).unwrap_err();
    assert_eq!(
        err,
        RegisterError::BeyondCalendar {
            date: d(2027, 3, 1),
            year: 2027
        }
    );
    assert!(err.message().zh.contains("2027 年"), "{}", err.message().zh);
    // Received in 2026, but the count runs into the last days of December.
    let err = deadline::explain(d(2026, 12, 1), None, calendar).unwrap_err();
    let RegisterError::BeyondCalendar { year, .. } = err else {
        panic!("{err:?}");
    };
    assert_eq!(year, 2027);
    assert!(err.message().en.contains("2027"));
}

#[test]
fn the_explanation_in_chinese() {
    let explanation =
        deadline::explain(d(2025, 1, 20), Some(Channel::Online), Calendar::official()).unwrap();
    insta::assert_snapshot!("online_2025_01_20_zh", explanation.render(Lang::Zh));
    let mut c = case(d(2025, 9, 22));
    c.channel = Channel::RegisteredMail;
    c.correction = Some(Correction {
        notice: d(2025, 9, 24),
        corrected: Some(d(2025, 9, 26)),
    });
    c.consultations.push(Consultation {
        party: Some("某某公司".into()),
        start: d(2025, 10, 9),
        end: Some(d(2025, 10, 14)),
    });
    c.extension = Some(Extension {
        approved: d(2025, 10, 30),
        approver: "办公室主任".into(),
        days: 5,
    });
    c.validate(Calendar::official()).unwrap();
    let explanation = deadline::explain_case(&c, Calendar::official()).unwrap();
    insta::assert_snapshot!("every_step_zh", explanation.render(Lang::Zh));
    insta::assert_snapshot!("every_step_en", explanation.render(Lang::En));
}

proptest! {
    #[test]
    fn the_due_date_is_a_working_day_20_working_days_on(offset in 0i32..2860, extra in 0u32..=20) {
        let calendar = Calendar::official();
        let received = d(2019, 1, 1).add_days(offset);
        prop_assume!(received <= d(2026, 10, 20));
        let mut c = case(received);
        if extra > 0 {
            c.extension = Some(Extension { approved: received, approver: "主任".into(), days: extra });
        }
        let due = deadline::explain_case(&c, calendar).unwrap().due.unwrap();
        prop_assert!(calendar.is_working(due).unwrap(), "{due} is not a working day");
        prop_assert_eq!(calendar.working_days_between(received, due).unwrap(), 20 + extra);
        prop_assert!(due >= received.add_days(20 + extra as i32));
        prop_assert!(due >= calendar.add_working_days(received, 20).unwrap());
    }
}

proptest! {
    #[test]
    fn with_a_correction_and_a_consultation_20_days_are_still_counted(
        offset in 0i32..2700,
        correction in prop::option::of((1u32..=7, 0u32..10)),
        consultation in prop::option::of((0u32..10, 0u32..25)),
        extra in 0u32..=20,
    ) {
        let calendar = Calendar::official();
        let received = d(2019, 1, 1).add_days(offset);
        prop_assume!(received <= d(2026, 6, 30));
        let mut c = case(received);
        let mut start = received;
        if let Some((notice, after)) = correction {
            let notice = calendar.add_working_days(received, notice).unwrap();
            let corrected = notice.add_days(after as i32);
            c.correction = Some(Correction { notice, corrected: Some(corrected) });
            start = corrected;
        }
        let mut paused = 0;
        if let Some((after, length)) = consultation {
            let sent = calendar.add_working_days(start, after).unwrap();
            let end = calendar.add_working_days(sent, length).unwrap();
            c.consultations.push(Consultation { party: None, start: sent, end: Some(end) });
            paused = length.min(15);
        }
        if extra > 0 {
            c.extension = Some(Extension { approved: start, approver: "主任".into(), days: extra });
        }
        let explanation = deadline::explain_case(&c, calendar).unwrap();
        let due = explanation.due.unwrap();
        let counted = explanation.days.iter().filter(|d| matches!(d.effect, deadline::Effect::Counted { .. })).count() as u32;
        let extended = explanation.days.iter().filter(|d| matches!(d.effect, deadline::Effect::Extended { .. })).count() as u32;
        let not_counted = explanation.days.iter().filter(|d| matches!(d.effect, deadline::Effect::Paused { .. })).count() as u32;
        prop_assert!(calendar.is_working(due).unwrap());
        prop_assert_eq!((counted, extended), (20, extra));
        prop_assert_eq!(not_counted, paused);
        prop_assert_eq!(calendar.working_days_between(start, due).unwrap(), 20 + extra + paused);
    }
}
