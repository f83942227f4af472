package dev.weft.stream;

import dev.weft.future.Context;
import dev.weft.future.Future;
import dev.weft.future.Poll;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Collector;

/**
 * The terminal futures behind {@link Stream}'s default methods. Each drains its stream in a loop while the stream
 * is ready; a failure of the stream or of user code cancels the stream before it propagates.
 */
final class Terminals {
    private Terminals() {}

    /** Cancels {@code s} after {@code t} ended its poll; a failure of the cancel is attached to {@code t}. */
    static void cancelAfterFailure(Stream<?> s, Throwable t) {
        try {
            s.cancel();
        } catch (Throwable c) {
            if (c != t) t.addSuppressed(c);
        }
    }

    static IllegalStateException pollAfterCompletion(String what) {
        return new IllegalStateException(what + " polled after completion (expected: a future is not polled again "
                + "after it returned Ready)");
    }

    /** {@link Stream#next}: borrows the stream. */
    static final class Next<T> implements Future<Optional<T>> {
        private Stream<T> stream;

        Next(Stream<T> stream) {
            this.stream = stream;
        }

        @Override
        public Poll<Optional<T>> poll(Context cx) {
            Stream<T> s = stream;
            if (s == null) throw pollAfterCompletion("Stream.next()");
            StreamPoll<T> p = s.pollNext(cx);
            if (p instanceof StreamPoll.Item<T> item) {
                stream = null;
                return Poll.ready(Optional.of(item.value()));
            }
            if (p instanceof StreamPoll.End) {
                stream = null;
                return Poll.ready(Optional.empty());
            }
            return Poll.pending();
        }

        @Override
        public void cancel() {
            stream = null; // the stream is borrowed, not owned: it stays usable
        }
    }

    /**
     * A terminal that pushes every element into itself ({@link Push#drain}) until the stream ends: the tight loop
     * of a ready chain behind {@link Fold}, {@link Count} and {@link ForEach}.
     */
    abstract static class Drain<T, R> implements Future<R>, Push.Sink<T> {
        private Stream<T> stream; // null once complete or cancelled
        private final String what;

        Drain(Stream<T> stream, String what) {
            this.stream = stream;
            this.what = what;
        }

        /** The result, once the stream has ended. */
        abstract R result();

        /** Drops what the terminal holds for its result; called once it completed, failed or was cancelled. */
        void release() {}

        @Override
        public final Poll<R> poll(Context cx) {
            Stream<T> s = stream;
            if (s == null) throw pollAfterCompletion(what);
            try {
                for (;;) {
                    switch (Push.drain(s, cx, this)) {
                        case END -> {
                            R r = result();
                            stream = null;
                            release();
                            return Poll.ready(r);
                        }
                        case PENDING -> {
                            return Poll.pending();
                        }
                        case SINK_FULL -> {} // these sinks always accept
                    }
                }
            } catch (Throwable t) {
                stream = null;
                release();
                cancelAfterFailure(s, t);
                throw t;
            }
        }

        @Override
        public final void cancel() {
            Stream<T> s = stream;
            stream = null;
            release();
            if (s != null) s.cancel();
        }
    }

    /** {@link Stream#fold}. */
    static final class Fold<T, A> extends Drain<T, A> {
        private final BiFunction<? super A, ? super T, ? extends A> f;
        private A acc;

        Fold(Stream<T> stream, A initial, BiFunction<? super A, ? super T, ? extends A> f) {
            super(stream, "Stream.fold()");
            this.acc = initial;
            this.f = f;
        }

        @Override
        public boolean accept(T value) {
            acc = f.apply(acc, value);
            return true;
        }

        @Override
        A result() {
            return acc;
        }

        @Override
        void release() {
            acc = null;
        }
    }

    /** {@link Stream#count}. */
    static final class Count<T> extends Drain<T, Long> {
        private long count;

        Count(Stream<T> stream) {
            super(stream, "Stream.count()");
        }

        @Override
        public boolean accept(T value) {
            count++;
            return true;
        }

        @Override
        Long result() {
            return count;
        }
    }

    /** {@link Stream#collect(Collector)} and, through it, {@link Stream#collect()}. */
    static class Collect<T, A, R> extends Drain<T, R> {
        private final BiConsumer<A, ? super T> accumulator;
        private final Function<A, R> finisher;
        private A container;

        Collect(Stream<T> stream, Collector<? super T, A, R> collector) {
            super(stream, "Stream.collect()");
            this.accumulator = Objects.requireNonNull(collector.accumulator(), "collector.accumulator()");
            this.finisher = Objects.requireNonNull(collector.finisher(), "collector.finisher()");
            this.container = collector.supplier().get();
        }

        @Override
        public final boolean accept(T value) {
            accumulator.accept(container, value);
            return true;
        }

        @Override
        final R result() {
            return finisher.apply(container);
        }

        @Override
        final void release() {
            container = null;
        }
    }

    /** {@link Stream#collect()}: an {@code ArrayList}. */
    static final class CollectList<T> extends Collect<T, List<T>, List<T>> {
        CollectList(Stream<T> stream) {
            super(stream, Collector.<T, List<T>>of(ArrayList::new, List::add, (a, b) -> {
                a.addAll(b);
                return a;
            }));
        }
    }

    /** {@link Stream#forEach}. */
    static final class ForEach<T> extends Drain<T, Void> {
        private final Consumer<? super T> action;

        ForEach(Stream<T> stream, Consumer<? super T> action) {
            super(stream, "Stream.forEach()");
            this.action = action;
        }

        @Override
        public boolean accept(T value) {
            action.accept(value);
            return true;
        }

        @Override
        Void result() {
            return null;
        }
    }

    /** {@link Stream#any} and {@link Stream#all}: short-circuit, cancelling the stream. */
    static final class AnyAll<T> implements Future<Boolean>, Push.Sink<T> {
        private Stream<T> stream;
        private final Predicate<? super T> predicate;
        private final boolean any;
        private boolean decided;

        AnyAll(Stream<T> stream, Predicate<? super T> predicate, boolean any) {
            this.stream = stream;
            this.predicate = predicate;
            this.any = any;
        }

        @Override
        public boolean accept(T value) {
            if (predicate.test(value) != any) return true;
            decided = true; // any: found a match; all: found a counterexample
            return false;
        }

        @Override
        public Poll<Boolean> poll(Context cx) {
            Stream<T> s = stream;
            if (s == null) throw pollAfterCompletion(any ? "Stream.any()" : "Stream.all()");
            try {
                for (;;) {
                    LongStream.Drained d = Push.drain(s, cx, this);
                    if (decided) { // the stream is cancelled after its loop returned, never from inside it
                        stream = null;
                        s.cancel();
                        return Poll.ready(any);
                    }
                    if (d == LongStream.Drained.END) {
                        stream = null;
                        return Poll.ready(!any);
                    }
                    if (d == LongStream.Drained.PENDING) return Poll.pending();
                }
            } catch (Throwable t) {
                if (stream != null) {
                    stream = null;
                    cancelAfterFailure(s, t);
                }
                throw t;
            }
        }

        @Override
        public void cancel() {
            Stream<T> s = stream;
            stream = null;
            if (s != null) s.cancel();
        }
    }

    /** {@link Stream#forEachConcurrent}: at most {@code limit} futures in flight, polled only when woken. */
    static final class ForEachConcurrent<T> implements Future<Void> {
        private Stream<T> stream; // null after End
        private final int limit;
        private final Function<? super T, ? extends Future<?>> f;
        private final FuturesSet<Object> set = new FuturesSet<>();
        private boolean finished;

        ForEachConcurrent(Stream<T> stream, int limit, Function<? super T, ? extends Future<?>> f) {
            this.stream = stream;
            this.limit = limit;
            this.f = f;
        }

        @Override
        public Poll<Void> poll(Context cx) {
            if (finished) throw pollAfterCompletion("Stream.forEachConcurrent()");
            try {
                for (;;) {
                    boolean progress = false;
                    Stream<T> s = stream;
                    while (s != null && set.size() < limit) {
                        StreamPoll<T> p = s.pollNext(cx);
                        if (p instanceof StreamPoll.Item<T> item) {
                            set.push(Objects.requireNonNull(f.apply(item.value()),
                                    "forEachConcurrent(limit, f): f returned null (expected: a Future)"), 0);
                            progress = true;
                        } else {
                            if (p instanceof StreamPoll.End) stream = s = null;
                            break;
                        }
                    }
                    while (set.pollCompleted(cx) != null) {
                        progress = true;
                    }
                    if (stream == null && set.isEmpty()) {
                        finished = true;
                        return Poll.ready(null);
                    }
                    if (!progress) return Poll.pending(); // every source of progress has registered the waker
                }
            } catch (Throwable t) {
                try {
                    cancel();
                } catch (Throwable c) {
                    if (c != t) t.addSuppressed(c);
                }
                throw t;
            }
        }

        @Override
        public void cancel() {
            if (finished) return;
            finished = true;
            Stream<T> s = stream;
            stream = null;
            try {
                set.cancelAll();
            } finally {
                if (s != null) s.cancel();
            }
        }
    }
}
