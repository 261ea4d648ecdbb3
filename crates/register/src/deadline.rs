//! The answer deadline of a request and its explanation.
//!
//! The office answers within 20 working days of receipt, the day of receipt
//! not counted (条例第三十三条). A correction notice (补正, 第三十条) restarts
//! the count from the day the corrected application arrives. Time spent
//! consulting a third party or another body is not counted (第三十二条,
//! 第三十三条): the working days after the consultation is sent up to the day
//! the opinion arrives, at most the 15 working days the third party has
//! (later, the office decides without it); while no opinion has arrived, the
//! full 15 days are assumed, so the due date shown is the latest possible one.
//! One extension of at most 20 working days continues the count after the
//! original due date.
//!
//! [`Explanation`] lists every day walked, each counted, skipped (weekend or
//! holiday, with its name and notice) or paused, as data; [`Explanation::render`]
//! writes it in Chinese or English.

use crate::calendar::{Calendar, DayKind, Holiday};
use crate::case::{Case, Channel, Correction, Extension, ANSWER_DAYS, CONSULTATION_DAYS};
use crate::date::Date;
use crate::error::RegisterError;
use serde::Serialize;
use std::fmt::Write;
use xxgk_model::Lang;

/// What happened to one day of the count.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "effect", rename_all = "snake_case")]
pub enum Effect {
    /// A working day counted: the `n`-th of the 20.
    Counted {
        /// Its number.
        n: u32,
    },
    /// A working day of the extension: the `n`-th extra day.
    Extended {
        /// Its number within the extension.
        n: u32,
    },
    /// Not a working day: not counted.
    Skipped,
    /// A working day during consultation number `consultation` (1-based): not counted.
    Paused {
        /// Which consultation.
        consultation: usize,
    },
}

/// One day of the count.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Day {
    /// The date.
    pub date: Date,
    /// What kind of day it is.
    pub day: DayKind,
    /// What it did to the count.
    #[serde(flatten)]
    pub effect: Effect,
}

impl Day {
    /// What the day did to the count, in `lang` (`第 3 个工作日`,
    /// `春节假期，不计（国办发明电〔2024〕12号）`), as [`Explanation::render`]
    /// prints it after the date.
    pub fn describe(&self, lang: Lang) -> String {
        let zh = lang == Lang::Zh;
        match (&self.effect, &self.day, zh) {
            (Effect::Counted { n }, DayKind::MakeUp { holiday, notice }, true) => {
                format!("第 {n} 个工作日（调休上班：{}，{notice}）", holiday.zh())
            }
            (Effect::Counted { n }, _, true) => format!("第 {n} 个工作日"),
            (Effect::Extended { n }, DayKind::MakeUp { holiday, notice }, true) => format!(
                "延长期第 {n} 个工作日（调休上班：{}，{notice}）",
                holiday.zh()
            ),
            (Effect::Extended { n }, _, true) => format!("延长期第 {n} 个工作日"),
            (Effect::Paused { consultation }, DayKind::MakeUp { holiday, notice }, true) => {
                format!(
                    "征求意见 {consultation} 期间，不计（调休上班日：{}，{notice}）",
                    holiday.zh()
                )
            }
            (Effect::Paused { consultation }, _, true) => {
                format!("征求意见 {consultation} 期间，不计")
            }
            (Effect::Skipped, DayKind::Holiday { holiday, notice }, true) => {
                format!("{}假期，不计（{notice}）", holiday.zh())
            }
            (Effect::Skipped, _, true) => "周末，不计".to_string(),
            (Effect::Counted { n }, DayKind::MakeUp { holiday, notice }, false) => format!(
                "working day {n} (make-up working day: {}, {notice})",
                holiday_name(*holiday, lang)
            ),
            (Effect::Counted { n }, _, false) => format!("working day {n}"),
            (Effect::Extended { n }, DayKind::MakeUp { holiday, notice }, false) => format!(
                "extension day {n} (make-up working day: {}, {notice})",
                holiday_name(*holiday, lang)
            ),
            (Effect::Extended { n }, _, false) => format!("extension day {n}"),
            (Effect::Paused { consultation }, DayKind::MakeUp { holiday, notice }, false) => {
                format!(
                    "consultation {consultation}: not counted (make-up working day: {}, {notice})",
                    holiday_name(*holiday, lang)
                )
            }
            (Effect::Paused { consultation }, _, false) => {
                format!("consultation {consultation}: not counted")
            }
            (Effect::Skipped, DayKind::Holiday { holiday, notice }, false) => format!(
                "{} holiday, not counted ({notice})",
                holiday_name(*holiday, lang)
            ),
            (Effect::Skipped, _, false) => "weekend, not counted".to_string(),
        }
    }

    /// The weekday in `lang` (`周一`, `Mon`).
    pub fn weekday(&self, lang: Lang) -> &'static str {
        weekday(self.date, lang)
    }
}

/// A consultation as the count used it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Pause {
    /// Who was consulted.
    pub party: Option<String>,
    /// The day it was sent.
    pub start: Date,
    /// The day the opinion arrived, if it has.
    pub end: Option<Date>,
    /// The last day the third party may answer (15 working days).
    pub reply_due: Date,
    /// The last day not counted.
    pub paused_until: Date,
}

/// Where a deadline stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// The due date is known.
    Running,
    /// A correction notice was sent and no corrected application has arrived:
    /// no deadline runs.
    AwaitingCorrection,
}

/// A due date and how it was reached.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Explanation {
    /// The day of receipt.
    pub received: Date,
    /// How it arrived, if known.
    pub channel: Option<Channel>,
    /// The correction notice, if any.
    pub correction: Option<Correction>,
    /// The day the count starts after (receipt or the corrected application).
    pub start: Date,
    /// The consultations, as counted.
    pub pauses: Vec<Pause>,
    /// Every day walked, in order.
    pub days: Vec<Day>,
    /// The 20th working day.
    pub base_due: Option<Date>,
    /// The extension, if approved.
    pub extension: Option<Extension>,
    /// The last day to answer.
    pub due: Option<Date>,
    /// Whether a deadline runs.
    pub status: Status,
}

/// The deadline of a request received on `received` by `channel`, with no
/// further steps.
pub fn explain(
    received: Date,
    channel: Option<Channel>,
    calendar: &Calendar,
) -> Result<Explanation, RegisterError> {
    walk(received, channel, None, &[], None, calendar)
}

/// The deadline of a case, with its correction, consultations and extension.
pub fn explain_case(case: &Case, calendar: &Calendar) -> Result<Explanation, RegisterError> {
    let consultations: Vec<(Option<String>, Date, Option<Date>)> = case
        .consultations
        .iter()
        .map(|c| (c.party.clone(), c.start, c.end))
        .collect();
    walk(
        case.received,
        Some(case.channel),
        case.correction.clone(),
        &consultations,
        case.extension.clone(),
        calendar,
    )
}

fn walk(
    received: Date,
    channel: Option<Channel>,
    correction: Option<Correction>,
    consultations: &[(Option<String>, Date, Option<Date>)],
    extension: Option<Extension>,
    calendar: &Calendar,
) -> Result<Explanation, RegisterError> {
    calendar.day(received)?;
    let mut explanation = Explanation {
        received,
        channel,
        correction: correction.clone(),
        start: received,
        pauses: Vec::new(),
        days: Vec::new(),
        base_due: None,
        extension: extension.clone(),
        due: None,
        status: Status::Running,
    };
    if let Some(correction) = &correction {
        match correction.corrected {
            Some(corrected) => explanation.start = corrected.max(received),
            None => {
                explanation.status = Status::AwaitingCorrection;
                return Ok(explanation);
            }
        }
    }
    for (party, start, end) in consultations {
        let reply_due = calendar.add_working_days(*start, CONSULTATION_DAYS)?;
        let paused_until = end.map_or(reply_due, |end| end.min(reply_due));
        explanation.pauses.push(Pause {
            party: party.clone(),
            start: *start,
            end: *end,
            reply_due,
            paused_until,
        });
    }
    let extra = extension.as_ref().map_or(0, |e| e.days);
    let mut counted = 0;
    let mut extended = 0;
    let mut date = explanation.start;
    while counted < ANSWER_DAYS || extended < extra {
        date = date.next();
        let day = calendar.day(date)?;
        let effect = if !day.is_working() {
            Effect::Skipped
        } else if let Some(i) = explanation
            .pauses
            .iter()
            .position(|p| p.start < date && date <= p.paused_until)
        {
            Effect::Paused {
                consultation: i + 1,
            }
        } else if counted < ANSWER_DAYS {
            counted += 1;
            if counted == ANSWER_DAYS {
                explanation.base_due = Some(date);
            }
            Effect::Counted { n: counted }
        } else {
            extended += 1;
            Effect::Extended { n: extended }
        };
        explanation.days.push(Day { date, day, effect });
    }
    explanation.due = Some(date);
    Ok(explanation)
}

fn holiday_name(holiday: Holiday, lang: Lang) -> &'static str {
    match lang {
        Lang::Zh => holiday.zh(),
        Lang::En => holiday.en(),
    }
}

fn weekday(date: Date, lang: Lang) -> &'static str {
    crate::calendar::weekday_name(date.weekday(), lang)
}

impl Explanation {
    /// The rule and the steps that move the count (receipt, correction,
    /// consultations, extension), one per line, in `lang`: what
    /// [`Explanation::render`] prints before the days.
    pub fn head(&self, lang: Lang) -> String {
        let zh = lang == Lang::Zh;
        let mut out = String::new();
        let r = self.received;
        match (self.channel, zh) {
            (Some(c), true) => {
                let _ = writeln!(
                    out,
                    "收到申请：{r}（{}），{}（{}，条例第三十一条）",
                    weekday(r, lang),
                    c.zh(),
                    c.receipt_rule(lang)
                );
            }
            (Some(c), false) => {
                let _ = writeln!(
                    out,
                    "Received: {r} ({}), {} ({}; 条例 Art. 31)",
                    weekday(r, lang),
                    c.en(),
                    c.receipt_rule(lang)
                );
            }
            (None, true) => {
                let _ = writeln!(out, "收到申请：{r}（{}）", weekday(r, lang));
            }
            (None, false) => {
                let _ = writeln!(out, "Received: {r} ({})", weekday(r, lang));
            }
        }
        if zh {
            let _ = writeln!(out, "期限：自收到申请之日起 {ANSWER_DAYS} 个工作日内答复，收到当日不计；周末和法定节假日不计，调休上班日计入（条例第三十三条）");
        } else {
            let _ = writeln!(out, "Rule: answer within {ANSWER_DAYS} working days of receipt, the day of receipt not counted; weekends and statutory holidays are not counted, make-up working days are (条例 Art. 33)");
        }
        if let Some(c) = &self.correction {
            match (c.corrected, zh) {
                (Some(d), true) => {
                    let _ = writeln!(out, "补正：{} 发出补正通知，{d} 收到补正后的申请；期限自收到补正申请之日重新计算（条例第三十条）", c.notice);
                }
                (Some(d), false) => {
                    let _ = writeln!(out, "Correction: notice sent {}, corrected application received {d}; the deadline runs anew from that day (条例 Art. 30)", c.notice);
                }
                (None, true) => {
                    let _ = writeln!(out, "补正：{} 发出补正通知，尚未收到补正后的申请；收到之前不计算答复期限（条例第三十条）", c.notice);
                }
                (None, false) => {
                    let _ = writeln!(out, "Correction: notice sent {}, no corrected application yet; no deadline runs until it arrives (条例 Art. 30)", c.notice);
                }
            }
        }
        for (i, p) in self.pauses.iter().enumerate() {
            let party = p.party.clone().unwrap_or_else(|| {
                if zh {
                    "第三方".into()
                } else {
                    "a third party".into()
                }
            });
            let n = i + 1;
            match (p.end, zh) {
                (Some(end), true) => {
                    let _ = writeln!(out, "征求意见 {n}：{} 征求{party}意见，{end} 收到意见（第三方应在 {} 前答复）；其间的工作日不计入答复期限，至 {} 为止（条例第三十二条）", p.start, p.reply_due, p.paused_until);
                }
                (None, true) => {
                    let _ = writeln!(out, "征求意见 {n}：{} 征求{party}意见，尚未收到意见；按第三方答复期限 {} 计算（条例第三十二条），意见早到则期限相应提前", p.start, p.reply_due);
                }
                (Some(end), false) => {
                    let _ = writeln!(out, "Consultation {n}: {party} consulted {}, opinion received {end} (due by {}); working days until {} are not counted (条例 Art. 32)", p.start, p.reply_due, p.paused_until);
                }
                (None, false) => {
                    let _ = writeln!(out, "Consultation {n}: {party} consulted {}, no opinion yet; counted as lasting until the third party's deadline {} (条例 Art. 32) — an earlier opinion brings the due date forward", p.start, p.reply_due);
                }
            }
        }
        if let Some(e) = &self.extension {
            if zh {
                let _ = writeln!(
                    out,
                    "延期：{} 经{}同意延长 {} 个工作日（条例第三十三条）",
                    e.approved, e.approver, e.days
                );
            } else {
                let _ = writeln!(
                    out,
                    "Extension: {} working days, approved by {} on {} (条例 Art. 33)",
                    e.days, e.approver, e.approved
                );
            }
        }
        out
    }

    /// The explanation as text in `lang`: the rule, every day walked, the due date.
    pub fn render(&self, lang: Lang) -> String {
        let zh = lang == Lang::Zh;
        let mut out = self.head(lang);
        if self.status == Status::AwaitingCorrection {
            out.push_str(if zh {
                "\n答复期限：尚未起算（等待补正）\n"
            } else {
                "\nDue: not running (awaiting the correction)\n"
            });
            return out;
        }
        out.push('\n');
        for day in &self.days {
            let d = day.date;
            let _ = writeln!(out, "  {d} {}  {}", weekday(d, lang), day.describe(lang));
        }
        out.push('\n');
        if let (Some(base), Some(_)) = (self.base_due, &self.extension) {
            if zh {
                let _ = writeln!(out, "原答复期限：{base}（{}）", weekday(base, lang));
            } else {
                let _ = writeln!(out, "Original due date: {base} ({})", weekday(base, lang));
            }
        }
        if let Some(due) = self.due {
            if zh {
                let _ = writeln!(out, "答复期限：{due}（{}）", weekday(due, lang));
            } else {
                let _ = writeln!(out, "Due: {due} ({})", weekday(due, lang));
            }
        }
        out
    }
}
