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

/// How many items each worker of [`for_each_ordered`] may be ahead of the
/// consumer: enough that uneven items keep every core busy, few enough that
/// the results held back for order stay a small, fixed amount of memory.
const AHEAD_PER_WORKER: usize = 16;

/// The number of worker threads for `threads` (0 = one per core).
fn workers(threads: usize) -> usize {
    if threads == 0 {
        thread::available_parallelism().map_or(1, |n| n.get())
    } else {
        threads
    }
}

/// Applies `work` to every item on `threads` workers and hands each result to
/// `sink` on the calling thread, in completion order. When `sink` fails, the
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
            scope.spawn(move || loop {
                let index = next.fetch_add(1, Ordering::Relaxed);
                let Some(item) = items.get(index) else { break };
                // A closed channel means the sink gave up: stop taking items.
                if sender.send(work(item)).is_err() {
                    break;
                }
            });
        }
        drop(sender);
        for result in receiver {
            sink(result)?;
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
                let index = next.fetch_add(1, Ordering::Relaxed);
                let Some(item) = items.get(index) else { break };
                // A closed gate or channel means the sink gave up: stop taking items.
                if !gate.enter(index) || sender.send((index, work(item))).is_err() {
                    break;
                }
            });
        }
        drop(sender);
        let mut waiting = BTreeMap::new();
        let mut expected = 0;
        for (index, result) in receiver {
            waiting.insert(index, result);
            while let Some(result) = waiting.remove(&expected) {
                sink(result)?;
                expected += 1;
                gate.handed(expected);
            }
        }
        Ok(())
    })
}

/// Holds workers back until the consumer has taken the results before theirs.
struct Gate {
    /// Results handed to the sink so far, and whether the sink gave up.
    state: Mutex<(usize, bool)>,
    moved: Condvar,
    /// How far past the results handed over an item may be started.
    window: usize,
}

impl Gate {
    fn new(window: usize) -> Gate {
        Gate {
            state: Mutex::new((0, false)),
            moved: Condvar::new(),
            window,
        }
    }

    /// Waits until item `index` may be started; false when the work stopped.
    fn enter(&self, index: usize) -> bool {
        let mut state = self.state.lock().unwrap_or_else(PoisonError::into_inner);
        while !state.1 && index >= state.0 + self.window {
            state = self
                .moved
                .wait(state)
                .unwrap_or_else(PoisonError::into_inner);
        }
        !state.1
    }

    /// `count` results have been handed to the sink.
    fn handed(&self, count: usize) {
        self.state.lock().unwrap_or_else(PoisonError::into_inner).0 = count;
        self.moved.notify_all();
    }
}

/// Closes the gate when the consumer is done, however it ends.
struct StopOnDrop<'g>(&'g Gate);

impl Drop for StopOnDrop<'_> {
    fn drop(&mut self) {
        self.0
            .state
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .1 = true;
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
