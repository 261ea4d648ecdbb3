//! The output formats of `xxgk extract`. Each report is rendered into its own
//! buffer (on a worker thread) and written out in input order.

mod csv;
mod json;
pub(crate) mod table;

use crate::args::Format;
use std::io::{self, Write};
use xxgk_model::{Lang, Report};

/// How each report is printed, decided once per batch.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Renderer {
    /// `pretty` only when the batch has a single input: several pretty objects
    /// in a row would be neither JSON nor JSON Lines.
    Json {
        pretty: bool,
    },
    Csv,
    Table,
}

impl Renderer {
    pub fn new(format: Format, inputs: usize) -> Renderer {
        match format {
            Format::Json => Renderer::Json {
                pretty: inputs == 1,
            },
            Format::Jsonl => Renderer::Json { pretty: false },
            Format::Csv => Renderer::Csv,
            Format::Table => Renderer::Table,
        }
    }

    /// What comes before the first report (the CSV header), written even when
    /// every input fails so that the output is always a well-formed file.
    pub fn begin(&self, out: &mut impl Write) -> io::Result<()> {
        match self {
            Renderer::Csv => csv::write_header(out),
            Renderer::Json { .. } | Renderer::Table => Ok(()),
        }
    }

    /// One report, ready to be written.
    pub fn render(&self, report: &Report, lang: Lang) -> io::Result<Vec<u8>> {
        let mut buffer = Vec::with_capacity(4096);
        match self {
            Renderer::Json { pretty } => json::write(&mut buffer, report, lang, *pretty)?,
            Renderer::Csv => csv::write(&mut buffer, report)?,
            Renderer::Table => table::write(&mut buffer, report, lang)?,
        }
        Ok(buffer)
    }
}
