//! Work on all cores. [`for_each`] has bounded memory: workers take items in
//! turn and send results through a bounded channel to one consumer (the store's
//! writer), so a slow consumer slows the workers instead of piling results up.
//! [`for_each_ordered`] hands results over in input order (for output).

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc;
use std::thread;

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
    thread::scope(|scope| {
        let (sender, receiver) = mpsc::channel();
        for _ in 0..threads {
            let sender = sender.clone();
            let (next, work) = (&next, &work);
            scope.spawn(move || loop {
                let index = next.fetch_add(1, Ordering::Relaxed);
                let Some(item) = items.get(index) else { break };
                // A closed channel means the sink gave up: stop taking items.
                if sender.send((index, work(item))).is_err() {
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
            }
        }
        Ok(())
    })
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

    #[test]
    fn a_failing_sink_stops_the_batch() {
        let items: Vec<u32> = (0..1000).collect();
        let mut taken = 0;
        let result = for_each_ordered(&items, |&i| i, closing_at_third(&mut taken));
        assert_eq!(result, Err("closed"));
        assert_eq!(taken, 3);
    }
}
