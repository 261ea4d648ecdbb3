//! The numbers: one body's tables year after year, valid by construction.
//!
//! Table 3 is drawn request by request: this year's new requests spread over the
//! six applicant columns, last year's carry-over (exactly last year's 结转下年度,
//! column by column), a share left open for next year, and the concluded ones
//! spread over the outcome rows of the year's format. Row totals, （七）总计 and
//! 一 + 二 = （七） + 四 hold for every column. Table 4 draws cases per group and
//! sums them. Table 2 keeps running counts: in the 2021 format 现行有效 =
//! last year's + 本年制发 − 本年废止; in the 2019 format 上一年项目数量 follows
//! last year's count and 本年增/减, and 对外公开总数量 accumulates.

use crate::names::{BodyKind, Level, Node};
use crate::rng::Rng;
use xxgk_model::{
    Active, Active2019Row, Active2021Row, AppealGroup, Number, RequestRow, RowKind, Table, Template,
};

/// Table-3 rows (all [`RequestRow`]s, both formats) × seven columns (six
/// applicant columns, then 总计).
pub type Requests = [[i64; 7]; ROWS];
/// Table-4 groups × (维持, 纠正, 其他, 尚未审结, 总计).
pub type Appeals = [[i64; 5]; 3];

/// Number of table-3 rows over both formats.
pub const ROWS: usize = 26;
const _: () = assert!(ROWS == <RequestRow as RowKind>::ALL.len());
const TOTAL: usize = 6;

/// The draw weights of the six applicant columns.
const APPLICANTS: [f64; 6] = [0.86, 0.07, 0.004, 0.006, 0.02, 0.04];

/// Outcome weights, in the order of [`RequestRow::OUTCOMES`]; the last four are
/// （六） as one row (2019) and its three sub-rows (2021).
#[rustfmt::skip]
const OUTCOMES: [f64; 22] = [
    0.46, 0.07,                                           // 予以公开, 部分公开
    0.002, 0.006, 0.003, 0.008, 0.012, 0.012, 0.004, 0.015, // 不予公开 1–8
    0.19, 0.04, 0.012,                                    // 无法提供 1–3
    0.035, 0.02, 0.006, 0.008, 0.006,                     // 不予处理 1–5
    0.045,                                                // （六） 2019
    0.02, 0.002, 0.023,                                   // （六） 1–3, 2021
];

/// How busy a body is, drawn once.
#[derive(Clone, Debug)]
pub struct Profile {
    /// Mean new requests a year.
    received: f64,
    /// Share of open requests carried over to next year.
    carry: f64,
    /// Mean review cases a year (litigation is a share of it).
    appeals: f64,
    /// Mean new 规章 a year; 0 for bodies that make none.
    regulations: f64,
    /// Township habit: 规章 printed blank instead of 0.
    blank_regulations: bool,
    normative: f64,
    /// Mean decisions: 行政许可, 其他对外管理服务事项, 行政处罚, 行政强制.
    decisions: [f64; 4],
    /// Mean items listed (2019 上一年项目数量) for the four rows above and fees.
    items: [f64; 5],
    /// Mean 行政事业性收费 in 元 a year (2021 format).
    fees_yuan: f64,
    /// Mean procurement projects (2019).
    procurement: f64,
}

impl Profile {
    /// Whether the body makes 规章 (provincial and city governments).
    pub fn makes_regulations(&self) -> bool {
        self.regulations > 0.0
    }

    /// A profile fitting the body's level and kind.
    pub fn draw(node: &Node, rng: &mut Rng) -> Profile {
        use BodyKind::{Department as D, Government as G};
        use Level::*;
        let spread = |rng: &mut Rng, lo: f64, hi: f64| lo + (hi - lo) * rng.unit();
        let received = match (node.level, node.kind) {
            (Province, G) => spread(rng, 800.0, 3000.0),
            (Province, D) => spread(rng, 20.0, 300.0),
            (City, G) => spread(rng, 150.0, 1500.0),
            (City, D) => spread(rng, 3.0, 80.0),
            (County, G) => spread(rng, 15.0, 90.0),
            (County, D) => spread(rng, 0.3, 15.0),
            (Township, _) if rng.chance(0.4) => spread(rng, 0.0, 0.3),
            (Township, _) => spread(rng, 0.3, 5.0),
        };
        let carry = match node.level {
            Township if rng.chance(0.8) => 0.0,
            Township => 0.05,
            _ if rng.chance(0.3) => 0.0,
            _ => spread(rng, 0.01, 0.08),
        };
        let appeals = match (node.level, node.kind) {
            (Province, G) => spread(rng, 10.0, 40.0),
            (Province, D) => spread(rng, 0.5, 5.0),
            (City, G) => spread(rng, 3.0, 20.0),
            (City, D) => spread(rng, 0.0, 1.5),
            (County, G) => spread(rng, 0.0, 4.0),
            (County, D) => spread(rng, 0.0, 0.3),
            (Township, _) => spread(rng, 0.0, 0.05),
        };
        // Only provinces and 设区的市 make 规章.
        let regulations = match (node.level, node.kind) {
            (Province, G) => spread(rng, 3.0, 10.0),
            (City, G) => spread(rng, 0.5, 4.0),
            _ => 0.0,
        };
        let normative = match (node.level, node.kind) {
            (Province, G) => spread(rng, 20.0, 60.0),
            (Province, D) => spread(rng, 2.0, 12.0),
            (City, G) => spread(rng, 8.0, 30.0),
            (City, D) => spread(rng, 0.5, 5.0),
            (County, G) => spread(rng, 3.0, 15.0),
            (County, D) => spread(rng, 0.0, 2.0),
            (Township, _) => spread(rng, 0.0, 0.8),
        };
        let scale = match (node.level, node.kind) {
            (Province, G) => 3.0,
            (Province, D) => 0.8,
            (City, G) => 2.0,
            (City, D) => 0.3,
            (County, G) => 1.0,
            (County, D) => 0.1,
            (Township, _) => 0.004,
        };
        let base = [1000.0, 300.0, 1500.0, 120.0];
        let mut decisions = [0.0; 4];
        for (d, b) in decisions.iter_mut().zip(base) {
            if node.kind == D && rng.chance(0.45) {
                continue;
            }
            *d = b * scale * spread(rng, 0.2, 2.0);
        }
        let item_base = [120.0, 60.0, 300.0, 40.0, 15.0];
        let mut items = [0.0; 5];
        for (i, b) in items.iter_mut().zip(item_base) {
            if node.kind == D && rng.chance(0.45) {
                continue;
            }
            *i = b * scale.sqrt() * spread(rng, 0.2, 1.5);
        }
        let fees_yuan = match (node.level, node.kind) {
            (Township, _) => 0.0,
            _ if rng.chance(0.5) => 0.0,
            (Province, _) | (City, G) => spread(rng, 1e6, 1e8),
            (City, D) | (County, G) => spread(rng, 1e5, 2e7),
            (County, D) => spread(rng, 1e3, 1e6),
        };
        let procurement = match node.level {
            Township => spread(rng, 0.0, 2.0),
            _ => spread(rng, 0.0, 10.0),
        };
        Profile {
            received,
            carry,
            appeals,
            regulations,
            blank_regulations: node.level == Township && rng.chance(0.35),
            normative,
            decisions,
            items,
            fees_yuan,
            procurement,
        }
    }
}

/// What carries over from one year to the next.
#[derive(Clone, Debug)]
pub struct State {
    /// Last year's 结转下年度, per applicant column.
    pub carried_out: [i64; 6],
    regulations_in_force: i64,
    normative_in_force: i64,
    /// 2019: 上一年项目数量 for 行政许可, 其他对外管理服务事项, 行政处罚, 行政强制, 收费.
    items: [i64; 5],
}

impl State {
    /// The state before the first year generated: some requests open, some
    /// documents in force, some items listed.
    pub fn initial(profile: &Profile, rng: &mut Rng) -> State {
        let received = rng.count(profile.received);
        let open = rng.binomial(received, profile.carry);
        let split = rng.multinomial(open, &APPLICANTS);
        let mut carried_out = [0; 6];
        carried_out.copy_from_slice(&split);
        let mut items = [0; 5];
        for (i, mean) in items.iter_mut().zip(profile.items) {
            *i = rng.count(mean);
        }
        State {
            carried_out,
            regulations_in_force: rng.count(profile.regulations * 12.0),
            normative_in_force: rng.count(profile.normative * 6.0),
            items,
        }
    }
}

/// Table 3 for one year. `carry_error`: (column, delta) added to 上年结转 of that
/// column (planted `carry-chain`); the table still balances.
pub fn requests(
    profile: &Profile,
    state: &mut State,
    template: Template,
    activity: f64,
    carry_error: Option<(usize, i64)>,
    rng: &mut Rng,
) -> Requests {
    let mut t = [[0i64; 7]; ROWS];
    let received = rng.count(profile.received * activity);
    let received = rng.multinomial(received, &APPLICANTS);
    let mut weights = OUTCOMES;
    match template {
        Template::V2019 => weights[19..].iter_mut().for_each(|w| *w = 0.0),
        Template::V2021 => weights[18] = 0.0,
    }
    for c in 0..6 {
        let mut carried_in = state.carried_out[c];
        if let Some((column, delta)) = carry_error {
            if column == c {
                carried_in += delta;
            }
        }
        let open = received[c] + carried_in;
        let carried_out = rng.binomial(open, profile.carry);
        let concluded = open - carried_out;
        t[RequestRow::Received.index()][c] = received[c];
        t[RequestRow::CarriedIn.index()][c] = carried_in;
        t[RequestRow::CarriedOut.index()][c] = carried_out;
        t[RequestRow::Total.index()][c] = concluded;
        for (row, n) in RequestRow::OUTCOMES
            .iter()
            .zip(rng.multinomial(concluded, &weights))
        {
            t[row.index()][c] = n;
        }
        state.carried_out[c] = carried_out;
    }
    total_column(&mut t);
    t
}

/// Sets every row's 总计 to the sum of its six applicant columns.
pub fn total_column(t: &mut Requests) {
    for row in t.iter_mut() {
        row[TOTAL] = row[..TOTAL].iter().sum();
    }
}

/// Table 4 for one year.
pub fn appeals(profile: &Profile, activity: f64, rng: &mut Rng) -> Appeals {
    let mut t = [[0i64; 5]; 3];
    let means = [
        profile.appeals,
        profile.appeals * 0.4,
        profile.appeals * 0.3,
    ];
    for (group, mean) in t.iter_mut().zip(means) {
        let n = rng.count(mean * activity);
        let split = rng.multinomial(n, &[0.6, 0.1, 0.15, 0.15]);
        group[..4].copy_from_slice(&split);
        group[4] = n;
    }
    t
}

/// Table 2 for one year. `in_force_error`: (row, delta) added to 现行有效 of
/// 规章 (row 0) or 行政规范性文件 (row 1) (planted `in-force-chain`, 2021 only);
/// the wrong count stands, and later years count on from it.
pub fn active(
    profile: &Profile,
    state: &mut State,
    template: Template,
    activity: f64,
    in_force_error: Option<(usize, i64)>,
    rng: &mut Rng,
) -> Active {
    let error = |row: usize| in_force_error.filter(|e| e.0 == row).map_or(0, |e| e.1);
    let n = |v: i64| Some(Number::int(v));
    let mut regulations = [0i64; 3];
    let mut normative = [0i64; 3];
    for (row, (cells, mean, in_force)) in [
        (
            &mut regulations,
            profile.regulations,
            &mut state.regulations_in_force,
        ),
        (
            &mut normative,
            profile.normative,
            &mut state.normative_in_force,
        ),
    ]
    .into_iter()
    .enumerate()
    {
        let issued = rng.count(mean * activity);
        match template {
            Template::V2019 => {
                // 本年新制作, 本年新公开 (almost always the same), 对外公开总数量.
                let published = if issued > 0 && rng.chance(0.1) {
                    issued - 1
                } else {
                    issued
                };
                *in_force += published;
                *cells = [issued, published, *in_force];
            }
            Template::V2021 => {
                let repealed = rng.count(mean * 0.3).min(*in_force + issued);
                let counted = *in_force + issued - repealed;
                // A planted error never makes the count negative: it goes up instead.
                let e = error(row);
                *in_force = if counted + e < 0 {
                    counted - e
                } else {
                    counted + e
                };
                *cells = [issued, repealed, *in_force];
            }
        }
    }
    let regulation_cell = |v: i64| {
        if profile.blank_regulations {
            None
        } else {
            n(v)
        }
    };
    let decisions: Vec<i64> = profile
        .decisions
        .iter()
        .map(|&m| rng.count(m * activity))
        .collect();
    match template {
        Template::V2019 => {
            let mut t: Table<Active2019Row> = Table::new();
            for (p, v) in regulations.iter().enumerate() {
                set(&mut t, Active2019Row::Regulations, p, regulation_cell(*v));
            }
            for (p, v) in normative.iter().enumerate() {
                set(&mut t, Active2019Row::NormativeDocuments, p, n(*v));
            }
            let rows = [
                Active2019Row::Licensing,
                Active2019Row::OtherServices,
                Active2019Row::Punishment,
                Active2019Row::Coercion,
                Active2019Row::Fees,
            ];
            for (i, row) in rows.into_iter().enumerate() {
                let previous = state.items[i];
                let change = item_change(previous, rng);
                state.items[i] = previous + change;
                set(&mut t, row, 0, n(previous));
                set(&mut t, row, 1, n(change));
                if i < 4 {
                    set(&mut t, row, 2, n(decisions[i]));
                }
            }
            let projects = rng.count(profile.procurement * activity);
            let yuan = (0..projects.min(50))
                .map(|_| rng.range(200, 20_000) * 100)
                .sum::<i64>()
                * (projects / 50).max(1);
            set(&mut t, Active2019Row::Procurement, 0, n(projects));
            set(
                &mut t,
                Active2019Row::Procurement,
                1,
                Some(Number::new(yuan, 4)),
            );
            Active::V2019(t)
        }
        Template::V2021 => {
            let mut t: Table<Active2021Row> = Table::new();
            for (p, v) in regulations.iter().enumerate() {
                set(&mut t, Active2021Row::Regulations, p, regulation_cell(*v));
            }
            for (p, v) in normative.iter().enumerate() {
                set(&mut t, Active2021Row::NormativeDocuments, p, n(*v));
            }
            set(&mut t, Active2021Row::Licensing, 0, n(decisions[0]));
            set(&mut t, Active2021Row::Punishment, 0, n(decisions[2]));
            set(&mut t, Active2021Row::Coercion, 0, n(decisions[3]));
            let yuan = if profile.fees_yuan > 0.0 {
                (profile.fees_yuan * activity * (0.5 + rng.unit()) / 100.0).round() as i64 * 100
            } else {
                0
            };
            set(&mut t, Active2021Row::Fees, 0, Some(Number::new(yuan, 4)));
            Active::V2021(t)
        }
    }
}

/// 本年增/减 of a list of items: mostly 0, a few either way, never below 0.
fn item_change(previous: i64, rng: &mut Rng) -> i64 {
    let change = match rng.below(10) {
        0..=4 => 0,
        5..=8 => rng.range(-3, 5),
        _ => rng.range(-(previous / 5).max(1), (previous / 4).max(2)),
    };
    change.max(-previous)
}

fn set<R: RowKind>(t: &mut Table<R>, row: R, position: usize, value: Option<Number>) {
    t.set(row, position, value)
        .expect("the official rows and columns of the format");
}

/// Table 3 as the model's table: the rows of the year's format, every cell set.
pub fn requests_table(t: &Requests, template: Template) -> Table<RequestRow> {
    let mut table = Table::new();
    for &row in RequestRow::ALL {
        let skip = match template {
            Template::V2019 => matches!(
                row,
                RequestRow::OtherNoCorrection | RequestRow::OtherUnpaidFee | RequestRow::OtherMisc
            ),
            Template::V2021 => row == RequestRow::Other,
        };
        if skip {
            continue;
        }
        for (p, v) in t[row.index()].iter().enumerate() {
            set(&mut table, row, p, Some(Number::int(*v)));
        }
    }
    table
}

/// Table 4 as the model's table.
pub fn appeals_table(t: &Appeals) -> Table<AppealGroup> {
    let mut table = Table::new();
    for &group in AppealGroup::ALL {
        for (p, v) in t[group.index()].iter().enumerate() {
            set(&mut table, group, p, Some(Number::int(*v)));
        }
    }
    table
}

/// The activity of a body in a year relative to its mean (0.7–1.3).
pub fn activity(rng: &mut Rng) -> f64 {
    0.7 + 0.6 * rng.unit()
}
