//! Reading stored reports in a given order while the next ones are decoded.
//!
//! Reading a report's blob from SQLite is quick; inflating and parsing its
//! JSON is the work (in an export, half of the CPU; in the corpus pass, more
//! than the pass's own). A reader that walks many reports in order reads
//! them a lot at a time ([`Store::fetch`]) and
//! decodes the next lots on threads of their own, as many at once as there
//! are cores, while it works on the reports it has; memory holds only those
//! lots.
//!
//! [`Store::fetch`]: crate::Store::fetch

use crate::{Fetched, Result};
use std::collections::VecDeque;
use std::thread::JoinHandle;
use xxgk_model::Report;

/// Reads a lot of ids from the store, to be decoded later.
type Fetch<'a> = Box<dyn FnMut(&[i64]) -> Result<Fetched> + 'a>;

/// The reports of an order of ids, handed out one by one in that order and
/// decoded ahead (see the module's documentation).
pub struct Ahead<'a> {
    fetch: Fetch<'a>,
    order: &'a [i64],
    /// How many of `order` were fetched, and handed out.
    fetched: usize,
    taken: usize,
    ready: VecDeque<Report>,
    /// The next lots, in order, being decoded.
    decoding: VecDeque<JoinHandle<Result<Vec<Report>>>>,
    /// How many lots are decoded at once.
    ahead: usize,
}

impl<'a> Ahead<'a> {
    /// Reports in a lot.
    const LOT: usize = 32;

    /// The reports `order` names, each read by `fetch` (one lot of ids at a
    /// time; it answers the reports of those ids, in their order, when
    /// decoded).
    pub fn new(order: &'a [i64], fetch: impl FnMut(&[i64]) -> Result<Fetched> + 'a) -> Ahead<'a> {
        Ahead {
            fetch: Box::new(fetch),
            order,
            fetched: 0,
            taken: 0,
            ready: VecDeque::new(),
            decoding: VecDeque::new(),
            ahead: std::thread::available_parallelism().map_or(1, |n| n.get()),
        }
    }

    /// The next report of the order, which is `id`'s.
    ///
    /// # Panics
    ///
    /// When `id` is not the next id of the order: a caller that walks
    /// another order would be handed other reports than it names.
    pub fn next(&mut self, id: i64) -> Result<Report> {
        assert_eq!(
            self.order.get(self.taken),
            Some(&id),
            "reports are taken in the order they are decoded in"
        );
        if self.ready.is_empty() {
            self.decode_ahead()?;
            let lot = self
                .decoding
                .pop_front()
                .expect("a lot is decoding while ids are left")
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
            self.ready = lot?.into();
            self.decode_ahead()?;
        }
        self.taken += 1;
        Ok(self
            .ready
            .pop_front()
            .expect("a report was fetched for every id"))
    }

    /// Starts decoding lots until [`Self::ahead`] are, or none is left.
    fn decode_ahead(&mut self) -> Result<()> {
        while self.decoding.len() < self.ahead && self.fetched < self.order.len() {
            let end = (self.fetched + Self::LOT).min(self.order.len());
            let lot = (self.fetch)(&self.order[self.fetched..end])?;
            self.fetched = end;
            self.decoding
                .push_back(std::thread::spawn(move || lot.decode()));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::StoreError;
    use xxgk_model::{Source, SourceFormat};

    fn report_named(id: i64) -> Report {
        Report::new(Source {
            file: format!("{id}.txt"),
            format: SourceFormat::Text,
            sha256: "0".repeat(64),
            encoding: None,
        })
    }

    fn fetch_named(ids: &[i64]) -> Result<Fetched> {
        let ids = ids.to_vec();
        Ok(Fetched::new(move || {
            Ok(ids.into_iter().map(report_named).collect())
        }))
    }

    /// Across lots and past the lots decoded at once, each id gets its own
    /// report, in order.
    #[test]
    fn hands_out_each_report_of_the_order_in_turn() {
        let order: Vec<i64> = (100..100 + 5 * Ahead::LOT as i64 + 3).collect();
        let mut ahead = Ahead::new(&order, fetch_named);
        for &id in &order {
            assert_eq!(ahead.next(id).unwrap().source.file, format!("{id}.txt"));
        }
    }

    /// A lot that fails to decode fails the report asked for, not the
    /// process.
    #[test]
    fn a_lot_that_fails_to_decode_is_an_error() {
        let order: Vec<i64> = (0..3).collect();
        let mut ahead = Ahead::new(&order, |_: &[i64]| {
            Ok(Fetched::new(|| {
                Err(StoreError::new(
                    crate::StoreErrorKind::Corrupt,
                    "坏了",
                    "broken",
                ))
            }))
        });
        assert!(ahead.next(0).is_err());
    }

    #[test]
    #[should_panic(expected = "in the order")]
    fn an_id_out_of_order_is_a_bug() {
        let order = [1, 2];
        let mut ahead = Ahead::new(&order, fetch_named);
        let _ = ahead.next(2);
    }
}
