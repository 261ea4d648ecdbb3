//! A change of a case: the steps `xxgk register update` takes and the web
//! API's `POST /api/v1/register/cases/{id}` takes, applied to a case in one
//! order, with the refusals of a step that cannot be applied (a corrected
//! application without a correction notice, a second extension, …).
//!
//! Reading a change is the front end's (the command line's options, the
//! API's JSON fields); so is naming a field: a [`ChangeError`] says which
//! [`ChangeField`] it concerns as a value, and its message names the fields
//! by a naming the caller gives — `--corrected` on the command line,
//! `corrected` in the API. What the 条例 says about the case that results is
//! [`Case::validate`]'s, when it is written.
//!
//! ```
//! use xxgk_register::{Applicant, Case, Change, ChangeError, ChangeField, Channel, Date};
//! let mut case = Case::new("2025-001", Applicant::NaturalPerson, Channel::Online,
//!     Date::new(2025, 1, 20).unwrap());
//! let change = Change { corrected: Date::new(2025, 1, 27), ..Change::default() };
//! let err = change.apply(&mut case).unwrap_err();
//! assert_eq!(err, ChangeError::CorrectedWithoutNotice);
//! assert_eq!(err.field(), ChangeField::Corrected);
//! let option = |f: ChangeField| format!("--{}", f.key().replace('_', "-"));
//! assert_eq!(err.message(option).en, "no correction notice: record it with --correction-notice first");
//! assert!(case.correction.is_none(), "a refused change changes nothing");
//! ```

use crate::case::{Case, Consultation, Correction, Extension, Fee, Outcome};
use crate::date::Date;
use crate::fees::{self, FeeBasis};
use xxgk_model::Message;

/// A field of a change, as `xxgk register update` and the API take it (the
/// version a change is based on aside: that is the store's, not a step).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ChangeField {
    /// Who handles the case.
    Assignee,
    /// What was asked for.
    Content,
    /// The day a correction notice (补正) was sent.
    CorrectionNotice,
    /// The day the corrected application arrived.
    Corrected,
    /// The party a consultation is sent to.
    Consult,
    /// The day a consultation was sent.
    Consulted,
    /// The day the opinion of the last open consultation arrived.
    Opinion,
    /// The working days of the extension.
    Extend,
    /// The day the extension was approved.
    Approved,
    /// Who approved the extension.
    Approver,
    /// How a fee is charged (by count or by pages).
    Fee,
    /// The request's place in the month (by count) or its pages (by pages).
    Quantity,
    /// The day the fee notice was sent.
    FeeNotice,
    /// The day the fee was paid.
    Paid,
    /// The day the case was concluded.
    Concluded,
    /// How it ended.
    Outcome,
}

impl ChangeField {
    /// Every field, in the order of the steps.
    pub const ALL: [ChangeField; 16] = [
        ChangeField::Assignee,
        ChangeField::Content,
        ChangeField::CorrectionNotice,
        ChangeField::Corrected,
        ChangeField::Consult,
        ChangeField::Consulted,
        ChangeField::Opinion,
        ChangeField::Extend,
        ChangeField::Approved,
        ChangeField::Approver,
        ChangeField::Fee,
        ChangeField::Quantity,
        ChangeField::FeeNotice,
        ChangeField::Paid,
        ChangeField::Concluded,
        ChangeField::Outcome,
    ];

    /// The field's key (`correction_notice`): its name in the API's JSON
    /// and, with `-` for `_`, the option of `xxgk register update`.
    pub fn key(self) -> &'static str {
        match self {
            ChangeField::Assignee => "assignee",
            ChangeField::Content => "content",
            ChangeField::CorrectionNotice => "correction_notice",
            ChangeField::Corrected => "corrected",
            ChangeField::Consult => "consult",
            ChangeField::Consulted => "consulted",
            ChangeField::Opinion => "opinion",
            ChangeField::Extend => "extend",
            ChangeField::Approved => "approved",
            ChangeField::Approver => "approver",
            ChangeField::Fee => "fee",
            ChangeField::Quantity => "quantity",
            ChangeField::FeeNotice => "fee_notice",
            ChangeField::Paid => "paid",
            ChangeField::Concluded => "concluded",
            ChangeField::Outcome => "outcome",
        }
    }
}

/// How a fee is charged (国办函〔2020〕109号): with the quantity of the
/// change, it makes the fee's [`FeeBasis`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum FeeKind {
    /// By count (按件计收): the quantity is the request's place among the
    /// applicant's requests of the month.
    Count,
    /// By pages (按量计收): the quantity is the pages provided.
    Pages,
}

impl FeeKind {
    /// The basis of a fee of this kind and `quantity`.
    pub fn basis(self, quantity: u32) -> FeeBasis {
        match self {
            FeeKind::Count => FeeBasis::Count { nth: quantity },
            FeeKind::Pages => FeeBasis::Pages { pages: quantity },
        }
    }
}

/// A change of a case: every field optional, a field not given leaves the
/// case as it is. [`Change::apply`] takes the steps in the order of the
/// fields here.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Change {
    /// Who handles the case from now on.
    pub assignee: Option<String>,
    /// What was asked for, replaced.
    pub content: Option<String>,
    /// The day a correction notice was sent (replaces an earlier one; the
    /// day of a corrected application already recorded is kept).
    pub correction_notice: Option<Date>,
    /// The day the corrected application arrived: needs a correction notice.
    pub corrected: Option<Date>,
    /// The party a new consultation is sent to (needs `consulted`).
    pub consult: Option<String>,
    /// The day a new consultation was sent (its party may be unnamed).
    pub consulted: Option<Date>,
    /// The day the opinion of the last consultation still waiting arrived.
    pub opinion: Option<Date>,
    /// The working days of the extension (with `approved`; the 条例 allows one).
    pub extend: Option<u32>,
    /// The day the extension was approved (with `extend`).
    pub approved: Option<Date>,
    /// Who approved the extension.
    pub approver: Option<String>,
    /// How a fee is charged (with `quantity` and `fee_notice`; the amount is
    /// computed, and a payment already recorded is cleared).
    pub fee: Option<FeeKind>,
    /// The request's place in the month (by count) or its pages (by pages).
    pub quantity: Option<u32>,
    /// The day the fee notice was sent.
    pub fee_notice: Option<Date>,
    /// The day the fee was paid: needs a fee notice.
    pub paid: Option<Date>,
    /// The day the case was concluded.
    pub concluded: Option<Date>,
    /// How it ended: one outcome row of table 3.
    pub outcome: Option<Outcome>,
}

/// A step of a change that cannot be applied to the case as it is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ChangeError {
    /// A corrected application, but the case has no correction notice.
    CorrectedWithoutNotice,
    /// A consultation's party without the day it was sent.
    ConsultWithoutDate,
    /// An opinion, but no consultation is waiting for one.
    NoOpenConsultation,
    /// An extension of a case extended already: the 条例 allows one
    /// (第三十三条).
    SecondExtension,
    /// An extension without its working days or the day it was approved.
    IncompleteExtension,
    /// A fee without its kind, quantity or notice.
    IncompleteFee,
    /// A payment, but the case has no fee notice.
    PaidWithoutFee,
}

impl ChangeError {
    /// The field the refusal concerns.
    pub fn field(self) -> ChangeField {
        match self {
            ChangeError::CorrectedWithoutNotice => ChangeField::Corrected,
            ChangeError::ConsultWithoutDate => ChangeField::Consult,
            ChangeError::NoOpenConsultation => ChangeField::Opinion,
            ChangeError::SecondExtension | ChangeError::IncompleteExtension => ChangeField::Extend,
            ChangeError::IncompleteFee => ChangeField::Fee,
            ChangeError::PaidWithoutFee => ChangeField::Paid,
        }
    }

    /// Why, in both languages, the fields it mentions named by `name` (the
    /// command line's options, the API's keys); the field it concerns,
    /// [`ChangeError::field`], is the caller's to put before it.
    pub fn message(self, name: impl Fn(ChangeField) -> String) -> Message {
        match self {
            ChangeError::CorrectedWithoutNotice => {
                let notice = name(ChangeField::CorrectionNotice);
                Message::new(
                    format!("没有补正通知：先用 {notice} 记录补正通知"),
                    format!("no correction notice: record it with {notice} first"),
                )
            }
            ChangeError::ConsultWithoutDate => {
                let consulted = name(ChangeField::Consulted);
                Message::new(
                    format!("须用 {consulted} 给出征求意见的日期"),
                    format!("give the day of the consultation with {consulted}"),
                )
            }
            ChangeError::NoOpenConsultation => Message::new(
                "没有尚未收到意见的征求意见",
                "no consultation is waiting for an opinion",
            ),
            ChangeError::SecondExtension => Message::new(
                "答复期限已经延长过一次；延长只能一次（条例第三十三条）",
                "the deadline was extended once already; it may be extended only once (条例 Art. 33)",
            ),
            ChangeError::IncompleteExtension => {
                let (extend, approved, approver) = (
                    name(ChangeField::Extend),
                    name(ChangeField::Approved),
                    name(ChangeField::Approver),
                );
                Message::new(
                    format!("延期须同时给出 {extend}（工作日数）、{approved}（批准日期）和 {approver}（批准人）"),
                    format!("an extension needs {extend} (working days), {approved} (date) and {approver} together"),
                )
            }
            ChangeError::IncompleteFee => {
                let (fee, quantity, notice) = (
                    name(ChangeField::Fee),
                    name(ChangeField::Quantity),
                    name(ChangeField::FeeNotice),
                );
                Message::new(
                    format!("收费须同时给出 {fee}（按件 count 或按量 pages）、{quantity} 和 {notice}"),
                    format!("a fee needs {fee} (count or pages), {quantity} and {notice} together"),
                )
            }
            ChangeError::PaidWithoutFee => Message::new("没有收费通知", "no fee notice"),
        }
    }
}

impl std::fmt::Display for ChangeError {
    /// `field: message` in English, the fields named by their keys.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let message = self.message(|field| field.key().to_string());
        write!(f, "{}: {}", self.field().key(), message.en)
    }
}

impl std::error::Error for ChangeError {}

impl Change {
    /// Applies the change to `case` step by step, in the order of the
    /// fields: assignee, content, the correction notice, the corrected
    /// application, a new consultation, an opinion, the extension, the fee,
    /// the payment, the conclusion and the outcome. The first step that
    /// cannot be applied refuses the whole change and leaves `case` as it
    /// was.
    pub fn apply(&self, case: &mut Case) -> Result<(), ChangeError> {
        let mut changed = case.clone();
        self.steps(&mut changed)?;
        *case = changed;
        Ok(())
    }

    fn steps(&self, case: &mut Case) -> Result<(), ChangeError> {
        if let Some(assignee) = &self.assignee {
            case.assignee = Some(assignee.clone());
        }
        if let Some(content) = &self.content {
            case.content.clone_from(content);
        }
        if let Some(notice) = self.correction_notice {
            let corrected = case.correction.as_ref().and_then(|c| c.corrected);
            case.correction = Some(Correction { notice, corrected });
        }
        if let Some(corrected) = self.corrected {
            let correction = case
                .correction
                .as_mut()
                .ok_or(ChangeError::CorrectedWithoutNotice)?;
            correction.corrected = Some(corrected);
        }
        match (&self.consult, self.consulted) {
            (party, Some(start)) => case.consultations.push(Consultation {
                party: party.clone(),
                start,
                end: None,
            }),
            (Some(_), None) => return Err(ChangeError::ConsultWithoutDate),
            (None, None) => {}
        }
        if let Some(end) = self.opinion {
            let open = case
                .consultations
                .iter_mut()
                .rev()
                .find(|c| c.end.is_none())
                .ok_or(ChangeError::NoOpenConsultation)?;
            open.end = Some(end);
        }
        if self.extend.is_some() || self.approved.is_some() || self.approver.is_some() {
            if case.extension.is_some() {
                return Err(ChangeError::SecondExtension);
            }
            let (Some(days), Some(approved)) = (self.extend, self.approved) else {
                return Err(ChangeError::IncompleteExtension);
            };
            case.extension = Some(Extension {
                approved,
                approver: self.approver.clone().unwrap_or_default(),
                days,
            });
        }
        if self.fee.is_some() || self.quantity.is_some() || self.fee_notice.is_some() {
            let (Some(kind), Some(quantity), Some(notice)) =
                (self.fee, self.quantity, self.fee_notice)
            else {
                return Err(ChangeError::IncompleteFee);
            };
            let basis = kind.basis(quantity);
            case.fee = Some(Fee {
                basis,
                amount: fees::amount(basis),
                notice,
                paid: None,
            });
        }
        if let Some(paid) = self.paid {
            let fee = case.fee.as_mut().ok_or(ChangeError::PaidWithoutFee)?;
            fee.paid = Some(paid);
        }
        if let Some(concluded) = self.concluded {
            case.concluded = Some(concluded);
        }
        if let Some(outcome) = self.outcome {
            case.outcome = Some(outcome);
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Applicant, Calendar, Channel};
    use xxgk_model::RequestRow;

    fn day(text: &str) -> Date {
        Date::parse(text).unwrap()
    }

    fn case() -> Case {
        let mut case = Case::new(
            "2025-001",
            Applicant::NaturalPerson,
            Channel::Online,
            day("2025-01-20"),
        );
        case.content = "征收补偿方案".to_string();
        case.assignee = Some("李四".to_string());
        case
    }

    fn key(field: ChangeField) -> String {
        field.key().to_string()
    }

    fn option(field: ChangeField) -> String {
        format!("--{}", field.key().replace('_', "-"))
    }

    /// Applies `change` to `case`: refused with `expected`, `case` unchanged.
    fn refused(mut case: Case, change: Change, expected: ChangeError) {
        let before = case.clone();
        assert_eq!(change.apply(&mut case), Err(expected), "{change:?}");
        assert_eq!(case, before, "{expected:?} changed the case");
    }

    #[test]
    fn a_corrected_application_needs_a_correction_notice() {
        let change = Change {
            corrected: Some(day("2025-01-27")),
            ..Change::default()
        };
        refused(case(), change, ChangeError::CorrectedWithoutNotice);
        let err = ChangeError::CorrectedWithoutNotice;
        assert_eq!(err.field(), ChangeField::Corrected);
        assert_eq!(
            err.message(key),
            Message::new(
                "没有补正通知：先用 correction_notice 记录补正通知",
                "no correction notice: record it with correction_notice first"
            )
        );
        assert_eq!(
            err.message(option),
            Message::new(
                "没有补正通知：先用 --correction-notice 记录补正通知",
                "no correction notice: record it with --correction-notice first"
            )
        );
        assert_eq!(
            err.to_string(),
            "corrected: no correction notice: record it with correction_notice first"
        );
    }

    #[test]
    fn a_consultation_needs_its_day() {
        let change = Change {
            consult: Some("第三方".to_string()),
            ..Change::default()
        };
        refused(case(), change, ChangeError::ConsultWithoutDate);
        let err = ChangeError::ConsultWithoutDate;
        assert_eq!(err.field(), ChangeField::Consult);
        assert_eq!(
            err.message(option),
            Message::new(
                "须用 --consulted 给出征求意见的日期",
                "give the day of the consultation with --consulted"
            )
        );
        assert_eq!(
            err.message(key).en,
            "give the day of the consultation with consulted"
        );
    }

    #[test]
    fn an_opinion_needs_a_consultation_waiting_for_it() {
        let opinion = Change {
            opinion: Some(day("2025-02-01")),
            ..Change::default()
        };
        refused(case(), opinion.clone(), ChangeError::NoOpenConsultation);
        // Every consultation answered already: none is waiting.
        let mut answered = case();
        answered.consultations.push(Consultation {
            party: Some("甲".to_string()),
            start: day("2025-01-22"),
            end: Some(day("2025-01-24")),
        });
        refused(answered, opinion, ChangeError::NoOpenConsultation);
        let err = ChangeError::NoOpenConsultation;
        assert_eq!(err.field(), ChangeField::Opinion);
        assert_eq!(
            err.message(option),
            Message::new(
                "没有尚未收到意见的征求意见",
                "no consultation is waiting for an opinion"
            )
        );
    }

    #[test]
    fn the_deadline_is_extended_once() {
        let mut extended = case();
        extended.extension = Some(Extension {
            approved: day("2025-02-10"),
            approver: "王主任".to_string(),
            days: 10,
        });
        let again = Change {
            extend: Some(5),
            approved: Some(day("2025-02-11")),
            approver: Some("王主任".to_string()),
            ..Change::default()
        };
        refused(extended.clone(), again, ChangeError::SecondExtension);
        // Any part of an extension is a second one, even the approver alone.
        let approver = Change {
            approver: Some("赵".to_string()),
            ..Change::default()
        };
        refused(extended, approver, ChangeError::SecondExtension);
        let err = ChangeError::SecondExtension;
        assert_eq!(err.field(), ChangeField::Extend);
        assert_eq!(
            err.message(key),
            Message::new(
                "答复期限已经延长过一次；延长只能一次（条例第三十三条）",
                "the deadline was extended once already; it may be extended only once (条例 Art. 33)"
            )
        );
    }

    #[test]
    fn an_extension_needs_its_days_and_approval_together() {
        for change in [
            Change {
                extend: Some(10),
                ..Change::default()
            },
            Change {
                approved: Some(day("2025-02-10")),
                ..Change::default()
            },
            Change {
                approver: Some("王主任".to_string()),
                ..Change::default()
            },
            Change {
                extend: Some(10),
                approver: Some("王主任".to_string()),
                ..Change::default()
            },
        ] {
            refused(case(), change, ChangeError::IncompleteExtension);
        }
        let err = ChangeError::IncompleteExtension;
        assert_eq!(err.field(), ChangeField::Extend);
        assert_eq!(
            err.message(option),
            Message::new(
                "延期须同时给出 --extend（工作日数）、--approved（批准日期）和 --approver（批准人）",
                "an extension needs --extend (working days), --approved (date) and --approver together"
            )
        );
        assert_eq!(
            err.message(key).zh,
            "延期须同时给出 extend（工作日数）、approved（批准日期）和 approver（批准人）"
        );
    }

    #[test]
    fn a_fee_needs_its_kind_quantity_and_notice_together() {
        for change in [
            Change {
                fee: Some(FeeKind::Pages),
                quantity: Some(130),
                ..Change::default()
            },
            Change {
                fee_notice: Some(day("2025-02-01")),
                ..Change::default()
            },
            Change {
                quantity: Some(3),
                ..Change::default()
            },
            Change {
                fee: Some(FeeKind::Count),
                fee_notice: Some(day("2025-02-01")),
                ..Change::default()
            },
        ] {
            refused(case(), change, ChangeError::IncompleteFee);
        }
        let err = ChangeError::IncompleteFee;
        assert_eq!(err.field(), ChangeField::Fee);
        assert_eq!(
            err.message(option),
            Message::new(
                "收费须同时给出 --fee（按件 count 或按量 pages）、--quantity 和 --fee-notice",
                "a fee needs --fee (count or pages), --quantity and --fee-notice together"
            )
        );
        assert_eq!(
            err.message(key).en,
            "a fee needs fee (count or pages), quantity and fee_notice together"
        );
    }

    #[test]
    fn a_payment_needs_a_fee_notice() {
        let change = Change {
            paid: Some(day("2025-02-01")),
            ..Change::default()
        };
        refused(case(), change, ChangeError::PaidWithoutFee);
        let err = ChangeError::PaidWithoutFee;
        assert_eq!(err.field(), ChangeField::Paid);
        assert_eq!(
            err.message(key),
            Message::new("没有收费通知", "no fee notice")
        );
    }

    #[test]
    fn the_first_refused_step_is_the_one_said() {
        // Steps run in order: the corrected application before the payment.
        let change = Change {
            corrected: Some(day("2025-01-27")),
            paid: Some(day("2025-02-01")),
            ..Change::default()
        };
        refused(case(), change, ChangeError::CorrectedWithoutNotice);
        // A step sees what an earlier step of the same change did.
        let mut opened = case();
        let change = Change {
            consult: Some("甲".to_string()),
            consulted: Some(day("2025-01-22")),
            opinion: Some(day("2025-01-29")),
            correction_notice: Some(day("2025-01-21")),
            corrected: Some(day("2025-01-21")),
            fee: Some(FeeKind::Count),
            quantity: Some(11),
            fee_notice: Some(day("2025-02-01")),
            paid: Some(day("2025-02-03")),
            ..Change::default()
        };
        change.apply(&mut opened).unwrap();
        assert_eq!(opened.consultations[0].end, Some(day("2025-01-29")));
        assert_eq!(
            opened.fee.as_ref().map(|f| (f.amount, f.paid)),
            Some((100, Some(day("2025-02-03"))))
        );
    }

    #[test]
    fn a_case_changed_step_by_step_from_receipt_to_outcome() {
        let calendar = Calendar::official();
        let mut case = case();
        let steps = [
            Change {
                assignee: Some("王五".to_string()),
                correction_notice: Some(day("2025-01-22")),
                ..Change::default()
            },
            Change {
                corrected: Some(day("2025-01-27")),
                ..Change::default()
            },
            Change {
                consult: Some("第三方公司".to_string()),
                consulted: Some(day("2025-01-28")),
                ..Change::default()
            },
            Change {
                consulted: Some(day("2025-01-29")),
                ..Change::default()
            },
            // The opinion closes the last consultation still waiting …
            Change {
                opinion: Some(day("2025-02-05")),
                ..Change::default()
            },
            // … and the next one the one before it.
            Change {
                opinion: Some(day("2025-02-06")),
                ..Change::default()
            },
            Change {
                extend: Some(10),
                approved: Some(day("2025-02-20")),
                approver: Some("王主任".to_string()),
                ..Change::default()
            },
            Change {
                fee: Some(FeeKind::Pages),
                quantity: Some(130),
                fee_notice: Some(day("2025-02-21")),
                ..Change::default()
            },
            Change {
                paid: Some(day("2025-02-24")),
                ..Change::default()
            },
            Change {
                content: Some("征收补偿方案及附件".to_string()),
                concluded: Some(day("2025-03-10")),
                outcome: Outcome::new(RequestRow::Granted),
                ..Change::default()
            },
        ];
        for step in &steps {
            step.apply(&mut case).unwrap();
            case.validate(calendar).unwrap();
        }
        let expected = Case {
            id: "2025-001".to_string(),
            applicant: Applicant::NaturalPerson,
            applicant_name: None,
            channel: Channel::Online,
            received: day("2025-01-20"),
            content: "征收补偿方案及附件".to_string(),
            assignee: Some("王五".to_string()),
            correction: Some(Correction {
                notice: day("2025-01-22"),
                corrected: Some(day("2025-01-27")),
            }),
            consultations: vec![
                Consultation {
                    party: Some("第三方公司".to_string()),
                    start: day("2025-01-28"),
                    end: Some(day("2025-02-06")),
                },
                Consultation {
                    party: None,
                    start: day("2025-01-29"),
                    end: Some(day("2025-02-05")),
                },
            ],
            extension: Some(Extension {
                approved: day("2025-02-20"),
                approver: "王主任".to_string(),
                days: 10,
            }),
            fee: Some(Fee {
                basis: FeeBasis::Pages { pages: 130 },
                amount: 1_300,
                notice: day("2025-02-21"),
                paid: Some(day("2025-02-24")),
            }),
            concluded: Some(day("2025-03-10")),
            outcome: Outcome::new(RequestRow::Granted),
        };
        assert_eq!(case, expected);
        // A second extension of the concluded case: refused, nothing changed.
        let again = Change {
            extend: Some(5),
            approved: Some(day("2025-03-01")),
            approver: Some("王主任".to_string()),
            ..Change::default()
        };
        refused(case, again, ChangeError::SecondExtension);
    }

    #[test]
    fn a_new_notice_keeps_the_corrected_day_and_a_new_fee_is_unpaid() {
        let mut case = case();
        Change {
            correction_notice: Some(day("2025-01-22")),
            corrected: Some(day("2025-01-27")),
            fee: Some(FeeKind::Pages),
            quantity: Some(130),
            fee_notice: Some(day("2025-02-01")),
            paid: Some(day("2025-02-05")),
            ..Change::default()
        }
        .apply(&mut case)
        .unwrap();
        Change {
            correction_notice: Some(day("2025-01-23")),
            fee: Some(FeeKind::Count),
            quantity: Some(35),
            fee_notice: Some(day("2025-02-06")),
            ..Change::default()
        }
        .apply(&mut case)
        .unwrap();
        assert_eq!(
            case.correction,
            Some(Correction {
                notice: day("2025-01-23"),
                corrected: Some(day("2025-01-27")),
            })
        );
        assert_eq!(
            case.fee,
            Some(Fee {
                basis: FeeBasis::Count { nth: 35 },
                amount: 200,
                notice: day("2025-02-06"),
                paid: None,
            })
        );
    }

    #[test]
    fn the_fields_have_distinct_keys() {
        let mut keys: Vec<&str> = ChangeField::ALL.iter().map(|f| f.key()).collect();
        keys.sort_unstable();
        keys.dedup();
        assert_eq!(keys.len(), ChangeField::ALL.len());
    }
}
