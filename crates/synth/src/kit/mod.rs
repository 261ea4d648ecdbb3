//! The test kit of the workspace: what the extraction and checking tests need to
//! make reports of their own.
//!
//! The round-trip property tests generate a valid report ([`gen`]), render it as
//! text or HTML in a layout seen in the wild ([`render`]), extract it again and
//! compare with the model ([`check`]); [`docx`] and [`pdf`] write the same
//! reports (or any content) as Word and PDF files; [`data`] and [`cells`] name
//! the fixtures of `tests/data` and list a report's cells for exact-value tests;
//! [`bomb`] makes ZIP bombs of real packages for the bounded readers.
//!
//! A [`Case`] carries the model, the rendering options and the rendered text; its
//! `Debug` shows all three, so the minimal failing input proptest prints is the
//! document the extractor got wrong.

pub mod adversarial;
pub mod bomb;
pub mod check;
pub mod docx;
pub mod gen;
pub mod pdf;
pub mod render;

pub use crate::rng::Rng;

use gen::Model;
use proptest::prelude::*;
use render::{Layout, Options, Outer, PageBreak};
use std::fmt;
use xxgk_model::{Active, Report, RowKind, Table};

/// One rendered report.
#[derive(Clone)]
pub struct Case {
    /// The report the text must extract back to.
    pub model: Model,
    /// How it was rendered.
    pub options: Options,
    /// The rendered text.
    pub text: String,
}

impl Case {
    /// Renders `model` with `options`.
    pub fn new(model: Model, options: Options) -> Case {
        let text = render::render(&model, &options);
        Case {
            model,
            options,
            text,
        }
    }
}

impl fmt::Debug for Case {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "{:?}", self.options)?;
        writeln!(f, "{:?}", self.model)?;
        writeln!(f, "--- rendered text ---")?;
        for (i, line) in self.text.lines().enumerate() {
            writeln!(f, "{:4} {line}", i + 1)?;
        }
        write!(f, "--- end of text ---")
    }
}

/// Cases: a model with blanks at `blank_rate`, rendered with `options`.
pub fn cases(
    blank_rate: f64,
    options: impl Strategy<Value = Options>,
) -> impl Strategy<Value = Case> {
    // Options first: proptest shrinks tuple members in order, and which noise a
    // failure needs says more than which numbers it needs.
    (options, gen::model(blank_rate)).prop_map(|(options, model)| Case::new(model, options))
}

/// Which noise a property renders on top of its layout.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Noise {
    /// Values printed in every way, layout residue, nothing else.
    Clean,
    /// Layout 7: traditional characters, sometimes with pinyin.
    Traditional,
    /// Layout 8: page breaks inside tables, maybe split and spaced labels and
    /// full-width digits.
    Breaks,
    /// Any combination of the above.
    Any,
}

/// Pipe layouts with any outer pipes, with or without a rule under the header.
pub fn pipe_layout() -> impl Strategy<Value = Layout> {
    let outer = prop_oneof![Just(Outer::None), Just(Outer::Both), Just(Outer::Trailing)];
    (outer, any::<bool>()).prop_map(|(outer, rule)| Layout::Pipe { outer, rule })
}

/// Layouts 1–5, whose tables must come back exactly.
pub fn exact_layout() -> BoxedStrategy<Layout> {
    prop_oneof![
        Just(Layout::Tab),
        pipe_layout(),
        Just(Layout::PerLine),
        Just(Layout::LonePipe),
        Just(Layout::Aligned),
    ]
    .boxed()
}

fn page_breaks(min: usize) -> impl Strategy<Value = Vec<PageBreak>> {
    let one = (0usize..3, 0usize..1000, 2u32..40).prop_map(|(table, line, page)| PageBreak {
        table,
        line,
        page,
    });
    proptest::collection::vec(one, min..4)
}

/// Rendering options for `layout` with the given kind of noise.
pub fn options(
    layout: impl Strategy<Value = Layout>,
    noise: Noise,
) -> impl Strategy<Value = Options> {
    let min_breaks = usize::from(noise == Noise::Breaks);
    (
        layout,
        proptest::array::uniform6(any::<bool>()),
        proptest::bool::weighted(0.8),
        page_breaks(min_breaks),
        any::<u64>(),
    )
        .prop_map(move |(layout, flags, varied, page_breaks, seed)| {
            let [traditional, pinyin, split, spaced, fullwidth, residue] = flags;
            let traditional = match noise {
                Noise::Traditional => true,
                Noise::Any => traditional,
                Noise::Clean | Noise::Breaks => false,
            };
            let breaks = matches!(noise, Noise::Breaks | Noise::Any);
            Options {
                layout,
                traditional,
                pinyin: traditional && pinyin,
                page_breaks: if breaks { page_breaks } else { Vec::new() },
                split_labels: breaks && split,
                spaced_labels: breaks && spaced,
                fullwidth: breaks && fullwidth,
                residue,
                varied,
                seed,
            }
        })
}

/// The proptest settings of the property suites: `default_cases` cases unless
/// PROPTEST_CASES asks for a deeper search; no regression files (inputs that
/// matter are kept as tests); shrinking bounded so a broken extractor fails in
/// seconds with a case that is already small.
pub fn proptest_config(default_cases: u32) -> ProptestConfig {
    ProptestConfig {
        cases: std::env::var("PROPTEST_CASES")
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(default_cases),
        failure_persistence: None,
        max_shrink_iters: 400,
        max_shrink_time: 5_000,
        ..ProptestConfig::default()
    }
}

/// The path of `path` in the project's test data folder (`tests/data`).
pub fn data(path: &str) -> String {
    format!("{}/../../tests/data/{path}", env!("CARGO_MANIFEST_DIR"))
}

/// Every printed row of every table, one line each: `path: v v v` with `-` for null.
/// Written out in full in the tests, so a change to any cell shows as a diff.
pub fn cells(report: &Report) -> String {
    let mut out = String::new();
    match &report.active {
        Some(Active::V2019(t)) => table_lines(t, &mut out),
        Some(Active::V2021(t)) => table_lines(t, &mut out),
        None => out.push_str("active: none\n"),
    }
    match &report.requests {
        Some(t) => table_lines(t, &mut out),
        None => out.push_str("requests: none\n"),
    }
    match &report.appeals {
        Some(t) => table_lines(t, &mut out),
        None => out.push_str("appeals: none\n"),
    }
    out
}

fn table_lines<R: RowKind>(table: &Table<R>, out: &mut String) {
    for (row, values) in table.rows() {
        let shown: Vec<String> = values
            .iter()
            .map(|v| v.map_or("-".to_string(), |n| n.to_string()))
            .collect();
        out.push_str(&format!(
            "{}.{}: {}\n",
            R::TABLE,
            row.key(),
            shown.join(" ")
        ));
    }
}
