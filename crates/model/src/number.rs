//! Exact decimal numbers as printed in a report.
//!
//! Counts are integers, money is in 万元 with up to six decimals after a 元 → 万元
//! conversion. Floating point would turn `5394432.52元` into `539.4432519999999`, so
//! values are kept as a scaled integer and only turned into JSON numbers at the edge.

use std::cmp::Ordering;
use std::fmt;

/// A decimal number: `mantissa / 10^scale`.
#[derive(Clone, Copy, Debug)]
pub struct Number {
    mantissa: i64,
    scale: u8,
}

/// Largest scale kept; more decimals than this are not printed in real reports.
const MAX_SCALE: u8 = 12;

impl Number {
    /// Zero, a whole number.
    pub const ZERO: Number = Number {
        mantissa: 0,
        scale: 0,
    };

    /// A whole number.
    pub const fn int(value: i64) -> Number {
        Number {
            mantissa: value,
            scale: 0,
        }
    }

    /// Builds `mantissa / 10^scale`, normalised so equal values compare equal.
    pub fn new(mantissa: i64, scale: u8) -> Number {
        Number { mantissa, scale }.normalised()
    }

    fn normalised(mut self) -> Number {
        while self.scale > 0 && self.mantissa % 10 == 0 {
            self.mantissa /= 10;
            self.scale -= 1;
        }
        self
    }

    /// Parses a plain decimal such as `17.6675`, `-8`, `+1` or `3,119`.
    /// Returns `None` for anything else (no exponent, no units).
    pub fn parse(text: &str) -> Option<Number> {
        let (negative, digits) = match text.as_bytes().first()? {
            b'-' => (true, &text[1..]),
            b'+' => (false, &text[1..]),
            _ => (false, text),
        };
        let (int_part, frac_part) = match digits.split_once('.') {
            Some((i, f)) => (i, f),
            None => (digits, ""),
        };
        if int_part.is_empty() || frac_part.len() > MAX_SCALE as usize {
            return None;
        }
        if digits.contains('.') && frac_part.is_empty() {
            return None;
        }
        let mut mantissa: i64 = 0;
        for (i, b) in int_part.bytes().enumerate() {
            match b {
                b'0'..=b'9' => {
                    mantissa = mantissa.checked_mul(10)?.checked_add((b - b'0') as i64)?
                }
                // thousands separators, only in 1,234 position
                b',' if i > 0 && (int_part.len() - i) % 4 == 0 => {}
                _ => return None,
            }
        }
        for b in frac_part.bytes() {
            if !b.is_ascii_digit() {
                return None;
            }
            mantissa = mantissa.checked_mul(10)?.checked_add((b - b'0') as i64)?;
        }
        if negative {
            mantissa = -mantissa;
        }
        Some(Number::new(mantissa, frac_part.len() as u8))
    }

    /// True when the number has no fractional part.
    pub fn is_integer(&self) -> bool {
        self.scale == 0
    }

    /// True when the number is below zero.
    pub fn is_negative(&self) -> bool {
        self.mantissa < 0
    }

    /// The value as an integer, if it is one.
    pub fn as_i64(&self) -> Option<i64> {
        self.is_integer().then_some(self.mantissa)
    }

    /// Divides by 10^places exactly (元 → 万元 is `shift_left(4)`).
    pub fn shift_left(self, places: u8) -> Number {
        if self.scale + places > MAX_SCALE {
            return self;
        }
        Number::new(self.mantissa, self.scale + places)
    }

    fn rescaled(self, scale: u8) -> Option<i128> {
        let factor = 10i128.checked_pow((scale - self.scale) as u32)?;
        (self.mantissa as i128).checked_mul(factor)
    }

    /// Exact sum; `None` on overflow.
    ///
    /// Inlined across crates (the solver adds millions of candidate values
    /// per corpus); decimals take an out-of-line path.
    #[inline]
    pub fn checked_add(self, other: Number) -> Option<Number> {
        // Whole numbers, nearly every value of a report: no rescaling, and a
        // sum of two whole numbers is normalised already.
        if self.scale == 0 && other.scale == 0 {
            return Some(Number::int(self.mantissa.checked_add(other.mantissa)?));
        }
        self.checked_add_decimal(other)
    }

    fn checked_add_decimal(self, other: Number) -> Option<Number> {
        let scale = self.scale.max(other.scale);
        let sum = self.rescaled(scale)?.checked_add(other.rescaled(scale)?)?;
        Some(Number::new(i64::try_from(sum).ok()?, scale))
    }

    /// Order of two numbers of different scales.
    fn cmp_rescaled(&self, other: &Self) -> Ordering {
        let scale = self.scale.max(other.scale);
        match (self.rescaled(scale), other.rescaled(scale)) {
            (Some(a), Some(b)) => a.cmp(&b),
            _ => self.to_f64().total_cmp(&other.to_f64()),
        }
    }

    /// Exact difference; `None` on overflow.
    #[inline]
    pub fn checked_sub(self, other: Number) -> Option<Number> {
        self.checked_add(Number::new(other.mantissa.checked_neg()?, other.scale))
    }

    /// The nearest `f64`; exact digits survive a JSON round trip because
    /// serialisers print the shortest representation.
    pub fn to_f64(self) -> f64 {
        self.to_string().parse().unwrap_or(f64::NAN)
    }
}

impl PartialEq for Number {
    #[inline]
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}
impl Eq for Number {}

impl PartialOrd for Number {
    #[inline]
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Number {
    #[inline]
    fn cmp(&self, other: &Self) -> Ordering {
        // Same scale (whole numbers above all): the mantissas order them.
        if self.scale == other.scale {
            return self.mantissa.cmp(&other.mantissa);
        }
        self.cmp_rescaled(other)
    }
}

impl fmt::Display for Number {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.scale == 0 {
            return write!(f, "{}", self.mantissa);
        }
        let sign = if self.mantissa < 0 { "-" } else { "" };
        let abs = self.mantissa.unsigned_abs();
        let factor = 10u64.pow(self.scale as u32);
        write!(
            f,
            "{sign}{}.{:0width$}",
            abs / factor,
            abs % factor,
            width = self.scale as usize
        )
    }
}

impl From<i64> for Number {
    fn from(value: i64) -> Self {
        Number::int(value)
    }
}

impl serde::Serialize for Number {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self.as_i64() {
            Some(i) => s.serialize_i64(i),
            None => s.serialize_f64(self.to_f64()),
        }
    }
}

impl<'de> serde::Deserialize<'de> for Number {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(NumberVisitor)
    }
}

/// Reads a JSON number: a whole one as it is (most cells are counts; printing
/// each to parse it back was a tenth of decoding a stored report), any other
/// as `serde_json` prints it, parsed as a plain decimal.
struct NumberVisitor;

impl serde::de::Visitor<'_> for NumberVisitor {
    type Value = Number;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a plain decimal number")
    }

    fn visit_i64<E: serde::de::Error>(self, value: i64) -> Result<Number, E> {
        Ok(Number::int(value))
    }

    fn visit_u64<E: serde::de::Error>(self, value: u64) -> Result<Number, E> {
        match i64::try_from(value) {
            Ok(value) => Ok(Number::int(value)),
            Err(_) => Err(E::custom(format!("not a plain decimal: {value}"))),
        }
    }

    fn visit_f64<E: serde::de::Error>(self, value: f64) -> Result<Number, E> {
        let shown = serde_json::Number::from_f64(value)
            .map_or_else(|| value.to_string(), |n| n.to_string());
        Number::parse(&shown).ok_or_else(|| E::custom(format!("not a plain decimal: {shown}")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_prints_exactly() {
        for (text, shown) in [
            ("17.6675", "17.6675"),
            ("+1", "1"),
            ("-8", "-8"),
            ("0", "0"),
            ("3,119", "3119"),
            ("461.70", "461.7"),
        ] {
            assert_eq!(Number::parse(text).unwrap().to_string(), shown, "{text}");
        }
        for bad in ["", "-", "1.", ".5", "1e3", "1,23", "12a", "++1"] {
            assert_eq!(Number::parse(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn reads_back_what_it_writes() {
        for text in [
            "0",
            "-8",
            "3119",
            "17.6675",
            "539.443252",
            "-0.5",
            "9223372036854775807",
        ] {
            let number = Number::parse(text).unwrap();
            let json = serde_json::to_string(&number).unwrap();
            let back: Number = serde_json::from_str(&json).unwrap();
            assert_eq!(back.to_string(), number.to_string(), "{text}");
        }
        for bad in ["18446744073709551615", "1e400", "\"12\"", "null"] {
            assert!(serde_json::from_str::<Number>(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn yuan_to_wan_is_exact() {
        let yuan = Number::parse("5394432.52").unwrap();
        assert_eq!(yuan.shift_left(4).to_string(), "539.443252");
        assert_eq!(
            serde_json::to_string(&Number::parse("251000").unwrap().shift_left(4)).unwrap(),
            "25.1"
        );
    }

    #[test]
    fn arithmetic_and_equality_across_scales() {
        let a = Number::parse("0.5").unwrap();
        let b = Number::parse("1.50").unwrap();
        assert_eq!(a.checked_add(a).unwrap(), Number::int(1));
        assert_eq!(b.checked_sub(a).unwrap(), Number::int(1));
        assert!(a < b);
    }
}
