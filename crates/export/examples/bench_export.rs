//! Time and peak memory of the exports for a large corpus made by cloning the
//! fixture reports with new ids, files, bodies and years (ordered by year, as
//! the store streams them; the first 1% with an unknown year):
//!
//! ```text
//! cargo run --release -p xxgk-export --features parquet --example bench_export -- FORMAT N OUT
//! ```
//!
//! FORMAT is `csv`, `xlsx`, `parquet` or `all`; N the number of reports.

use std::path::{Path, PathBuf};
use std::time::Instant;
use xxgk_export::{CsvExport, Entry, XlsxExport};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    let [_, format, count, out] = args.as_slice() else {
        return Err("usage: bench_export csv|xlsx|parquet|all N OUT".into());
    };
    let count: usize = count.parse()?;
    let out = PathBuf::from(out);
    std::fs::create_dir_all(&out)?;

    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/data");
    let mut base = Vec::new();
    for dir in ["seeds", "layout"] {
        let mut names: Vec<_> = std::fs::read_dir(root.join(dir))?
            .map(|e| e.map(|e| e.path()))
            .collect::<Result<_, _>>()?;
        names.sort();
        for path in names {
            let name = path
                .file_name()
                .and_then(|n| n.to_str())
                .unwrap_or_default();
            base.push(xxgk_extract::extract_bytes(&std::fs::read(&path)?, name)?);
        }
    }
    let rss_before = peak_rss_kib();

    let all = format == "all";
    let mut csv = (all || format == "csv")
        .then(|| CsvExport::create(&out.join("cells.csv")))
        .transpose()?;
    let mut xlsx = (all || format == "xlsx")
        .then(|| XlsxExport::new(&out.join("corpus.xlsx")))
        .transpose()?;
    #[cfg(feature = "parquet")]
    let mut parquet = (all || format == "parquet")
        .then(|| xxgk_export::ParquetExport::new(&out.join("parquet")))
        .transpose()?;

    let start = Instant::now();
    let unknown = count / 100;
    let mut cells = 0;
    for i in 0..count {
        let mut report = base[i % base.len()].clone();
        report.year = if i < unknown {
            None
        } else {
            Some(2019 + ((i - unknown) * 6 / (count - unknown)) as i32)
        };
        report.source.file = format!("corpus/{:05}/report-{i}.txt", i / 1000);
        report.source.sha256 = format!("{i:064x}");
        cells += report.cell_values().len();
        let entry = Entry {
            id: i as i64 + 1,
            body: Some(format!("机关{}", i % 3000)),
            region: Some(format!("地区{}", i % 300)),
            level: Some(["省级", "市级", "县级", "乡镇"][i % 4].to_string()),
            report,
            errors: (i % 3) as u32,
            warnings: (i % 5) as u32,
            infos: 1,
        };
        if let Some(csv) = &mut csv {
            csv.add(&entry)?;
        }
        if let Some(xlsx) = &mut xlsx {
            xlsx.add(&entry)?;
        }
        #[cfg(feature = "parquet")]
        if let Some(parquet) = &mut parquet {
            parquet.add(&entry)?;
        }
    }
    let added = start.elapsed();
    if let Some(csv) = csv {
        csv.finish()?;
    }
    if let Some(xlsx) = xlsx {
        xlsx.finish()?;
    }
    #[cfg(feature = "parquet")]
    if let Some(parquet) = parquet {
        parquet.finish()?;
    }
    println!(
        "{format}: {count} reports, {cells} cells in {:.1} s ({:.1} s adding, the rest finishing); peak RSS {} MiB ({} MiB before the export); output {} MiB",
        start.elapsed().as_secs_f64(),
        added.as_secs_f64(),
        peak_rss_kib() / 1024,
        rss_before / 1024,
        dir_size(&out) / (1024 * 1024)
    );
    Ok(())
}

/// The process's peak resident set (Linux), in KiB; 0 elsewhere.
fn peak_rss_kib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find_map(|l| l.strip_prefix("VmHWM:"))
                .and_then(|v| v.trim().trim_end_matches(" kB").trim().parse().ok())
        })
        .unwrap_or(0)
}

fn dir_size(path: &Path) -> u64 {
    let Ok(meta) = std::fs::metadata(path) else {
        return 0;
    };
    if meta.is_file() {
        return meta.len();
    }
    std::fs::read_dir(path)
        .map(|entries| {
            entries
                .filter_map(Result::ok)
                .map(|e| dir_size(&e.path()))
                .sum()
        })
        .unwrap_or(0)
}
