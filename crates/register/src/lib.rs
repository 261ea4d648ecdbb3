//! The request register (依申请公开台账): the requests a body receives under
//! 《中华人民共和国政府信息公开条例》, their deadlines, fees and outcomes, and
//! table 3 of the annual report counted from them.
//!
//! * [`calendar`]: the official working-day calendar (weekends, statutory
//!   holidays, make-up working days), year by year from the State Council's
//!   notices, as data (`data/calendar.csv`). A day it does not cover is an
//!   error naming the missing year's notice.
//! * [`deadline`]: the 20-working-day answer deadline with its correction,
//!   consultations and extension, and an [`Explanation`] of every day counted.
//! * [`fees`]: 信息处理费 by count or by pages (国办函〔2020〕109号).
//! * [`case`]: one request — applicant type (table 3's columns), channel,
//!   receipt, every step with its date, the outcome as one table-3 row — and
//!   its validation.
//! * [`change`]: a change of a case — the steps of `xxgk register update`
//!   and of the web API, applied in one order — and the refusal of a step
//!   that cannot be applied.
//! * [`table3`]: table 3 of a year counted from the cases, as the model's
//!   table (so the checker's rules run on it), and the cells of an author file.
//! * [`sheet`]: the spreadsheets offices keep (CSV, XLSX) read into cases —
//!   every bad row named, nothing taken if one is bad — and written back.
//! * [`json`]: the register as JSON — a case with its deadline and history,
//!   the due list, table 3 — as `xxgk register … --format json` prints it and
//!   the web API serves it.
//!
//! Everything is a plain function over values; storing cases is
//! `xxgk-store`'s `register` module. Errors are typed, with messages in
//! Chinese and English.
//!
//! ```
//! use xxgk_register::{deadline, Calendar, Channel, Date};
//! let received = Date::new(2025, 1, 20).unwrap();
//! let explanation = deadline::explain(received, Some(Channel::Online), Calendar::official()).unwrap();
//! assert_eq!(explanation.due, Date::new(2025, 2, 21));
//! ```

pub mod calendar;
pub mod case;
pub mod change;
mod date;
pub mod deadline;
mod error;
pub mod fees;
pub mod json;
pub mod sheet;
pub mod table3;

pub use calendar::Calendar;
pub use case::{Applicant, Case, Channel, Consultation, Correction, Extension, Fee, Outcome};
pub use change::{Change, ChangeError, ChangeField, FeeKind};
pub use date::{Date, Weekday};
pub use deadline::Explanation;
pub use error::{Problem, RegisterError};
pub use fees::FeeBasis;
