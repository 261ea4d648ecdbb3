//! One request (依申请公开申请) as the register keeps it: who asked, how it
//! arrived, every step with its date, and the outcome as exactly one row of
//! table 3.

use crate::calendar::Calendar;
use crate::date::Date;
use crate::error::{Problem, RegisterError};
use crate::fees::{self, FeeBasis};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use xxgk_model::labels::{RowDef, APPLICANT_COLUMNS};
use xxgk_model::{Lang, RequestRow, RowKind};

/// Working days the office has to answer (条例第三十三条).
pub const ANSWER_DAYS: u32 = 20;
/// The most an extension may add (条例第三十三条).
pub const MAX_EXTENSION_DAYS: u32 = 20;
/// Working days within which a correction notice is sent (条例第三十条).
pub const CORRECTION_NOTICE_DAYS: u32 = 7;
/// Working days a consulted third party has to answer (条例第三十二条).
pub const CONSULTATION_DAYS: u32 = 15;
/// Working days to pay the 信息处理费 after the notice (国办函〔2020〕109号).
pub const FEE_PAYMENT_DAYS: u32 = 20;

/// How the request arrived; decides which day counts as received (条例第三十一条).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Channel {
    /// 当面提交: the day it is handed in.
    InPerson,
    /// 邮寄 (registered mail, EMS): the day the office signs for it.
    RegisteredMail,
    /// 平邮 (an ordinary letter): the day the office receives it.
    OrdinaryLetter,
    /// 网络 (online platform, e-mail): the day both sides confirm receipt.
    Online,
    /// 传真: the day both sides confirm receipt.
    Fax,
}

const CHANNELS: &[(Channel, &str, &str, &[&str])] = &[
    (
        Channel::InPerson,
        "当面",
        "in-person",
        &[
            "当面提交",
            "现场",
            "窗口",
            "当面递交",
            "in person",
            "inperson",
        ],
    ),
    (
        Channel::RegisteredMail,
        "邮寄",
        "registered-mail",
        &["挂号信", "快递", "EMS", "ems", "mail", "post"],
    ),
    (
        Channel::OrdinaryLetter,
        "平邮",
        "letter",
        &["平信", "ordinary-letter", "ordinary mail"],
    ),
    (
        Channel::Online,
        "网络",
        "online",
        &[
            "网上",
            "在线",
            "网络平台",
            "电子邮件",
            "email",
            "e-mail",
            "web",
        ],
    ),
    (Channel::Fax, "传真", "fax", &[]),
];

impl Channel {
    /// Every channel.
    pub const ALL: [Channel; 5] = [
        Channel::InPerson,
        Channel::RegisteredMail,
        Channel::OrdinaryLetter,
        Channel::Online,
        Channel::Fax,
    ];
    /// The Chinese word (`网络`), as the register writes it.
    pub fn zh(self) -> &'static str {
        CHANNELS.iter().find(|c| c.0 == self).map_or("", |c| c.1)
    }
    /// The English word (`online`).
    pub fn en(self) -> &'static str {
        CHANNELS.iter().find(|c| c.0 == self).map_or("", |c| c.2)
    }
    /// The word in `lang`.
    pub fn name(self, lang: Lang) -> &'static str {
        match lang {
            Lang::Zh => self.zh(),
            Lang::En => self.en(),
        }
    }
    /// Reads a channel: its Chinese or English word or a common alias.
    pub fn parse(text: &str) -> Option<Channel> {
        let text = text.trim();
        CHANNELS
            .iter()
            .find(|(_, zh, en, aliases)| {
                *zh == text || en.eq_ignore_ascii_case(text) || aliases.contains(&text)
            })
            .map(|c| c.0)
    }
    /// Which day counts as received, in `lang` (条例第三十一条).
    pub fn receipt_rule(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Channel::InPerson, Lang::Zh) => "当面提交的，以提交之日为收到申请之日",
            (Channel::RegisteredMail, Lang::Zh) => "以邮寄方式提交的，以行政机关签收之日为收到申请之日",
            (Channel::OrdinaryLetter, Lang::Zh) => "以平常信函等无需签收的邮寄方式提交的，以行政机关收到之日为收到申请之日",
            (Channel::Online | Channel::Fax, Lang::Zh) => "通过互联网渠道或者传真提交的，以双方确认之日为收到申请之日",
            (Channel::InPerson, Lang::En) => "handed in: received the day it is handed in",
            (Channel::RegisteredMail, Lang::En) => "by mail: received the day the office signs for it",
            (Channel::OrdinaryLetter, Lang::En) => "by an ordinary letter needing no signature: received the day the office receives it",
            (Channel::Online | Channel::Fax, Lang::En) => "online or by fax: received the day both sides confirm receipt",
        }
    }
}

impl Serialize for Channel {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.en())
    }
}
impl<'de> Deserialize<'de> for Channel {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Channel, D::Error> {
        let text = String::deserialize(d)?;
        Channel::parse(&text)
            .ok_or_else(|| serde::de::Error::custom(format!("unknown channel `{text}`")))
    }
}

/// Who asked: the six applicant columns of table 3 (their labels are the
/// model's, [`APPLICANT_COLUMNS`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Applicant {
    /// 自然人.
    NaturalPerson,
    /// 法人或其他组织 · 商业企业.
    Commercial,
    /// 法人或其他组织 · 科研机构.
    Research,
    /// 法人或其他组织 · 社会公益组织.
    SocialWelfare,
    /// 法人或其他组织 · 法律服务机构.
    LegalService,
    /// 法人或其他组织 · 其他.
    OtherOrg,
}

impl Applicant {
    /// Every applicant type, in table 3's column order.
    pub const ALL: [Applicant; 6] = [
        Applicant::NaturalPerson,
        Applicant::Commercial,
        Applicant::Research,
        Applicant::SocialWelfare,
        Applicant::LegalService,
        Applicant::OtherOrg,
    ];
    /// The position of the column in table 3's rows.
    pub fn column(self) -> usize {
        self as usize
    }
    /// The official column label (`自然人`, `商业企业`).
    pub fn label(self) -> &'static str {
        APPLICANT_COLUMNS[self.column()].label
    }
    /// The contract key (`natural_person`).
    pub fn key(self) -> &'static str {
        APPLICANT_COLUMNS[self.column()].key
    }
    /// Reads an applicant type: its key, its official label, or a printed
    /// form the model knows (`社会组织`).
    pub fn parse(text: &str) -> Option<Applicant> {
        let folded: String = text.chars().filter(|c| !c.is_whitespace()).collect();
        let folded = folded
            .strip_prefix("法人或其他组织")
            .map(|s| s.trim_start_matches(['·', '-', '—', '/', '：', ':']))
            .unwrap_or(&folded);
        if let Some(found) = Applicant::ALL
            .into_iter()
            .find(|a| a.key() == folded || a.label() == folded)
        {
            return Some(found);
        }
        Applicant::ALL.into_iter().find(|a| {
            APPLICANT_COLUMNS[a.column()]
                .needles
                .iter()
                .any(|n| match n {
                    xxgk_model::labels::Needle::Contains(s) => folded.contains(s),
                    xxgk_model::labels::Needle::EndsWith(s) => folded == *s,
                })
        })
    }
}

impl Serialize for Applicant {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.key())
    }
}
impl<'de> Deserialize<'de> for Applicant {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Applicant, D::Error> {
        let text = String::deserialize(d)?;
        Applicant::parse(&text)
            .ok_or_else(|| serde::de::Error::custom(format!("unknown applicant type `{text}`")))
    }
}

/// How a case ended: one outcome row of table 3 （一）…（六）. Only the rows of
/// [`RequestRow::OUTCOMES`] can be made, and of （六） only its three 2021
/// sub-rows (a report in the 2019 format prints their sum as its one （六）
/// row), so an outcome that is not a row of table 3 cannot be represented.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Outcome(RequestRow);

impl Outcome {
    /// The outcome of `row`, `None` when `row` is not an outcome row.
    pub fn new(row: RequestRow) -> Option<Outcome> {
        (RequestRow::OUTCOMES.contains(&row) && row != RequestRow::Other).then_some(Outcome(row))
    }
    /// Every outcome, in table order.
    pub fn all() -> impl Iterator<Item = Outcome> {
        RequestRow::OUTCOMES
            .iter()
            .copied()
            .filter_map(Outcome::new)
    }
    /// The table-3 row.
    pub fn row(self) -> RequestRow {
        self.0
    }
    /// The row's contract key (`denied_state_secret`).
    pub fn key(self) -> &'static str {
        self.0.key()
    }
    /// The row's official label with its group (`（三）不予公开 1.属于国家秘密`).
    pub fn label(self) -> String {
        let def: &RowDef = self.0.def();
        match def.group() {
            Some(group) => format!("{group} {}", def.label),
            None => def.label.to_string(),
        }
    }
    /// Reads an outcome: its key, its label as printed (with or without the
    /// group, numbering or brackets), or a distinctive part of it (`国家秘密`).
    /// An ambiguous text is `None`.
    pub fn parse(text: &str) -> Option<Outcome> {
        let folded = fold(text);
        if folded.is_empty() {
            return None;
        }
        if let Some(found) = Outcome::all().find(|o| o.key() == text.trim()) {
            return Some(found);
        }
        if let Some(found) =
            Outcome::all().find(|o| fold(&o.label()) == folded || fold(o.0.def().label) == folded)
        {
            return Some(found);
        }
        let matches: Vec<Outcome> = Outcome::all()
            .filter(|o| {
                o.0.def().needles.iter().any(|n| match n {
                    xxgk_model::labels::Needle::Contains(s) => folded.contains(s),
                    xxgk_model::labels::Needle::EndsWith(s) => folded.ends_with(s),
                })
            })
            .collect();
        match matches.as_slice() {
            [one] => Some(*one),
            _ => None,
        }
    }
}

/// Text folded as the model's needles are written: no whitespace, ASCII
/// digits and brackets, `、` after a number as `.`.
fn fold(text: &str) -> String {
    let mut out = String::new();
    for c in text.chars() {
        let c = match c {
            '（' => '(',
            '）' => ')',
            '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c),
            '．' => '.',
            c => c,
        };
        if c.is_whitespace() {
            continue;
        }
        if c == '、' && out.chars().last().is_some_and(|p| p.is_ascii_digit()) {
            out.push('.');
            continue;
        }
        out.push(c);
    }
    out
}

impl Serialize for Outcome {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.key())
    }
}
impl<'de> Deserialize<'de> for Outcome {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Outcome, D::Error> {
        let text = String::deserialize(d)?;
        Outcome::parse(&text).ok_or_else(|| {
            serde::de::Error::custom(format!("not an outcome row of table 3: `{text}`"))
        })
    }
}

/// A correction notice (补正, 条例第三十条).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Correction {
    /// The day the notice was sent: within 7 working days of receipt.
    pub notice: Date,
    /// The day the corrected application arrived; the deadline runs anew from it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub corrected: Option<Date>,
}

/// A consultation of a third party or another body (条例第三十二条).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Consultation {
    /// Who was consulted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub party: Option<String>,
    /// The day the request for an opinion was sent.
    pub start: Date,
    /// The day the opinion arrived (`None` while waiting).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end: Option<Date>,
}

/// The one extension of the answer deadline (条例第三十三条).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Extension {
    /// The day it was approved (and the applicant told): before the deadline.
    pub approved: Date,
    /// Who approved it (the head of the disclosure office).
    pub approver: String,
    /// Working days added, 1 to 20.
    pub days: u32,
}

/// A 信息处理费 notice (国办函〔2020〕109号).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Fee {
    /// How it was computed.
    pub basis: FeeBasis,
    /// The amount charged, in 元.
    pub amount: u32,
    /// The day the fee notice was sent.
    pub notice: Date,
    /// The day it was paid (`None`: not paid).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub paid: Option<Date>,
}

/// One request in the register.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Case {
    /// The register number (登记号), unique in the register.
    pub id: String,
    /// The applicant type (table 3's column).
    pub applicant: Applicant,
    /// The applicant's name, if recorded.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub applicant_name: Option<String>,
    /// How the request arrived.
    pub channel: Channel,
    /// The day it counts as received (条例第三十一条, see [`Channel`]).
    pub received: Date,
    /// What was asked for.
    #[serde(default)]
    pub content: String,
    /// Who handles it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub assignee: Option<String>,
    /// The correction notice, if one was sent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub correction: Option<Correction>,
    /// Consultations of third parties or other bodies.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub consultations: Vec<Consultation>,
    /// The extension, if one was approved (at most one: the type holds one).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub extension: Option<Extension>,
    /// The fee notice, if a fee was charged.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fee: Option<Fee>,
    /// The day the case was concluded (answered, or closed as withdrawn).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub concluded: Option<Date>,
    /// How it ended: set together with `concluded`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub outcome: Option<Outcome>,
}

impl Case {
    /// A new open case with no steps.
    pub fn new(
        id: impl Into<String>,
        applicant: Applicant,
        channel: Channel,
        received: Date,
    ) -> Case {
        Case {
            id: id.into(),
            applicant,
            applicant_name: None,
            channel,
            received,
            content: String::new(),
            assignee: None,
            correction: None,
            consultations: Vec::new(),
            extension: None,
            fee: None,
            concluded: None,
            outcome: None,
        }
    }

    /// True while no outcome is recorded.
    pub fn is_open(&self) -> bool {
        self.concluded.is_none()
    }

    /// True when the case was still open at the end of `date`.
    pub fn open_on(&self, date: Date) -> bool {
        self.received <= date && self.concluded.is_none_or(|c| c > date)
    }

    /// Checks the case against the 条例 and itself; every problem is listed.
    pub fn validate(&self, calendar: &Calendar) -> Result<(), RegisterError> {
        let mut problems = Vec::new();
        let wd = |from: Date, n: u32| calendar.add_working_days(from, n);
        if self.id.trim().is_empty() {
            problems.push(Problem::new(
                "id",
                "缺少登记号",
                "the register number is missing",
            ));
        }
        if let Some(year) = calendar.missing_year(self.received) {
            return Err(RegisterError::BeyondCalendar {
                date: self.received,
                year,
            });
        }
        let received = self.received;
        let before = |problems: &mut Vec<Problem>,
                      field: &'static str,
                      date: Date,
                      what_zh: &str,
                      what_en: &str,
                      earliest: Date,
                      earliest_zh: &str,
                      earliest_en: &str| {
            if date < earliest {
                problems.push(Problem::new(
                    field,
                    format!("{what_zh}（{date}）早于{earliest_zh}（{earliest}）"),
                    format!("{what_en} ({date}) is before {earliest_en} ({earliest})"),
                ));
            }
        };
        let mut start = received;
        if let Some(correction) = &self.correction {
            before(
                &mut problems,
                "correction.notice",
                correction.notice,
                "补正通知日期",
                "the correction notice",
                received,
                "收到申请之日",
                "the day of receipt",
            );
            match wd(received, CORRECTION_NOTICE_DAYS) {
                Ok(limit) if correction.notice > limit => problems.push(Problem::new(
                    "correction.notice",
                    format!("补正通知（{}）应在收到申请之日起 {CORRECTION_NOTICE_DAYS} 个工作日内发出（最迟 {limit}，条例第三十条）", correction.notice),
                    format!("the correction notice ({}) must be sent within {CORRECTION_NOTICE_DAYS} working days of receipt (by {limit}; 条例 Art. 30)", correction.notice),
                )),
                Ok(_) => {}
                Err(err) => return Err(err),
            }
            if let Some(corrected) = correction.corrected {
                before(
                    &mut problems,
                    "correction.corrected",
                    corrected,
                    "收到补正申请的日期",
                    "the corrected application",
                    correction.notice,
                    "补正通知日期",
                    "the correction notice",
                );
                start = corrected.max(start);
            }
        }
        for (i, consultation) in self.consultations.iter().enumerate() {
            before(
                &mut problems,
                "consultations.start",
                consultation.start,
                &format!("第 {} 次征求意见的日期", i + 1),
                &format!("consultation {}", i + 1),
                start,
                "答复期限起算之日",
                "the day the deadline starts",
            );
            if let Some(end) = consultation.end {
                before(
                    &mut problems,
                    "consultations.end",
                    end,
                    &format!("第 {} 次征求意见收到意见的日期", i + 1),
                    &format!("the reply to consultation {}", i + 1),
                    consultation.start,
                    "征求意见之日",
                    "the day it was sent",
                );
            }
        }
        if let Some(extension) = &self.extension {
            if extension.days == 0 || extension.days > MAX_EXTENSION_DAYS {
                problems.push(Problem::new(
                    "extension.days",
                    format!("延长答复期限最长 {MAX_EXTENSION_DAYS} 个工作日，登记的是 {} 个（条例第三十三条）", extension.days),
                    format!("an extension adds at most {MAX_EXTENSION_DAYS} working days, this one {} (条例 Art. 33)", extension.days),
                ));
            }
            if extension.approver.trim().is_empty() {
                problems.push(Problem::new(
                    "extension.approver",
                    "延长答复期限须经政府信息公开工作机构负责人同意：缺少批准人（条例第三十三条）",
                    "an extension needs the approval of the head of the disclosure office: the approver is missing (条例 Art. 33)",
                ));
            }
            before(
                &mut problems,
                "extension.approved",
                extension.approved,
                "延期批准日期",
                "the extension's approval",
                received,
                "收到申请之日",
                "the day of receipt",
            );
            if problems.is_empty() {
                let mut without = self.clone();
                without.extension = None;
                if let Some(due) = crate::deadline::explain_case(&without, calendar)?.due {
                    if extension.approved > due {
                        problems.push(Problem::new(
                            "extension.approved",
                            format!("延期（{}）应在答复期限（{due}）届满前批准并告知申请人（条例第三十三条）", extension.approved),
                            format!("the extension ({}) must be approved and notified before the deadline ({due}) passes (条例 Art. 33)", extension.approved),
                        ));
                    }
                }
            }
        }
        if let Some(fee) = &self.fee {
            before(
                &mut problems,
                "fee.notice",
                fee.notice,
                "收费通知日期",
                "the fee notice",
                received,
                "收到申请之日",
                "the day of receipt",
            );
            if let Some(paid) = fee.paid {
                before(
                    &mut problems,
                    "fee.paid",
                    paid,
                    "缴费日期",
                    "the payment",
                    fee.notice,
                    "收费通知日期",
                    "the fee notice",
                );
            }
            let expected = fees::amount(fee.basis);
            if expected != fee.amount {
                problems.push(Problem::new(
                    "fee.amount",
                    format!("收费金额 {} 元与收费标准不符：{} 应为 {expected} 元（国办函〔2020〕109号）", fee.amount, fee.basis.describe(Lang::Zh)),
                    format!("the fee of {} 元 does not follow the standard: {} is {expected} 元 (国办函〔2020〕109号)", fee.amount, fee.basis.describe(Lang::En)),
                ));
            }
        }
        match (self.concluded, self.outcome) {
            (Some(_), None) => problems.push(Problem::new(
                "outcome",
                "已填办结日期，但没有办理结果",
                "a conclusion date without an outcome",
            )),
            (None, Some(_)) => problems.push(Problem::new(
                "concluded",
                "已填办理结果，但没有办结日期",
                "an outcome without a conclusion date",
            )),
            _ => {}
        }
        if let Some(concluded) = self.concluded {
            before(
                &mut problems,
                "concluded",
                concluded,
                "办结日期",
                "the conclusion",
                received,
                "收到申请之日",
                "the day of receipt",
            );
            let mut later: Vec<(&'static str, Date)> = Vec::new();
            if let Some(c) = &self.correction {
                later.push(("correction.notice", c.notice));
                later.extend(c.corrected.map(|d| ("correction.corrected", d)));
            }
            for c in &self.consultations {
                later.push(("consultations.start", c.start));
                later.extend(c.end.map(|d| ("consultations.end", d)));
            }
            if let Some(e) = &self.extension {
                later.push(("extension.approved", e.approved));
            }
            if let Some(f) = &self.fee {
                later.push(("fee.notice", f.notice));
                later.extend(f.paid.map(|d| ("fee.paid", d)));
            }
            for (field, date) in later {
                if date > concluded {
                    problems.push(Problem::new(
                        field,
                        format!("{field} 的日期（{date}）晚于办结日期（{concluded}）"),
                        format!(
                            "the date of {field} ({date}) is after the conclusion ({concluded})"
                        ),
                    ));
                }
            }
        }
        if let (Some(outcome), Some(concluded)) = (self.outcome, self.concluded) {
            match outcome.row() {
                RequestRow::OtherNoCorrection => match &self.correction {
                    Some(Correction { corrected: None, .. }) => {}
                    _ => problems.push(Problem::new(
                        "outcome",
                        "「逾期不补正」须有补正通知且未收到补正申请",
                        "「逾期不补正」(no correction in time) needs a correction notice and no corrected application",
                    )),
                },
                RequestRow::UnavailableUnclear
                    if self.correction.as_ref().and_then(|c| c.corrected).is_none() =>
                {
                    problems.push(Problem::new(
                        "outcome",
                        "「补正后申请内容仍不明确」须有补正通知和收到补正申请的日期",
                        "「补正后申请内容仍不明确」(still unclear after correction) needs a correction notice and the corrected application's date",
                    ));
                }
                RequestRow::OtherUnpaidFee => match &self.fee {
                    Some(fee) if fee.paid.is_none() => {
                        let limit = wd(fee.notice, FEE_PAYMENT_DAYS)?;
                        if concluded <= limit {
                            problems.push(Problem::new(
                                "concluded",
                                format!("缴费期限到 {limit} 为止（收费通知后 {FEE_PAYMENT_DAYS} 个工作日），办结日期 {concluded} 时尚未逾期"),
                                format!("the fee may be paid until {limit} ({FEE_PAYMENT_DAYS} working days after the notice); on {concluded} it was not yet overdue"),
                            ));
                        }
                    }
                    _ => problems.push(Problem::new(
                        "outcome",
                        "「逾期未缴纳费用」须有收费通知且未缴费",
                        "「逾期未缴纳费用」(fee not paid in time) needs a fee notice and no payment",
                    )),
                },
                _ => {}
            }
        }
        if problems.is_empty() {
            Ok(())
        } else {
            Err(RegisterError::Invalid(problems))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn outcomes_are_exactly_the_outcome_rows() {
        assert_eq!(Outcome::all().count(), RequestRow::OUTCOMES.len() - 1);
        assert!(Outcome::new(RequestRow::Received).is_none());
        assert!(Outcome::new(RequestRow::Total).is_none());
        assert!(Outcome::new(RequestRow::Other).is_none());
        for o in Outcome::all() {
            assert_eq!(Outcome::parse(o.key()), Some(o));
            assert_eq!(Outcome::parse(&o.label()), Some(o), "{}", o.label());
        }
        assert_eq!(
            Outcome::parse("国家秘密"),
            Some(Outcome(RequestRow::DeniedStateSecret))
        );
        assert_eq!(
            Outcome::parse("（一）予以公开"),
            Some(Outcome(RequestRow::Granted))
        );
        assert_eq!(Outcome::parse("不予公开"), None, "ambiguous: which ground?");
        assert_eq!(Outcome::parse("办理中"), None);
    }

    #[test]
    fn applicants_and_channels_read_their_words() {
        assert_eq!(Applicant::parse("自然人"), Some(Applicant::NaturalPerson));
        assert_eq!(
            Applicant::parse("法人或其他组织·商业企业"),
            Some(Applicant::Commercial)
        );
        assert_eq!(Applicant::parse("社会组织"), Some(Applicant::SocialWelfare));
        assert_eq!(
            Applicant::parse("legal_service"),
            Some(Applicant::LegalService)
        );
        assert_eq!(Applicant::parse("其他"), Some(Applicant::OtherOrg));
        assert_eq!(Applicant::parse("公司"), None);
        assert_eq!(Applicant::OtherOrg.label(), "其他");
        for c in Channel::ALL {
            assert_eq!(Channel::parse(c.zh()), Some(c));
            assert_eq!(Channel::parse(c.en()), Some(c));
        }
        assert_eq!(Channel::parse("飞鸽"), None);
    }
}
