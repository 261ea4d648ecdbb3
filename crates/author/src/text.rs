//! Reading TOML and JSON author files into flat entries (dotted key, value,
//! line), which [`crate::author::interpret`] checks key by key.

use crate::author::{Entry, Raw};
use crate::problem::{Place, Problem, Problems};
use toml::de::{DeTable, DeValue};
use toml::Spanned;

/// Reads a TOML author file: every key with its value and line.
pub(crate) fn toml_entries(file: &str, text: &str) -> Result<Vec<Entry>, Problems> {
    let table = DeTable::parse(text).map_err(|error| {
        let line = error.span().map(|span| Lines::new(text).of(span.start));
        let message = error.message().trim().to_string();
        Problems::one(
            file,
            Problem::error(
                None,
                format!("不是有效的 TOML：{message}"),
                format!("not valid TOML: {message}"),
            )
            .at(line.map(Place::Line)),
        )
    })?;
    let mut out = Vec::new();
    toml_table(&Lines::new(text), "", table.get_ref(), &mut out);
    Ok(out)
}

/// Byte offsets where lines start, to turn offsets into line numbers.
struct Lines(Vec<usize>);

impl Lines {
    fn new(text: &str) -> Lines {
        let starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        Lines(starts)
    }

    /// The 1-based line of a byte offset.
    fn of(&self, offset: usize) -> u32 {
        self.0.partition_point(|&start| start <= offset) as u32
    }
}

fn toml_table(lines: &Lines, prefix: &str, table: &DeTable<'_>, out: &mut Vec<Entry>) {
    for (key, value) in table.iter() {
        let path = format!("{prefix}{}", key.get_ref());
        let place = Some(Place::Line(lines.of(key.span().start)));
        toml_value(lines, path, place, value, out);
    }
}

fn toml_value(
    lines: &Lines,
    path: String,
    place: Option<Place>,
    value: &Spanned<DeValue<'_>>,
    out: &mut Vec<Entry>,
) {
    let raw = match value.get_ref() {
        DeValue::Table(table) => {
            toml_table(lines, &format!("{path}."), table, out);
            return;
        }
        DeValue::String(s) if s.trim().is_empty() => Raw::Blank,
        DeValue::String(s) => Raw::Text(s.to_string()),
        DeValue::Integer(i) => match i64::from_str_radix(i.as_str(), i.radix()) {
            Ok(n) => Raw::Number(n.to_string()),
            Err(_) => Raw::Number(i.as_str().to_string()),
        },
        DeValue::Float(f) => Raw::Number(f.as_str().replace('_', "")),
        DeValue::Boolean(b) => Raw::Bool(*b),
        DeValue::Datetime(d) => Raw::Date(d.to_string()),
        DeValue::Array(_) => Raw::Other("array"),
    };
    out.push(Entry {
        key: path,
        value: raw,
        place,
    });
}

/// Reads a JSON author file: every key with its value (JSON has no lines here).
pub(crate) fn json_entries(file: &str, text: &str) -> Result<Vec<Entry>, Problems> {
    let value: serde_json::Value = serde_json::from_str(text).map_err(|error| {
        Problems::one(
            file,
            Problem::error(
                None,
                format!("不是有效的 JSON：{error}"),
                format!("not valid JSON: {error}"),
            )
            .at(Some(Place::Line(error.line() as u32))),
        )
    })?;
    let serde_json::Value::Object(map) = value else {
        return Err(Problems::one(
            file,
            Problem::error(
                None,
                "JSON 文件应为一个对象 {…}",
                "a JSON author file must be one object {…}",
            ),
        ));
    };
    let mut out = Vec::new();
    json_object("", &map, &mut out);
    Ok(out)
}

fn json_object(
    prefix: &str,
    map: &serde_json::Map<String, serde_json::Value>,
    out: &mut Vec<Entry>,
) {
    use serde_json::Value;
    for (key, value) in map {
        let path = format!("{prefix}{key}");
        let raw = match value {
            Value::Object(inner) => {
                json_object(&format!("{path}."), inner, out);
                continue;
            }
            Value::Null => Raw::Blank,
            Value::String(s) if s.trim().is_empty() => Raw::Blank,
            Value::String(s) => Raw::Text(s.clone()),
            Value::Number(n) => Raw::Number(n.to_string()),
            Value::Bool(b) => Raw::Bool(*b),
            Value::Array(_) => Raw::Other("array"),
        };
        out.push(Entry {
            key: path,
            value: raw,
            place: None,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn toml_keys_are_flattened_with_lines() {
        let text = "year = 2025\n\n[requests.granted]\nnatural_person = 3\ncommercial = \"\"\n";
        let entries = toml_entries("r.toml", text).unwrap();
        let keys: Vec<_> = entries
            .iter()
            .map(|e| (e.key.as_str(), e.place.clone()))
            .collect();
        assert_eq!(
            keys,
            [
                ("requests.granted.commercial", Some(Place::Line(5))),
                ("requests.granted.natural_person", Some(Place::Line(4))),
                ("year", Some(Place::Line(1))),
            ]
        );
        assert_eq!(entries[0].value, Raw::Blank);
    }

    #[test]
    fn syntax_errors_name_the_line() {
        let problems = toml_entries("r.toml", "year = 2025\nagency = \"x\n").unwrap_err();
        assert_eq!(problems.list[0].place, Some(Place::Line(2)));
        let problems = json_entries("r.json", "{\"year\": 2025,\n}").unwrap_err();
        assert_eq!(problems.list[0].place, Some(Place::Line(2)));
    }
}
