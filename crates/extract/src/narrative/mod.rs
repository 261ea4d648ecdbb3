//! Figures the prose states — 收到申请 64 件, 予以公开 10 件（占 50%）, 行政复议 2 件,
//! 均获维持, 主动公开政府信息 1035 条，其中 … — read into [`Claim`]s so that the
//! checker can compare them with the tables (rules `narrative-*`).
//!
//! How. The prose lines (not table rows, not section headings) are joined into
//! paragraphs, because PDF text layers wrap a paragraph every ~30 characters and
//! a sentence often runs over the break; a byte map keeps every position in the
//! folded text, so each claim's span is the number as printed. Paragraphs are cut
//! into sentences at 。！？；. In a sentence, each number followed by a count unit
//! (件/个/条/起…) is read with the words before it back to the previous number
//! (its *lead*) and the words right after it. What the words mean is data — the
//! tables below — and the code only finds the naming words nearest the number,
//! then applies that pattern's vetoes.
//!
//! Conservative by design, because a false contradiction costs a reviewer more
//! than a missed one: a claim is made only when the words say plainly what is
//! counted; an approximate number (余/多/约) is no claim; a sentence about another
//! year is skipped; a subject that is not the body itself (区政府办, 各部门) or an
//! object narrower than all requests (邮寄申请, 区转办申请) makes the claim
//! [`Scope::Part`], which the checks never compare with the tables.
//!
//! Whose figure. The subject is the text before the naming word in its clause,
//! without time and topic words (2024 年, 依申请公开方面, 共): none, 我局/我镇/全区/
//! 本机关 or the agency's name (邵岗镇 in 青铜峡市邵岗镇) is the body (Whole); any
//! other name is a part. A sentence without a subject takes the one its sentence
//! or paragraph stated before. 区政府 alone in a district's report is a part: it is
//! the government's own office, while the tables cover the district.
//!
//! What `Claim::about` holds. For AllUpheld, NoneCorrected and NoAppeals: the
//! appeals the claim is about ([`Appeals`]). For a received count whose sentence
//! says it includes carry-over (受理 25 件（含上年结转 5 件）):
//! [`ReceivedIncludes::CarriedIn`], so that the check compares it with 新收 +
//! 上年结转.
//!
//! The parts: [`words`] (what the words mean: data), [`paragraphs`] (prose
//! joined and cut into sentences), [`numbers`] (numerals and their units) and
//! [`reader`] (claims from sentences).

mod numbers;
mod paragraphs;
mod reader;
mod words;

use crate::scan::Scan;
use paragraphs::paragraphs;
use reader::Reader;
use xxgk_model::Claim;
#[cfg(doc)]
use xxgk_model::{Appeals, ReceivedIncludes, Scope};
use xxgk_read::Document;

/// The claims the prose of `doc` states. `agency` decides which subjects are the
/// body itself; `year` which sentences are about the report's year.
pub fn read(doc: &Document, scan: &Scan, agency: Option<&str>, year: Option<i32>) -> Vec<Claim> {
    let mut reader = Reader {
        doc,
        agency,
        year,
        claims: Vec::new(),
    };
    paragraphs(doc, scan, |paragraph| reader.paragraph(paragraph));
    let mut claims = reader.claims;
    claims.sort_by_key(|c| (c.span.start, c.span.end));
    claims
}
