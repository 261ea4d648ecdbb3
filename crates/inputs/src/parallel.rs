//! Work on all cores. [`for_each`] has bounded memory: workers take items in
//! turn and send results through a bounded channel to one consumer (the store's
//! writer), so a slow consumer slows the workers instead of piling results up.
//! [`for_each_ordered`] hands results over in input order (for output), and its
//! workers run at most a fixed number of items ahead of the consumer, so that
//! one slow item does not let thousands of finished results pile up behind it.

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{mpsc, Condvar, Mutex, PoisonError};
use std::thread;
use std::time::{Duration, Instant};

/// How many items each worker of [`for_each_ordered`] may be ahead of the
/// consumer: enough that uneven items keep every core busy, few enough that
/// the results held back for order stay a small, fixed amount of memory.
const AHEAD_PER_WORKER: usize = 16;

/// How many consecutive items a worker of [`for_each_ordered`] takes at a
/// time and hands over together (and how many quick items one of
/// [`for_each`] gathers): a quick item (a result found in the cache)
/// costs less than waking the consumer for it, and a slow one holds back at
/// most three others.
const CHUNK: usize = 4;

/// How long an item of [`for_each`] may take and still be gathered with the
/// next ones before they are handed over together (up to [`CHUNK`]): an item
/// found done already (a file stored before: read and hashed) costs less than
/// waking the consumer, which was a fifth of a re-run that finds nothing new.
/// A slower item (a report extracted) goes at once, so that what waits in the
/// channel stays what it was: a few results per worker.
const QUICK: Duration = Duration::from_micros(200);

/// The number of worker threads for `threads` (0 = one per core).
fn workers(threads: usize) -> usize {
    if threads == 0 {
        thread::available_parallelism().map_or(1, |n| n.get())
    } else {
        threads
    }
}

/// Applies `work` to every item on `threads` workers and hands each result to
/// `sink` on the calling thread, in completion order (a worker hands results
/// that took under 200 µs over four at a time). When `sink` fails, the
/// workers stop after their current item and the error is returned.
pub fn for_each<T, R, E>(
    items: &[T],
    threads: usize,
    work: impl Fn(&T) -> R + Sync,
    mut sink: impl FnMut(R) -> Result<(), E>,
) -> Result<(), E>
where
    T: Sync,
    R: Send,
{
    let threads = workers(threads).min(items.len()).max(1);
    let next = AtomicUsize::new(0);
    thread::scope(|scope| {
        let (sender, receiver) = mpsc::sync_channel(threads * 4);
        for _ in 0..threads {
            let sender = sender.clone();
            let (next, work) = (&next, &work);
            scope.spawn(move || {
                let mut gathered = Vec::with_capacity(CHUNK);
                loop {
                    let index = next.fetch_add(1, Ordering::Relaxed);
                    let Some(item) = items.get(index) else { break };
                    let started = Instant::now();
                    gathered.push(work(item));
                    if gathered.len() < CHUNK && started.elapsed() < QUICK {
                        continue;
                    }
                    let full = std::mem::replace(&mut gathered, Vec::with_capacity(CHUNK));
                    // A closed channel means the sink gave up: stop taking items.
                    if sender.send(full).is_err() {
                        return;
                    }
                }
                if !gathered.is_empty() {
                    let _ = sender.send(gathered);
                }
            });
        }
        drop(sender);
        for results in receiver {
            for result in results {
                sink(result)?;
            }
        }
        Ok(())
    })
}

/// Applies `work` to every item on up to all cores and hands each result to
/// `sink` in the order of `items`, so that output does not depend on scheduling.
/// Stops early (and lets the workers finish their current item) when `sink`
/// fails, e.g. because stdout was closed.
pub fn for_each_ordered<T, R, E>(
    items: &[T],
    work: impl Fn(&T) -> R + Sync,
    mut sink: impl FnMut(R) -> Result<(), E>,
) -> Result<(), E>
where
    T: Sync,
    R: Send,
{
    let threads = thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(items.len());
    if threads <= 1 {
        return items.iter().try_for_each(|item| sink(work(item)));
    }
    let next = AtomicUsize::new(0);
    let gate = Gate::new(threads * AHEAD_PER_WORKER);
    thread::scope(|scope| {
        // However the consumer leaves (an error, a panic), waiting workers go.
        let _stop = StopOnDrop(&gate);
        let (sender, receiver) = mpsc::channel();
        for _ in 0..threads {
            let sender = sender.clone();
            let (next, work, gate) = (&next, &work, &gate);
            scope.spawn(move || loop {
                let start = next.fetch_add(CHUNK, Ordering::Relaxed);
                let Some(chunk) = items.get(start..).filter(|rest| !rest.is_empty()) else {
                    break;
                };
                let chunk = &chunk[..chunk.len().min(CHUNK)];
                // A closed gate or channel means the sink gave up: stop taking items.
                if !gate.enter(start + chunk.len() - 1) {
                    break;
                }
                let results: Vec<R> = chunk.iter().map(work).collect();
                if sender.send((start, results)).is_err() {
                    break;
                }
            });
        }
        drop(sender);
        let mut waiting = BTreeMap::new();
        let mut expected = 0;
        for (start, results) in receiver {
            waiting.insert(start, results);
            while let Some(results) = waiting.remove(&expected) {
                for result in results {
                    sink(result)?;
                    expected += 1;
                }
                gate.handed(expected);
            }
        }
        Ok(())
    })
}

/// Holds workers back until the consumer has taken the results before theirs.
struct Gate {
    state: Mutex<GateState>,
    moved: Condvar,
    /// How far past the results handed over an item may be started.
    window: usize,
}

struct GateState {
    /// Results handed to the sink so far.
    handed: usize,
    /// Whether the sink gave up.
    stopped: bool,
    /// Workers waiting to start an item: the consumer wakes them only when
    /// there are any (most results are handed over with none waiting, and a
    /// wake is a system call).
    waiting: usize,
}

impl Gate {
    fn new(window: usize) -> Gate {
        Gate {
            state: Mutex::new(GateState {
                handed: 0,
                stopped: false,
                waiting: 0,
            }),
            moved: Condvar::new(),
            window,
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, GateState> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Waits until item `index` may be started; false when the work stopped.
    fn enter(&self, index: usize) -> bool {
        let mut state = self.lock();
        while !state.stopped && index >= state.handed + self.window {
            state.waiting += 1;
            state = self
                .moved
                .wait(state)
                .unwrap_or_else(PoisonError::into_inner);
            state.waiting -= 1;
        }
        !state.stopped
    }

    /// `count` results have been handed to the sink.
    fn handed(&self, count: usize) {
        let mut state = self.lock();
        state.handed = count;
        if state.waiting > 0 {
            drop(state);
            self.moved.notify_all();
        }
    }
}

/// Closes the gate when the consumer is done, however it ends.
struct StopOnDrop<'g>(&'g Gate);

impl Drop for StopOnDrop<'_> {
    fn drop(&mut self) {
        self.0.lock().stopped = true;
        self.0.moved.notify_all();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A sink that fails on the third result (stdout closed), counting in `taken`.
    fn closing_at_third(taken: &mut usize) -> impl FnMut(u32) -> Result<(), &'static str> + '_ {
        move |_| {
            *taken += 1;
            if *taken == 3 {
                Err("closed")
            } else {
                Ok(())
            }
        }
    }

    #[test]
    fn every_item_is_handed_over_once() {
        let items: Vec<u32> = (0..500).collect();
        let mut seen = Vec::new();
        for_each(
            &items,
            3,
            |&i| i * 2,
            |r| {
                seen.push(r);
                Ok::<(), ()>(())
            },
        )
        .unwrap();
        seen.sort();
        assert_eq!(seen, items.iter().map(|i| i * 2).collect::<Vec<_>>());
    }

    #[test]
    fn quick_and_slow_items_are_each_handed_over_once() {
        let items: Vec<u32> = (0..50).collect();
        let mut seen = Vec::new();
        for_each(
            &items,
            1,
            |&i| {
                if i % 7 == 0 {
                    thread::sleep(QUICK * 2);
                }
                i
            },
            |r| {
                seen.push(r);
                Ok::<(), ()>(())
            },
        )
        .unwrap();
        seen.sort();
        assert_eq!(seen, items);
    }

    /// A slow item is not held back to be gathered with the next: the one
    /// worker waits, in its next item, until the consumer has the slow one.
    #[test]
    fn a_slow_item_is_handed_over_at_once() {
        let items: Vec<u32> = (0..4).collect();
        let received = std::sync::atomic::AtomicBool::new(false);
        let mut seen = Vec::new();
        for_each(
            &items,
            1,
            |&i| {
                if i == 0 {
                    thread::sleep(QUICK * 2);
                    return true;
                }
                let waiting = Instant::now();
                while !received.load(Ordering::Acquire) {
                    if waiting.elapsed() > Duration::from_secs(10) {
                        return false;
                    }
                    thread::yield_now();
                }
                true
            },
            |handed_over_in_time| {
                received.store(true, Ordering::Release);
                seen.push(handed_over_in_time);
                Ok::<(), ()>(())
            },
        )
        .unwrap();
        assert_eq!(seen, [true; 4]);
    }

    #[test]
    fn a_failing_sink_stops_the_work() {
        let items: Vec<u32> = (0..10_000).collect();
        let done = AtomicUsize::new(0);
        let mut taken = 0;
        let result = for_each(
            &items,
            2,
            |&i| {
                done.fetch_add(1, Ordering::Relaxed);
                i
            },
            closing_at_third(&mut taken),
        );
        assert_eq!(result, Err("closed"));
        // Bounded channel: the workers did not run through all items.
        assert!(done.load(Ordering::Relaxed) < 100);
    }

    #[test]
    fn results_arrive_in_input_order() {
        let items: Vec<u64> = (0..200).collect();
        let mut seen = Vec::new();
        for_each_ordered(
            &items,
            |&i| {
                // Uneven work so that workers finish out of order.
                thread::sleep(std::time::Duration::from_micros((200 - i) * 10));
                i * 2
            },
            |r| {
                seen.push(r);
                Ok::<(), ()>(())
            },
        )
        .unwrap();
        assert_eq!(seen, items.iter().map(|i| i * 2).collect::<Vec<_>>());
    }

    /// Items are taken in chunks: a batch that is not a whole number of them
    /// still arrives whole, once each, in order.
    #[test]
    fn batches_of_any_length_arrive_whole_and_in_order() {
        for len in [0, 1, 2, CHUNK - 1, CHUNK, CHUNK + 1, 7 * CHUNK + 3, 1001] {
            let items: Vec<usize> = (0..len).collect();
            let mut seen = Vec::new();
            for_each_ordered(
                &items,
                |&i| i + 1,
                |r| {
                    seen.push(r);
                    Ok::<(), ()>(())
                },
            )
            .unwrap();
            assert_eq!(seen, (1..=len).collect::<Vec<_>>(), "{len} items");
        }
    }

    /// While the first item is slow, the others finish but are held for
    /// order: the workers must not run through the whole batch meanwhile.
    #[test]
    fn workers_wait_for_a_slow_item_instead_of_piling_results_up() {
        let items: Vec<u64> = (0..5_000).collect();
        let started = AtomicUsize::new(0);
        let started_while_first_ran = AtomicUsize::new(0);
        let mut seen = 0;
        for_each_ordered(
            &items,
            |&i| {
                started.fetch_add(1, Ordering::SeqCst);
                if i == 0 {
                    thread::sleep(std::time::Duration::from_millis(200));
                    started_while_first_ran.store(started.load(Ordering::SeqCst), Ordering::SeqCst);
                }
                i
            },
            |r| {
                assert_eq!(r, seen);
                seen += 1;
                Ok::<(), ()>(())
            },
        )
        .unwrap();
        assert_eq!(seen, 5_000);
        let threads = thread::available_parallelism().map_or(1, |n| n.get());
        let most = threads * AHEAD_PER_WORKER + threads;
        let started = started_while_first_ran.load(Ordering::SeqCst);
        assert!(
            started <= most,
            "{started} items started, at most {most} expected"
        );
        assert!(started < items.len() / 2, "{started} items started");
    }

    #[test]
    fn a_sink_that_panics_does_not_leave_workers_waiting() {
        let items: Vec<u32> = (0..5_000).collect();
        let outcome = std::panic::catch_unwind(|| {
            for_each_ordered(
                &items,
                |&i| i,
                |r| {
                    assert!(r < 10, "the sink gives up");
                    Ok::<(), ()>(())
                },
            )
        });
        assert!(outcome.is_err());
    }

    #[test]
    fn a_failing_sink_stops_the_batch() {
        let items: Vec<u32> = (0..1000).collect();
        let mut taken = 0;
        let result = for_each_ordered(&items, |&i| i, closing_at_third(&mut taken));
        assert_eq!(result, Err("closed"));
        assert_eq!(taken, 3);
    }
}
