//! Every official label, known variant and JSON key of both formats, as data.
//!
//! This is the one place where the wording of the official formats lives
//! (国办公开办函〔2019〕60号 and 〔2021〕30号): row and column labels, the
//! groups rows and columns stand under, the headings of the forms, the names of
//! the tables and the six section headings. The extractor matches against the
//! `needles`, the checker compares printed labels with `label`, the renderers
//! print `label`. How the words are arranged into the printed tables is in
//! [`crate::layout`]; which table is which is [`crate::TableId`]. Needles are
//! written in *folded* form: simplified characters, ASCII digits and brackets,
//! no whitespace — the form `xxgk-read` normalises text into.

/// How a needle must occur in a folded label for the label to match.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Needle {
    /// Anywhere in the label.
    Contains(&'static str),
    /// At the end of the label (for short, generic words such as 总计 or 其他).
    EndsWith(&'static str),
}

/// What kind of value a column holds; decides parsing of units and signs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ValueKind {
    /// A whole number of items, ≥ 0.
    Count,
    /// A signed change such as 本年增/减 (`+1`, `减4`, `-8`).
    Change,
    /// Money, stored in 万元.
    MoneyWan,
}

/// One column: JSON key, official label, other printed forms, value kind.
#[derive(Debug)]
pub struct ColumnDef {
    /// The JSON key (`natural_person`).
    pub key: &'static str,
    /// The official label (`自然人`).
    pub label: &'static str,
    /// How the label is recognised in print.
    pub needles: &'static [Needle],
    /// What the column's cells hold.
    pub kind: ValueKind,
    /// The heading the column stands under in the official form, if any
    /// (法人或其他组织 over table 3's five organisation columns).
    pub parent: Option<&'static GroupDef>,
}

/// A heading that rows or columns of a table stand under in the official form:
/// table 3's （三）不予公开 over its eight sub-rows, table 4's 行政诉讼 over
/// 未经复议直接起诉 and 复议后起诉, table 3's 法人或其他组织 over five columns.
#[derive(Debug, PartialEq, Eq)]
pub struct GroupDef {
    /// A stable name for the group (`denied`, `litigation`, `organisations`).
    pub key: &'static str,
    /// The official heading.
    pub label: &'static str,
    /// True when the members' one-line labels already carry the heading
    /// (table 4's `行政诉讼 · 复议后起诉`); false when it is printed beside or
    /// above them (table 3's （三）不予公开).
    pub in_member_labels: bool,
}

impl GroupDef {
    /// The rows of `rows` that stand under this group, in order.
    pub fn members(&self, rows: &'static [RowDef]) -> impl Iterator<Item = &'static RowDef> + '_ {
        rows.iter().filter(move |r| r.parent == Some(self))
    }
}

/// One row: JSON key, official label, the needles that identify it, its columns
/// (indices into the table's column list).
#[derive(Debug)]
pub struct RowDef {
    /// The JSON key (`denied_state_secret`).
    pub key: &'static str,
    /// The row's name on one line, as messages and lists print it: its own
    /// label, with its group in front where the group is part of the name
    /// (table 4: `行政诉讼 · 未经复议直接起诉`).
    pub label: &'static str,
    /// The text of the row's own label cell in the official form, without its
    /// group (`未经复议直接起诉`, `1.属于国家秘密`).
    pub own_label: &'static str,
    /// The group the row stands under in the official form, if any.
    pub parent: Option<&'static GroupDef>,
    /// How the label is recognised in print.
    pub needles: &'static [Needle],
    /// The row's columns, as indices into its table's column list.
    pub columns: &'static [usize],
    /// Keys of rows that the format never prints together with this one.
    pub excludes: &'static [&'static str],
}

/// A block of table 2: the item of 第二十条 it reports on and its rows.
#[derive(Debug)]
pub struct BlockDef {
    /// The block heading (`第二十条第（一）项`).
    pub heading: &'static str,
    /// The block's rows, as indices into the format's row list.
    pub rows: &'static [usize],
}

/// A printed variant of an official label and the official wording it stands for.
#[derive(Debug)]
pub struct Variant {
    /// The form reports print.
    pub printed: &'static str,
    /// The official wording.
    pub official: &'static str,
}

use Needle::{Contains as C, EndsWith as E};
use ValueKind::{Change, Count, MoneyWan};

// ---------------------------------------------------------------- table 2, 2019

/// Table 2 columns of the 2019 format, in printed order.
#[rustfmt::skip]
pub const ACTIVE_2019_COLUMNS: &[ColumnDef] = &[
    col("new_made", "本年新制作数量", &[C("新制作数量")], Count),
    col("new_published", "本年新公开数量", &[C("新公开数量")], Count),
    col("total_published", "对外公开总数量", &[C("对外公开总数量")], Count),
    col("previous", "上一年项目数量", &[C("上一年项目数量")], Count),
    col("change", "本年增/减", &[C("本年增/减"), C("增/减"), C("增减")], Change),
    col("decisions", "处理决定数量", &[C("处理决定数量")], Count),
    col("projects", "采购项目数量", &[C("采购项目数量")], Count),
    col("amount_wan", "采购总金额", &[C("采购总金额")], MoneyWan),
];

/// Table 2 rows of the 2019 format, in printed order.
#[rustfmt::skip]
pub const ACTIVE_2019_ROWS: &[RowDef] = &[
    row("regulations", "规章", &[E("规章")], &[0, 1, 2]),
    row("normative_documents", "规范性文件", &[C("规范性文件")], &[0, 1, 2]),
    row("licensing", "行政许可", &[C("行政许可")], &[3, 4, 5]),
    row("other_services", "其他对外管理服务事项", &[C("对外管理服务事项")], &[3, 4, 5]),
    row("punishment", "行政处罚", &[C("行政处罚")], &[3, 4, 5]),
    row("coercion", "行政强制", &[C("行政强制")], &[3, 4, 5]),
    row("fees", "行政事业性收费", &[C("事业性收费")], &[3, 4]),
    row("procurement", "政府集中采购", &[C("集中采购")], &[6, 7]),
];

// ---------------------------------------------------------------- table 2, 2021

/// Table 2 columns of the 2021 format, in printed order.
#[rustfmt::skip]
pub const ACTIVE_2021_COLUMNS: &[ColumnDef] = &[
    col("issued", "本年制发件数", &[C("制发件数")], Count),
    col("repealed", "本年废止件数", &[C("废止件数")], Count),
    col("in_force", "现行有效件数", &[C("现行有效件数")], Count),
    col("decisions", "本年处理决定数量", &[C("本年处理决定数量")], Count),
    col("amount_wan", "本年收费金额（单位：万元）", &[C("本年收费金额")], MoneyWan),
];

/// Table 2 rows of the 2021 format, in printed order.
#[rustfmt::skip]
pub const ACTIVE_2021_ROWS: &[RowDef] = &[
    row("regulations", "规章", &[E("规章")], &[0, 1, 2]),
    row("normative_documents", "行政规范性文件", &[C("规范性文件")], &[0, 1, 2]),
    row("licensing", "行政许可", &[C("行政许可")], &[3]),
    row("punishment", "行政处罚", &[C("行政处罚")], &[3]),
    row("coercion", "行政强制", &[C("行政强制")], &[3]),
    row("fees", "行政事业性收费", &[C("事业性收费")], &[4]),
];

/// Header words that only one format prints; they decide the template of table 2.
#[rustfmt::skip]
pub const ACTIVE_2019_MARKERS: &[&str] = &[
    "新制作数量",
    "新公开数量",
    "对外公开总数量",
    "上一年项目数量",
    "增/减",
    "采购项目数量",
    "采购总金额",
    "集中采购",
    "对外管理服务事项",
    "第二十条第(九)项",
];
/// Header words that only the 2021 format prints.
#[rustfmt::skip]
pub const ACTIVE_2021_MARKERS: &[&str] = &[
    "制发件数",
    "废止件数",
    "现行有效件数",
    "本年处理决定数量",
    "本年收费金额",
];

// ---------------------------------------------------------------- table 3

const ALL_APPLICANTS: &[usize] = &[0, 1, 2, 3, 4, 5, 6];

/// Table 3 columns: the applicant types and the total, in printed order.
#[rustfmt::skip]
pub const APPLICANT_COLUMNS: &[ColumnDef] = &[
    col("natural_person", "自然人", &[C("自然人")], Count),
    org("commercial", "商业企业", &[C("商业企业")]),
    org("research", "科研机构", &[C("科研机构")]),
    org("social_welfare", "社会公益组织", &[C("公益组织"), C("社会组织")]),
    org("legal_service", "法律服务机构", &[C("法律服务机构")]),
    org("other_org", "其他", &[E("其他")]),
    col("total", "总计", &[E("总计")], Count),
];

/// The heading above the five organisation columns of table 3.
pub const APPLICANT_ORGANISATIONS: GroupDef = GroupDef {
    key: "organisations",
    label: "法人或其他组织",
    in_member_labels: false,
};
/// The heading above the five organisation columns (its label).
pub const APPLICANT_ORG_GROUP: &str = APPLICANT_ORGANISATIONS.label;

/// The heading over table 3's seven applicant columns.
pub const APPLICANTS: &str = "申请人情况";
/// The heading in front of table 3's outcome rows and （七）总计.
pub const RESULTS_GROUP: &str = "三、本年度办理结果";

/// （三）不予公开, over its eight sub-rows.
pub const REQUEST_DENIED: GroupDef = request_group("denied", "（三）不予公开");
/// （四）无法提供, over its three sub-rows.
pub const REQUEST_UNAVAILABLE: GroupDef = request_group("unavailable", "（四）无法提供");
/// （五）不予处理, over its five sub-rows.
pub const REQUEST_REJECTED: GroupDef = request_group("rejected", "（五）不予处理");
/// （六）其他处理: one row in 2019, the heading over three sub-rows in 2021.
pub const REQUEST_OTHER: GroupDef = request_group("other", "（六）其他处理");

/// Table 3 rows, in printed order (both formats; `excludes` keeps （六） one row or three).
#[rustfmt::skip]
pub const REQUEST_ROWS: &[RowDef] = &[
    row("received", "一、本年新收政府信息公开申请数量", &[C("本年新收")], ALL_APPLICANTS),
    row("carried_in", "二、上年结转政府信息公开申请数量", &[C("上年结转")], ALL_APPLICANTS),
    row("granted", "（一）予以公开", &[C("予以公开")], ALL_APPLICANTS),
    row("partially_granted", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）", &[C("部分公开")], ALL_APPLICANTS),
    sub(&REQUEST_DENIED, "denied_state_secret", "1.属于国家秘密", &[C("国家秘密")], ALL_APPLICANTS),
    sub(&REQUEST_DENIED, "denied_law", "2.其他法律行政法规禁止公开", &[C("法律行政法规禁止公开"), C("法律法规禁止公开"), C("法规禁止公开")], ALL_APPLICANTS),
    sub(&REQUEST_DENIED, "denied_safety", "3.危及“三安全一稳定”", &[C("三安全一稳定"), C("危及")], ALL_APPLICANTS),
    sub(&REQUEST_DENIED, "denied_third_party", "4.保护第三方合法权益", &[C("第三方合法权益")], ALL_APPLICANTS),
    sub(&REQUEST_DENIED, "denied_internal", "5.属于三类内部事务信息", &[C("内部事务信息")], ALL_APPLICANTS),
    sub(&REQUEST_DENIED, "denied_process", "6.属于四类过程性信息", &[C("过程性信息")], ALL_APPLICANTS),
    sub(&REQUEST_DENIED, "denied_enforcement", "7.属于行政执法案卷", &[C("行政执法案卷")], ALL_APPLICANTS),
    sub(&REQUEST_DENIED, "denied_query", "8.属于行政查询事项", &[C("行政查询事项")], ALL_APPLICANTS),
    sub(&REQUEST_UNAVAILABLE, "unavailable_not_held", "1.本机关不掌握相关政府信息", &[C("不掌握相关政府信息"), C("不掌握")], ALL_APPLICANTS),
    sub(&REQUEST_UNAVAILABLE, "unavailable_needs_creation", "2.没有现成信息需要另行制作", &[C("没有现成信息"), C("另行制作")], ALL_APPLICANTS),
    sub(&REQUEST_UNAVAILABLE, "unavailable_unclear", "3.补正后申请内容仍不明确", &[C("补正后申请内容"), C("仍不明确")], ALL_APPLICANTS),
    sub(&REQUEST_REJECTED, "rejected_petition", "1.信访举报投诉类申请", &[C("信访举报投诉")], ALL_APPLICANTS),
    sub(&REQUEST_REJECTED, "rejected_duplicate", "2.重复申请", &[C("重复申请")], ALL_APPLICANTS),
    sub(&REQUEST_REJECTED, "rejected_publication", "3.要求提供公开出版物", &[C("公开出版物")], ALL_APPLICANTS),
    sub(&REQUEST_REJECTED, "rejected_excessive", "4.无正当理由大量反复申请", &[C("大量反复申请"), C("大量反复")], ALL_APPLICANTS),
    sub(&REQUEST_REJECTED, "rejected_confirmation", "5.要求行政机关确认或重新出具已获取信息", &[C("重新出具"), C("确认或重新")], ALL_APPLICANTS),
    excluding(OTHER_SPLIT, row("other", REQUEST_OTHER.label, &[C("其他处理")], ALL_APPLICANTS)),
    excluding(OTHER_SINGLE, sub(&REQUEST_OTHER, "other_no_correction", "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请", &[C("逾期不补正")], ALL_APPLICANTS)),
    excluding(OTHER_SINGLE, sub(&REQUEST_OTHER, "other_unpaid_fee", "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请", &[C("缴纳费用"), C("收费通知")], ALL_APPLICANTS)),
    excluding(OTHER_SINGLE, sub(&REQUEST_OTHER, "other_misc", "3.其他", &[E("3.其他"), E("3、其他")], ALL_APPLICANTS)),
    row("total", "（七）总计", &[C("(七)"), C("七、总计")], ALL_APPLICANTS),
    row("carried_out", "四、结转下年度继续办理", &[C("结转下年度"), C("下年度继续办理")], ALL_APPLICANTS),
];

/// The groups of table 3's outcome rows, in order: the group label shares a
/// line with its first sub-row in print, and renderers show it above them.
pub const REQUEST_GROUPS: &[&GroupDef] = &[
    &REQUEST_DENIED,
    &REQUEST_UNAVAILABLE,
    &REQUEST_REJECTED,
    &REQUEST_OTHER,
];

impl RowDef {
    /// The group heading printed beside or above the row, where its one-line
    /// label does not carry it (table 3's sub-rows; not table 4's rows, whose
    /// labels name their group).
    pub fn group(&self) -> Option<&'static str> {
        self.parent.filter(|g| !g.in_member_labels).map(|g| g.label)
    }
}

/// The identity printed in the header of table 3.
pub const REQUESTS_IDENTITY_NOTE: &str =
    "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）";

// ---------------------------------------------------------------- table 4

/// Table 4 columns: the outcomes and the total, repeated for each group.
#[rustfmt::skip]
pub const APPEAL_COLUMNS: &[ColumnDef] = &[
    col("upheld", "结果维持", &[C("维持")], Count),
    col("corrected", "结果纠正", &[C("纠正")], Count),
    col("other", "其他结果", &[C("其他结果")], Count),
    col("pending", "尚未审结", &[C("尚未审结")], Count),
    col("total", "总计", &[E("总计")], Count),
];

const ALL_OUTCOMES: &[usize] = &[0, 1, 2, 3, 4];

/// 行政诉讼, written once: the heading over table 4's two litigation groups,
/// and the first half of their one-line names.
macro_rules! litigation {
    () => {
        "行政诉讼"
    };
}

/// A table-4 litigation row: its one-line name `行政诉讼 · …` and its own label.
macro_rules! litigation_row {
    ($key:literal, $own:literal, $needles:expr) => {
        RowDef {
            key: $key,
            label: concat!(litigation!(), " · ", $own),
            own_label: $own,
            parent: Some(&APPEAL_LITIGATION),
            needles: $needles,
            columns: ALL_OUTCOMES,
            excludes: &[],
        }
    };
}

/// 行政诉讼, over 未经复议直接起诉 and 复议后起诉.
pub const APPEAL_LITIGATION: GroupDef = GroupDef {
    key: "litigation",
    label: litigation!(),
    in_member_labels: true,
};

/// Table 4 groups: 行政复议 and the two kinds of 行政诉讼.
#[rustfmt::skip]
pub const APPEAL_ROWS: &[RowDef] = &[
    row("review", "行政复议", &[C("行政复议")], ALL_OUTCOMES),
    litigation_row!("litigation_direct", "未经复议直接起诉", &[C("未经复议直接起诉"), C("直接起诉")]),
    litigation_row!("litigation_after_review", "复议后起诉", &[C("复议后起诉")]),
];

// ---------------------------------------------------------------- table names

/// How messages and files name one of the three tables.
#[derive(Debug)]
pub struct TableWords {
    /// The contract key, the first segment of its cell paths.
    pub key: &'static str,
    /// `表二`.
    pub short_zh: &'static str,
    /// `table 2`.
    pub short_en: &'static str,
    /// `表二（主动公开）`.
    pub zh: &'static str,
    /// `table 2 (proactive disclosure)`.
    pub en: &'static str,
}

/// Tables 2, 3 and 4 as messages and files name them, in [`crate::TableId`] order.
#[rustfmt::skip]
pub const TABLE_NAMES: [TableWords; 3] = [
    TableWords { key: "active", short_zh: "表二", short_en: "table 2", zh: "表二（主动公开）", en: "table 2 (proactive disclosure)" },
    TableWords { key: "requests", short_zh: "表三", short_en: "table 3", zh: "表三（依申请公开）", en: "table 3 (requests)" },
    TableWords { key: "appeals", short_zh: "表四", short_en: "table 4", zh: "表四（复议诉讼）", en: "table 4 (review and litigation)" },
];

// ---------------------------------------------------------------- headings

/// The header over table 2's row labels.
pub const INFO_CONTENT: &str = "信息内容";

/// Table 2's blocks in the 2019 format: the item of 第二十条 and its rows
/// (indices into [`ACTIVE_2019_ROWS`]).
#[rustfmt::skip]
pub const ACTIVE_2019_BLOCKS: &[BlockDef] = &[
    BlockDef { heading: "第二十条第（一）项", rows: &[0, 1] },
    BlockDef { heading: "第二十条第（五）项", rows: &[2, 3] },
    BlockDef { heading: "第二十条第（六）项", rows: &[4, 5] },
    BlockDef { heading: "第二十条第（八）项", rows: &[6] },
    BlockDef { heading: "第二十条第（九）项", rows: &[7] },
];

/// Table 2's blocks in the 2021 format (indices into [`ACTIVE_2021_ROWS`]).
#[rustfmt::skip]
pub const ACTIVE_2021_BLOCKS: &[BlockDef] = &[
    BlockDef { heading: "第二十条第（一）项", rows: &[0, 1] },
    BlockDef { heading: "第二十条第（五）项", rows: &[2] },
    BlockDef { heading: "第二十条第（六）项", rows: &[3, 4] },
    BlockDef { heading: "第二十条第（八）项", rows: &[5] },
];

/// What the title of every report ends with.
pub const TITLE_SUFFIX: &str = "政府信息公开工作年度报告";

// ---------------------------------------------------------------- sections

/// One of the six sections every report has (第五十条).
#[derive(Debug)]
pub struct SectionDef {
    /// 1 to 6 (一 … 六).
    pub number: u8,
    /// The official heading with its number (`一、总体情况`).
    pub title: &'static str,
    /// Words that identify the heading after its number (folded form).
    pub needles: &'static [&'static str],
}

/// The six sections, in order.
#[rustfmt::skip]
pub const SECTIONS: &[SectionDef] = &[
    SectionDef { number: 1, title: "一、总体情况", needles: &["总体情况", "基本情况"], },
    SectionDef { number: 2, title: "二、主动公开政府信息情况", needles: &["主动公开政府信息情况", "主动公开政府信息"], },
    SectionDef { number: 3, title: "三、收到和处理政府信息公开申请情况", needles: &["收到和处理政府信息公开申请", "处理政府信息公开申请情况"], },
    SectionDef { number: 4, title: "四、政府信息公开行政复议、行政诉讼情况", needles: &["行政复议、行政诉讼", "行政复议和行政诉讼", "行政复议,行政诉讼", "提起行政诉讼"] },
    SectionDef { number: 5, title: "五、存在的主要问题及改进情况", needles: &["存在的主要问题", "存在问题", "主要问题及改进", "问题及改进"], },
    SectionDef { number: 6, title: "六、其他需要报告的事项", needles: &["其他需要报告"], },
];

// ---------------------------------------------------------------- label drift

/// Printed forms that differ from the official wording (rule `label-drift`).
#[rustfmt::skip]
pub const KNOWN_VARIANTS: &[Variant] = &[
    Variant { printed: "其他法律法规禁止公开", official: "其他法律行政法规禁止公开" },
    Variant { printed: "社会组织", official: "社会公益组织" },
    Variant { printed: "规范性文件", official: "行政规范性文件" },
];

const fn col(
    key: &'static str,
    label: &'static str,
    needles: &'static [Needle],
    kind: ValueKind,
) -> ColumnDef {
    ColumnDef {
        key,
        label,
        needles,
        kind,
        parent: None,
    }
}

/// One of table 3's five organisation columns, under 法人或其他组织.
const fn org(key: &'static str, label: &'static str, needles: &'static [Needle]) -> ColumnDef {
    ColumnDef {
        parent: Some(&APPLICANT_ORGANISATIONS),
        ..col(key, label, needles, Count)
    }
}

const fn request_group(key: &'static str, label: &'static str) -> GroupDef {
    GroupDef {
        key,
        label,
        in_member_labels: false,
    }
}

const fn row(
    key: &'static str,
    label: &'static str,
    needles: &'static [Needle],
    columns: &'static [usize],
) -> RowDef {
    RowDef {
        key,
        label,
        own_label: label,
        parent: None,
        needles,
        columns,
        excludes: &[],
    }
}

/// A row under a group heading.
const fn sub(
    parent: &'static GroupDef,
    key: &'static str,
    label: &'static str,
    needles: &'static [Needle],
    columns: &'static [usize],
) -> RowDef {
    RowDef {
        parent: Some(parent),
        ..row(key, label, needles, columns)
    }
}

/// `def`, never printed together with the rows `excludes`.
const fn excluding(excludes: &'static [&'static str], def: RowDef) -> RowDef {
    RowDef { excludes, ..def }
}

/// （六） is one row (2019) or three sub-rows (2021), never both.
const OTHER_SPLIT: &[&str] = &["other_no_correction", "other_unpaid_fee", "other_misc"];
const OTHER_SINGLE: &[&str] = &["other"];

// ---------------------------------------------------------------- labels of a cell

use crate::{Schema, TableId, Template};

/// The official label of a row on one line: a table-3 sub-row after its group
/// (`（三）不予公开/1.属于国家秘密`).
pub fn row_label(def: &RowDef) -> String {
    match def.group() {
        Some(group) => format!("{group}/{}", def.label),
        None => def.label.to_string(),
    }
}

/// The header levels of a column, top to bottom: its group, if any, then its
/// official label, with （万元） on money columns whose label does not say so.
pub fn column_levels(column: &ColumnDef) -> Vec<String> {
    let mut label = column.label.to_string();
    if column.kind == ValueKind::MoneyWan && !label.contains("万元") {
        label.push_str("（万元）");
    }
    match column.parent {
        Some(group) => vec![group.label.to_string(), label],
        None => vec![label],
    }
}

/// The official label of a column on one line: table 3's organisation
/// columns after their group (`法人或其他组织/商业企业`).
pub fn column_label(column: &ColumnDef) -> String {
    column_levels(column).join("/")
}

/// What a contract path names in the official tables: the table, and the
/// official labels of the row and the column as far as the path names them.
/// `requests.received.total`, a row (`requests.denied_law`) and a column
/// (`requests.*.commercial`) are understood; a path outside the tables
/// (`year`) is `None`. Table 2's rows are looked up in the format of
/// `template` first, then in the other format.
pub fn path_labels(
    path: &str,
    template: Option<Template>,
) -> Option<(TableId, Option<String>, Option<String>)> {
    let mut parts = path.split('.');
    let table = TableId::from_key(parts.next()?)?;
    let row = parts.next().filter(|r| *r != "*");
    let column = parts.next();
    let schemas: Vec<Schema> = match table {
        TableId::Active => match template {
            Some(Template::V2019) => vec![Schema::Active2019, Schema::Active2021],
            _ => vec![Schema::Active2021, Schema::Active2019],
        },
        other => vec![Schema::of(other, Template::V2021)],
    };
    // The first schema that has the row (or, without one, the column).
    let found = schemas.iter().find_map(|&schema| {
        let def = match row {
            Some(key) => Some(schema.rows().iter().find(|d| d.key == key)?),
            None => None,
        };
        let col = match column {
            Some(key) => Some(schema.columns().iter().find(|c| c.key == key)?),
            None => None,
        };
        Some((def, col))
    });
    let (def, col) = found.unwrap_or((None, None));
    Some((table, def.map(row_label), col.map(column_label)))
}

#[cfg(test)]
mod path_label_tests {
    use super::*;

    #[test]
    fn a_path_names_its_table_row_and_column_in_official_words() {
        assert_eq!(
            path_labels("requests.denied_state_secret.commercial", None),
            Some((
                TableId::Requests,
                Some("（三）不予公开/1.属于国家秘密".to_string()),
                Some("法人或其他组织/商业企业".to_string())
            ))
        );
        assert_eq!(
            path_labels("appeals.review.total", None),
            Some((
                TableId::Appeals,
                Some("行政复议".to_string()),
                Some("总计".to_string())
            ))
        );
        // Table 2 in the format of the report first.
        assert_eq!(
            path_labels("active.regulations.new_made", Some(Template::V2019)),
            Some((
                TableId::Active,
                Some("规章".to_string()),
                Some("本年新制作数量".to_string())
            ))
        );
        // A row that no format has names the table alone.
        assert_eq!(
            path_labels("requests.nonsense.total", None),
            Some((TableId::Requests, None, None))
        );
        assert_eq!(path_labels("year", None), None);
    }
}
