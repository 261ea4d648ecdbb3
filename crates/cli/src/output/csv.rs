//! Long-format CSV: the writer lives in `xxgk_export::report_csv`, shared with
//! the web API.

pub use xxgk_export::report_csv::{write, write_header};

#[cfg(test)]
mod tests {
    use super::*;
    use crate::output::table::tests::sample_report;
    use xxgk_export::report_csv::{HEADER, UTF8_BOM};

    #[test]
    fn one_row_per_cell_with_provenance() {
        let mut out = Vec::new();
        write(&mut out, &sample_report()).unwrap();
        let text = String::from_utf8(out).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        // 2019 table 2: fees (2 cells) + procurement (2); table 3: received (7); table 4: review (5).
        assert_eq!(lines.len(), 2 + 2 + 7 + 5, "{text}");
        assert!(lines
            .contains(&"seed.txt,王岗镇人民政府,2020,2019,requests,received,total,10,10,42,30"));
        assert!(lines.contains(&"seed.txt,王岗镇人民政府,2020,2019,active,fees,change,,,,"));
        assert!(lines.contains(&"seed.txt,王岗镇人民政府,2020,2019,active,procurement,amount_wan,461.7,461.70万元,20,12"));
    }

    #[test]
    fn header_starts_with_bom() {
        let mut out = Vec::new();
        write_header(&mut out).unwrap();
        assert!(out.starts_with(UTF8_BOM));
        assert_eq!(&out[3..], format!("{}\n", HEADER.join(",")).as_bytes());
    }
}
