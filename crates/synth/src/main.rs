//! `xxgk-synth`: writes a synthetic corpus of annual reports to a folder, or
//! one adversarial input (`--adversarial KIND --bytes N`).

use clap::Parser;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;
use xxgk_synth::{generate, Format, Spec};

/// Writes a synthetic corpus of 政府信息公开工作年度报告: one file per report
/// (`<province>-<city>/<body>-<year>.txt|.html`), `agencies.csv`,
/// `agencies-sums.csv`, `planted.json` and `bodies.json`.
#[derive(Parser, Debug)]
#[command(name = "xxgk-synth", version)]
struct Args {
    /// Folder to write into (created if needed).
    #[arg(long)]
    out: PathBuf,
    /// Number of bodies.
    #[arg(long, default_value_t = 100)]
    bodies: usize,
    /// Report years, `FIRST-LAST` or one year.
    #[arg(long, default_value = "2019-2024", value_parser = parse_years)]
    years: (i32, i32),
    /// Seed; the same seed gives the same corpus.
    #[arg(long, default_value_t = 0)]
    seed: u64,
    /// Formats, comma-separated: text, aligned, html, crawled.
    #[arg(long, default_value = "text,aligned,html", value_delimiter = ',', value_parser = parse_format)]
    formats: Vec<Format>,
    /// Plant errors (listed in planted.json).
    #[arg(long)]
    plant: bool,
    /// Share of (body, year) pairs with no report.
    #[arg(long, default_value_t = 0.0)]
    missing_rate: f64,
    /// Share of the zero cells of tables 3 and 4 printed blank.
    #[arg(long, default_value_t = 0.0)]
    blank_rate: f64,
    /// Instead of a corpus, write one adversarial input of this kind
    /// (headings, rows, long-lines, prose, labels, grid) to OUT/KIND.txt
    /// (grid: .html), as large as `--bytes` allows: for measuring time and
    /// peak memory on the largest inputs.
    #[arg(long, value_name = "KIND", requires = "bytes")]
    adversarial: Option<String>,
    /// Size limit of the adversarial input, in bytes.
    #[arg(long, value_name = "N")]
    bytes: Option<usize>,
}

/// Writes the adversarial input `kind` of at most `bytes` bytes into `out`.
fn adversarial(kind: &str, bytes: usize, out: &std::path::Path) -> ExitCode {
    use xxgk_synth::kit::adversarial::{of_kind, size_for, KINDS};
    let seed = xxgk_synth::kit::data("seeds/003_896bea92d5be09c0.txt");
    let report = match std::fs::read_to_string(&seed) {
        Ok(report) => report,
        Err(e) => {
            eprintln!("xxgk-synth: {seed}: {e}");
            return ExitCode::from(1);
        }
    };
    let Some(n) = size_for(kind, &report, bytes) else {
        eprintln!("xxgk-synth: unknown kind `{kind}` ({})", KINDS.join(", "));
        return ExitCode::from(2);
    };
    let text = of_kind(kind, &report, n).expect("a known kind");
    let name = format!("{kind}.{}", if kind == "grid" { "html" } else { "txt" });
    let path = out.join(name);
    if let Err(e) = std::fs::create_dir_all(out).and_then(|()| std::fs::write(&path, &text)) {
        eprintln!("xxgk-synth: {}: {e}", path.display());
        return ExitCode::from(1);
    }
    println!(
        "xxgk-synth: {} (n = {n}, {} bytes)",
        path.display(),
        text.len()
    );
    ExitCode::SUCCESS
}

fn parse_years(text: &str) -> Result<(i32, i32), String> {
    let (first, last) = text.split_once('-').unwrap_or((text, text));
    let year = |t: &str| {
        t.trim()
            .parse::<i32>()
            .map_err(|_| format!("not a year: `{t}`"))
    };
    let (first, last) = (year(first)?, year(last)?);
    if first > last {
        return Err(format!("{first} is after {last}"));
    }
    Ok((first, last))
}

fn parse_format(text: &str) -> Result<Format, String> {
    Format::parse(text.trim())
        .ok_or_else(|| format!("unknown format `{text}` (text, aligned, html)"))
}

fn main() -> ExitCode {
    let args = Args::parse();
    if let (Some(kind), Some(bytes)) = (&args.adversarial, args.bytes) {
        return adversarial(kind, bytes, &args.out);
    }
    if !(0.0..=1.0).contains(&args.missing_rate) {
        eprintln!("xxgk-synth: --missing-rate must be between 0 and 1");
        return ExitCode::from(2);
    }
    let spec = Spec {
        seed: args.seed,
        bodies: args.bodies,
        years: args.years.0..=args.years.1,
        formats: args.formats,
        plant: args.plant,
        missing_rate: args.missing_rate,
        blank_rate: args.blank_rate,
    };
    let started = Instant::now();
    let corpus = generate(&spec);
    let generated = started.elapsed();
    if let Err(e) = corpus.write_to(&args.out) {
        eprintln!("xxgk-synth: {}: {e}", args.out.display());
        return ExitCode::from(1);
    }
    let bytes: usize = corpus.reports.iter().map(|r| r.text.len()).sum();
    println!(
        "xxgk-synth: {} reports of {} bodies ({}–{}), {} planted errors, {:.1} MB in {} (generated in {:.2} s, written in {:.2} s)",
        corpus.reports.len(),
        corpus.bodies.len(),
        args.years.0,
        args.years.1,
        corpus.planted.len(),
        bytes as f64 / 1e6,
        args.out.display(),
        generated.as_secs_f64(),
        (started.elapsed() - generated).as_secs_f64(),
    );
    ExitCode::SUCCESS
}
