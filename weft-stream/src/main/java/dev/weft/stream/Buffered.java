package dev.weft.stream;

import dev.weft.future.Context;
import dev.weft.future.Future;
import java.util.Objects;

/**
 * {@link Streams#buffered} and {@link Streams#bufferUnordered}: up to {@code n} futures of the upstream in flight,
 * yielded in upstream order or in completion order.
 */
final class Buffered<T> implements Stream<T> {
    /*
     * Implementation notes (single owner: everything here is touched by the polling thread only)
     *
     * I1. Futures taken from the upstream get consecutive sequence numbers; `inFlight` counts those taken and not
     *     yet yielded (running, or completed and waiting for their turn). inFlight <= window at all times.
     * I2. Ordered mode: a completed value waits in results[seq % n] until seq == nextOut. By I1 no two waiting
     *     values share a cell.
     * I3. The upstream is polled only while inFlight < n (backpressure), and never after its End.
     */
    /** Ordered mode keeps a ring of this many cells at most; a larger n runs this many futures at once. */
    static final int MAX_ORDERED_WINDOW = 1 << 16;

    private Stream<? extends Future<? extends T>> upstream; // null after End or cancel
    private final FuturesSet<T> set = new FuturesSet<>();
    private final int window; // n, capped at MAX_ORDERED_WINDOW in ordered mode
    private final boolean ordered;
    private final Object[] results; // ordered mode only
    private long nextIn;
    private long nextOut;
    private int inFlight;
    private boolean cancelled;

    Buffered(Stream<? extends Future<? extends T>> upstream, int n, boolean ordered) {
        this.upstream = upstream;
        this.ordered = ordered;
        this.window = ordered ? Math.min(n, MAX_ORDERED_WINDOW) : n;
        this.results = ordered ? new Object[window] : null;
    }

    @Override
    public StreamPoll<T> pollNext(Context cx) {
        if (cancelled) return StreamPoll.end();
        Stream<? extends Future<? extends T>> up = upstream;
        while (up != null && inFlight < window) { // I3
            StreamPoll<? extends Future<? extends T>> p = up.pollNext(cx);
            if (p instanceof StreamPoll.Item<? extends Future<? extends T>> item) {
                set.push(Objects.requireNonNull(item.value(), "buffered: the upstream yielded a null future"), nextIn++);
                inFlight++;
            } else {
                if (p instanceof StreamPoll.End) upstream = up = null;
                break;
            }
        }
        if (ordered) {
            T ready = takeInOrder();
            if (ready != null) return new StreamPoll.Item<>(ready);
        }
        for (;;) {
            FuturesSet.Slot<T> done = set.pollCompleted(cx);
            if (done == null) break;
            T v = done.value;
            if (v == null) throw new NullPointerException("buffered: a future completed with null (expected: non-null)");
            if (!ordered) {
                inFlight--;
                return new StreamPoll.Item<>(v);
            }
            results[slot(done.seq)] = v; // I2
            T ready = takeInOrder();
            if (ready != null) return new StreamPoll.Item<>(ready);
        }
        if (upstream == null && inFlight == 0) return StreamPoll.end();
        return StreamPoll.pending();
    }

    private int slot(long seq) {
        return (int) (seq % results.length);
    }

    @SuppressWarnings("unchecked")
    private T takeInOrder() {
        if (inFlight == 0) return null;
        int i = slot(nextOut);
        Object v = results[i];
        if (v == null) return null;
        results[i] = null;
        nextOut++;
        inFlight--;
        return (T) v;
    }

    @Override
    public void cancel() {
        if (cancelled) return;
        cancelled = true;
        Stream<?> up = upstream;
        upstream = null;
        if (results != null) java.util.Arrays.fill(results, null);
        try {
            set.cancelAll();
        } finally {
            if (up != null) up.cancel();
        }
    }
}
