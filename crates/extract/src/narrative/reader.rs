//! The reader: each number of a sentence read with the words around it into
//! claims, and the yes/no claims about appeals.

use super::numbers::*;
use super::paragraphs::{sentences, Paragraph, MAX_SENTENCE_CHARS};
use super::words::*;
use aho_corasick::AhoCorasick;
use std::ops::Range;
use std::sync::OnceLock;
use xxgk_model::{About, Appeals, Claim, ClaimKind, Number, Part, ReceivedIncludes, Scope};
use xxgk_read::Document;

/// Clause ends inside a sentence (full-width forms folded to ASCII).
const CLAUSE_ENDS: &[char] = &[',', ':', ';', '，', '：', '(', ')', '（', '）'];

/// A sentence without one of these holds no negation worth reading. Words,
/// not characters, so that their automaton finds them: matching each
/// character of every sentence against them cost more than the negations.
const NEGATION_CHARACTERS: &[&str] = &["未", "无", "没", "零", "不"];

pub(super) struct Reader<'d> {
    pub(super) doc: &'d Document,
    pub(super) agency: Option<&'d str>,
    pub(super) year: Option<i32>,
    pub(super) claims: Vec<Claim>,
}

/// What is known while reading one sentence.
pub(super) struct Sentence<'p> {
    paragraph: &'p Paragraph,
    /// The sentence's range in the paragraph text.
    range: Range<usize>,
    text: &'p str,
    /// The paragraph is about disclosure requests.
    requests_topic: bool,
    /// The subject stated by the sentence, once one is.
    scope: Option<Scope>,
    /// The scope carried from earlier sentences of the paragraph.
    carried: Scope,
    /// A received count was read in this sentence: later counts with a
    /// receiving verb need not repeat 申请 (区政府本级受理申请 30 件，各部门受理 120 件).
    requests_named: bool,
}

impl Reader<'_> {
    pub(super) fn paragraph(&mut self, paragraph: &Paragraph) {
        let requests_topic =
            paragraph.text.contains("申请") && contains_any(&paragraph.text, DISCLOSURE_TOPIC);
        let mut carried = Scope::Whole;
        let mut previous: &str = "";
        for range in sentences(&paragraph.text) {
            let text = &paragraph.text[range.clone()];
            if text.chars().count() > MAX_SENTENCE_CHARS {
                previous = "";
                continue;
            }
            let mut sentence = Sentence {
                paragraph,
                range,
                text,
                requests_topic: requests_topic && !text.contains("主动公开"),
                scope: None,
                carried: carried.clone(),
                requests_named: false,
            };
            // Most sentences hold no figure and no claim words: skip them cheaply.
            // The sentence's numbers, read once for all the passes over it. Most
            // sentences hold no figure and no claim words: those are skipped cheaply.
            let tokens = tokens(text);
            if !tokens.is_empty() {
                self.counts(&mut sentence, &tokens);
            }
            if contains_any(text, NEGATION_CHARACTERS) {
                self.negations(&mut sentence, &tokens, previous);
            }
            if text.contains("维持") {
                self.upheld(&mut sentence, &tokens, previous);
            }
            if let Some(scope) = sentence.scope {
                carried = scope;
            }
            previous = text;
        }
    }

    /// The sentence as printed: its lines' original text, joined.
    fn quote(&self, paragraph: &Paragraph, range: Range<usize>) -> String {
        let (start, end) = paragraph.folded(range);
        let mut out = String::new();
        // The lines are in order: start at the first that ends after the
        // sentence starts (a paragraph may hold thousands of lines and claims).
        let first = paragraph.lines.partition_point(|&(_, b)| b <= start);
        for &(a, b) in &paragraph.lines[first..] {
            if a >= end {
                break;
            }
            let (a, b) = (a.max(start), b.min(end));
            if a < b {
                out.push_str(self.doc.original_of(a, b).trim());
            }
        }
        out
    }

    /// True when the last year named before `at` in the sentence is another
    /// year than the report's.
    fn other_year(&self, tokens: &[Token], at: usize) -> bool {
        let named = tokens
            .iter()
            .rev()
            .find(|t| t.kind == TokenKind::Year && t.number.end <= at)
            .and_then(|t| t.value.as_i64());
        matches!((named, self.year), (Some(n), Some(y)) if n != y as i64)
    }

    /// The counted figures of a sentence.
    fn counts(&mut self, s: &mut Sentence, tokens: &[Token]) {
        let text = s.text;
        let cumulative_from = word_list(CUMULATIVE).find(text).map(|m| m.start());
        let mut made: Vec<Made> = Vec::new();
        // The claim whose parts the following numbers may be (其中 A … B).
        let mut owner: Option<usize> = None;
        let mut lead_start = 0;
        // The previous number was made a claim (a share right after is its).
        let mut just_made = false;
        for token in tokens {
            let lead = &text[lead_start..token.number.start];
            let lead_at = lead_start;
            lead_start = token.end;
            let after_claim = std::mem::take(&mut just_made);
            match token.kind {
                TokenKind::Percent if after_claim => {
                    attach_percent(&mut made, lead, token);
                    continue;
                }
                TokenKind::Count => {}
                _ => continue,
            }
            let cumulative = cumulative_from.is_some_and(|at| at < token.number.start);
            if self.other_year(tokens, token.number.start) || cumulative {
                continue;
            }
            if token.approximate {
                if let Some(o) = owner.take() {
                    made[o].parts.clear(); // parts of unknown size: no sum to check
                }
                continue;
            }
            let trail = clause_after(text, token.end);
            if let Some((kind, trigger)) = classify(lead, trail, token.unit, s) {
                let claim = self.count_claim(s, token, kind, lead, lead_at, trigger);
                if kind == ClaimKind::RequestsCarriedIn && contains_any(lead, INCLUDES) {
                    if let Some(received) = made
                        .last_mut()
                        .filter(|c| c.kind == ClaimKind::RequestsReceived)
                    {
                        received.about = Some(About::Received(ReceivedIncludes::CarriedIn));
                    }
                }
                owner = has_parts(kind).then_some(made.len());
                s.requests_named |= kind == ClaimKind::RequestsReceived;
                made.push(claim);
                just_made = true;
                continue;
            }
            if let Some(o) = owner {
                let opened = !made[o].parts.is_empty() || contains_any(lead, PARTS_OPENERS);
                let same_unit = made[o].unit == token.unit;
                if opened && same_unit {
                    let part = self.part(s, token);
                    made[o].parts.push(part);
                    continue;
                }
                owner = None;
            }
            if let Some(claim) = self.listed_request(s, &made, token, lead) {
                made.push(claim);
                just_made = true;
            }
        }
        // One part is no breakdown: keep parts only when two or more were listed.
        for claim in &mut made {
            if claim.parts.len() < 2 {
                claim.parts.clear();
            }
        }
        self.claims.extend(made.into_iter().map(|c| c.claim));
    }

    /// A claim for a count named by `trigger` (a range of `lead`, or `None` when
    /// named after the unit).
    fn count_claim(
        &self,
        s: &mut Sentence,
        token: &Token,
        kind: ClaimKind,
        lead: &str,
        lead_at: usize,
        trigger: Option<Range<usize>>,
    ) -> Made {
        let scope = match &trigger {
            Some(t) => {
                let leftover = (pattern(kind).is_some_and(|p| p.gap == Gap::Requests))
                    .then(|| strip_words(&lead[t.end..], GAP_NEUTRAL))
                    .filter(|l| !l.is_empty());
                let text = s.text;
                let subject = &text[lead_at..lead_at + t.start];
                match leftover {
                    Some(part) => Scope::Part(part),
                    None => self.scope_of(s, subject),
                }
            }
            None => self.scope_of(s, lead),
        };
        Made {
            claim: self.claim(s, kind, Some(token.value), token.number.clone(), scope),
            unit: token.unit,
        }
    }

    /// A received figure listed after another without its verb
    /// (接收邮寄信息公开申请 3 个，区转办信息公开申请 7 个).
    fn listed_request(
        &self,
        s: &Sentence,
        made: &[Made],
        token: &Token,
        lead: &str,
    ) -> Option<Made> {
        let previous = made.last()?;
        let received = pattern(ClaimKind::RequestsReceived)?;
        let fits = previous.claim.kind == ClaimKind::RequestsReceived
            && previous.unit == token.unit
            && lead.contains("申请")
            && !contains_any(lead, received.vetoes)
            && !contains_any(lead, COMPARISON);
        if !fits {
            return None;
        }
        let object = strip_words(lead, GAP_NEUTRAL);
        let scope = if object.is_empty() {
            s.scope.clone().unwrap_or_else(|| s.carried.clone())
        } else {
            Scope::Part(object)
        };
        Some(Made {
            claim: self.claim(
                s,
                ClaimKind::RequestsReceived,
                Some(token.value),
                token.number.clone(),
                scope,
            ),
            unit: token.unit,
        })
    }

    fn part(&self, s: &Sentence, token: &Token) -> Part {
        let (start, end) = s.paragraph.folded(shift(&s.range, &token.number));
        let (raw, span) = self.doc.printed(start, end);
        Part {
            value: token.value,
            raw: raw.to_string(),
            span,
        }
    }

    /// A claim whose printed words are `at` (a range of the sentence).
    fn claim(
        &self,
        s: &Sentence,
        kind: ClaimKind,
        value: Option<Number>,
        at: Range<usize>,
        scope: Scope,
    ) -> Claim {
        let (start, end) = s.paragraph.folded(shift(&s.range, &at));
        let (raw, span) = self.doc.printed(start, end);
        Claim {
            kind,
            value,
            percent: None,
            about: None,
            scope,
            raw: raw.to_string(),
            span,
            sentence: self.quote(s.paragraph, s.range.clone()),
            parts: Vec::new(),
        }
    }

    /// Whose figure: the subject in `subject` (the words before the naming word),
    /// else the one the sentence stated, else the paragraph's, else the body.
    /// A subject stated here becomes the sentence's, unless it qualifies a
    /// subset (其中当场答复 2 件: 当场 is no subject for what follows).
    fn scope_of(&self, s: &mut Sentence, subject: &str) -> Scope {
        let clause = &subject[clause_start(subject, subject.len())..];
        match subject_scope(subject, self.agency) {
            Some(scope) => {
                if s.scope.is_none() && !contains_any(clause, PARTS_OPENERS) {
                    s.scope = Some(scope.clone());
                }
                scope
            }
            None => s.scope.clone().unwrap_or_else(|| s.carried.clone()),
        }
    }

    /// 未发生…行政复议 (NoAppeals), 零败诉 (NoneCorrected), 未收到依申请公开
    /// (received 0). One claim of each kind per sentence.
    fn negations(&mut self, s: &mut Sentence, tokens: &[Token], previous: &str) {
        let text = s.text;
        let mut found: Vec<(ClaimKind, Range<usize>, Appeals)> = Vec::new();
        let mut at = 0;
        while at < text.len() {
            let rest = &text[at..];
            let first = rest.chars().next().expect("at < len");
            let Some((negator, long)) = negator_at(rest, first) else {
                at += first.len_utf8();
                continue;
            };
            let window_start = at + negator.len();
            let window_end = clause_end(text, window_start);
            let window = &text[window_start..window_end];
            let before = &text[clause_start(text, at)..at];
            let goal = contains_any(before, GOAL_WORDS) || self.other_year(tokens, at);
            let denial = (!goal)
                .then(|| denied(negator, long, window, s.requests_topic))
                .flatten();
            let Some((kind, key_end)) = denial else {
                at = window_start;
                continue;
            };
            let end = window_start + key_end;
            let words = if text[at..end].chars().count() <= 12 {
                at..end
            } else {
                at..window_start
            };
            let clause = &text[clause_start(text, at)..window_end];
            let about = about_of(clause, text, previous, kind);
            match found.iter_mut().find(|f| f.0 == kind) {
                Some(f) => f.2 = merge_about(f.2, about),
                None => found.push((kind, words, about)),
            }
            at = window_end;
        }
        for (kind, words, about) in found {
            let subject = &text[clause_start(text, words.start)..words.start];
            let scope = self.scope_of(s, subject);
            let value = (kind == ClaimKind::RequestsReceived).then_some(Number::ZERO);
            let mut claim = self.claim(s, kind, value, words, scope);
            if kind != ClaimKind::RequestsReceived {
                claim.about = Some(About::Appeals(about));
            }
            self.claims.push(claim);
        }
    }

    /// 均获维持 / 全部维持 (AllUpheld).
    fn upheld(&mut self, s: &mut Sentence, tokens: &[Token], previous: &str) {
        let Some((at, word)) = first_of(s.text, UPHELD_WORDS) else {
            return;
        };
        let before = &s.text[..at];
        let clause = &s.text[clause_start(s.text, at)..at];
        let negated = before.ends_with(['未', '不', '非']) || before.ends_with("没有");
        // 其中 2 件均获维持: the clause counts a subset, not all cases.
        let subset = contains_any(clause, PARTS_OPENERS)
            || tokens.iter().any(|t| {
                t.kind == TokenKind::Count
                    && t.number.start >= clause_start(s.text, at)
                    && t.end <= at
            });
        if negated
            || subset
            || contains_any(before, CONCLUDED_ONLY)
            || contains_any(clause, GOAL_WORDS)
            || self.other_year(tokens, at)
        {
            return;
        }
        let about = about_of(before, before, previous, ClaimKind::AllUpheld);
        if about == Appeals::Unsaid {
            return;
        }
        let words = at..at + word.len();
        let subject = &s.text[clause_start(s.text, at)..at];
        let scope = self.scope_of(s, subject);
        let mut claim = self.claim(s, ClaimKind::AllUpheld, None, words, scope);
        claim.about = Some(About::Appeals(about));
        self.claims.push(claim);
    }
}

/// A claim being built, with the unit of its number (parts must share it).
struct Made {
    claim: Claim,
    unit: &'static str,
}

impl std::ops::Deref for Made {
    type Target = Claim;
    fn deref(&self) -> &Claim {
        &self.claim
    }
}
impl std::ops::DerefMut for Made {
    fn deref_mut(&mut self) -> &mut Claim {
        &mut self.claim
    }
}

/// Figures whose breakdown (其中 A … B) is read as parts.
fn has_parts(kind: ClaimKind) -> bool {
    matches!(
        kind,
        ClaimKind::ProactiveTotal
            | ClaimKind::ReviewTotal
            | ClaimKind::LitigationTotal
            | ClaimKind::RequestsReceived
    )
}

pub(super) fn pattern(kind: ClaimKind) -> Option<&'static Pattern> {
    PATTERNS.iter().find(|p| p.kind == kind)
}

/// What a count is, from the words after its unit, else the naming word nearest
/// it in the lead; with the naming word's range in the lead (`None` when named
/// after the unit). The nearest words decide: if their pattern's conditions
/// fail, the number is no claim (no second guess).
fn classify(
    lead: &str,
    trail: &str,
    unit: &str,
    s: &Sentence,
) -> Option<(ClaimKind, Option<Range<usize>>)> {
    let trail = TRAIL_COPULAS
        .iter()
        .find_map(|c| trail.strip_prefix(c))
        .unwrap_or(trail);
    for (kind, words) in TRAIL_PATTERNS {
        if words.iter().any(|w| trail.starts_with(w))
            && REQUEST_UNITS.contains(&unit)
            && s.requests_topic
            && !contains_any(lead, COMPARISON)
        {
            return Some((*kind, None));
        }
    }
    let (pattern, trigger) = nearest_trigger(lead)?;
    let gap = &lead[trigger.end..];
    let fits = pattern.units.contains(&unit)
        && !contains_any(lead, pattern.vetoes)
        && !contains_any(lead, COMPARISON)
        && match pattern.topic {
            Topic::Any => true,
            Topic::Requests => s.requests_topic,
        }
        && match pattern.gap {
            Gap::Neutral => strip_words(gap, GAP_NEUTRAL).is_empty(),
            Gap::Requests => gap.contains("申请") || starts_with_request(trail) || s.requests_named,
        };
    fits.then_some((pattern.kind, Some(trigger)))
}

fn starts_with_request(trail: &str) -> bool {
    let trail = trail.strip_prefix('的').unwrap_or(trail);
    REQUEST_KEYS.iter().any(|k| trail.starts_with(k))
}

/// The pattern whose naming word ends nearest the end of `lead` (the longer word
/// on a tie), and where.
fn nearest_trigger(lead: &str) -> Option<(&'static Pattern, Range<usize>)> {
    let (automaton, owners) = triggers();
    automaton
        .find_overlapping_iter(lead)
        .map(|m| {
            (
                &PATTERNS[owners[m.pattern().as_usize()]],
                m.start()..m.end(),
            )
        })
        .max_by_key(|(_, r)| (r.end, r.len()))
}

/// Every pattern's triggers in one automaton, with the pattern each belongs to.
pub(super) fn triggers() -> &'static (AhoCorasick, Vec<usize>) {
    static TRIGGERS: OnceLock<(AhoCorasick, Vec<usize>)> = OnceLock::new();
    TRIGGERS.get_or_init(|| {
        let mut words = Vec::new();
        let mut owners = Vec::new();
        for (i, pattern) in PATTERNS.iter().enumerate() {
            words.extend_from_slice(pattern.triggers);
            owners.extend(std::iter::repeat_n(i, pattern.triggers.len()));
        }
        (
            AhoCorasick::new(&words).expect("triggers are plain strings"),
            owners,
        )
    })
}

/// Attaches `占 X%` to the figure just before it (the caller checks that the
/// number before the share was that figure's).
fn attach_percent(made: &mut [Made], lead: &str, token: &Token) {
    let Some(last) = made.last_mut() else {
        return;
    };
    let close = lead.chars().count() <= 12 && contains_any(lead, SHARE_WORDS);
    if close && last.percent.is_none() && !token.approximate {
        last.percent = Some(token.value);
    }
}

/// The negation `rest` (whose first character is `first`) starts with, a long
/// one first, and whether it is long.
fn negator_at(rest: &str, first: char) -> Option<(&'static str, bool)> {
    // Only a negator's first character can start one: the lists are tried
    // there alone (trying them at every character was most of the reader's
    // own cost, ~1.8 M instructions over the benchmark documents).
    if !can_start_negator(first) {
        return None;
    }
    if let Some(long) = LONG_NEGATORS.iter().find(|w| rest.starts_with(*w)) {
        return Some((long, true));
    }
    let short = SHORT_NEGATORS.iter().find(|w| rest.starts_with(*w))?;
    Some((short, false))
}

/// True for the first characters of [`LONG_NEGATORS`] and [`SHORT_NEGATORS`].
fn can_start_negator(c: char) -> bool {
    matches!(c, '尚' | '没' | '未' | '不' | '无' | '均' | '零')
}

/// The text after `at` to the end of its clause.
fn clause_after(text: &str, at: usize) -> &str {
    &text[at..clause_end(text, at)]
}

fn clause_end(text: &str, from: usize) -> usize {
    text[from..]
        .find(CLAUSE_ENDS)
        .map_or(text.len(), |i| from + i)
}

fn clause_start(text: &str, at: usize) -> usize {
    text[..at].rfind(CLAUSE_ENDS).map_or(0, |i| {
        i + text[i..].chars().next().map_or(1, char::len_utf8)
    })
}

/// What a negation at the start of `window` denies: the claim kind and where its
/// key word ends in the window.
fn denied(
    negator: &str,
    long: bool,
    window: &str,
    requests_topic: bool,
) -> Option<(ClaimKind, usize)> {
    // Words between the negation and its key: any after a long negation of
    // appeals (未发生因…而被申请行政复议), else only words that change nothing.
    let reach = |keys: &'static [&'static str],
                 any: bool,
                 neutral: &'static [&'static str]|
     -> Option<(usize, usize)> {
        let (at, key) = first_of(window, keys)?;
        (any || strip_words(&window[..at], neutral).is_empty()).then_some((at, at + key.len()))
    };
    if let Some((_, end)) = reach(CORRECTED_KEYS, long, NEGATION_GAP) {
        return Some((ClaimKind::NoneCorrected, end));
    }
    if let Some((_, end)) = reach(APPEAL_KEYS, long, NEGATION_GAP) {
        return Some((ClaimKind::NoAppeals, end));
    }
    if !requests_topic || !REQUEST_NEGATORS.contains(&negator) {
        return None;
    }
    // 未收到邮寄的申请 is no statement about all requests: neutral words only.
    let (at, end) = reach(REQUEST_KEYS, false, GAP_NEUTRAL)?;
    // 未收到申请人的回复: the applicant, not a request.
    let applicant = &window[at..end] == "申请" && window[end..].starts_with('人');
    let vetoed = contains_any(window, &["信访", "投诉", "许可", "补正", "信箱", "咨询"]);
    (!applicant && !vetoed).then_some((ClaimKind::RequestsReceived, end))
}

/// Which appeals a yes/no claim is about ([`Appeals::Unsaid`] when nothing
/// says). Looks in `near` (the claim's own words), then the
/// sentence, then the previous sentence. 败诉 (lost a lawsuit) alone means
/// litigation; 纠错 alone, every case.
fn about_of(near: &str, sentence: &str, previous: &str, kind: ClaimKind) -> Appeals {
    let mentions = |text: &str| -> Option<Appeals> {
        let review = text.contains("复议");
        let litigation = text.contains("诉讼") || text.contains("起诉");
        match (review, litigation) {
            (true, true) => Some(Appeals::Both),
            (true, false) => Some(Appeals::Review),
            (false, true) => Some(Appeals::Litigation),
            _ => None,
        }
    };
    if let Some(about) = mentions(near).or_else(|| mentions(sentence)) {
        return about;
    }
    match kind {
        ClaimKind::NoneCorrected if near.contains("败诉") => Appeals::Litigation,
        ClaimKind::NoneCorrected => mentions(previous).unwrap_or(Appeals::Both),
        _ => mentions(previous).unwrap_or(Appeals::Unsaid),
    }
}

/// One claim's appeals said twice in a sentence: the same, or both.
fn merge_about(a: Appeals, b: Appeals) -> Appeals {
    if a == b {
        a
    } else {
        Appeals::Both
    }
}

/// Whose figure a subject names: `None` when it names nobody (only time and
/// topic words), Whole for the body itself, else Part.
fn subject_scope(subject: &str, agency: Option<&str>) -> Option<Scope> {
    let clause = &subject[clause_start(subject, subject.len())..];
    // The first place any cut word starts: its automaton's leftmost match.
    let cut = word_list(SUBJECT_CUTS)
        .find(clause)
        .map_or(clause.len(), |m| m.start());
    let name = strip_words(&clause[..cut], SUBJECT_NOISE);
    let name: String = name
        .chars()
        .filter(|c| {
            !c.is_ascii_digit() && !c.is_ascii_punctuation() && !"、，：（）“”《》".contains(*c)
        })
        .collect();
    if name.is_empty() {
        return None;
    }
    if WHOLE_SUBJECTS.contains(&name.as_str()) || is_agency(&name, agency) {
        return Some(Scope::Whole);
    }
    Some(Scope::Part(name))
}

/// True when `name` is the reporting body: its name, or its name without
/// 人民政府/政府 contained in the agency's (火店镇政府 in 夏邑县火店镇人民政府).
/// 区政府 alone is not: in a district's report it is the district government's
/// own office, not the district.
fn is_agency(name: &str, agency: Option<&str>) -> bool {
    let Some(agency) = agency else {
        return false;
    };
    if agency == name {
        return true;
    }
    let stem = |s: &str| -> String {
        let s = s
            .strip_suffix("人民政府")
            .or_else(|| s.strip_suffix("政府"))
            .unwrap_or(s);
        s.to_string()
    };
    let name_stem = stem(name);
    name_stem.chars().count() >= 3 && stem(agency).contains(&name_stem)
}

/// `text` with every occurrence of `words` removed (longest match first at
/// each position), and punctuation and spaces dropped.
///
/// The words are found by their automaton: its leftmost-longest matches are
/// the words a left-to-right reading removes (trying each word at each
/// character cost dozens of comparisons per character).
fn strip_words(text: &str, words: &'static [&'static str]) -> String {
    let mut out = String::new();
    let mut at = 0;
    for word in word_list(words).find_iter(text) {
        push_unpunctuated(&mut out, &text[at..word.start()]);
        at = word.end();
    }
    push_unpunctuated(&mut out, &text[at..]);
    out
}

/// Appends the characters of `text` that are not punctuation or whitespace.
fn push_unpunctuated(out: &mut String, text: &str) {
    for c in text.chars() {
        let punctuation =
            c.is_whitespace() || c.is_ascii_punctuation() || "、，：；（）“”‘’《》。".contains(c);
        if !punctuation {
            out.push(c);
        }
    }
}

/// `inner`, a range of the sentence, as a range of the paragraph text.
fn shift(sentence: &Range<usize>, inner: &Range<usize>) -> Range<usize> {
    sentence.start + inner.start..sentence.start + inner.end
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_negator_starts_with_a_negator_start() {
        for word in LONG_NEGATORS.iter().chain(SHORT_NEGATORS) {
            let first = word.chars().next().unwrap();
            assert!(can_start_negator(first), "{word}");
        }
    }

    /// The reading `strip_words` does: the longest word at each position.
    fn strip_words_naively(text: &str, words: &[&str]) -> String {
        let mut out = String::new();
        let mut at = 0;
        while at < text.len() {
            let rest = &text[at..];
            let hit = words
                .iter()
                .filter(|w| rest.starts_with(*w))
                .max_by_key(|w| w.len());
            if let Some(w) = hit {
                at += w.len();
                continue;
            }
            let c = rest.chars().next().unwrap();
            push_unpunctuated(&mut out, &rest[..c.len_utf8()]);
            at += c.len_utf8();
        }
        out
    }

    #[test]
    fn strip_words_removes_the_longest_word_at_each_position() {
        let texts = [
            "2024年,区政府办代表区政府",
            "依申请公开政府信息公开申请共计(含)“年度”新收案件数量",
            "截至目前本年度全年年内共受理申请件",
            "其中包括包含另有此外,发生因涉及",
            "",
        ];
        for list in [GAP_NEUTRAL, SUBJECT_NOISE, NEGATION_GAP] {
            for text in texts {
                assert_eq!(
                    strip_words(text, list),
                    strip_words_naively(text, list),
                    "{text}"
                );
            }
        }
    }

    #[test]
    fn subjects() {
        let agency = Some("淮安市洪泽区人民政府");
        assert_eq!(subject_scope("2024年,全市共", agency), Some(Scope::Whole));
        assert_eq!(subject_scope("年内共", agency), None);
        assert_eq!(
            subject_scope("2024年,区政府办代表区政府", agency),
            Some(Scope::Part("区政府办".into()))
        );
        assert_eq!(
            subject_scope("我区在政府网站平台", agency),
            Some(Scope::Whole)
        );
        assert_eq!(subject_scope("洪泽区人民政府", agency), Some(Scope::Whole));
        assert_eq!(
            subject_scope("区政府", agency),
            Some(Scope::Part("区政府".into()))
        );
        assert_eq!(subject_scope("政府信息公开", agency), None);
    }
}
