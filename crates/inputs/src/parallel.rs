//! Work on all cores, results in input order. [`for_each_ordered`] hands
//! results over in the order of the items, so that what a command prints or
//! stores does not depend on scheduling, and its workers run at most a fixed
//! number of items ahead of the consumer: a slow consumer (the store's writer)
//! slows the workers instead of piling results up, and one slow item does not
//! let thousands of finished results pile up behind it.

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{mpsc, Condvar, Mutex, PoisonError};
use std::thread;

/// How many items each worker of [`for_each_ordered`] may be ahead of the
/// consumer: enough that uneven items keep every core busy, few enough that
/// the results held back for order stay a small, fixed amount of memory.
const AHEAD_PER_WORKER: usize = 16;

/// How many consecutive items a worker of [`for_each_ordered`] takes at a
/// time and hands over together: a quick item (a result found in the cache, a
/// file stored before) costs less than waking the consumer for it, and a slow
/// one holds back at most three others.
const CHUNK: usize = 4;

/// The number of worker threads for `threads` (0 = one per core).
fn workers(threads: usize) -> usize {
    if threads == 0 {
        thread::available_parallelism().map_or(1, |n| n.get())
    } else {
        threads
    }
}

/// Applies `work` to every item on `threads` workers (0 = one per core) and
/// hands each result to `sink` on the calling thread in the order of `items`,
/// so that output does not depend on scheduling. Stops early (and lets the
/// workers finish their current item) when `sink` fails, e.g. because stdout
/// was closed or the store's writer stopped.
pub fn for_each_ordered<T, R, E>(
    items: &[T],
    threads: usize,
    work: impl Fn(&T) -> R + Sync,
    mut sink: impl FnMut(R) -> Result<(), E>,
) -> Result<(), E>
where
    T: Sync,
    R: Send,
{
    let threads = workers(threads).min(items.len());
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
    fn a_failing_sink_stops_the_work() {
        let items: Vec<u32> = (0..10_000).collect();
        let done = AtomicUsize::new(0);
        let mut taken = 0;
        let result = for_each_ordered(
            &items,
            2,
            |&i| {
                done.fetch_add(1, Ordering::Relaxed);
                i
            },
            closing_at_third(&mut taken),
        );
        assert_eq!(result, Err("closed"));
        // The gate: the workers did not run through all items.
        assert!(done.load(Ordering::Relaxed) < 100);
    }

    /// However many workers are asked for, each item is handed over once,
    /// in order.
    #[test]
    fn any_number_of_workers_hands_every_item_over_in_order() {
        let items: Vec<u32> = (0..500).collect();
        for threads in [0, 1, 2, 3, 8] {
            let mut seen = Vec::new();
            for_each_ordered(
                &items,
                threads,
                |&i| i * 2,
                |r| {
                    seen.push(r);
                    Ok::<(), ()>(())
                },
            )
            .unwrap();
            let doubled: Vec<u32> = items.iter().map(|i| i * 2).collect();
            assert_eq!(seen, doubled, "{threads} workers");
        }
    }

    #[test]
    fn results_arrive_in_input_order() {
        let items: Vec<u64> = (0..200).collect();
        let mut seen = Vec::new();
        for_each_ordered(
            &items,
            0,
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
                0,
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
            0,
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
                0,
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
        let result = for_each_ordered(&items, 0, |&i| i, closing_at_third(&mut taken));
        assert_eq!(result, Err("closed"));
        assert_eq!(taken, 3);
    }
}
