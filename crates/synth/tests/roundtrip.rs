//! Every generated report extracts back to exactly the tables, agency, year,
//! format and date it was generated from, in every format.

use xxgk_synth::{generate, simplified, Format, Spec};

fn spec(seed: u64, formats: Vec<Format>) -> Spec {
    Spec {
        seed,
        bodies: 70,
        years: 2019..=2024,
        formats,
        plant: true,
        missing_rate: 0.1,
        blank_rate: 0.0,
    }
}

fn round_trip(spec: &Spec) -> usize {
    let corpus = generate(spec);
    let mut failures = Vec::new();
    for r in &corpus.reports {
        let got = xxgk_extract::extract_bytes(r.text.as_bytes(), &r.file_name)
            .unwrap_or_else(|e| panic!("{}: {e:?}", r.file_name));
        let m = &r.model;
        let mut wrong = Vec::new();
        let (got_cells, want_cells) = (got.cell_values(), m.cell_values());
        if got_cells != want_cells {
            let got_map: std::collections::BTreeMap<_, _> = got_cells.into_iter().collect();
            let want_map: std::collections::BTreeMap<_, _> = want_cells.into_iter().collect();
            let keys: std::collections::BTreeSet<_> =
                got_map.keys().chain(want_map.keys()).collect();
            for k in keys {
                let (g, w) = (got_map.get(k), want_map.get(k));
                if g != w {
                    wrong.push(format!("  {k}: got {g:?}, want {w:?}"));
                }
            }
        }
        if got.active.as_ref().map(|a| a.template()) != m.active.as_ref().map(|a| a.template()) {
            wrong.push("  table 2 read in the other format".to_string());
        }
        let printed = simplified(&r.printed_agency);
        if got.agency.as_deref() != Some(printed.as_str())
            || m.agency.as_deref() != Some(printed.as_str())
        {
            wrong.push(format!(
                "agency: got {:?}, printed {:?}",
                got.agency, r.printed_agency
            ));
        }
        if got.year != m.year || got.template != m.template || got.published != m.published {
            wrong.push(format!(
                "year/template/date: got {:?} {:?} {:?}, want {:?} {:?} {:?}",
                got.year, got.template, got.published, m.year, m.template, m.published
            ));
        }
        let extraction: Vec<&str> = got.findings.iter().map(|f| f.rule.as_ref()).collect();
        if !extraction.is_empty() {
            wrong.push(format!("extraction findings: {extraction:?}"));
        }
        if !wrong.is_empty() {
            failures.push(format!(
                "{} ({:?}):\n{}",
                r.file_name,
                r.format,
                wrong.join("\n")
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} reports misread; first ones:\n\n{}",
        failures.len(),
        corpus.reports.len(),
        failures
            .iter()
            .take(3)
            .cloned()
            .collect::<Vec<_>>()
            .join("\n\n")
    );
    corpus.reports.len()
}

#[test]
fn text_reports_extract_exactly() {
    assert!(round_trip(&spec(11, vec![Format::Text])) > 300);
}

#[test]
fn aligned_reports_extract_exactly() {
    assert!(round_trip(&spec(12, vec![Format::Aligned])) > 300);
}

#[test]
fn html_reports_extract_exactly() {
    assert!(round_trip(&spec(13, vec![Format::Html])) > 300);
}

#[test]
fn mixed_reports_extract_exactly() {
    assert!(round_trip(&spec(14, Format::ALL.to_vec())) > 300);
}
