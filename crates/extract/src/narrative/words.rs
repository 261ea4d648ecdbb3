//! The words: what names each figure, the subjects that are the body itself,
//! the words of yes/no claims, and word lists compiled once for matching.

use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};
use std::sync::{Mutex, OnceLock};
use xxgk_model::ClaimKind;

/// Units after a number that make it a count (longer units first).
pub(super) const COUNT_UNITS: &[&str] =
    &["件", "个", "条", "起", "宗", "例", "份", "项", "篇", "次"];

/// Words right after a unit that make the number a duration, not a count
/// (二十个工作日, 四个季度).
pub(super) const NOT_A_COUNT_AFTER: &[&str] =
    &["工作日", "自然日", "小时", "季度", "月", "百分点", "星期"];

/// Between a number and its unit: the number is approximate (5500 余条).
pub(super) const APPROX_AFTER: &[&str] = &["余", "多"];
/// Before a number: approximate (约 20 件, 近 100 条).
pub(super) const APPROX_BEFORE: &[&str] =
    &["大约", "将近", "超过", "不足", "不到", "约", "近", "逾"];
/// After the unit: approximate (20 件左右).
pub(super) const APPROX_TRAIL: &[&str] = &["左右", "以上", "上下"];

pub(super) const REQUEST_UNITS: &[&str] = &["件", "个", "条", "宗", "份", "起"];
const OUTCOME_UNITS: &[&str] = &["件", "个", "宗", "份"];
const APPEAL_UNITS: &[&str] = &["件", "起", "宗", "例", "个", "次"];
const PROACTIVE_UNITS: &[&str] = &["条", "篇", "件", "项"];

/// Words that, in a lead, mean the number compares or belongs to another year.
#[rustfmt::skip]
pub(super) const COMPARISON: &[&str] = &[
    "较", "同比", "环比", "上年同期", "去年", "增长", "下降", "减少", "增加", "平均",
];

/// Words before a count in its sentence that make it cumulative over years
/// (截至 2024 年底累计受理 500 件, 2019 年以来).
pub(super) const CUMULATIVE: &[&str] = &["以来", "历年", "至今", "截至", "累计至"];

/// What the paragraph must mention for a request figure to be about disclosure
/// requests (not 行政许可 applications).
pub(super) const DISCLOSURE_TOPIC: &[&str] = &["信息公开", "依申请", "政府信息"];

/// Whether the words between a naming word and its number may only be neutral
/// ones, or name requests (any other words there make the figure a part).
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Gap {
    Neutral,
    Requests,
}

/// What the paragraph must be about.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Topic {
    Any,
    /// Requests for disclosure: the paragraph mentions 申请 and disclosure, and
    /// the sentence is not about proactive disclosure.
    Requests,
}

/// One figure: the words that name it before the number.
pub(super) struct Pattern {
    pub(super) kind: ClaimKind,
    /// Naming words; among all patterns, the one whose word ends nearest the
    /// number wins (the longer word on a tie: 予以公开及部分公开 over 部分公开).
    pub(super) triggers: &'static [&'static str],
    pub(super) units: &'static [&'static str],
    pub(super) gap: Gap,
    /// Words anywhere in the lead that mean this is not the figure.
    pub(super) vetoes: &'static [&'static str],
    pub(super) topic: Topic,
}

#[rustfmt::skip]
pub(super) const PATTERNS: &[Pattern] = &[
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
pub(super) const TRAIL_PATTERNS: &[(ClaimKind, &[&str])] = &[
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
pub(super) const TRAIL_COPULAS: &[&str] = &["属于", "为", "系", "属", "是"];

/// Words that may stand between a naming word and its number without changing
/// what is counted (受理政府信息公开申请 N 件, 行政复议案件共 2 件).
#[rustfmt::skip]
pub(super) const GAP_NEUTRAL: &[&str] = &[
    "政府信息公开申请", "政府信息公开", "依申请公开", "信息公开", "政府信息", "依申请", "申请件",
    "申请", "案件", "各类", "各项", "相关", "共计", "累计", "合计", "总计", "共", "计", "为", "的",
    "了", "达", "数量", "总数", "件数", "条数", "信息", "继续办理", "办理", "答复", "中", "被",
    "年度", "政府", "类", "事项", "新", "任何",
];

/// A lead that starts a list of parts of the figure before it.
pub(super) const PARTS_OPENERS: &[&str] = &["其中", "包括", "包含"];
/// A lead that says a carried-in figure is included in the received one.
pub(super) const INCLUDES: &[&str] = &["含", "包括", "包含", "其中"];
/// Words before 占 X% that attach a percentage to the figure before it.
pub(super) const SHARE_WORDS: &[&str] = &["占", "比例", "比重", "比率"];

// --------------------------------------------------------------- subjects

/// Subjects that are the reporting body itself.
#[rustfmt::skip]
pub(super) const WHOLE_SUBJECTS: &[&str] = &[
    "我局", "我镇", "我区", "我市", "我县", "我乡", "我委", "我办", "我厅", "我院", "我街道",
    "我处", "我署", "我部", "我中心", "我单位", "我们", "我机关", "我府", "本机关", "本单位",
    "本局", "本镇", "本区", "本市", "本县", "本乡", "本委", "本办", "本厅", "本部门", "本街道",
    "全区", "全市", "全县", "全镇", "全乡", "全省", "全街道", "全旗", "我旗",
];

/// Words after which the subject ends (区政府办代表区政府受理 → 区政府办;
/// 我区在政府网站平台主动发布 → 我区).
#[rustfmt::skip]
pub(super) const SUBJECT_CUTS: &[&str] = &[
    "代表", "在", "通过", "依托", "利用", "对", "按照", "根据", "向", "于", "共", "累计", "全年",
    "年内",
];

/// Words that are not a subject: time, topic, adverbs (2024 年, 依申请公开方面, 依法).
#[rustfmt::skip]
pub(super) const SUBJECT_NOISE: &[&str] = &[
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
pub(super) const UPHELD_WORDS: &[&str] = &[
    "均获维持", "均被维持", "均予维持", "均予以维持", "全部维持", "全部获得维持", "全部被维持",
    "全部得到维持", "均得到维持", "均获得维持", "均已维持", "均为维持", "均维持",
];
/// Before an upheld claim: it is about concluded cases only, so pending cases
/// do not contradict it, and this reader does not claim it at all.
pub(super) const CONCLUDED_ONLY: &[&str] = &["审结的", "已审结", "已结案", "结案的", "审结案件"];

/// Negations that may be far from what they deny (未发生因…而被申请行政复议).
#[rustfmt::skip]
pub(super) const LONG_NEGATORS: &[&str] = &[
    "尚未发生", "没有发生", "没有出现", "没有收到", "未被申请", "未被提起", "未发生", "未出现",
    "未收到", "未接到", "未接收", "未受理", "不存在", "未有", "未因", "均未", "无一",
];
/// Negations that must stand next to what they deny (零败诉, 未被纠错, 无依申请公开).
pub(super) const SHORT_NEGATORS: &[&str] = &["没有", "未", "无", "零"];
/// What may stand between a short negation and what it denies.
#[rustfmt::skip]
pub(super) const NEGATION_GAP: &[&str] = &[
    "政府信息公开", "信息公开", "发生", "出现", "任何", "一起", "一例", "一件", "案件", "行政",
    "相关", "被", "有", "因", "引起", "引发", "导致", "的", "而", "申请", "提起", "工作", "涉及",
    "和",
];
#[rustfmt::skip]
pub(super) const CORRECTED_KEYS: &[&str] = &[
    "败诉", "被纠错", "纠错", "被纠正", "纠正", "被撤销", "确认违法",
];
pub(super) const APPEAL_KEYS: &[&str] = &["行政复议", "复议", "行政诉讼", "诉讼", "起诉"];
#[rustfmt::skip]
pub(super) const REQUEST_KEYS: &[&str] = &[
    "依申请公开", "依申请", "政府信息公开申请", "信息公开申请", "申请",
];
/// Negations that can deny requests (未收到依申请公开 = received 0).
#[rustfmt::skip]
pub(super) const REQUEST_NEGATORS: &[&str] = &[
    "没有收到", "未收到", "未接到", "未接收", "未受理", "没有", "无", "零",
];
/// Before a negation: a goal, not a fact (力争零败诉, 避免发生行政复议).
#[rustfmt::skip]
pub(super) const GOAL_WORDS: &[&str] = &[
    "力争", "确保", "争取", "避免", "防止", "杜绝", "目标", "努力", "降低", "减少", "预防", "保持",
    "如",
];

/// The first of `keys` in `text` (the longer on a tie) and where.
pub(super) fn first_of(text: &str, keys: &'static [&'static str]) -> Option<(usize, &'static str)> {
    let found = word_list(keys).find(text)?;
    Some((found.start(), keys[found.pattern().as_usize()]))
}

pub(super) fn contains_any(text: &str, words: &'static [&'static str]) -> bool {
    word_list(words).is_match(text)
}

/// A word list compiled once into an automaton (leftmost, longest match), keyed by
/// the list's address. The reader tests every sentence against dozens of lists;
/// building a substring searcher per word per sentence cost more than all the rest
/// of extraction.
pub(super) fn word_list(words: &'static [&'static str]) -> &'static AhoCorasick {
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
        // Not a DFA: building one per list cost a document's reading several
        // times over (each process builds them once), and the vectorised
        // prefilter does most of the searching either way.
        .kind(Some(AhoCorasickKind::ContiguousNFA))
        .build(words)
        .expect("word lists are plain strings");
    // Leaked on purpose: one small automaton per static word list.
    let automaton: &'static AhoCorasick = Box::leak(Box::new(automaton));
    lists.push((key, automaton));
    automaton
}
