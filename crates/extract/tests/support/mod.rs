//! Support for the round-trip property tests: generate a valid report
//! ([`gen`]), render it as text in a layout seen in the wild ([`render`]), extract
//! it again and compare with the model ([`check`]).
//!
//! A [`Case`] carries the model, the rendering options and the rendered text; its
//! `Debug` shows all three, so the minimal failing input proptest prints is the
//! document the extractor got wrong.

pub mod check;
pub mod gen;
pub mod render;
pub mod rng;

use gen::Model;
use proptest::prelude::*;
use render::{Layout, Options, Outer, PageBreak};
use std::fmt;

/// One rendered report.
#[derive(Clone)]
pub struct Case {
    pub model: Model,
    pub options: Options,
    pub text: String,
}

impl Case {
    pub fn new(model: Model, options: Options) -> Case {
        let text = render::render(&model, &options);
        Case {
            model,
            options,
            text,
        }
    }

    /// Extracts the rendered text as a `.txt` file.
    pub fn extract(&self) -> xxgk_model::Report {
        xxgk_extract::extract_text(&self.text, "roundtrip.txt")
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
