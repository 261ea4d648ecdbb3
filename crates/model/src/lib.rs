//! The typed model of a 政府信息公开工作年度报告 (government information disclosure
//! annual report) and its JSON contract `xxgk/report@1`.
//!
//! The model depends on no other xxgk crate: reading, extraction, checks and
//! outputs all depend on it.

pub mod finding;
pub mod labels;
pub mod layout;
pub mod narrative;
mod number;
mod official;
pub mod report;
pub mod rule;
mod span;
pub mod table;

pub use finding::{Finding, Lang, LeftOut, Message, Severity};
pub use narrative::{About, Appeals, Claim, ClaimKind, Part, ReceivedIncludes, Scope};
pub use number::Number;
pub use official::{PerSchema, Schema, TableId};
pub use report::{
    Active, Printed, Report, ReportJson, Section, Source, SourceFormat, Template, REPORT_SCHEMA,
};
pub use rule::{Group, Rule};
pub use span::Span;
pub use table::{
    cell_paths, column_path, Active2019Row, Active2021Row, AppealGroup, RequestRow, RowKind, Table,
    TableError,
};
