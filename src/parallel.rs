//! Layer 0 (foundations): Work on both cores: a chunked queue over items of uneven size, used
//! by the engine (chapters) and by the book JSON writer (escaping).

/// Below this many bytes of chapters with shortcodes, threads cost more
/// than they save.
const PARALLEL_MIN_BYTES: usize = 1 << 20;

/// Runs `f` on every item, on up to as many threads as the machine has
/// cores when the work is large (the calling thread is one of them). The
/// items are cut into contiguous chunks of about equal weight (bytes to
/// process), several per thread, and each thread takes the next chunk when
/// it is done with one: a thread slowed down by other processes on the
/// machine does less of the work instead of holding up the rest.
pub(crate) fn par_for_each<T: Send>(
    items: &mut [T],
    weights: &[usize],
    f: impl Fn(usize, &mut T) + Sync,
) {
    let total: usize = weights.iter().sum();
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    if total < PARALLEL_MIN_BYTES || threads < 2 || items.len() < 2 {
        for (i, item) in items.iter_mut().enumerate() {
            f(i, item);
        }
        return;
    }
    // Eight chunks per thread, each at least 64 KiB of work.
    let share = (total / (threads * 8)).max(1 << 16);
    let mut chunks = Vec::new();
    let mut rest = items;
    let mut start = 0;
    while !rest.is_empty() {
        let mut acc = 0;
        let mut len = 0;
        while len < rest.len() && (len == 0 || acc < share) {
            acc += weights[start + len];
            len += 1;
        }
        let (chunk, tail) = rest.split_at_mut(len);
        chunks.push((start, chunk));
        rest = tail;
        start += len;
    }
    let queue = std::sync::Mutex::new(chunks.into_iter());
    let work = || {
        loop {
            let next = queue.lock().map(|mut q| q.next());
            let Ok(Some((first, chunk))) = next else {
                return;
            };
            for (j, item) in chunk.iter_mut().enumerate() {
                f(first + j, item);
            }
        }
    };
    std::thread::scope(|scope| {
        for _ in 1..threads {
            scope.spawn(work);
        }
        work();
    });
}
