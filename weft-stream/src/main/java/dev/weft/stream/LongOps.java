package dev.weft.stream;

import dev.weft.future.Context;
import dev.weft.future.Future;
import dev.weft.future.Poll;
import java.util.function.LongBinaryOperator;
import java.util.function.LongConsumer;
import java.util.function.LongPredicate;
import java.util.function.LongUnaryOperator;

/**
 * The sources, stages and terminals of {@link LongStream}. A stage wraps the downstream sink in its own sink
 * object, made once per drain call (not per element), so the source's loop inlines every stage's sink; the
 * stateless stages take their sink class by chain position ({@link LongSinks} says why).
 */
final class LongOps {
    private LongOps() {}

    /** {@link LongStream#range}: the loop that every ready pipeline runs in. */
    static final class Range implements LongStream {
        private long next;
        private final long end;
        private int credit;

        Range(long from, long to) {
            this.next = from;
            this.end = to;
        }

        @Override
        public Drained drain(Context cx, LongSink sink) {
            long n = next;
            final long e = end;
            int c = credit; // elements already paid for by the last budget unit taken
            try {
                while (n < e) {
                    if (c == 0) { // one budget unit per ITEMS_PER_BUDGET_UNIT elements
                        if (!cx.consumeBudget()) return Drained.PENDING; // the task was woken: it yields
                        c = Streams.ITEMS_PER_BUDGET_UNIT;
                    }
                    // the paid-for stretch as a counted inner loop: no budget test per element
                    long stop = e - n > c ? n + c : e;
                    c -= (int) (stop - n);
                    for (; n < stop; ) {
                        if (!sink.accept(n++)) {
                            c += (int) (stop - n); // the elements not pushed stay paid for
                            return Drained.SINK_FULL;
                        }
                    }
                }
                return Drained.END;
            } finally {
                next = n;
                credit = c;
            }
        }

        @Override
        public void cancel() {
            next = end;
        }
    }

    /**
     * A synchronous stage that fuses into its upstream's loop: it keeps the upstream and its own position in the
     * chain (one sink class per position, LongSinks), and cancelling it cancels the upstream.
     */
    abstract static class SyncStage implements LongStream, LongSinks.Positioned {
        final LongStream upstream;
        final int position;

        SyncStage(LongStream upstream) {
            this.upstream = upstream;
            this.position = LongSinks.positionAfter(upstream);
        }

        @Override
        public final int position() {
            return position;
        }

        @Override
        public final void cancel() {
            upstream.cancel();
        }
    }

    /** {@link LongStream#map}. */
    static final class Map extends SyncStage {
        private final LongUnaryOperator f;

        Map(LongStream upstream, LongUnaryOperator f) {
            super(upstream);
            this.f = f;
        }

        @Override
        public Drained drain(Context cx, LongSink sink) {
            return upstream.drain(cx, LongSinks.map(position, f, sink));
        }
    }

    /** {@link LongStream#filter}. */
    static final class Filter extends SyncStage {
        private final LongPredicate predicate;

        Filter(LongStream upstream, LongPredicate predicate) {
            super(upstream);
            this.predicate = predicate;
        }

        @Override
        public Drained drain(Context cx, LongSink sink) {
            return upstream.drain(cx, LongSinks.filter(position, predicate, sink));
        }
    }

    /** {@link LongStream#take}. */
    static final class Take implements LongStream {
        private LongStream upstream; // null once ended or cancelled
        private long remaining;

        Take(LongStream upstream, long n) {
            this.upstream = upstream;
            this.remaining = n;
        }

        @Override
        public Drained drain(Context cx, LongSink sink) {
            LongStream up = upstream;
            if (up == null) return Drained.END;
            if (remaining == 0) {
                cancel();
                return Drained.END;
            }
            boolean[] downFull = new boolean[1];
            Drained d = up.drain(cx, v -> {
                remaining--;
                if (!sink.accept(v)) downFull[0] = true;
                return remaining > 0 && !downFull[0];
            });
            if (remaining == 0) {
                cancel();
                return downFull[0] ? Drained.SINK_FULL : Drained.END;
            }
            if (d == Drained.END) upstream = null;
            return d;
        }

        @Override
        public void cancel() {
            LongStream up = upstream;
            upstream = null;
            if (up != null) up.cancel();
        }
    }

    /** {@link LongStream#takeWhile}: declines the first failing element, then cancels the upstream. */
    static final class TakeWhile implements LongStream {
        private LongStream upstream; // null once ended or cancelled
        private final LongPredicate predicate;
        private boolean failed;

        TakeWhile(LongStream upstream, LongPredicate predicate) {
            this.upstream = upstream;
            this.predicate = predicate;
        }

        @Override
        public Drained drain(Context cx, LongSink sink) {
            LongStream up = upstream;
            if (up == null) return Drained.END;
            Drained d = up.drain(cx, v -> {
                if (predicate.test(v)) return sink.accept(v);
                failed = true; // not passed on: the stream ends before it
                return false;
            });
            if (failed) { // cancel the upstream outside its loop
                cancel();
                return Drained.END;
            }
            if (d == Drained.END) upstream = null;
            return d;
        }

        @Override
        public void cancel() {
            LongStream up = upstream;
            upstream = null;
            if (up != null) up.cancel();
        }
    }

    /** {@link LongStream#skip}. */
    static final class Skip implements LongStream {
        private final LongStream upstream;
        private long remaining;

        Skip(LongStream upstream, long n) {
            this.upstream = upstream;
            this.remaining = n;
        }

        @Override
        public Drained drain(Context cx, LongSink sink) {
            if (remaining == 0) return upstream.drain(cx, sink); // nothing left to skip: no stage at all
            return upstream.drain(cx, v -> {
                if (remaining == 0) return sink.accept(v);
                remaining--;
                return true;
            });
        }

        @Override
        public void cancel() {
            upstream.cancel();
        }
    }

    /** {@link LongStream#inspect}. */
    static final class Inspect extends SyncStage {
        private final LongConsumer action;

        Inspect(LongStream upstream, LongConsumer action) {
            super(upstream);
            this.action = action;
        }

        @Override
        public Drained drain(Context cx, LongSink sink) {
            return upstream.drain(cx, LongSinks.inspect(position, action, sink));
        }
    }

    /** {@link LongStream#mapToObj}. */
    static final class MapToObj<U> implements Push.Pushable<U>, LongStream.LongSink {
        private LongStream upstream; // null once ended or cancelled
        private final java.util.function.LongFunction<? extends U> f;
        private U value;

        MapToObj(LongStream upstream, java.util.function.LongFunction<? extends U> f) {
            this.upstream = upstream;
            this.f = f;
        }

        @Override
        public StreamPoll<U> pollNext(Context cx) {
            LongStream up = upstream;
            if (up == null) return StreamPoll.end();
            return switch (up.drain(cx, this)) {
                case SINK_FULL -> {
                    U u = value;
                    value = null;
                    yield new StreamPoll.Item<>(u);
                }
                case END -> {
                    upstream = null;
                    yield StreamPoll.end();
                }
                case PENDING -> StreamPoll.pending();
            };
        }

        /** The pull path's sink: keeps one element and stops the drain. */
        @Override
        public boolean accept(long v) {
            value = Push.nonNull(f.apply(v), "mapToObj(f): f");
            return false;
        }

        @Override
        public LongStream.Drained drain(Context cx, Push.Sink<? super U> sink) {
            LongStream up = upstream;
            if (up == null) return LongStream.Drained.END;
            LongStream.Drained d = up.drain(cx, v -> sink.accept(Push.nonNull(f.apply(v), "mapToObj(f): f")));
            if (d == LongStream.Drained.END) upstream = null;
            return d;
        }

        @Override
        public void cancel() {
            LongStream up = upstream;
            upstream = null;
            value = null;
            if (up != null) up.cancel();
        }
    }

    /** {@link LongStream#boxed}: pulls one element per poll, or pushes a ready stretch (one box each). */
    static final class Boxed implements Push.Pushable<Long>, LongStream.LongSink {
        private LongStream upstream; // null once ended or cancelled
        private long value;

        Boxed(LongStream upstream) {
            this.upstream = upstream;
        }

        @Override
        public boolean accept(long v) {
            value = v;
            return false;
        }

        @Override
        public StreamPoll<Long> pollNext(Context cx) {
            LongStream up = upstream;
            if (up == null) return StreamPoll.end();
            return switch (up.drain(cx, this)) {
                case SINK_FULL -> new StreamPoll.Item<>(value);
                case END -> {
                    upstream = null;
                    yield StreamPoll.end();
                }
                case PENDING -> StreamPoll.pending();
            };
        }

        @Override
        public LongStream.Drained drain(Context cx, Push.Sink<? super Long> sink) {
            LongStream up = upstream;
            if (up == null) return LongStream.Drained.END;
            LongStream.Drained d = up.drain(cx, sink::accept);
            if (d == LongStream.Drained.END) upstream = null;
            return d;
        }

        @Override
        public void cancel() {
            LongStream up = upstream;
            upstream = null;
            if (up != null) up.cancel();
        }
    }

    /** {@link Stream#mapToLong}: a boxed stream as a primitive one (pulls element by element). */
    static final class Unboxed<T> implements LongStream {
        private final Stream<T> upstream;
        private final java.util.function.ToLongFunction<? super T> f;

        Unboxed(Stream<T> upstream, java.util.function.ToLongFunction<? super T> f) {
            this.upstream = upstream;
            this.f = f;
        }

        @Override
        public Drained drain(Context cx, LongSink sink) {
            // pushed by a ready upstream chain (no Item per element), else polled element by element
            return Push.drain(upstream, cx, value -> sink.accept(f.applyAsLong(value)));
        }

        @Override
        public void cancel() {
            upstream.cancel();
        }
    }

    /** {@link LongStream#fold}. */
    static final class Fold implements Future<Long>, LongStream.LongSink {
        private LongStream stream; // null once complete or cancelled
        private final LongBinaryOperator f;
        private long acc;

        Fold(LongStream stream, long initial, LongBinaryOperator f) {
            this.stream = stream;
            this.acc = initial;
            this.f = f;
        }

        @Override
        public boolean accept(long value) {
            acc = f.applyAsLong(acc, value);
            return true;
        }

        @Override
        public Poll<Long> poll(Context cx) {
            LongStream s = stream;
            if (s == null) throw Terminals.pollAfterCompletion("LongStream.fold()");
            try {
                for (;;) {
                    switch (s.drain(cx, this)) {
                        case END -> {
                            stream = null;
                            return Poll.ready(acc);
                        }
                        case PENDING -> {
                            return Poll.pending();
                        }
                        case SINK_FULL -> {} // not returned for a sink that always accepts; drain again
                    }
                }
            } catch (Throwable t) {
                stream = null;
                try {
                    s.cancel();
                } catch (Throwable c) {
                    if (c != t) t.addSuppressed(c);
                }
                throw t;
            }
        }

        @Override
        public void cancel() {
            LongStream s = stream;
            stream = null;
            if (s != null) s.cancel();
        }
    }
}
