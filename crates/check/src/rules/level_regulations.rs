//! # level-regulations
//!
//! **检查**：乡镇、街道和县级机关（含县级政府部门）的表二「规章」一行没有非零数字。
//!
//! **原因**：只有省、自治区、直辖市和设区的市、自治州的人民政府可以制定规章（《立法法》第九十三条）；
//! 县乡机关填了规章数，多半是把规范性文件或其他文件填错了行。
//!
//! **示例**：某镇表二「规章 本年制发件数 3」—— 警告。
//!
//! **依据**：《中华人民共和国立法法》（推定）。机关层级由名称判断。
//!
//! ## English
//!
//! **Checks**: townships and county-level bodies (governments and their departments) report no non-zero
//! figure on table 2's 规章 (government rules) row.
//!
//! **Why**: only provincial governments and those of cities with districts may make 规章 (Legislation Law,
//! Art. 93); a county or township figure there is almost always normative documents put on the wrong row.
//!
//! **Example**: a township's table 2 says 规章, issued 3 — a warning.
//!
//! **Basis**: the Legislation Law [inferred]. The level is read from the body's name.

use crate::context::Ctx;
use crate::level::{level_of, Level};
use crate::registry::{Check, Run};
use xxgk_model::{
    Active, Active2019Row, Active2021Row, Group, Message, Number, RowKind, Rule, Severity, Table,
};

/// The rule's definition.
pub const RULE: Rule = Rule {
    id: "level-regulations",
    severity: Severity::Warning,
    also: &[],
    group: Group::Content,
    title: (
        "县乡机关填报了规章数",
        "a county or township body reports 规章",
    ),
};

/// How it runs: on one report.
pub(crate) const CHECK: Check = Check::new(&RULE, Run::Report(run));

fn run(ctx: &mut Ctx) {
    let Some(agency) = ctx.report.agency.as_deref() else {
        return;
    };
    let level = level_of(agency);
    if !matches!(
        level,
        Level::Township | Level::CountyGovernment | Level::CountyDepartment
    ) {
        return;
    }
    let nonzero = match &ctx.report.active {
        Some(Active::V2019(t)) => nonzero_cells(t, Active2019Row::Regulations),
        Some(Active::V2021(t)) => nonzero_cells(t, Active2021Row::Regulations),
        None => return,
    };
    let Some(&(path, value)) = nonzero.first() else {
        return;
    };
    let paths: Vec<&str> = nonzero.iter().map(|(p, _)| *p).collect();
    ctx.emit(
        Message::new(
            format!("{agency}不是有权制定规章的机关，表二「规章」一行却有数字（{value}）；是否应填在「规范性文件」一行？"),
            format!("{agency} may not make 规章, yet table 2's 规章 row has figures ({value}); do they belong on the normative documents row?"),
        ),
        &paths,
    );
    let _ = path;
}

fn nonzero_cells<R: RowKind>(table: &Table<R>, row: R) -> Vec<(&'static str, Number)> {
    (0..row.columns().len())
        .filter_map(|p| {
            table
                .get(row, p)
                .filter(|v| *v != Number::ZERO)
                .map(|v| (Table::<R>::path(row, p), v))
        })
        .collect()
}
