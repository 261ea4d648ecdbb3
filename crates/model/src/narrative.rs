//! Figures the prose states (section 一 and the rest), as printed, so the checker
//! can compare them with the tables. A claim keeps its number, the sentence it
//! came from and whose figures the sentence is about.

use crate::{Number, Span};
use serde::{Deserialize, Serialize};

/// What a stated figure counts.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ClaimKind {
    /// 收到/受理/接收 … 申请 N 件 — table 3 `received.total` (or received + carried in
    /// when the sentence says it includes 上年结转).
    RequestsReceived,
    /// 办结/答复/办理完毕 N 件 — table 3 `total.total`.
    RequestsConcluded,
    /// 上年结转 N 件 — table 3 `carried_in.total`.
    RequestsCarriedIn,
    /// 结转下年度/顺延 N 件 — table 3 `carried_out.total`.
    RequestsCarriedOut,
    /// 予以公开 N 件 — `granted.total`.
    Granted,
    /// 部分公开 N 件 — `partially_granted.total`.
    PartiallyGranted,
    /// 予以公开及部分公开 N 件 (or 公开 N 件 covering both).
    GrantedOrPartially,
    /// 不予公开 N 件 — the eight `denied_*` rows.
    Denied,
    /// 无法提供 N 件 — the three `unavailable_*` rows.
    Unavailable,
    /// 不予处理 N 件 — the five `rejected_*` rows.
    Rejected,
    /// 行政复议 N 件/起 — `appeals.review.total`.
    ReviewTotal,
    /// 行政诉讼 N 件/起 — `litigation_direct.total + litigation_after_review.total`.
    LitigationTotal,
    /// 均获维持 / 全部维持 — every review (or litigation) case upheld.
    AllUpheld,
    /// 零败诉 / 未败诉 / 无纠错 — no case corrected.
    NoneCorrected,
    /// 未发生/无 行政复议、行政诉讼 — no case at all.
    NoAppeals,
    /// 主动公开 … N 条 — a proactive-disclosure count (no table cell; checked for sums).
    ProactiveTotal,
}

/// Whose figures a sentence states.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "kind", content = "unit")]
pub enum Scope {
    /// The reporting body as a whole (the subject is the body, 我局/我镇/全区, or none).
    Whole,
    /// A part of it (区政府办, 本机关办公室, 各部门…): the figure is not the table's.
    Part(String),
}

/// What a claim is about beyond its kind. Stored and printed as one word
/// ([`About::as_str`]), as reports have always stored it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(into = "&'static str", try_from = "String")]
pub enum About {
    /// Which appeals a yes/no claim (AllUpheld, NoneCorrected, NoAppeals) is
    /// about.
    Appeals(Appeals),
    /// What a received count (RequestsReceived) includes.
    Received(ReceivedIncludes),
}

/// The appeals a yes/no claim is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Appeals {
    /// Administrative review (行政复议).
    Review,
    /// Administrative litigation (行政诉讼).
    Litigation,
    /// Both review and litigation.
    Both,
    /// Nothing in or before the sentence says which (未发生… with no appeal
    /// named): the checker then compares with every group.
    Unsaid,
}

/// What a received count includes beyond the year's new requests.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ReceivedIncludes {
    /// 受理 N 件（含上年结转 M 件）: the count includes last year's carried-in
    /// requests, so it is compared with 新收 + 上年结转.
    CarriedIn,
}

impl About {
    /// Every value, for reading the stored word back.
    const ALL: [About; 5] = [
        About::Appeals(Appeals::Review),
        About::Appeals(Appeals::Litigation),
        About::Appeals(Appeals::Both),
        About::Appeals(Appeals::Unsaid),
        About::Received(ReceivedIncludes::CarriedIn),
    ];

    /// The stored word: `review`, `litigation`, `both`, `""` (unsaid) or
    /// `including_carried_in`.
    pub fn as_str(self) -> &'static str {
        match self {
            About::Appeals(Appeals::Review) => "review",
            About::Appeals(Appeals::Litigation) => "litigation",
            About::Appeals(Appeals::Both) => "both",
            About::Appeals(Appeals::Unsaid) => "",
            About::Received(ReceivedIncludes::CarriedIn) => "including_carried_in",
        }
    }
}

impl From<About> for &'static str {
    fn from(about: About) -> &'static str {
        about.as_str()
    }
}

impl TryFrom<String> for About {
    type Error = String;

    fn try_from(word: String) -> Result<About, String> {
        About::ALL
            .into_iter()
            .find(|a| a.as_str() == word)
            .ok_or_else(|| format!("unknown claim qualifier `{word}`"))
    }
}

impl std::fmt::Display for About {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One stated figure.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Claim {
    /// What the figure counts.
    pub kind: ClaimKind,
    /// The number stated (for counts and shares); `None` for yes/no claims.
    pub value: Option<Number>,
    /// A percentage stated with it (占 X%), if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub percent: Option<Number>,
    /// What the claim is about beyond its kind: the appeals of a yes/no claim,
    /// or a received count that includes carry-over.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub about: Option<About>,
    /// Whether it speaks of the whole body or a part of it.
    pub scope: Scope,
    /// The number (or claim words) as printed, and where.
    pub raw: String,
    /// Where `raw` is in the source.
    pub span: Span,
    /// The whole sentence, for messages.
    pub sentence: String,
    /// Parts that the sentence says make up this figure (其中 A 条 … B 条).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub parts: Vec<Part>,
}

/// A part of a stated total (其中 A 条).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Part {
    /// The part's number.
    pub value: Number,
    /// The part as printed.
    pub raw: String,
    /// Where it was printed.
    pub span: Span,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn about_round_trips_as_its_word() {
        for about in About::ALL {
            let json = serde_json::to_string(&about).unwrap();
            assert_eq!(json, format!("\"{}\"", about.as_str()));
            assert_eq!(serde_json::from_str::<About>(&json).unwrap(), about);
        }
        assert!(serde_json::from_str::<About>("\"other\"").is_err());
    }
}
