package dev.weft.stream;

import dev.weft.future.Context;
import dev.weft.future.Future;
import dev.weft.future.Poll;
import java.util.Iterator;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/** The sources behind {@link Streams}' factories. Each is polled by one thread at a time (no shared state). */
final class Sources {
    private Sources() {}

    /**
     * A source that is always ready: charges one unit of the task's budget per
     * {@link Streams#ITEMS_PER_BUDGET_UNIT} elements and returns {@code Pending} (the task already woken by
     * {@link Context#consumeBudget()}) when the budget is spent.
     */
    abstract static class ReadySource<T> implements Push.Pushable<T> {
        /** Elements left before the next budget unit is due; a drain loop keeps it in a local (see drain()). */
        int credit;

        /** True when the caller may yield one more element now; false after the task was woken to yield. */
        final boolean charge(Context cx) {
            if (credit > 0) {
                credit--;
                return true;
            }
            if (!cx.consumeBudget()) return false;
            credit = Streams.ITEMS_PER_BUDGET_UNIT - 1;
            return true;
        }

        /**
         * The push path of a ready source: {@code hasElement()} and {@code nextElement()} per element in one loop, the budget charged
         * per {@link Streams#ITEMS_PER_BUDGET_UNIT} elements from a local copy of the credit. A subclass with a
         * tighter loop of its own (Range) overrides it.
         */
        @Override
        public LongStream.Drained drain(Context cx, Push.Sink<? super T> sink) {
            int c = credit;
            try {
                for (;;) {
                    if (!hasElement()) return LongStream.Drained.END;
                    if (c == 0) {
                        if (!cx.consumeBudget()) return LongStream.Drained.PENDING; // the task was woken: it yields
                        c = Streams.ITEMS_PER_BUDGET_UNIT;
                    }
                    c--;
                    if (!sink.accept(nextElement())) return LongStream.Drained.SINK_FULL;
                }
            } finally {
                credit = c;
            }
        }

        /** True when another element exists (releasing the source once there is none); for drain(). */
        abstract boolean hasElement();

        /** The next element, after hasElement() returned true; for drain(). */
        abstract T nextElement();
    }

    /** {@link Streams#range}. */
    static final class Range extends ReadySource<Long> {
        private long next;
        private final long end;

        Range(long from, long to) {
            this.next = from;
            this.end = to;
        }

        @Override
        public StreamPoll<Long> pollNext(Context cx) {
            long n = next;
            if (n >= end) return StreamPoll.end();
            if (!charge(cx)) return StreamPoll.pending();
            next = n + 1;
            return new StreamPoll.Item<>(n);
        }

        @Override
        public LongStream.Drained drain(Context cx, Push.Sink<? super Long> sink) {
            long n = next;
            final long e = end;
            int c = credit;
            try {
                while (n < e) {
                    if (c == 0) {
                        if (!cx.consumeBudget()) return LongStream.Drained.PENDING; // the task was woken: it yields
                        c = Streams.ITEMS_PER_BUDGET_UNIT;
                    }
                    c--;
                    if (!sink.accept(n++)) return LongStream.Drained.SINK_FULL;
                }
                return LongStream.Drained.END;
            } finally {
                next = n;
                credit = c;
            }
        }

        @Override
        boolean hasElement() {
            return next < end;
        }

        @Override
        Long nextElement() {
            return next++;
        }

        @Override
        public void cancel() {
            next = end;
        }
    }

    /** {@link Streams#of}, {@link Streams#once}, {@link Streams#empty}. */
    static final class OfArray<T> extends ReadySource<T> {
        private Object[] elements; // null once ended or cancelled
        private int index;

        OfArray(Object[] elements) {
            this.elements = elements;
        }

        @Override
        @SuppressWarnings("unchecked")
        public StreamPoll<T> pollNext(Context cx) {
            Object[] e = elements;
            if (e == null) return StreamPoll.end();
            int i = index;
            if (i >= e.length) {
                elements = null;
                return StreamPoll.end();
            }
            if (!charge(cx)) return StreamPoll.pending();
            index = i + 1;
            return new StreamPoll.Item<>((T) e[i]);
        }

        @Override
        boolean hasElement() {
            Object[] e = elements;
            if (e == null) return false;
            if (index < e.length) return true;
            elements = null;
            return false;
        }

        @Override
        @SuppressWarnings("unchecked")
        T nextElement() {
            return (T) elements[index++];
        }

        @Override
        public void cancel() {
            elements = null;
        }
    }

    /** {@link Streams#fromIterable}. */
    static final class FromIterable<T> extends ReadySource<T> {
        private Iterable<? extends T> iterable; // null once the iterator exists
        private Iterator<? extends T> iterator;
        private boolean done;

        FromIterable(Iterable<? extends T> iterable) {
            this.iterable = iterable;
        }

        @Override
        public StreamPoll<T> pollNext(Context cx) {
            if (done) return StreamPoll.end();
            Iterator<? extends T> it = iterator;
            if (it == null) {
                it = Objects.requireNonNull(iterable.iterator(), "fromIterable: iterator() returned null");
                iterator = it;
                iterable = null;
            }
            if (!it.hasNext()) {
                release();
                return StreamPoll.end();
            }
            if (!charge(cx)) return StreamPoll.pending();
            return StreamPoll.item(it.next());
        }

        @Override
        boolean hasElement() {
            if (done) return false;
            Iterator<? extends T> it = iterator;
            if (it == null) {
                it = Objects.requireNonNull(iterable.iterator(), "fromIterable: iterator() returned null");
                iterator = it;
                iterable = null;
            }
            if (it.hasNext()) return true;
            release();
            return false;
        }

        @Override
        T nextElement() {
            return Push.nonNull(iterator.next(), "fromIterable: the iterator's next()");
        }

        private void release() {
            done = true;
            iterator = null;
            iterable = null;
        }

        @Override
        public void cancel() {
            release();
        }
    }

    /** {@link Streams#repeat}, {@link Streams#repeatWith}. */
    static final class RepeatWith<T> extends ReadySource<T> {
        private final Supplier<? extends T> supplier;

        RepeatWith(Supplier<? extends T> supplier) {
            this.supplier = supplier;
        }

        @Override
        public StreamPoll<T> pollNext(Context cx) {
            if (!charge(cx)) return StreamPoll.pending();
            return StreamPoll.item(supplier.get());
        }

        @Override
        boolean hasElement() {
            return true;
        }

        @Override
        T nextElement() {
            return Push.nonNull(supplier.get(), "repeatWith(supplier): supplier");
        }
    }

    /** {@link Streams#iterate}. */
    static final class Iterate<T> extends ReadySource<T> {
        private T current;
        private boolean started;
        private final UnaryOperator<T> f;

        Iterate(T seed, UnaryOperator<T> f) {
            this.current = seed;
            this.f = f;
        }

        @Override
        public StreamPoll<T> pollNext(Context cx) {
            if (!charge(cx)) return StreamPoll.pending();
            if (started) {
                current = Objects.requireNonNull(f.apply(current), "iterate(seed, f): f returned null (expected: non-null)");
            }
            started = true;
            return new StreamPoll.Item<>(current);
        }

        @Override
        boolean hasElement() {
            return true;
        }

        @Override
        T nextElement() {
            if (started) {
                current = Objects.requireNonNull(f.apply(current), "iterate(seed, f): f returned null (expected: non-null)");
            }
            started = true;
            return current;
        }
    }

    /** {@link Streams#unfold}. */
    static final class Unfold<T, S> implements Stream<T> {
        private S state;
        private final Function<? super S, ? extends Future<Optional<Pair<T, S>>>> step;
        private Future<Optional<Pair<T, S>>> current;
        private boolean done;

        Unfold(S seed, Function<? super S, ? extends Future<Optional<Pair<T, S>>>> step) {
            this.state = seed;
            this.step = step;
        }

        @Override
        public StreamPoll<T> pollNext(Context cx) {
            if (done) return StreamPoll.end();
            Future<Optional<Pair<T, S>>> f = current;
            if (f == null) {
                f = Objects.requireNonNull(step.apply(state), "unfold(seed, step): step returned null (expected: a Future)");
                current = f;
                state = null;
            }
            Poll<Optional<Pair<T, S>>> p = f.poll(cx);
            if (!(p instanceof Poll.Ready<Optional<Pair<T, S>>>(var value))) return StreamPoll.pending();
            current = null;
            if (value == null || value.isEmpty()) {
                done = true;
                return StreamPoll.end();
            }
            Pair<T, S> pair = value.get();
            state = pair.second();
            return StreamPoll.item(pair.first());
        }

        @Override
        public void cancel() {
            done = true;
            state = null;
            Future<?> f = current;
            current = null;
            if (f != null) f.cancel();
        }
    }

    /** {@link Streams#fromFuture}. */
    static final class FromFuture<T> implements Stream<T> {
        private Future<? extends T> future; // null once completed or cancelled

        FromFuture(Future<? extends T> future) {
            this.future = future;
        }

        @Override
        public StreamPoll<T> pollNext(Context cx) {
            Future<? extends T> f = future;
            if (f == null) return StreamPoll.end();
            Poll<? extends T> p = f.poll(cx);
            if (!(p instanceof Poll.Ready<? extends T> r)) return StreamPoll.pending();
            future = null;
            return StreamPoll.item(r.value());
        }

        @Override
        public void cancel() {
            Future<? extends T> f = future;
            future = null;
            if (f != null) f.cancel();
        }
    }

    /** {@link Streams#pollFn}: fused, with a release hook. */
    static final class PollFn<T> implements Stream<T> {
        private final Function<Context, StreamPoll<T>> pollFn;
        private Runnable onCancel; // null once ended or cancelled

        PollFn(Function<Context, StreamPoll<T>> pollFn, Runnable onCancel) {
            this.pollFn = pollFn;
            this.onCancel = onCancel;
        }

        @Override
        public StreamPoll<T> pollNext(Context cx) {
            if (onCancel == null) return StreamPoll.end();
            StreamPoll<T> p = Objects.requireNonNull(pollFn.apply(cx), "pollFn returned null (expected: a StreamPoll)");
            if (p instanceof StreamPoll.End) onCancel = null;
            return p;
        }

        @Override
        public void cancel() {
            Runnable r = onCancel;
            onCancel = null;
            if (r != null) r.run();
        }
    }
}
