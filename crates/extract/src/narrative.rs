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

use crate::scan::Scan;
use aho_corasick::{AhoCorasick, MatchKind};
use std::ops::Range;
use std::sync::{Mutex, OnceLock};
use xxgk_model::{About, Appeals, Claim, ClaimKind, Number, Part, ReceivedIncludes, Scope};
use xxgk_read::{Document, LineKind};

// ====================================================================== the words

/// Units after a number that make it a count (longer units first).
const COUNT_UNITS: &[&str] = &["件", "个", "条", "起", "宗", "例", "份", "项", "篇", "次"];

/// Words right after a unit that make the number a duration, not a count
/// (二十个工作日, 四个季度).
const NOT_A_COUNT_AFTER: &[&str] = &["工作日", "自然日", "小时", "季度", "月", "百分点", "星期"];

/// Between a number and its unit: the number is approximate (5500 余条).
const APPROX_AFTER: &[&str] = &["余", "多"];
/// Before a number: approximate (约 20 件, 近 100 条).
const APPROX_BEFORE: &[&str] = &["大约", "将近", "超过", "不足", "不到", "约", "近", "逾"];
/// After the unit: approximate (20 件左右).
const APPROX_TRAIL: &[&str] = &["左右", "以上", "上下"];

const REQUEST_UNITS: &[&str] = &["件", "个", "条", "宗", "份", "起"];
const OUTCOME_UNITS: &[&str] = &["件", "个", "宗", "份"];
const APPEAL_UNITS: &[&str] = &["件", "起", "宗", "例", "个", "次"];
const PROACTIVE_UNITS: &[&str] = &["条", "篇", "件", "项"];

/// Words that, in a lead, mean the number compares or belongs to another year.
#[rustfmt::skip]
const COMPARISON: &[&str] = &[
    "较", "同比", "环比", "上年同期", "去年", "增长", "下降", "减少", "增加", "平均",
];

/// Words before a count in its sentence that make it cumulative over years
/// (截至 2024 年底累计受理 500 件, 2019 年以来).
const CUMULATIVE: &[&str] = &["以来", "历年", "至今", "截至", "累计至"];

/// What the paragraph must mention for a request figure to be about disclosure
/// requests (not 行政许可 applications).
const DISCLOSURE_TOPIC: &[&str] = &["信息公开", "依申请", "政府信息"];

/// Whether the words between a naming word and its number may only be neutral
/// ones, or name requests (any other words there make the figure a part).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Gap {
    Neutral,
    Requests,
}

/// What the paragraph must be about.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Topic {
    Any,
    /// Requests for disclosure: the paragraph mentions 申请 and disclosure, and
    /// the sentence is not about proactive disclosure.
    Requests,
}

/// One figure: the words that name it before the number.
struct Pattern {
    kind: ClaimKind,
    /// Naming words; among all patterns, the one whose word ends nearest the
    /// number wins (the longer word on a tie: 予以公开及部分公开 over 部分公开).
    triggers: &'static [&'static str],
    units: &'static [&'static str],
    gap: Gap,
    /// Words anywhere in the lead that mean this is not the figure.
    vetoes: &'static [&'static str],
    topic: Topic,
}

#[rustfmt::skip]
const PATTERNS: &[Pattern] = &[
    Pattern {
        kind: ClaimKind::RequestsReceived,
        triggers: &["收到", "受理", "接收", "接到", "新收", "收悉"],
        units: REQUEST_UNITS,
        gap: Gap::Requests,
        vetoes: &[
            "上年", "上一年", "结转", "不予受理", "不受理", "信访", "信箱", "咨询", "投诉", "复议",
            "诉讼", "热线", "12345", "建议", "提案", "留言", "来信", "来电", "许可", "人大", "政协",
            "议案",
        ],
        topic: Topic::Requests,
    },
    Pattern {
        kind: ClaimKind::RequestsConcluded,
        triggers: &["办结", "答复", "办理完毕", "处理完毕", "完成办理"],
        units: REQUEST_UNITS,
        gap: Gap::Neutral,
        vetoes: &[
            "顺延", "结转", "下年", "逾期", "延期", "超期", "复议", "诉讼", "信箱", "咨询", "信访",
            "上年", "上一年", "率", "热线", "12345", "留言", "来信", "投诉", "建议", "提案", "议案",
        ],
        topic: Topic::Requests,
    },
    Pattern {
        kind: ClaimKind::RequestsCarriedIn,
        triggers: &[
            "上年结转", "上年度结转", "上一年度结转", "上一年结转", "上年度遗留", "上年遗留",
            "上年未办结", "上年度未办结",
        ],
        units: REQUEST_UNITS,
        gap: Gap::Neutral,
        vetoes: &["下年", "下一年"],
        topic: Topic::Requests,
    },
    Pattern {
        kind: ClaimKind::RequestsCarriedOut,
        triggers: &[
            "结转下年度继续办理", "结转下年度", "结转下一年度", "结转至下一年度", "结转至下年度",
            "结转到下一年度", "结转到下年度", "结转至下年", "结转下年", "顺延至下一年度",
            "顺延至下年度", "顺延到下一年度", "顺延到下年度", "顺延", "转入下一年度", "转入下年度",
            "正在办理", "尚在办理", "仍在办理", "尚未办结", "未办结",
        ],
        units: REQUEST_UNITS,
        gap: Gap::Neutral,
        vetoes: &["上年", "上一年", "去年"],
        topic: Topic::Requests,
    },
    Pattern {
        kind: ClaimKind::GrantedOrPartially,
        triggers: &[
            "予以公开及部分公开", "予以公开和部分公开", "予以公开或部分公开", "全部公开或部分公开",
            "全部公开和部分公开", "全部公开及部分公开", "全部或部分公开", "全部和部分公开",
            "公开及部分公开", "公开和部分公开", "同意公开和部分公开", "同意公开及部分公开",
            "予以公开(含部分公开)", "予以公开(包括部分公开)", "公开(含部分公开)",
        ],
        units: OUTCOME_UNITS,
        gap: Gap::Neutral,
        vetoes: &["主动"],
        topic: Topic::Requests,
    },
    Pattern {
        kind: ClaimKind::Granted,
        triggers: &["予以公开", "同意公开", "全部公开"],
        units: OUTCOME_UNITS,
        gap: Gap::Neutral,
        vetoes: &["主动"],
        topic: Topic::Requests,
    },
    Pattern {
        kind: ClaimKind::PartiallyGranted,
        triggers: &["部分公开", "予以部分公开", "同意部分公开"],
        units: OUTCOME_UNITS,
        gap: Gap::Neutral,
        vetoes: &["主动"],
        topic: Topic::Requests,
    },
    Pattern {
        kind: ClaimKind::Denied,
        triggers: &["不予公开"],
        units: OUTCOME_UNITS,
        gap: Gap::Neutral,
        vetoes: &["主动"],
        topic: Topic::Requests,
    },
    Pattern {
        kind: ClaimKind::Unavailable,
        triggers: &["无法提供"],
        units: OUTCOME_UNITS,
        gap: Gap::Neutral,
        vetoes: &["主动"],
        topic: Topic::Requests,
    },
    Pattern {
        kind: ClaimKind::Rejected,
        triggers: &["不予处理"],
        units: OUTCOME_UNITS,
        gap: Gap::Neutral,
        vetoes: &["主动"],
        topic: Topic::Requests,
    },
    Pattern {
        kind: ClaimKind::ReviewTotal,
        triggers: &["行政复议", "复议"],
        units: APPEAL_UNITS,
        gap: Gap::Neutral,
        // 复议 and 诉讼 in one lead (行政复议、行政诉讼 3 件) is a combined figure.
        vetoes: &["诉讼", "起诉", "上年", "上一年"],
        topic: Topic::Any,
    },
    Pattern {
        kind: ClaimKind::LitigationTotal,
        triggers: &["行政诉讼", "诉讼", "起诉"],
        units: APPEAL_UNITS,
        gap: Gap::Neutral,
        // 复议后起诉 / 未经复议直接起诉 are only one of the two litigation groups.
        vetoes: &["复议", "直接起诉", "上年", "上一年"],
        topic: Topic::Any,
    },
    Pattern {
        kind: ClaimKind::ProactiveTotal,
        triggers: &["主动公开", "主动发布"],
        units: PROACTIVE_UNITS,
        gap: Gap::Neutral,
        // 其中主动公开 23 条 is a part of another figure.
        vetoes: &["其中", "上年", "上一年"],
        topic: Topic::Any,
    },
];

/// Words right after the unit that name the figure instead of the lead
/// (另有 103 件顺延到下年度答复; 3 件为上年结转). Leading 为/系/属/是 are skipped.
#[rustfmt::skip]
const TRAIL_PATTERNS: &[(ClaimKind, &[&str])] = &[
    (
        ClaimKind::RequestsCarriedOut,
        &[
            "顺延", "结转下", "结转至下", "结转到下", "转入下", "延续至下", "延续到下", "将于下",
            "正在办理", "尚在办理", "仍在办理",
        ],
    ),
    (
        ClaimKind::RequestsCarriedIn,
        &["上年结转", "上年度结转", "上一年度结转"],
    ),
];
const TRAIL_COPULAS: &[&str] = &["属于", "为", "系", "属", "是"];

/// Words that may stand between a naming word and its number without changing
/// what is counted (受理政府信息公开申请 N 件, 行政复议案件共 2 件).
#[rustfmt::skip]
const GAP_NEUTRAL: &[&str] = &[
    "政府信息公开申请", "政府信息公开", "依申请公开", "信息公开", "政府信息", "依申请", "申请件",
    "申请", "案件", "各类", "各项", "相关", "共计", "累计", "合计", "总计", "共", "计", "为", "的",
    "了", "达", "数量", "总数", "件数", "条数", "信息", "继续办理", "办理", "答复", "中", "被",
    "年度", "政府", "类", "事项", "新", "任何",
];

/// A lead that starts a list of parts of the figure before it.
const PARTS_OPENERS: &[&str] = &["其中", "包括", "包含"];
/// A lead that says a carried-in figure is included in the received one.
const INCLUDES: &[&str] = &["含", "包括", "包含", "其中"];
/// Words before 占 X% that attach a percentage to the figure before it.
const SHARE_WORDS: &[&str] = &["占", "比例", "比重", "比率"];

// --------------------------------------------------------------- subjects

/// Subjects that are the reporting body itself.
#[rustfmt::skip]
const WHOLE_SUBJECTS: &[&str] = &[
    "我局", "我镇", "我区", "我市", "我县", "我乡", "我委", "我办", "我厅", "我院", "我街道",
    "我处", "我署", "我部", "我中心", "我单位", "我们", "我机关", "我府", "本机关", "本单位",
    "本局", "本镇", "本区", "本市", "本县", "本乡", "本委", "本办", "本厅", "本部门", "本街道",
    "全区", "全市", "全县", "全镇", "全乡", "全省", "全街道", "全旗", "我旗",
];

/// Words after which the subject ends (区政府办代表区政府受理 → 区政府办;
/// 我区在政府网站平台主动发布 → 我区).
#[rustfmt::skip]
const SUBJECT_CUTS: &[&str] = &[
    "代表", "在", "通过", "依托", "利用", "对", "按照", "根据", "向", "于", "共", "累计", "全年",
    "年内",
];

/// Words that are not a subject: time, topic, adverbs (2024 年, 依申请公开方面, 依法).
#[rustfmt::skip]
const SUBJECT_NOISE: &[&str] = &[
    "政府信息公开", "依申请公开", "信息公开", "政务公开", "政府信息", "依申请", "行政复议",
    "行政诉讼", "复议", "诉讼", "案件", "截至目前", "报告期内", "本年度", "上半年", "下半年",
    "年内", "全年", "本年", "今年", "当年", "年度", "年底", "年初", "以来", "期间", "至今", "截至",
    "目前", "同期", "一共", "总共", "共计", "合计", "总计", "累计", "共", "其中", "包括", "包含",
    "含", "另有", "此外", "同时", "依法", "依规", "及时", "认真", "严格", "规范", "按时", "全部",
    "均", "已", "新", "新增", "实际", "先后", "陆续", "并", "还", "另", "方面", "工作", "情况",
    "因", "被", "提起", "申请", "涉及", "发生", "年", "月", "日", "份", "底", "的",
];

// ------------------------------------------------------- yes/no claims

/// All cases upheld. A 未/不/非 right before cancels it.
#[rustfmt::skip]
const UPHELD_WORDS: &[&str] = &[
    "均获维持", "均被维持", "均予维持", "均予以维持", "全部维持", "全部获得维持", "全部被维持",
    "全部得到维持", "均得到维持", "均获得维持", "均已维持", "均为维持", "均维持",
];
/// Before an upheld claim: it is about concluded cases only, so pending cases
/// do not contradict it, and this reader does not claim it at all.
const CONCLUDED_ONLY: &[&str] = &["审结的", "已审结", "已结案", "结案的", "审结案件"];

/// Negations that may be far from what they deny (未发生因…而被申请行政复议).
#[rustfmt::skip]
const LONG_NEGATORS: &[&str] = &[
    "尚未发生", "没有发生", "没有出现", "没有收到", "未被申请", "未被提起", "未发生", "未出现",
    "未收到", "未接到", "未接收", "未受理", "不存在", "未有", "未因", "均未", "无一",
];
/// Negations that must stand next to what they deny (零败诉, 未被纠错, 无依申请公开).
const SHORT_NEGATORS: &[&str] = &["没有", "未", "无", "零"];
/// What may stand between a short negation and what it denies.
#[rustfmt::skip]
const NEGATION_GAP: &[&str] = &[
    "政府信息公开", "信息公开", "发生", "出现", "任何", "一起", "一例", "一件", "案件", "行政",
    "相关", "被", "有", "因", "引起", "引发", "导致", "的", "而", "申请", "提起", "工作", "涉及",
    "和",
];
#[rustfmt::skip]
const CORRECTED_KEYS: &[&str] = &[
    "败诉", "被纠错", "纠错", "被纠正", "纠正", "被撤销", "确认违法",
];
const APPEAL_KEYS: &[&str] = &["行政复议", "复议", "行政诉讼", "诉讼", "起诉"];
#[rustfmt::skip]
const REQUEST_KEYS: &[&str] = &[
    "依申请公开", "依申请", "政府信息公开申请", "信息公开申请", "申请",
];
/// Negations that can deny requests (未收到依申请公开 = received 0).
#[rustfmt::skip]
const REQUEST_NEGATORS: &[&str] = &[
    "没有收到", "未收到", "未接到", "未接收", "未受理", "没有", "无", "零",
];
/// Before a negation: a goal, not a fact (力争零败诉, 避免发生行政复议).
#[rustfmt::skip]
const GOAL_WORDS: &[&str] = &[
    "力争", "确保", "争取", "避免", "防止", "杜绝", "目标", "努力", "降低", "减少", "预防", "保持",
    "如",
];

/// Prose lines longer than this (bytes) are not read: no real paragraph line is,
/// and the reader keeps a byte map per paragraph.
const MAX_LINE_BYTES: usize = 64 * 1024;
/// A paragraph is cut after this many bytes, to bound the memory it takes.
const MAX_PARAGRAPH_BYTES: usize = 256 * 1024;
/// Sentences longer than this (characters) are not read: real sentences with
/// figures are a few hundred characters, and reading is quadratic in the worst
/// case (a negation scans to its clause end).
const MAX_SENTENCE_CHARS: usize = 1000;

/// Sentence ends. Full-width ！？； are folded to ASCII.
const SENTENCE_ENDS: &[char] = &['。', '!', '?', ';', '！', '？', '；'];
/// Clause ends inside a sentence (full-width forms folded to ASCII).
const CLAUSE_ENDS: &[char] = &[',', ':', ';', '，', '：', '(', ')', '（', '）'];

// ================================================================= the reader

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

// ---------------------------------------------------------------- paragraphs

/// Prose joined across line breaks, with the folded offset of every byte.
#[derive(Debug, Default)]
struct Paragraph {
    text: String,
    /// `origin[i]`: the folded offset of byte `i` of `text` (folded offsets
    /// are `u32` in the reader too).
    origin: Vec<u32>,
    /// The folded range of each line, to quote a sentence as printed.
    lines: Vec<(usize, usize)>,
    /// Whitespace or a line break since the last byte pushed.
    gap: bool,
    /// Where the last line pushed starts in `text`.
    last_line: usize,
}

impl Paragraph {
    /// Appends a line's folded text, dropping whitespace (PDF layers space out
    /// CJK text) except one space between two ASCII letters or digits, so that
    /// numbers on either side of a break never run together.
    /// A full-width comma (folded to `,`) is kept as `，`, so that `3，119` reads
    /// as two numbers and only `3,119` as one.
    fn push_line(&mut self, doc: &Document, text: &str, start: usize) {
        self.lines.push((start, start + text.len()));
        self.last_line = self.text.len();
        self.gap = true;
        for (i, c) in text.char_indices() {
            if c.is_whitespace() {
                self.gap = true;
                continue;
            }
            let last = self.text.chars().next_back();
            if self.gap
                && c.is_ascii_alphanumeric()
                && last.is_some_and(|l| l.is_ascii_alphanumeric())
            {
                self.text.push(' ');
                self.origin.push((start + i) as u32);
            }
            self.gap = false;
            if c == ',' && doc.original_of(start + i, start + i + 1) != "," {
                self.text.push('，');
                self.origin.extend([(start + i) as u32; 3]);
                continue;
            }
            self.text.push(c);
            self.origin
                .extend((0..c.len_utf8()).map(|k| (start + i + k) as u32));
        }
    }

    /// The folded range of `range` of the text.
    fn folded(&self, range: Range<usize>) -> (usize, usize) {
        (
            self.origin[range.start] as usize,
            self.origin[range.end - 1] as usize + 1,
        )
    }

    /// True when the paragraph is one heading-like line — short (（二）依申请公开)
    /// or the title (…年度报告) — ending without punctuation: the next line
    /// starts a new paragraph.
    fn is_heading(&self) -> bool {
        let last = &self.text[self.last_line..];
        self.lines.len() == 1
            && (last.chars().count() <= 20 || last.contains("年度报告"))
            && !last.ends_with([',', '、', ';', '，', '；', '(', '（', '“'])
    }

    fn ends_sentence(&self) -> bool {
        self.text.ends_with(SENTENCE_ENDS) || self.text.ends_with([':', '：'])
    }
}

/// The prose of the document in paragraphs. A paragraph ends at a table row, a
/// section heading, a line that ends a sentence, a heading-like line; a new one
/// starts at an indented line or a list marker (（一）, 1.). Blank lines and page
/// numbers do not end one: PDF layers put them inside paragraphs at page breaks.
/// Each paragraph is handed to `read` as soon as it ends.
fn paragraphs(doc: &Document, scan: &Scan, mut read: impl FnMut(&Paragraph)) {
    let headings: Vec<usize> = scan.headings.iter().map(|h| h.line).collect();
    let mut current = Paragraph::default();
    let mut flush = |current: &mut Paragraph| {
        if !current.text.is_empty() {
            read(current);
        }
        *current = Paragraph::default();
    };
    for (index, line) in doc.lines.iter().enumerate() {
        let cells = doc.cells(line);
        let tabular = scan.table_lines.binary_search(&index).is_ok();
        if line.kind == LineKind::LonePipe || tabular || headings.contains(&index) {
            flush(&mut current);
            continue;
        }
        if line.kind != LineKind::Cells || cells.is_empty() {
            continue;
        }
        let (start, end) = (cells[0].start, cells[cells.len() - 1].end);
        if end - start > MAX_LINE_BYTES {
            flush(&mut current);
            continue;
        }
        let text = doc.slice(start, end);
        let (indent, markdown) = line_prefix(doc, start);
        let starts = indent >= 2 || markdown || starts_with_list_marker(text);
        let full = current.text.len() > MAX_PARAGRAPH_BYTES;
        if starts || full || current.ends_sentence() || current.is_heading() {
            flush(&mut current);
        }
        current.push_line(doc, text, start);
        if markdown {
            flush(&mut current);
        }
    }
    flush(&mut current);
}

/// The whitespace before a line's first cell (its indentation) and whether a
/// markdown heading mark was stripped there.
fn line_prefix(doc: &Document, first_cell: usize) -> (usize, bool) {
    let folded = doc.folded_text();
    let line_start = folded[..first_cell].rfind('\n').map_or(0, |i| i + 1);
    let prefix = &folded[line_start..first_cell];
    let indent = prefix
        .chars()
        .take_while(|c| *c == ' ' || *c == '\t')
        .count();
    (indent, prefix.contains('#'))
}

/// （一） (1) 一、 1、 1. ① at the start of a line.
fn starts_with_list_marker(text: &str) -> bool {
    let mut chars = text.chars();
    let Some(first) = chars.next() else {
        return false;
    };
    if ('①'..='⑳').contains(&first) {
        return true;
    }
    if first == '(' || first == '（' {
        let inner: String = chars
            .by_ref()
            .take_while(|c| *c != ')' && *c != '）')
            .collect();
        return (1..=3).contains(&inner.chars().count())
            && inner
                .chars()
                .all(|c| c.is_ascii_digit() || chinese_digit(c).is_some());
    }
    let numeral: String = text
        .chars()
        .take_while(|c| c.is_ascii_digit() || chinese_digit(*c).is_some() || *c == '十')
        .collect();
    if numeral.is_empty() || numeral.chars().count() > 3 {
        return false;
    }
    let mut rest = text[numeral.len()..].chars();
    match rest.next() {
        Some('、') => true,
        Some('.') | Some(')') => {
            numeral.chars().all(|c| c.is_ascii_digit())
                && rest.next().is_some_and(|c| !c.is_ascii_digit())
        }
        _ => false,
    }
}

/// The sentences of a paragraph's text, without their end marks.
fn sentences(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = 0;
    for (i, c) in text.char_indices() {
        if SENTENCE_ENDS.contains(&c) {
            if i > start {
                out.push(start..i);
            }
            start = i + c.len_utf8();
        }
    }
    if start < text.len() {
        out.push(start..text.len());
    }
    out
}

// -------------------------------------------------------------------- numbers

/// What a number in a sentence is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum TokenKind {
    /// Followed by a count unit.
    Count,
    /// Followed by %.
    Percent,
    /// A year (2024 年).
    Year,
    /// Anything else (a date, a phone number); still ends the lead of the next.
    Other,
}

#[derive(Clone, Debug)]
struct Token {
    kind: TokenKind,
    /// The number as printed, as a range of the sentence.
    number: Range<usize>,
    /// The end of the number with its unit, % or 年.
    end: usize,
    value: Number,
    unit: &'static str,
    approximate: bool,
}

/// The numbers of a sentence: Arabic (folded from full-width) and Chinese
/// numerals (the latter only before a count unit, so that 一是 is no number).
fn tokens(text: &str) -> Vec<Token> {
    let mut out = Vec::new();
    let mut at = 0;
    while at < text.len() {
        let rest = &text[at..];
        let c = rest.chars().next().expect("at < len");
        let length = if c.is_ascii_digit() {
            arabic_len(rest)
        } else if chinese_digit(c).is_some() || matches!(c, '十' | '百' | '千' | '万') {
            rest.char_indices()
                .find(|(_, c)| {
                    chinese_digit(*c).is_none() && !matches!(c, '十' | '百' | '千' | '万')
                })
                .map_or(rest.len(), |(i, _)| i)
        } else {
            at += c.len_utf8();
            continue;
        };
        if let Some(token) = token_at(text, at, at + length, c.is_ascii_digit()) {
            out.push(token);
        }
        at += length;
    }
    out
}

/// Length of `123`, `3,119` (grouped by threes; only ASCII commas, as the
/// paragraph text keeps full-width ones apart) or `12.5` at the start of `s`.
fn arabic_len(s: &str) -> usize {
    let b = s.as_bytes();
    let digits = |from: usize| {
        b.get(from..)
            .map_or(0, |r| r.iter().take_while(|x| x.is_ascii_digit()).count())
    };
    let mut end = digits(0);
    if end <= 3 {
        while b.get(end) == Some(&b',') && digits(end + 1) == 3 {
            end += 4;
        }
    }
    if b.get(end) == Some(&b'.') && digits(end + 1) > 0 {
        end += 1 + digits(end + 1);
    }
    end
}

/// The token for the number at `start..end`, with what follows it.
fn token_at(text: &str, start: usize, end: usize, arabic: bool) -> Option<Token> {
    let printed = &text[start..end];
    let value = if arabic {
        Number::parse(printed)?
    } else {
        Number::int(chinese_numeral(printed)?)
    };
    let mut after = end;
    let approx_after = APPROX_AFTER.iter().find(|w| text[after..].starts_with(*w));
    if let Some(w) = approx_after {
        after += w.len();
    }
    let rest = &text[after..];
    let mut token = Token {
        kind: TokenKind::Other,
        number: start..end,
        end: after,
        value,
        unit: "",
        approximate: approx_after.is_some()
            || APPROX_BEFORE.iter().any(|w| text[..start].ends_with(w)),
    };
    if rest.starts_with('%') {
        token.kind = TokenKind::Percent;
        token.end = after + 1;
    } else if rest.starts_with('年') && arabic && printed.len() == 4 && approx_after.is_none() {
        token.kind = TokenKind::Year;
        token.end = after + '年'.len_utf8();
    } else if let Some(unit) = COUNT_UNITS.iter().find(|u| rest.starts_with(*u)) {
        let trail = &rest[unit.len()..];
        if !NOT_A_COUNT_AFTER.iter().any(|w| trail.starts_with(w)) {
            token.kind = TokenKind::Count;
            token.unit = unit;
            token.end = after + unit.len();
            token.approximate |= APPROX_TRAIL.iter().any(|w| trail.starts_with(w));
        }
    }
    if !arabic && token.kind != TokenKind::Count {
        return None; // 一是, 第三: not numbers here
    }
    if !arabic && text[..start].ends_with('第') {
        return None;
    }
    Some(token)
}

fn chinese_digit(c: char) -> Option<i64> {
    Some(match c {
        '零' | '〇' => 0,
        '一' => 1,
        '二' | '两' => 2,
        '三' => 3,
        '四' => 4,
        '五' => 5,
        '六' => 6,
        '七' => 7,
        '八' => 8,
        '九' => 9,
        _ => return None,
    })
}

/// A Chinese numeral: 三 → 3, 十二 → 12, 二十 → 20, 一百零五 → 105, 两千 → 2000,
/// 三万五千 → 35000, and digit by digit 二〇二四 → 2024. `None` when malformed
/// (一二十, 百).
pub(crate) fn chinese_numeral(s: &str) -> Option<i64> {
    if s.is_empty() {
        return None;
    }
    if s.chars().all(|c| chinese_digit(c).is_some()) {
        if s.chars().count() == 1 {
            return chinese_digit(s.chars().next()?);
        }
        return s.chars().try_fold(0i64, |n, c| {
            n.checked_mul(10)?.checked_add(chinese_digit(c)?)
        });
    }
    let (mut total, mut section, mut digit): (i64, i64, Option<i64>) = (0, 0, None);
    let mut first = true;
    for c in s.chars() {
        if let Some(d) = chinese_digit(c) {
            if digit.is_some_and(|p| p != 0) {
                return None; // two digits in a row
            }
            digit = Some(d);
        } else {
            let unit = match c {
                '十' => 10,
                '百' => 100,
                '千' => 1000,
                '万' => 10_000,
                _ => return None,
            };
            if unit == 10_000 {
                section += digit.take().unwrap_or(0);
                if section == 0 {
                    return None;
                }
                total = total.checked_add(section.checked_mul(unit)?)?;
                section = 0;
            } else {
                let d = match digit.take() {
                    Some(d) if d != 0 => d,
                    None if unit == 10 && first => 1, // 十二
                    _ => return None,
                };
                section += d * unit;
            }
        }
        first = false;
    }
    Some(total + section + digit.unwrap_or(0))
}

// ------------------------------------------------------------------- reading

struct Reader<'d> {
    doc: &'d Document,
    agency: Option<&'d str>,
    year: Option<i32>,
    claims: Vec<Claim>,
}

/// What is known while reading one sentence.
struct Sentence<'p> {
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
    fn paragraph(&mut self, paragraph: &Paragraph) {
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
            if text.contains(['未', '无', '没', '零', '不']) {
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
        for &(a, b) in &paragraph.lines {
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
        Part {
            value: token.value,
            raw: self.doc.original_of(start, end).to_string(),
            span: self.doc.span(start, end),
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
        Claim {
            kind,
            value,
            percent: None,
            about: None,
            scope,
            raw: self.doc.original_of(start, end).to_string(),
            span: self.doc.span(start, end),
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
            let long = LONG_NEGATORS.iter().find(|w| rest.starts_with(*w));
            let negator = long.or_else(|| SHORT_NEGATORS.iter().find(|w| rest.starts_with(*w)));
            let Some(&negator) = negator else {
                at += rest.chars().next().map_or(1, char::len_utf8);
                continue;
            };
            let window_start = at + negator.len();
            let window_end = clause_end(text, window_start);
            let window = &text[window_start..window_end];
            let before = &text[clause_start(text, at)..at];
            let goal = contains_any(before, GOAL_WORDS) || self.other_year(tokens, at);
            let denial = (!goal)
                .then(|| denied(negator, long.is_some(), window, s.requests_topic))
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

fn pattern(kind: ClaimKind) -> Option<&'static Pattern> {
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
fn triggers() -> &'static (AhoCorasick, Vec<usize>) {
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
    let reach =
        |keys: &'static [&'static str], any: bool, neutral: &[&str]| -> Option<(usize, usize)> {
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

/// The first of `keys` in `text` (the longer on a tie) and where.
fn first_of(text: &str, keys: &'static [&'static str]) -> Option<(usize, &'static str)> {
    let found = word_list(keys).find(text)?;
    Some((found.start(), keys[found.pattern().as_usize()]))
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
    let cut = SUBJECT_CUTS
        .iter()
        .filter_map(|w| clause.find(w))
        .min()
        .unwrap_or(clause.len());
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
fn strip_words(text: &str, words: &[&str]) -> String {
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
        let c = rest.chars().next().expect("at < len");
        let punctuation =
            c.is_whitespace() || c.is_ascii_punctuation() || "、，：；（）“”‘’《》。".contains(c);
        if !punctuation {
            out.push(c);
        }
        at += c.len_utf8();
    }
    out
}

fn contains_any(text: &str, words: &'static [&'static str]) -> bool {
    word_list(words).is_match(text)
}

/// A word list compiled once into an automaton (leftmost, longest match), keyed by
/// the list's address. The reader tests every sentence against dozens of lists;
/// building a substring searcher per word per sentence cost more than all the rest
/// of extraction.
fn word_list(words: &'static [&'static str]) -> &'static AhoCorasick {
    type Lists = Mutex<Vec<(usize, &'static AhoCorasick)>>;
    static LISTS: OnceLock<Lists> = OnceLock::new();
    let key = words.as_ptr() as usize ^ words.len().rotate_left(48);
    let mut lists = LISTS
        .get_or_init(Default::default)
        .lock()
        .unwrap_or_else(|e| e.into_inner());
    if let Some(&(_, automaton)) = lists.iter().find(|(k, _)| *k == key) {
        return automaton;
    }
    let automaton = AhoCorasick::builder()
        .match_kind(MatchKind::LeftmostLongest)
        .build(words)
        .expect("word lists are plain strings");
    // Leaked on purpose: one small automaton per static word list.
    let automaton: &'static AhoCorasick = Box::leak(Box::new(automaton));
    lists.push((key, automaton));
    automaton
}

/// `inner`, a range of the sentence, as a range of the paragraph text.
fn shift(sentence: &Range<usize>, inner: &Range<usize>) -> Range<usize> {
    sentence.start + inner.start..sentence.start + inner.end
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_numerals() {
        let cases = [
            ("三", Some(3)),
            ("十", Some(10)),
            ("十二", Some(12)),
            ("二十", Some(20)),
            ("二十三", Some(23)),
            ("一百零五", Some(105)),
            ("一百一十", Some(110)),
            ("两千", Some(2000)),
            ("三万五千", Some(35000)),
            ("十万", Some(100_000)),
            ("零", Some(0)),
            ("二〇二四", Some(2024)),
            ("百", None),
            ("一二十", None),
            ("", None),
        ];
        for (text, expected) in cases {
            assert_eq!(chinese_numeral(text), expected, "{text}");
        }
    }

    #[test]
    fn sentences_end_at_full_stops_and_semicolons_not_at_commas() {
        let text = "收到申请 3 件,答复 2 件。行政复议 1 件;行政诉讼 0 件!其他";
        let parts: Vec<&str> = sentences(text).into_iter().map(|r| &text[r]).collect();
        assert_eq!(
            parts,
            [
                "收到申请 3 件,答复 2 件",
                "行政复议 1 件",
                "行政诉讼 0 件",
                "其他"
            ]
        );
        assert!(sentences("。。").is_empty());
    }

    fn paragraph_texts(text: &str) -> Vec<String> {
        let doc = Document::from_text(text.to_string());
        let scan = crate::scan::scan(&doc);
        let mut out = Vec::new();
        paragraphs(&doc, &scan, |p| out.push(p.text.clone()));
        out
    }

    #[test]
    fn wrapped_lines_join_into_one_paragraph_and_indents_start_new_ones() {
        let text = "   （二）依申请公开情况。2024 年，全市共受理政府\n信息公开申请 3119 件，答\n\n      -2-\n复 3050 件。\n   （三）管理情况。";
        assert_eq!(
            paragraph_texts(text),
            [
                "(二)依申请公开情况。2024年，全市共受理政府信息公开申请3119件，答复3050件。",
                "(三)管理情况。"
            ]
        );
    }

    #[test]
    fn headings_and_finished_sentences_end_paragraphs() {
        let text = "某县2024年政府信息公开工作年度报告\n(二) 依申请公开\n2020年，收到申请 3 个。\n第二段的第一行比二十个字更长一些，第一行的最后是数字 12\n34 件";
        assert_eq!(
            paragraph_texts(text),
            [
                "某县2024年政府信息公开工作年度报告",
                "(二)依申请公开",
                "2020年，收到申请3个。",
                "第二段的第一行比二十个字更长一些，第一行的最后是数字12 34件"
            ]
        );
    }

    #[test]
    fn numbers_with_units_percentages_and_years() {
        let t = tokens("2024年共收到申请三件,占 12.5%,十二个工作日,5500余条,第一件");
        let kinds: Vec<(TokenKind, String, bool)> = t
            .iter()
            .map(|t| (t.kind, t.value.to_string(), t.approximate))
            .collect();
        assert_eq!(
            kinds,
            [
                (TokenKind::Year, "2024".into(), false),
                (TokenKind::Count, "3".into(), false),
                (TokenKind::Percent, "12.5".into(), false),
                (TokenKind::Count, "5500".into(), true),
            ]
        );
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
