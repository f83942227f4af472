package dev.weft.stream;

import dev.weft.future.Context;
import dev.weft.future.Future;
import dev.weft.future.Poll;
import dev.weft.time.MonotonicInstant;
import dev.weft.time.Sleep;
import dev.weft.time.Time;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The combinators of {@link Stream} that use the runtime's clock ({@code throttle}, {@code timeout},
 * {@code chunksTimeout}). Each is owner-confined (one task polls at a time) and must be polled by a task of a
 * Weft runtime with time enabled; each owns at most one timer, which it cancels at {@code End} and on
 * {@code cancel()}.
 */
final class TimeOps {
    private TimeOps() {}

    /** {@link Stream#throttle}: tokio-stream's {@code Throttle}. */
    static final class Throttle<T> implements Stream<T> {
        /*
         * Implementation notes
         *
         * I1. upstream == null iff ended or cancelled; delay is cancelled by then.
         * I2. waiting == true iff an element was yielded and `delay` (deadline = that moment + period) has not
         *     been seen complete yet; while waiting the upstream is not polled (backpressure, nothing dropped).
         */
        private Stream<T> upstream;
        private final Duration period;
        private Sleep delay; // created at the first element, then reset in place
        private boolean waiting;

        Throttle(Stream<T> upstream, Duration period) {
            this.upstream = upstream;
            this.period = period;
        }

        @Override
        public StreamPoll<T> pollNext(Context cx) {
            Stream<T> up = upstream;
            if (up == null) return StreamPoll.end();
            if (waiting) {
                if (delay.poll(cx).isPending()) return StreamPoll.pending();
                waiting = false;
            }
            StreamPoll<T> p = up.pollNext(cx);
            if (p instanceof StreamPoll.Item) {
                if (!period.isZero()) {
                    MonotonicInstant next = Time.now(cx).plus(period);
                    if (delay == null) delay = Time.sleepUntil(next);
                    else delay.reset(next);
                    waiting = true;
                }
            } else if (p instanceof StreamPoll.End) {
                release();
            }
            return p;
        }

        private void release() {
            upstream = null;
            waiting = false;
            if (delay != null) delay.cancel();
        }

        @Override
        public void cancel() {
            Stream<T> up = upstream;
            if (up == null) return;
            release();
            up.cancel();
        }
    }

    /**
     * Polls the upstream once as a future: {@code Ready} with an {@code Item} or {@code End}. Cancelling it does
     * nothing (the upstream belongs to the enclosing stream), so it may be handed to {@link Time#timeout}.
     */
    private record NextPoll<T>(Stream<T> upstream) implements Future<StreamPoll<T>> {
        @Override
        public Poll<StreamPoll<T>> poll(Context cx) {
            StreamPoll<T> p = upstream.pollNext(cx);
            return p.isPending() ? Poll.pending() : Poll.ready(p);
        }
    }

    /** {@link Stream#timeout}: fails with {@code TimeoutElapsedException} when an element takes too long. */
    static final class TimeoutEach<T> implements Stream<T> {
        /*
         * Implementation notes
         *
         * I1. upstream == null iff ended, failed or cancelled; `current` is null by then.
         * I2. current is the Time.timeout for the element being waited for; it is made at the first poll after
         *     the previous element (so its clock starts then) and dropped when it completes.
         */
        private Stream<T> upstream;
        private final Duration limit;
        private Future<StreamPoll<T>> current;

        TimeoutEach(Stream<T> upstream, Duration limit) {
            this.upstream = upstream;
            this.limit = limit;
        }

        @Override
        public StreamPoll<T> pollNext(Context cx) {
            Stream<T> up = upstream;
            if (up == null) return StreamPoll.end();
            Future<StreamPoll<T>> f = current;
            if (f == null) current = f = Time.timeout(limit, new NextPoll<>(up));
            Poll<StreamPoll<T>> p;
            try {
                p = f.poll(cx);
            } catch (RuntimeException e) { // TimeoutElapsedException, or a failure of the upstream
                current = null;
                upstream = null;
                up.cancel(); // the stream is over: release the chain now, before the failure travels on
                throw e;
            }
            if (!(p instanceof Poll.Ready<StreamPoll<T>>(var out))) return StreamPoll.pending();
            current = null;
            if (out instanceof StreamPoll.End) upstream = null;
            return out;
        }

        @Override
        public void cancel() {
            Stream<T> up = upstream;
            if (up == null) return;
            upstream = null;
            Future<?> f = current;
            current = null;
            if (f != null) f.cancel(); // removes the timer; NextPoll's cancel leaves the upstream alone
            up.cancel();
        }
    }

    /** {@link Stream#chunksTimeout}: tokio-stream's {@code ChunksTimeout}. */
    static final class ChunksTimeout<T> implements Stream<List<T>> {
        /*
         * Implementation notes
         *
         * I1. upstream == null iff ended or cancelled; buffer is null and delay cancelled by then.
         * I2. buffer != null iff the current chunk has at least one element; then delay's deadline is the
         *     instant its first element arrived plus `window`.
         */
        private Stream<T> upstream;
        private final int size;
        private final Duration window;
        private ArrayList<T> buffer;
        private Sleep delay; // created with the first chunk, then reset in place

        ChunksTimeout(Stream<T> upstream, int size, Duration window) {
            this.upstream = upstream;
            this.size = size;
            this.window = window;
        }

        @Override
        public StreamPoll<List<T>> pollNext(Context cx) {
            Stream<T> up = upstream;
            if (up == null) return StreamPoll.end();
            for (;;) {
                StreamPoll<T> p = up.pollNext(cx);
                if (p instanceof StreamPoll.Item<T> item) {
                    ArrayList<T> b = buffer;
                    if (b == null) {
                        buffer = b = new ArrayList<>(Math.min(size, 1024));
                        MonotonicInstant deadline = Time.now(cx).plus(window); // I2
                        if (delay == null) delay = Time.sleepUntil(deadline);
                        else delay.reset(deadline);
                    }
                    b.add(item.value());
                    if (b.size() == size) return emit();
                } else if (p instanceof StreamPoll.End) {
                    ArrayList<T> b = buffer;
                    buffer = null;
                    upstream = null;
                    if (delay != null) delay.cancel();
                    return b == null ? StreamPoll.end() : new StreamPoll.Item<>(b);
                } else {
                    if (buffer == null) return StreamPoll.pending();
                    if (delay.poll(cx).isPending()) return StreamPoll.pending();
                    return emit(); // the window of the first element has passed: flush the partial chunk
                }
            }
        }

        private StreamPoll<List<T>> emit() {
            ArrayList<T> b = buffer;
            buffer = null;
            delay.cancel(); // no chunk is open: no timer either
            return new StreamPoll.Item<>(b);
        }

        @Override
        public void cancel() {
            Stream<T> up = upstream;
            if (up == null) return;
            upstream = null;
            buffer = null;
            if (delay != null) delay.cancel();
            up.cancel();
        }
    }
}
