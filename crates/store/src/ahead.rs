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
use std::panic::{self, AssertUnwindSafe};
use std::sync::{mpsc, Arc, Mutex};
use std::thread::JoinHandle;
use xxgk_model::Report;

/// Reads a lot of ids from the store, to be decoded later.
type Fetch<'a> = Box<dyn FnMut(&[i64]) -> Result<Fetched> + 'a>;

/// What decoding a lot gave: its reports, or the panic that stopped it.
type Decoded = std::thread::Result<Result<Vec<Report>>>;

/// A lot to decode, and where to send what it gave.
type Job = (Fetched, mpsc::SyncSender<Decoded>);

/// The reports of an order of ids, handed out one by one in that order and
/// decoded ahead (see the module's documentation). The order is given up
/// front ([`Ahead::new`]) or as the reader learns it ([`Ahead::push`], a
/// reader walking the rows of a query): each id is fetched once the reader
/// has asked for every id before it and the ids of the lots between.
pub struct Ahead<'a> {
    fetch: Fetch<'a>,
    /// Ids of the order not fetched yet.
    unfetched: VecDeque<i64>,
    /// Reports decoded, with their ids, not handed out yet.
    ready: VecDeque<(i64, Report)>,
    /// The lots being decoded, in order: their ids, and where a worker
    /// answers.
    decoding: VecDeque<(Vec<i64>, mpsc::Receiver<Decoded>)>,
    /// How many lots are fetched ahead: one more than there are workers, so
    /// that none waits for the next lot while the reader works.
    ahead: usize,
    /// The workers' queue; `None` until the first lot and once closed.
    jobs: Option<mpsc::Sender<Job>>,
    workers: Vec<JoinHandle<()>>,
}

impl<'a> Ahead<'a> {
    /// Reports in a lot.
    pub const LOT: usize = 32;

    /// The reports `order` names (more may be [pushed](Ahead::push)), each
    /// read by `fetch` (one lot of ids at a time; it answers the reports of
    /// those ids, in their order, when decoded). Decoding starts with the
    /// first [`Ahead::next`], on as many threads as there are cores, which
    /// stop when this is dropped.
    pub fn new(
        order: impl IntoIterator<Item = i64>,
        fetch: impl FnMut(&[i64]) -> Result<Fetched> + 'a,
    ) -> Ahead<'a> {
        let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
        Ahead {
            fetch: Box::new(fetch),
            unfetched: order.into_iter().collect(),
            ready: VecDeque::new(),
            decoding: VecDeque::new(),
            ahead: cores + 1,
            jobs: None,
            workers: Vec::new(),
        }
    }

    /// Adds `id` to the end of the order.
    pub fn push(&mut self, id: i64) {
        self.unfetched.push_back(id);
    }

    /// How many ids a reader that [pushes](Ahead::push) the order as it goes
    /// should have pushed beyond the one it asks for, so that the lots
    /// decoded ahead are whole.
    pub fn window(&self) -> usize {
        Self::LOT * (self.ahead + 1)
    }

    /// The next report of the order, which is `id`'s.
    ///
    /// # Panics
    ///
    /// When `id` is not the next id of the order: a caller that walks
    /// another order would be handed other reports than it names. A panic
    /// while decoding is raised again here.
    pub fn next(&mut self, id: i64) -> Result<Report> {
        if self.ready.is_empty() {
            self.decode_ahead()?;
            let Some((ids, answered)) = self.decoding.pop_front() else {
                panic!("report {id} is taken beyond the order it is in");
            };
            let lot = answered
                .recv()
                .expect("a worker answers every lot it takes")
                .unwrap_or_else(|panic| panic::resume_unwind(panic))?;
            assert_eq!(lot.len(), ids.len(), "a report is decoded for every id");
            self.ready = ids.into_iter().zip(lot).collect();
            self.decode_ahead()?;
        }
        let (next, report) = self.ready.pop_front().expect("a lot was decoded");
        assert_eq!(
            next, id,
            "reports are taken in the order they are decoded in"
        );
        Ok(report)
    }

    /// Fetches lots and queues them for the workers until [`Self::ahead`]
    /// are queued, or no id is left.
    fn decode_ahead(&mut self) -> Result<()> {
        while self.decoding.len() < self.ahead && !self.unfetched.is_empty() {
            let take = Self::LOT.min(self.unfetched.len());
            let ids: Vec<i64> = self.unfetched.drain(..take).collect();
            let lot = (self.fetch)(&ids)?;
            let (answer, answered) = mpsc::sync_channel(1);
            self.queue()
                .send((lot, answer))
                .expect("the workers wait for lots while the queue is open");
            self.decoding.push_back((ids, answered));
        }
        Ok(())
    }

    /// The workers' queue, starting them when first asked for: as many as
    /// there are cores (the reader's own work is lighter than decoding).
    fn queue(&mut self) -> &mpsc::Sender<Job> {
        self.jobs.get_or_insert_with(|| {
            let (jobs, queue) = mpsc::channel::<Job>();
            let queue = Arc::new(Mutex::new(queue));
            // One worker per core: `ahead` is one more.
            let workers = self.ahead - 1;
            self.workers = (0..workers)
                .map(|_| {
                    let queue = Arc::clone(&queue);
                    std::thread::spawn(move || work(&queue))
                })
                .collect();
            jobs
        })
    }
}

/// A worker: decodes lot after lot until the queue closes.
fn work(queue: &Mutex<mpsc::Receiver<Job>>) {
    loop {
        let job = queue.lock().map(|queue| queue.recv());
        let Ok(Ok((lot, answer))) = job else { return };
        let decoded = panic::catch_unwind(AssertUnwindSafe(|| lot.decode()));
        // A reader that stopped early no longer listens.
        let _ = answer.send(decoded);
    }
}

impl Drop for Ahead<'_> {
    /// Closes the queue and waits for the workers, which first decode the
    /// few lots already queued (a reader that stops early wastes at most
    /// those).
    fn drop(&mut self) {
        self.jobs = None;
        for worker in self.workers.drain(..) {
            let _ = worker.join();
        }
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
        let mut ahead = Ahead::new(order.clone(), fetch_named);
        for &id in &order {
            assert_eq!(ahead.next(id).unwrap().source.file, format!("{id}.txt"));
        }
    }

    /// An order pushed as it is learnt, a window ahead of the reader, and
    /// in the end not at all: each id still gets its own report, and lots
    /// are whole while the window is.
    #[test]
    fn an_order_pushed_as_it_goes_is_handed_out_in_turn() {
        let order: Vec<i64> = (0..7 * Ahead::LOT as i64 + 5).rev().collect();
        let lots = std::cell::RefCell::new(Vec::new());
        let mut ahead = Ahead::new([], |ids: &[i64]| {
            lots.borrow_mut().push(ids.len());
            fetch_named(ids)
        });
        let window = ahead.window();
        let mut pending = std::collections::VecDeque::new();
        let mut taken = Vec::new();
        for &id in &order {
            ahead.push(id);
            pending.push_back(id);
            if pending.len() > window {
                let next = pending.pop_front().unwrap();
                taken.push(ahead.next(next).unwrap().source.file);
            }
        }
        for next in pending {
            taken.push(ahead.next(next).unwrap().source.file);
        }
        let expected: Vec<String> = order.iter().map(|id| format!("{id}.txt")).collect();
        assert_eq!(taken, expected);
        drop(ahead);
        let lots = lots.into_inner();
        assert!(
            lots[..lots.len() - 1].iter().all(|&n| n == Ahead::LOT),
            "{lots:?}"
        );
    }

    /// A lot that fails to decode fails the report asked for, not the
    /// process.
    #[test]
    fn a_lot_that_fails_to_decode_is_an_error() {
        let mut ahead = Ahead::new(0..3, |_: &[i64]| {
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

    /// A panic while decoding is the reader's, not a lost thread's.
    #[test]
    #[should_panic(expected = "decoding panicked")]
    fn a_panic_while_decoding_reaches_the_reader() {
        let mut ahead = Ahead::new([1], |_: &[i64]| {
            Ok(Fetched::new(|| panic!("decoding panicked")))
        });
        let _ = ahead.next(1);
    }

    /// A reader that stops early stops the workers: dropping it returns.
    #[test]
    fn a_reader_that_stops_early_stops_the_workers() {
        let mut ahead = Ahead::new(0..10 * Ahead::LOT as i64, fetch_named);
        ahead.next(0).unwrap();
        drop(ahead);
    }

    #[test]
    #[should_panic(expected = "in the order")]
    fn an_id_out_of_order_is_a_bug() {
        let mut ahead = Ahead::new([1, 2], fetch_named);
        let _ = ahead.next(2);
    }
}
