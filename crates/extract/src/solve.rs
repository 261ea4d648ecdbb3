//! Deciding what a row's printed values say, using the table's arithmetic.
//!
//! A row whose slots match its columns one to one is read as printed. Otherwise
//! there are several *readings*: bare digit runs may hold several values run
//! together (`7000007`), or a value was dropped and any column may be the missing
//! one. Readings that contradict the table's identities (row totals, column
//! totals, the balance) are discarded; a cell is kept only if every remaining
//! reading gives it the same value. Nothing is guessed: an undecidable cell is
//! null, and the row gets a finding.

use crate::value::{Range, Slot};
use xxgk_model::Number;

/// One cell of one reading.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Cand {
    Known(Number, Range),
    /// Printed blank (a marker or an empty cell between separators).
    Blank(Range),
    /// Not printed in this reading (the row had fewer values than columns).
    Unknown,
    /// Not printed because the layout drops blank cells (flattened tables of
    /// some sites): a blank, which the table's arithmetic counts as nothing.
    Omitted,
    /// Printed, but with bytes that did not decode: no value (see
    /// [`Slot::Damaged`]).
    Damaged(Range),
    /// Printed on a line out of order: no value, and not the text of this
    /// cell (see [`Slot::Unordered`]).
    Unordered(Range),
}

impl Cand {
    /// The value for display and output: only printed numbers have one.
    #[cfg(test)]
    fn value(&self) -> Option<Number> {
        match self {
            Cand::Known(n, _) => Some(*n),
            _ => None,
        }
    }

    /// The value for the table's arithmetic: a cell the layout left out counts
    /// as nothing; a blank or unknown cell cannot be checked.
    fn amount(&self) -> Option<Number> {
        match self {
            Cand::Known(n, _) => Some(*n),
            Cand::Omitted => Some(Number::ZERO),
            _ => None,
        }
    }
}

/// How the readings of a row came about.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Origin {
    /// One value per column.
    Exact,
    /// Digit runs split into several values.
    Split,
    /// Fewer values than columns: a column is missing, which one is unknown.
    Short,
    /// More values than columns.
    Long,
    /// So many readings that none is tried.
    TooMany,
    /// A flattened row whose blank cells were not printed: its values may sit
    /// in any columns, in order.
    Omitted,
}

/// Readings are not enumerated past this many for one row.
const MAX_READINGS: usize = 5000;
/// The exact joint search over several ambiguous rows runs only when their
/// readings combine in at most this many ways.
const MAX_JOINT: usize = 50_000;

/// All readings of one row of `columns` cells.
#[derive(Clone, Debug)]
pub struct Readings {
    pub origin: Origin,
    pub list: Vec<Vec<Cand>>,
    /// How many readings there were before arithmetic ruled some out.
    pub lexical: usize,
    /// What every reading of the printed text agrees on, before any arithmetic:
    /// what is left when the arithmetic contradicts every reading.
    pub lexical_agreed: Vec<Cand>,
    /// True when the list was narrowed by arithmetic.
    pub narrowed: bool,
}

impl Readings {
    fn new(origin: Origin, list: Vec<Vec<Cand>>, columns: usize) -> Readings {
        let lexical_agreed = agree(&list, columns);
        Readings {
            origin,
            lexical: list.len(),
            list,
            lexical_agreed,
            narrowed: false,
        }
    }

    /// Keeps the readings `keep` accepts; when it accepts none, the printed
    /// arithmetic contradicts itself and only what every reading agrees on is
    /// kept (the contradiction is left to the checker).
    fn retain(&mut self, keep: &[bool]) -> bool {
        let before = self.list.len();
        let kept: Vec<Vec<Cand>> = self
            .list
            .iter()
            .zip(keep)
            .filter(|(_, &k)| k)
            .map(|(r, _)| r.clone())
            .collect();
        if kept.len() == before {
            return false;
        }
        self.list = if kept.is_empty() {
            vec![self.lexical_agreed.clone()]
        } else {
            kept
        };
        self.narrowed = true;
        true
    }

    /// Back to what the printed text alone says.
    fn revert(&mut self) {
        if self.narrowed {
            self.list = vec![self.lexical_agreed.clone()];
        }
    }
}

/// What a row's cells are: their kinds and the sums within the row (a total
/// column equal to the sum of others), which narrow its readings as they are
/// listed.
#[derive(Clone, Debug, Default)]
pub struct Shape {
    pub kinds: Vec<xxgk_model::labels::ValueKind>,
    /// `(parts, total)`: the cells `parts` add up to the cell `total`.
    pub sums: Vec<(Vec<usize>, usize)>,
}

impl Shape {
    /// A row of `columns` counts with no sums.
    pub fn counts(columns: usize) -> Shape {
        Shape {
            kinds: vec![xxgk_model::labels::ValueKind::Count; columns],
            sums: Vec::new(),
        }
    }

    fn columns(&self) -> usize {
        self.kinds.len()
    }

    /// Whether a reading's sums hold (cells that cannot be checked pass).
    fn sums_hold(&self, reading: &[Cand]) -> bool {
        self.sums
            .iter()
            .all(|(parts, total)| self.sums_hold_for(parts, *total, reading))
    }

    /// Whether `parts` add up to `total` in `reading` (or cannot be checked).
    fn sums_hold_for(&self, parts: &[usize], total: usize, reading: &[Cand]) -> bool {
        let sum = parts.iter().try_fold(Number::ZERO, |acc, &c| {
            acc.checked_add(reading.get(c)?.amount()?)
        });
        match (sum, reading.get(total).and_then(Cand::amount)) {
            (Some(a), Some(b)) => a == b,
            _ => true,
        }
    }

    /// Whether each value fits its column: counts are whole, not negative and
    /// printed without a sign; a signed value only in a change column; money
    /// not negative.
    fn kinds_fit(&self, text: &str, reading: &[Cand]) -> bool {
        use xxgk_model::labels::ValueKind;
        reading.iter().zip(&self.kinds).all(|(cand, kind)| {
            let Cand::Known(n, range) = cand else {
                return true;
            };
            let signed = text[range.start..range.end].starts_with(['+', '-', '减', '增']);
            match kind {
                ValueKind::Count => !signed && n.is_integer() && !n.is_negative(),
                ValueKind::MoneyWan => !signed && !n.is_negative(),
                ValueKind::Change => true,
            }
        })
    }
}

/// At most this many cells lost from a row of separate cells: more is not a row
/// that lost its blanks.
const MAX_LOST_CELLS: usize = 2;

/// How a row's values were printed, which decides what a short row can mean.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Printing {
    /// Run onto the label (「予以公开7000007」): running together explains a
    /// short row.
    RunOn,
    /// Separate cells of text: a short row may have run digits together or
    /// lost blank cells; both readings are kept for the arithmetic to decide.
    Cells,
    /// Separate cells of one line split at tabs or pipes: an empty cell between
    /// two values is printed as an empty cell, so a short row lost cells at its
    /// ends only (the middle cells are certain), or ran digits together.
    Separated,
    /// Cells of a table grid (HTML, DOCX): each cell is one value, so a cell's
    /// digits are never split; a short row is only a row with cells missing.
    Grid,
    /// A flattened table (see [`crate::flat`]): one run of digits per row. With
    /// `omitted`, the table does not print its blank cells, so the row's values
    /// may sit in any of its columns (in order); without, every cell printed
    /// something and the digits split into exactly one value per column.
    Flat { omitted: bool },
}

/// The readings of a flattened row: every split of its digits — into one value
/// per column, or (blank cells omitted) into at most that many values placed
/// in order — that fits the columns' kinds and the row's own sums. The search
/// goes digit by digit and drops a partial reading as soon as a sum it has
/// completed fails; past [`MAX_FLAT_STEPS`] steps, or with more than
/// [`MAX_READINGS`] readings left, the row is given up (null, with a finding).
pub fn flat_readings(text: &str, slots: &[Slot], shape: &Shape, omitted: bool) -> Readings {
    let columns = shape.columns();
    let origin = if omitted {
        Origin::Omitted
    } else {
        Origin::Split
    };
    let capacity: Vec<usize> = slots.iter().map(|slot| capacity_of(text, slot)).collect();
    let capacity_after: Vec<usize> = (0..slots.len())
        .map(|i| capacity[i + 1..].iter().sum())
        .collect();
    let pieces = slots
        .iter()
        .zip(&capacity_after)
        .map(|(slot, &after)| slot_pieces(text, slot, after))
        .collect();
    let mut search = FlatSearch {
        text,
        shape,
        omitted,
        slots,
        capacity_after,
        pieces,
        current: Vec::with_capacity(columns),
        steps: 0,
        kept: Vec::new(),
        lexical: None,
        lexical_count: 0,
    };
    if !search.slot(0) || search.kept.len() > MAX_READINGS {
        return Readings {
            origin: Origin::TooMany,
            list: Vec::new(),
            lexical: search.lexical_count,
            lexical_agreed: vec![Cand::Unknown; columns],
            narrowed: false,
        };
    }
    let lexical_agreed = search
        .lexical
        .unwrap_or_else(|| vec![Cand::Unknown; columns]);
    let lexical = search.lexical_count;
    let list = if search.kept.is_empty() && lexical > 0 {
        vec![lexical_agreed.clone()]
    } else {
        search.kept
    };
    Readings {
        origin,
        narrowed: list.len() != lexical,
        list,
        lexical,
        lexical_agreed,
    }
}

/// The values a slot's digits can be cut into, by where each starts (see
/// [`FlatSearch::pieces`]): digits without leading zeros, at most
/// [`MAX_VALUE_DIGITS`] before a decimal point, the point only in the slot's
/// last value, the sign on its first, a unit after the digits on its last.
fn slot_pieces(text: &str, slot: &Slot, after: usize) -> Pieces {
    let mut pieces = Pieces::default();
    let Slot::Number(t) = slot else {
        return pieces;
    };
    let Some(digits) = t.digits.as_ref() else {
        return pieces;
    };
    let digit_text = &text[digits.range.start..digits.range.end];
    let cut = Cut {
        text: digit_text,
        token_start: t.range.start,
        digits_start: digits.range.start,
        negative: digits.negative,
    };
    // The digits from each offset on, counted once (not once per piece).
    let mut digits_from = vec![0; digit_text.len() + 1];
    for (at, byte) in digit_text.bytes().enumerate().rev() {
        digits_from[at] = digits_from[at + 1] + usize::from(byte.is_ascii_digit());
    }
    // The first decimal point at or after `from`, searched for again only
    // once `from` has passed it (tokens have one point at most, mostly none).
    let mut dot_at = digit_text.find('.');
    pieces.starts.reserve(digit_text.len() + 1);
    for from in 0..digit_text.len() {
        pieces.starts.push(pieces.list.len());
        let rest = &digit_text[from..];
        if dot_at.is_some_and(|d| d < from) {
            dot_at = rest.find('.').map(|d| d + from);
        }
        let dot = dot_at.map(|d| d - from);
        for len in 1..=rest.len() {
            let last = len == rest.len();
            if dot.is_some_and(|d| len > d) && !last {
                continue;
            }
            // The piece's digits before its point, from where the rest's first
            // point is (no search of the piece).
            if dot.map_or(len, |d| d.min(len)) > MAX_VALUE_DIGITS {
                break;
            }
            let Some(mut cand) = cut.piece(from, len) else {
                continue;
            };
            if let (true, Cand::Known(_, range)) = (last, &mut cand) {
                range.end = range.end.max(t.range.end);
            }
            let next = from + len;
            pieces.list.push((next, digits_from[next] + after, cand));
        }
    }
    pieces.starts.push(pieces.list.len());
    pieces
}

/// The values one slot's digits can be cut into, by the digit offset they
/// start at: the pieces of offset `i` are `list[starts[i]..starts[i + 1]]`.
/// One list for the whole slot, not one per offset: a flattened row has many
/// offsets and few pieces at each.
#[derive(Default)]
struct Pieces {
    starts: Vec<usize>,
    /// Where the next value starts, how many values the rest can still make,
    /// the value.
    list: Vec<(usize, usize, Cand)>,
}

impl Pieces {
    /// Where in `list` the pieces starting at digit offset `from` are; `None`
    /// past the slot's last digit (or for a slot of no digits).
    fn at(&self, from: usize) -> Option<std::ops::Range<usize>> {
        Some(*self.starts.get(from)?..*self.starts.get(from + 1)?)
    }
}

/// How many values a slot can hold at most: one per digit, or one.
pub fn capacity_of(text: &str, slot: &Slot) -> usize {
    match slot {
        Slot::Number(t) => t.digits.as_ref().map_or(1, |d| {
            text[d.range.start..d.range.end]
                .bytes()
                .filter(u8::is_ascii_digit)
                .count()
        }),
        _ => 1,
    }
}

/// A flattened row's search gives up past this many steps.
const MAX_FLAT_STEPS: usize = 5_000;

/// Digits before the decimal point of one value at most: no count in these
/// tables comes near a billion, so longer pieces are never tried.
const MAX_VALUE_DIGITS: usize = 9;

/// The search over a flattened row's readings.
struct FlatSearch<'a> {
    text: &'a str,
    shape: &'a Shape,
    omitted: bool,
    slots: &'a [Slot],
    /// How many values the slots after each one can hold at most.
    capacity_after: Vec<usize>,
    /// For each slot, the values that can start at each of its digits.
    pieces: Vec<Pieces>,
    current: Vec<Cand>,
    steps: usize,
    kept: Vec<Vec<Cand>>,
    lexical: Option<Vec<Cand>>,
    lexical_count: usize,
}

impl FlatSearch<'_> {
    /// Reads slots `index..` into the columns from `current.len()` on; false
    /// when the search is given up.
    fn slot(&mut self, index: usize) -> bool {
        self.steps += 1;
        if self.steps > MAX_FLAT_STEPS {
            return false;
        }
        match self.slots.get(index) {
            None => self.finish(),
            Some(Slot::Number(t)) if t.digits.is_some() => self.piece(index, 0),
            Some(other) => {
                let cand = direct(other);
                let left = self.capacity_after[index];
                self.place(cand, left, |s| s.slot(index + 1))
            }
        }
    }

    /// Cuts the next value out of slot `index`'s digits from byte `from` on.
    fn piece(&mut self, index: usize, from: usize) -> bool {
        let Some(choices) = self.pieces[index].at(from) else {
            // Every digit of the slot is read.
            return self.slot(index + 1);
        };
        self.steps += 1;
        if self.steps > MAX_FLAT_STEPS {
            return false;
        }
        for i in choices {
            let (next, left, cand) = self.pieces[index].list[i].clone();
            if !self.place(cand, left, |s| s.piece(index, next)) {
                return false;
            }
        }
        true
    }

    /// Puts `cand` into the next column (or, with blank cells omitted, any
    /// later one) and goes on with `then`; `left` is how many more values the
    /// rest of the printed digits can make at most.
    fn place(&mut self, cand: Cand, left: usize, then: impl Fn(&mut Self) -> bool) -> bool {
        let columns = self.shape.columns();
        let filled = self.current.len();
        if filled >= columns {
            return true;
        }
        let max_skip = if self.omitted {
            columns - filled - 1
        } else {
            0
        };
        for skip in 0..=max_skip {
            self.current.resize(filled + skip, Cand::Omitted);
            self.current.push(cand.clone());
            let column = filled + skip;
            let dead = self.sums_fail_at(column) || self.total_out_of_reach(column, left);
            let ok = dead || then(self);
            self.current.truncate(filled);
            if !ok {
                return false;
            }
        }
        true
    }

    /// Whether a sum whose total comes later can no longer be reached: its
    /// parts so far already need more digits than the rest of the text can
    /// give the total (each cell before the total taking at least one digit
    /// when every cell is printed).
    fn total_out_of_reach(&self, column: usize, left: usize) -> bool {
        self.shape.sums.iter().any(|(parts, total)| {
            if *total <= column || parts.iter().any(|&p| p > *total) {
                return false;
            }
            let between = if self.omitted { 0 } else { total - column - 1 };
            let Some(digits) = left.checked_sub(between) else {
                return true;
            };
            let sum = parts
                .iter()
                .filter(|&&p| p <= column)
                .try_fold(Number::ZERO, |acc, &p| {
                    acc.checked_add(self.current[p].amount()?)
                });
            match (sum, 10i64.checked_pow(digits as u32)) {
                (Some(s), Some(limit)) => s >= Number::new(limit, 0),
                _ => false,
            }
        })
    }

    /// Whether a sum whose last cell is `column` fails now that it is filled.
    fn sums_fail_at(&self, column: usize) -> bool {
        self.shape.sums.iter().any(|(parts, total)| {
            let last = parts.iter().copied().chain([*total]).max();
            last == Some(column) && !self.shape.sums_hold_for(parts, *total, &self.current)
        })
    }

    /// Every slot is read: the rest of the row is omitted (or, printed in full,
    /// there must be no rest).
    fn finish(&mut self) -> bool {
        let columns = self.shape.columns();
        let filled = self.current.len();
        if filled < columns {
            if !self.omitted {
                return true;
            }
            self.current.resize(columns, Cand::Omitted);
            // Omitted cells complete the sums they end.
            if (filled..columns).any(|c| self.sums_fail_at(c)) {
                self.current.truncate(filled);
                return true;
            }
        }
        self.leaf();
        self.current.truncate(filled);
        true
    }

    fn leaf(&mut self) {
        if !self.shape.kinds_fit(self.text, &self.current) {
            return;
        }
        self.lexical_count += 1;
        match &mut self.lexical {
            None => self.lexical = Some(self.current.clone()),
            Some(agreed) => agree_into(agreed, &self.current),
        }
        if self.shape.sums_hold(&self.current) && self.kept.len() <= MAX_READINGS {
            self.kept.push(self.current.clone());
        }
    }
}

/// `text` is the folded text the slots' ranges point into; `printing` says how
/// the values were printed (see [`Printing`]).
pub fn readings(text: &str, slots: &[Slot], shape: &Shape, printing: Printing) -> Readings {
    let columns = shape.columns();
    // A value printed on a line out of order: which value is in which column,
    // and how many there are, the line does not tell. None of the row is read.
    if let Some(range) = slots.iter().find_map(|s| match s {
        Slot::Unordered(r) => Some(*r),
        _ => None,
    }) {
        return Readings::new(
            Origin::Exact,
            vec![vec![Cand::Unordered(range); columns]],
            columns,
        );
    }
    if let Printing::Flat { omitted } = printing {
        if slots.len() == columns
            && slots
                .iter()
                .all(|s| !matches!(s, Slot::Number(t) if t.digits.is_some()))
        {
            return Readings::new(
                Origin::Exact,
                vec![slots.iter().map(direct).collect()],
                columns,
            );
        }
        return flat_readings(text, slots, shape, omitted);
    }
    let (origin, list) = match slots.len().cmp(&columns) {
        std::cmp::Ordering::Equal => (Origin::Exact, vec![slots.iter().map(direct).collect()]),
        std::cmp::Ordering::Greater => (Origin::Long, Vec::new()),
        std::cmp::Ordering::Less => {
            let lost_blanks = matches!(printing, Printing::Cells | Printing::Separated)
                && columns - slots.len() <= MAX_LOST_CELLS;
            let alignments = |slots: &[Slot]| {
                if printing == Printing::Separated {
                    edge_alignments(slots, columns)
                } else {
                    alignments(slots, columns, &direct)
                }
            };
            let splits = match printing {
                Printing::Grid => Some(Vec::new()),
                _ => splits(text, slots, columns),
            };
            match splits {
                Some(list) if !list.is_empty() && !lost_blanks => (Origin::Split, list),
                Some(mut list) if !list.is_empty() => {
                    list.extend(alignments(slots));
                    (Origin::Short, list)
                }
                Some(_) => (Origin::Short, alignments(slots)),
                None => (Origin::TooMany, Vec::new()),
            }
        }
    };
    Readings::new(origin, list, columns)
}

/// A slot read as printed: one cell.
fn direct(slot: &Slot) -> Cand {
    match slot {
        Slot::Number(t) => Cand::Known(t.number, t.range),
        Slot::Blank(r) | Slot::Empty(r) => Cand::Blank(*r),
        Slot::Damaged(r) => Cand::Damaged(*r),
        Slot::Unordered(r) => Cand::Unordered(*r),
    }
}

/// Every way to split the bare digit runs so that the row has `columns` values.
/// Pieces have no leading zero (a lone `0` is fine). `None` when there are too many.
fn splits(text: &str, slots: &[Slot], columns: usize) -> Option<Vec<Vec<Cand>>> {
    let extra = columns - slots.len();
    let mut out = Vec::new();
    let mut current = Vec::with_capacity(columns);
    let ok = split_from(text, slots, 0, extra, &mut current, &mut out);
    ok.then_some(out)
}

fn split_from(
    text: &str,
    slots: &[Slot],
    index: usize,
    extra: usize,
    current: &mut Vec<Cand>,
    out: &mut Vec<Vec<Cand>>,
) -> bool {
    let Some(slot) = slots.get(index) else {
        if extra == 0 {
            out.push(current.clone());
        }
        return out.len() <= MAX_READINGS;
    };
    let splittable = match slot {
        Slot::Number(t) => t.digits.as_ref().map(|d| (d, t.range)),
        _ => None,
    };
    let Some((digits, range)) = splittable else {
        current.push(direct(slot));
        let ok = split_from(text, slots, index + 1, extra, current, out);
        current.pop();
        return ok;
    };
    let digit_text = &text[digits.range.start..digits.range.end];
    let max_more = extra.min(digit_text.len().saturating_sub(1));
    for more in 0..=max_more {
        let before = current.len();
        let mut pieces = Vec::new();
        let cut = Cut {
            text: digit_text,
            token_start: range.start,
            digits_start: digits.range.start,
            negative: digits.negative,
        };
        cut.pieces(0, more + 1, &mut Vec::new(), &mut pieces);
        for piece in pieces {
            current.extend(piece);
            let ok = split_from(text, slots, index + 1, extra - more, current, out);
            current.truncate(before);
            if !ok {
                return false;
            }
        }
    }
    true
}

/// One token's digits, to be cut into several numbers.
struct Cut<'a> {
    text: &'a str,
    /// Where the token starts (the first piece's span includes its sign).
    token_start: usize,
    /// Where the digits start in the folded text.
    digits_start: usize,
    negative: bool,
}

impl Cut<'_> {
    /// Ways to cut `text[from..]` into `count` numbers: no leading zeros (a lone 0
    /// is fine), a decimal point only in the last number, the sign on the first.
    fn pieces(&self, from: usize, count: usize, current: &mut Vec<Cand>, out: &mut Vec<Vec<Cand>>) {
        let rest = &self.text[from..];
        if count == 1 {
            if let Some(cand) = self.piece(from, rest.len()) {
                current.push(cand);
                out.push(current.clone());
                current.pop();
            }
            return;
        }
        let dot = rest.find('.').unwrap_or(rest.len());
        for len in 1..=dot.min(rest.len().saturating_sub(count - 1)) {
            let Some(cand) = self.piece(from, len) else {
                continue;
            };
            current.push(cand);
            self.pieces(from + len, count - 1, current, out);
            current.pop();
        }
    }

    fn piece(&self, from: usize, len: usize) -> Option<Cand> {
        let text = &self.text[from..from + len];
        let int_part = text.split('.').next().unwrap_or(text);
        if int_part.is_empty()
            || (int_part.len() > 1 && int_part.starts_with('0'))
            || text.ends_with('.')
        {
            return None;
        }
        let mut number = Number::parse(text)?;
        let start = if from == 0 {
            self.token_start
        } else {
            self.digits_start + from
        };
        if from == 0 && self.negative {
            number = Number::ZERO.checked_sub(number)?;
        }
        Some(Cand::Known(
            number,
            Range {
                start,
                end: self.digits_start + from + len,
            },
        ))
    }
}

/// The placements of the printed slots as one block among `columns`, the cells
/// lost at either end unknown (a row whose interior empty cells are printed).
fn edge_alignments(slots: &[Slot], columns: usize) -> Vec<Vec<Cand>> {
    (0..=columns - slots.len())
        .map(|lead| {
            let mut row = vec![Cand::Unknown; columns];
            for (i, slot) in slots.iter().enumerate() {
                row[lead + i] = direct(slot);
            }
            row
        })
        .collect()
}

/// Every placement of the printed slots among `columns` with the rest unknown.
fn alignments(slots: &[Slot], columns: usize, direct: &dyn Fn(&Slot) -> Cand) -> Vec<Vec<Cand>> {
    let mut out = Vec::new();
    let mut chosen = Vec::new();
    choose(columns, slots.len(), 0, &mut chosen, &mut |positions| {
        let mut row = vec![Cand::Unknown; columns];
        for (slot, &p) in slots.iter().zip(positions) {
            row[p] = direct(slot);
        }
        out.push(row);
    });
    out
}

fn choose(
    n: usize,
    k: usize,
    from: usize,
    chosen: &mut Vec<usize>,
    emit: &mut dyn FnMut(&[usize]),
) {
    if chosen.len() == k {
        emit(chosen);
        return;
    }
    for p in from..n {
        if n - p < k - chosen.len() {
            break;
        }
        chosen.push(p);
        choose(n, k, p + 1, chosen, emit);
        chosen.pop();
    }
}

/// `Σ lhs = Σ rhs` over cells addressed as (row, column).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Identity {
    pub lhs: Vec<(usize, usize)>,
    pub rhs: Vec<(usize, usize)>,
}

impl Identity {
    fn rows(&self) -> impl Iterator<Item = usize> + '_ {
        self.lhs.iter().chain(&self.rhs).map(|&(r, _)| r)
    }

    /// `Some(true/false)` when every cell is known, `None` when it cannot be checked.
    fn holds(&self, cell: impl Fn(usize, usize) -> Option<Number>) -> Option<bool> {
        let sum = |cells: &[(usize, usize)]| {
            cells
                .iter()
                .try_fold(Number::ZERO, |acc, &(r, c)| acc.checked_add(cell(r, c)?))
        };
        Some(sum(&self.lhs)? == sum(&self.rhs)?)
    }
}

/// Narrows the readings of every non-exact row to those consistent with the
/// identities, given the other rows. Rows are addressed by their index in `rows`.
///
/// When the printed arithmetic contradicts itself — an identity fails on the
/// cells the narrowing settled — nothing the arithmetic decided can be trusted:
/// every narrowed row goes back to what its printed text alone says.
pub fn narrow(rows: &mut [Option<Readings>], identities: &[Identity]) {
    // The identities a row is in, found once per row rather than once per
    // reading, and which readings to keep: lists reused from row to row.
    let mut involved: Vec<&Identity> = Vec::new();
    let mut keep: Vec<bool> = Vec::new();
    loop {
        let mut changed = false;
        for r in 0..rows.len() {
            let Some(readings) = rows[r].as_ref() else {
                continue;
            };
            if readings.origin == Origin::Exact || readings.list.len() <= 1 {
                continue;
            }
            involved.clear();
            involved.extend(identities.iter().filter(|id| id.rows().any(|x| x == r)));
            keep.clear();
            keep.extend(
                readings
                    .list
                    .iter()
                    .map(|reading| consistent(rows, &involved, r, reading)),
            );
            if keep.iter().all(|&k| k) {
                continue;
            }
            changed |= rows[r].as_mut().expect("row present").retain(&keep);
        }
        if !changed {
            break;
        }
    }
    narrow_jointly(rows, identities);
    let contradicted = identities
        .iter()
        .any(|id| id.holds(|row, col| settled(rows, row, col)) == Some(false));
    if contradicted {
        for readings in rows.iter_mut().flatten() {
            readings.revert();
        }
    }
}

/// Whether `reading` for row `r` breaks none of `involved`, the identities
/// row `r` is in, whose other cells are settled (their rows have a single
/// reading).
fn consistent(
    rows: &[Option<Readings>],
    involved: &[&Identity],
    r: usize,
    reading: &[Cand],
) -> bool {
    involved.iter().all(|id| {
        id.holds(|row, col| {
            if row == r {
                reading.get(col)?.amount()
            } else {
                settled(rows, row, col)
            }
        }) != Some(false)
    })
}

fn settled(rows: &[Option<Readings>], row: usize, col: usize) -> Option<Number> {
    match rows.get(row)?.as_ref()?.list.as_slice() {
        [only] => only.get(col)?.amount(),
        _ => None,
    }
}

/// When several rows stay ambiguous, search their readings together: a reading
/// is kept if it is part of at least one combination that breaks no identity.
/// The search runs row by row and drops a partial combination as soon as an
/// identity can no longer hold (the rows not yet chosen can only add what their
/// readings allow); past [`MAX_JOINT`] steps it gives up and narrows nothing.
fn narrow_jointly(rows: &mut [Option<Readings>], identities: &[Identity]) {
    let mut ambiguous: Vec<usize> = (0..rows.len())
        .filter(|&r| rows[r].as_ref().is_some_and(|x| x.list.len() > 1))
        .collect();
    if ambiguous.len() < 2 {
        return;
    }
    // Fewest readings first: the search branches least near its root.
    ambiguous.sort_by_key(|&r| rows[r].as_ref().map_or(0, |x| x.list.len()));
    let Some(search) = JointSearch::new(rows, identities, &ambiguous) else {
        return;
    };
    // First, identity by identity, drop the readings no choice of the other
    // rows' readings can complete (cheap, and never drops a reading that is
    // part of a consistent whole); then search what is left exactly.
    let alive = search.propagate();
    let combinations = alive.iter().try_fold(1usize, |acc, row| {
        acc.checked_mul(row.iter().filter(|&&a| a).count().max(1))
    });
    let exact = match combinations {
        Some(c) if c <= MAX_JOINT => search.run(&alive),
        _ => None,
    };
    let keep = exact.unwrap_or(alive);
    for (i, &r) in ambiguous.iter().enumerate() {
        rows[r].as_mut().expect("row present").retain(&keep[i]);
    }
}

/// The sums an identity can reach over some rows.
#[derive(Default)]
struct Reach {
    /// Any sum: a reading leaves the identity unchecked (`sums` then means
    /// nothing).
    any: bool,
    /// Distinct sums, in ascending order.
    sums: Vec<Number>,
}

impl Reach {
    /// Exactly the sum `sum`.
    fn set_one(&mut self, sum: Number) {
        self.any = false;
        self.sums.clear();
        self.sums.push(sum);
    }

    /// The listed sums, unless any sum is reachable.
    fn listed(&self) -> Option<&[Number]> {
        (!self.any).then_some(self.sums.as_slice())
    }
}

/// The lists [`JointSearch::reach`] fills, kept from one identity to the next
/// so that a step reuses the last one's lists instead of allocating its own.
struct ReachBuffers {
    /// For each position in the search order, what the rows before it reach.
    forward: Vec<Reach>,
    /// For each position, what the rows from it on reach.
    backward: Vec<Reach>,
    /// A list to merge in (see [`merge_shifted`]).
    spare: Vec<Number>,
}

impl ReachBuffers {
    fn new(rows: usize) -> ReachBuffers {
        ReachBuffers {
            forward: (0..=rows).map(|_| Reach::default()).collect(),
            backward: (0..=rows).map(|_| Reach::default()).collect(),
            spare: Vec::new(),
        }
    }
}

/// `sums` with `c` added to each, merged into `into`: both ascending and
/// distinct, and they stay so. `None` when a sum overflows. `spare` is a
/// buffer to merge in, swapped with `into`.
fn merge_shifted(
    into: &mut Vec<Number>,
    spare: &mut Vec<Number>,
    sums: &[Number],
    c: Number,
) -> Option<()> {
    use std::cmp::Ordering;
    let merged = spare;
    merged.clear();
    let mut old = into.iter().copied().peekable();
    for &a in sums {
        let new = a.checked_add(c)?;
        while let Some(&x) = old.peek().filter(|&&x| x < new) {
            merged.push(x);
            old.next();
        }
        if old.peek().is_some_and(|x| x.cmp(&new) == Ordering::Equal) {
            continue;
        }
        // `sums` is distinct, so `new` is above the last pushed.
        merged.push(new);
    }
    merged.extend(old);
    std::mem::swap(into, merged);
    Some(())
}

/// What one reading of one row adds to one identity (`lhs − rhs`); `None` when
/// a cell of it cannot be checked (the identity then holds whatever the rest).
type Contribution = Option<Number>;

/// The joint search over the ambiguous rows' readings.
struct JointSearch {
    /// For each ambiguous row (in search order), each reading, each identity.
    contributions: Vec<Vec<Vec<Contribution>>>,
    /// The settled rows' part of each identity; identities that cannot be
    /// checked or involve no ambiguous row are left out.
    settled: Vec<Number>,
    /// For each position in the search order and identity: the least and most
    /// the rows from there on can add, or `None` when one of them may leave the
    /// identity unchecked.
    bounds: Vec<Vec<Option<(Number, Number)>>>,
    /// For each position in the search order and identity: whether every
    /// reading of the row adds nothing to it (the row's cells are not in it),
    /// so that the sums reached pass the row unchanged.
    inert: Vec<Vec<bool>>,
}

impl JointSearch {
    fn new(
        rows: &[Option<Readings>],
        identities: &[Identity],
        ambiguous: &[usize],
    ) -> Option<JointSearch> {
        let position = |r: usize| ambiguous.iter().position(|&a| a == r);
        let mut kept: Vec<&Identity> = Vec::new();
        let mut settled_parts = Vec::new();
        for id in identities {
            if !id.rows().any(|r| position(r).is_some()) {
                continue;
            }
            let part = |cells: &[(usize, usize)]| {
                cells
                    .iter()
                    .filter(|&&(r, _)| position(r).is_none())
                    .try_fold(Number::ZERO, |acc, &(r, c)| {
                        acc.checked_add(settled(rows, r, c)?)
                    })
            };
            if let (Some(l), Some(r)) = (part(&id.lhs), part(&id.rhs)) {
                settled_parts.push(l.checked_sub(r)?);
                kept.push(id);
            }
        }
        if kept.is_empty() {
            return None;
        }
        let contributions: Vec<Vec<Vec<Contribution>>> = ambiguous
            .iter()
            .map(|&r| {
                let list = &rows[r].as_ref().expect("row present").list;
                list.iter()
                    .map(|reading| {
                        kept.iter()
                            .map(|id| {
                                let side = |cells: &[(usize, usize)]| {
                                    cells
                                        .iter()
                                        .filter(|&&(row, _)| row == r)
                                        .try_fold(Number::ZERO, |acc, &(_, c)| {
                                            acc.checked_add(reading.get(c)?.amount()?)
                                        })
                                };
                                side(&id.lhs)?.checked_sub(side(&id.rhs)?)
                            })
                            .collect()
                    })
                    .collect()
            })
            .collect();
        let n = ambiguous.len();
        let mut bounds = vec![vec![Some((Number::ZERO, Number::ZERO)); kept.len()]; n + 1];
        for i in (0..n).rev() {
            for j in 0..kept.len() {
                let row_range = contributions[i].iter().try_fold(
                    None,
                    |acc: Option<(Number, Number)>, reading| {
                        let v = reading[j]?;
                        Some(Some(acc.map_or((v, v), |(lo, hi)| (lo.min(v), hi.max(v)))))
                    },
                );
                bounds[i][j] = match (row_range.flatten(), bounds[i + 1][j]) {
                    (Some((lo, hi)), Some((rest_lo, rest_hi))) => {
                        lo.checked_add(rest_lo).zip(hi.checked_add(rest_hi))
                    }
                    _ => None,
                };
            }
        }
        let inert = contributions
            .iter()
            .map(|readings| {
                (0..kept.len())
                    .map(|j| readings.iter().all(|c| c[j] == Some(Number::ZERO)))
                    .collect()
            })
            .collect();
        Some(JointSearch {
            contributions,
            settled: settled_parts,
            bounds,
            inert,
        })
    }

    /// Per identity, the sums the rows can reach: which readings of each row
    /// can be completed, for every identity on its own, by some readings of
    /// the other rows. Repeated until nothing changes.
    fn propagate(&self) -> Vec<Vec<bool>> {
        let mut alive: Vec<Vec<bool>> = self
            .contributions
            .iter()
            .map(|r| vec![true; r.len()])
            .collect();
        let mut buffers = ReachBuffers::new(self.contributions.len());
        let mut changed = true;
        while changed {
            changed = false;
            for j in 0..self.settled.len() {
                changed |= self.prune(j, &mut alive, &mut buffers);
            }
        }
        alive
    }

    /// Rules out the live readings identity `j` cannot support; whether it
    /// ruled any out. Rules nothing out when the sums it can reach are too
    /// many to list.
    fn prune(&self, j: usize, alive: &mut [Vec<bool>], buffers: &mut ReachBuffers) -> bool {
        let n = self.contributions.len();
        if !self.reach(j, alive, buffers) {
            return false;
        }
        let (forward, backward) = (&buffers.forward, &buffers.backward);
        let mut changed = false;
        for i in 0..n {
            for (k, reading) in self.contributions[i].iter().enumerate() {
                if !alive[i][k] {
                    continue;
                }
                let supported = match (forward[i].listed(), reading[j], backward[i + 1].listed()) {
                    (Some(before), Some(c), Some(after)) => before.iter().any(|&a| {
                        a.checked_add(c)
                            .and_then(|x| Number::ZERO.checked_sub(x))
                            .is_some_and(|need| after.binary_search(&need).is_ok())
                    }),
                    _ => true,
                };
                if !supported {
                    alive[i][k] = false;
                    changed = true;
                }
            }
        }
        changed
    }

    /// For identity `j` and each position in the search order, the sums the
    /// live readings of the rows before it (`forward`) and from it on
    /// (`backward`) can reach, into `buffers`; false when they are too many
    /// to list.
    fn reach(&self, j: usize, alive: &[Vec<bool>], buffers: &mut ReachBuffers) -> bool {
        let n = self.contributions.len();
        let ReachBuffers {
            forward,
            backward,
            spare,
        } = buffers;
        forward[0].set_one(self.settled[j]);
        for i in 0..n {
            let (done, next) = forward.split_at_mut(i + 1);
            if !self.step(j, i, &alive[i], &done[i], &mut next[0], spare) {
                return false;
            }
        }
        backward[n].set_one(Number::ZERO);
        for i in (0..n).rev() {
            let (next, done) = backward.split_at_mut(i + 1);
            if !self.step(j, i, &alive[i], &done[0], &mut next[i], spare) {
                return false;
            }
        }
        true
    }

    /// Fills `to` with the sums `from` reaches through the `alive` readings of
    /// row `i` for identity `j`; false when they are too many to list (or
    /// overflow).
    fn step(
        &self,
        j: usize,
        i: usize,
        alive: &[bool],
        from: &Reach,
        to: &mut Reach,
        spare: &mut Vec<Number>,
    ) -> bool {
        const MAX_SUMS: usize = 4096;
        to.sums.clear();
        to.any = from.any;
        if from.any {
            return true;
        }
        // Most rows are not in most identities: adding nothing, they pass the
        // sums on as they are (unless no reading of theirs is left).
        if self.inert[i][j] && alive.contains(&true) {
            to.sums.extend_from_slice(&from.sums);
            return true;
        }
        let mut last = None;
        for (reading, _) in self.contributions[i].iter().zip(alive).filter(|(_, &a)| a) {
            // Some reading leaves the identity unchecked: any sum.
            let Some(c) = reading[j] else {
                to.any = true;
                return true;
            };
            // The same shift again adds no sum (readings often differ only in
            // cells outside this identity).
            if last == Some(c) {
                continue;
            }
            last = Some(c);
            if merge_shifted(&mut to.sums, spare, &from.sums, c).is_none()
                || to.sums.len() > MAX_SUMS
            {
                return false;
            }
        }
        true
    }

    /// Which of the `alive` readings of each row take part in a consistent
    /// combination; `None` when the search was given up.
    fn run(&self, alive: &[Vec<bool>]) -> Option<Vec<Vec<bool>>> {
        let n = self.contributions.len();
        let mut used: Vec<Vec<bool>> = self
            .contributions
            .iter()
            .map(|r| vec![false; r.len()])
            .collect();
        // The identities' running sums at each depth, allocated once.
        let mut partials: Vec<Vec<Contribution>> = vec![Vec::new(); n + 1];
        partials[0] = self.settled.iter().map(|&s| Some(s)).collect();
        let mut pick = vec![0usize; n];
        let mut steps = 0usize;
        self.descend(0, alive, &mut partials, &mut pick, &mut used, &mut steps)
            .then_some(used)
    }

    #[allow(clippy::too_many_arguments)]
    fn descend(
        &self,
        row: usize,
        alive: &[Vec<bool>],
        partials: &mut [Vec<Contribution>],
        pick: &mut [usize],
        used: &mut [Vec<bool>],
        steps: &mut usize,
    ) -> bool {
        if row == self.contributions.len() {
            for (i, &p) in pick.iter().enumerate() {
                used[i][p] = true;
            }
            return true;
        }
        for (k, reading) in self.contributions[row].iter().enumerate() {
            if !alive[row][k] {
                continue;
            }
            *steps += 1;
            if *steps > MAX_JOINT {
                return false;
            }
            let (before, after) = partials.split_at_mut(row + 1);
            let next = &mut after[0];
            next.clear();
            // Each identity's running sum, given up at the first one that the
            // remaining rows can no longer bring to zero.
            let mut possible = true;
            for ((p, c), bound) in before[row].iter().zip(reading).zip(&self.bounds[row + 1]) {
                let sum = p.zip(*c).and_then(|(a, b)| a.checked_add(b));
                if let (Some(s), Some((lo, hi))) = (sum, bound) {
                    if s.checked_add(*lo).is_some_and(|a| a > Number::ZERO)
                        || s.checked_add(*hi).is_some_and(|b| b < Number::ZERO)
                    {
                        possible = false;
                        break;
                    }
                }
                next.push(sum);
            }
            if !possible {
                continue;
            }
            pick[row] = k;
            if !self.descend(row + 1, alive, partials, pick, used, steps) {
                return false;
            }
        }
        true
    }
}

/// What every remaining reading agrees on, cell by cell. A value printed in
/// different places by different readings keeps the value with the whole token's
/// span.
pub fn agreed(readings: &Readings, columns: usize) -> Vec<Cand> {
    agree(&readings.list, columns)
}

fn agree(list: &[Vec<Cand>], columns: usize) -> Vec<Cand> {
    let Some((first, rest)) = list.split_first() else {
        return vec![Cand::Unknown; columns];
    };
    let mut out = first.clone();
    for reading in rest {
        agree_into(&mut out, reading);
    }
    out
}

/// Narrows `agreed` to what `reading` agrees with: a cell read differently
/// becomes unknown; the same value read from different digits keeps the span
/// covering both.
fn agree_into(agreed: &mut [Cand], reading: &[Cand]) {
    for (cell, other) in agreed.iter_mut().zip(reading) {
        let same = match (&*cell, other) {
            (Cand::Known(a, _), Cand::Known(b, _)) => a == b,
            (Cand::Blank(_), Cand::Blank(_)) | (Cand::Omitted, Cand::Omitted) => true,
            // The same damaged text, not two damaged values.
            (Cand::Damaged(a), Cand::Damaged(b)) | (Cand::Unordered(a), Cand::Unordered(b)) => {
                a == b
            }
            _ => false,
        };
        if !same {
            *cell = Cand::Unknown;
            continue;
        }
        if let (Cand::Known(_, range), Cand::Known(_, x)) = (cell, other) {
            *range = Range {
                start: range.start.min(x.start),
                end: range.end.max(x.end),
            };
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::value::parse_value_cell;

    fn values(cands: &[Cand]) -> Vec<Option<i64>> {
        cands
            .iter()
            .map(|c| c.value().and_then(|n| n.as_i64()))
            .collect()
    }

    /// Row identity of a table-3 row: total (column 6) = the six applicants.
    fn row_total() -> Vec<Identity> {
        vec![Identity {
            lhs: (0..6).map(|c| (0, c)).collect(),
            rhs: vec![(0, 6)],
        }]
    }

    fn solve_one(text: &str) -> (Origin, usize, Vec<Option<i64>>) {
        let slots = parse_value_cell(text, 0).unwrap();
        let mut rows = vec![Some(readings(
            text,
            &slots,
            &Shape::counts(7),
            Printing::RunOn,
        ))];
        narrow(&mut rows, &row_total());
        let r = rows[0].take().unwrap();
        (r.origin, r.list.len(), values(&agreed(&r, 7)))
    }

    #[test]
    fn single_digit_run_splits_one_way() {
        let (origin, n, cells) = solve_one("7000007");
        assert_eq!((origin, n), (Origin::Split, 1));
        assert_eq!(
            cells,
            [
                Some(7),
                Some(0),
                Some(0),
                Some(0),
                Some(0),
                Some(0),
                Some(7)
            ]
        );
    }

    #[test]
    fn arithmetic_picks_the_one_consistent_split() {
        let (_, n, cells) = solve_one("230 000023");
        assert_eq!(n, 1);
        assert_eq!(
            cells,
            [
                Some(23),
                Some(0),
                Some(0),
                Some(0),
                Some(0),
                Some(0),
                Some(23)
            ]
        );
    }

    #[test]
    fn several_consistent_splits_keep_only_what_they_agree_on() {
        // 2019 table 2 has no identity: 行政许可 "1234" could be 1|2|34, 1|23|4, 12|3|4.
        let slots = parse_value_cell("1234", 0).unwrap();
        let mut rows = vec![Some(readings(
            "1234",
            &slots,
            &Shape::counts(3),
            Printing::RunOn,
        ))];
        narrow(&mut rows, &[]);
        let r = rows[0].take().unwrap();
        assert_eq!(r.list.len(), 3);
        assert_eq!(values(&agreed(&r, 3)), [None, None, None]);
        // "1 0 23" into 4: the 23 is split, the 1 and 0 are certain.
        let slots = parse_value_cell("1 0 23", 0).unwrap();
        let r = readings("1 0 23", &slots, &Shape::counts(4), Printing::RunOn);
        assert_eq!(values(&agreed(&r, 4)), [Some(1), Some(0), Some(2), Some(3)]);
    }

    /// A row with a value on a line printed out of order: however many values
    /// it prints, none is read and no split or alignment is tried; every cell
    /// is unordered, pointing at the first such value.
    #[test]
    fn a_row_with_a_value_out_of_order_reads_nothing() {
        let text = "12 0 0 0 0 0";
        let mut slots = parse_value_cell(text, 0).unwrap();
        let range = slots[1].range();
        slots[1] = Slot::Unordered(range);
        let r = readings(text, &slots, &Shape::counts(7), Printing::Cells);
        assert_eq!(r.origin, Origin::Exact);
        assert_eq!(r.list, [vec![Cand::Unordered(range); 7]]);
        let mut rows = vec![Some(r)];
        narrow(&mut rows, &row_total());
        let r = rows[0].take().unwrap();
        assert_eq!(agreed(&r, 7), vec![Cand::Unordered(range); 7]);
    }

    #[test]
    fn a_short_row_of_separate_cells_may_have_lost_a_blank() {
        // 「12 0 0 0 0 0」 in separate cells: run together (1|2…) or a lost blank
        // (12, …, blank total)? Both are kept; nothing is certain.
        let text = "12 0 0 0 0 0";
        let slots = parse_value_cell(text, 0).unwrap();
        let mut rows = vec![Some(readings(
            text,
            &slots,
            &Shape::counts(7),
            Printing::Cells,
        ))];
        narrow(&mut rows, &row_total());
        let r = rows[0].take().unwrap();
        assert_eq!(r.origin, Origin::Short);
        assert_eq!(values(&agreed(&r, 7)), [None; 7]);
    }

    #[test]
    fn a_short_row_of_equal_values_says_nothing_certain() {
        let (origin, n, cells) = solve_one("0 0 0 0 0 0");
        assert_eq!((origin, n), (Origin::Short, 7));
        assert_eq!(cells, [None; 7]);
    }

    #[test]
    fn identities_across_rows_settle_a_split() {
        // Column 0: a + b = c, row 1 is a digit run of two values.
        let id = vec![Identity {
            lhs: vec![(0, 0), (1, 0)],
            rhs: vec![(2, 0)],
        }];
        let single = |t: &str| {
            Some(readings(
                t,
                &parse_value_cell(t, 0).unwrap(),
                &Shape::counts(2),
                Printing::RunOn,
            ))
        };
        let mut rows = vec![single("5 1"), single("37"), single("8 8")];
        narrow(&mut rows, &id);
        // 3|7: 5+3=8 ✓ — the only split.
        assert_eq!(
            values(&agreed(rows[1].as_ref().unwrap(), 2)),
            [Some(3), Some(7)]
        );
    }

    proptest::proptest! {
        /// Merging shifted sums keeps exactly the distinct values, ascending,
        /// as a set would (whole numbers and decimals of other scales mixed).
        #[test]
        fn merged_sums_are_the_set_of_sums(
            rounds in proptest::collection::vec(
                (proptest::collection::btree_set(-50i64..50, 0..20), -30i64..30, 0u8..2),
                1..6,
            )
        ) {
            let mut merged = Vec::new();
            let mut spare = Vec::new();
            let mut set = std::collections::BTreeSet::new();
            for (sums, c, scale) in rounds {
                let sums: Vec<Number> = sums.into_iter().map(|v| Number::new(v * 10i64.pow(scale.into()), scale)).collect();
                let c = Number::int(c);
                merge_shifted(&mut merged, &mut spare, &sums, c).unwrap();
                for a in &sums {
                    set.insert(a.checked_add(c).unwrap());
                }
                let expected: Vec<Number> = set.iter().copied().collect();
                proptest::prop_assert_eq!(merged.len(), expected.len());
                for (m, e) in merged.iter().zip(&expected) {
                    proptest::prop_assert_eq!(m.cmp(e), std::cmp::Ordering::Equal);
                }
            }
        }
    }
}
