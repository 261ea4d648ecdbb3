//! Exports the repository's fixture reports to CSV, XLSX (and Parquet with the
//! `parquet` feature) in a directory, to look at the outputs:
//! `cargo run -p xxgk-export --example export_fixtures -- OUT_DIR`.

use std::path::{Path, PathBuf};
use xxgk_export::{CsvExport, Entry, XlsxExport};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let out = PathBuf::from(
        std::env::args()
            .nth(1)
            .ok_or("usage: export_fixtures OUT_DIR")?,
    );
    std::fs::create_dir_all(&out)?;
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/data");
    let mut files = Vec::new();
    for dir in ["seeds", "layout"] {
        let mut names: Vec<_> = std::fs::read_dir(root.join(dir))?
            .map(|e| e.map(|e| e.path()))
            .collect::<Result<_, _>>()?;
        names.sort();
        files.extend(names);
    }
    let mut csv = CsvExport::create(&out.join("cells.csv"))?;
    let mut xlsx = XlsxExport::new(&out.join("corpus.xlsx"))?;
    #[cfg(feature = "parquet")]
    let mut parquet = xxgk_export::ParquetExport::new(&out.join("parquet"))?;
    for (i, path) in files.iter().enumerate() {
        let name = path
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default();
        let report = xxgk_extract::extract_bytes(&std::fs::read(path)?, name)?;
        let entry = Entry {
            id: i as i64 + 1,
            body: report.agency.clone(),
            region: None,
            level: None,
            report,
            errors: 0,
            warnings: 0,
            infos: 0,
        };
        csv.add(&entry)?;
        xlsx.add(&entry)?;
        #[cfg(feature = "parquet")]
        parquet.add(&entry)?;
    }
    csv.finish()?;
    xlsx.finish()?;
    #[cfg(feature = "parquet")]
    for file in parquet.finish()? {
        println!("{} rows in {}", file.rows, file.path.display());
    }
    println!("wrote {}", out.display());
    Ok(())
}
