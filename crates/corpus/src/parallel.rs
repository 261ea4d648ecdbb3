//! Work on all cores with bounded memory: workers take items in turn and send
//! results through a bounded channel to one consumer (the store's writer), so a
//! slow consumer slows the workers instead of piling results up in memory.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc;
use std::thread;

/// The number of worker threads for `threads` (0 = one per core).
pub fn workers(threads: usize) -> usize {
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

#[cfg(test)]
mod tests {
    use super::*;

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
            |_| {
                taken += 1;
                if taken == 3 {
                    Err("closed")
                } else {
                    Ok(())
                }
            },
        );
        assert_eq!(result, Err("closed"));
        // Bounded channel: the workers did not run through all items.
        assert!(done.load(Ordering::Relaxed) < 100);
    }
}
