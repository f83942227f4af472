package dev.weft.stream;

import dev.weft.future.Context;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The push fast path of {@link Stream}: synchronous sources and stages that can run a whole ready stretch of a
 * chain as one loop in the source, pushing each element through the stages' sinks to the terminal (the shape of
 * {@code java.util.stream}'s pipelines). A terminal uses it when its stream is {@link Pushable}; any stage whose
 * upstream is not falls back to polling it element by element, so mixing pushable and other stages is always
 * correct. {@code pollNext} and {@code drain} advance the same state: either may be called at any time.
 */
final class Push {
    private Push() {}

    /** Receives pushed elements; returns {@code false} to stop the drain after this element. */
    interface Sink<T> {
        boolean accept(T value);
    }

    /** A stream that can push its ready elements into a sink. */
    interface Pushable<T> extends Stream<T> {
        /**
         * Pushes every element ready now into {@code sink} until it declines ({@code SINK_FULL}), the stream ends
         * ({@code END}) or is not ready ({@code PENDING}, waker registered or, for a spent budget, woken).
         */
        LongStream.Drained drain(Context cx, Sink<? super T> sink);
    }

    /** Drains {@code s} into {@code sink}: by its push path when it has one, else by polling it. */
    @SuppressWarnings("unchecked")
    static <T> LongStream.Drained drain(Stream<T> s, Context cx, Sink<? super T> sink) {
        if (s instanceof Pushable<?> p) return ((Pushable<T>) p).drain(cx, sink);
        for (;;) {
            StreamPoll<T> r = s.pollNext(cx);
            if (r instanceof StreamPoll.Item<T> item) {
                if (!sink.accept(item.value())) return LongStream.Drained.SINK_FULL;
            } else {
                return r instanceof StreamPoll.End ? LongStream.Drained.END : LongStream.Drained.PENDING;
            }
        }
    }

    static <U> U nonNull(U value, String what) {
        if (value == null) throw new NullPointerException(what + " returned null (expected: non-null; streams carry no nulls)");
        return value;
    }

    record MapSink<T, U>(Function<? super T, ? extends U> f, Sink<? super U> down) implements Sink<T> {
        @Override
        public boolean accept(T value) {
            return down.accept(nonNull(f.apply(value), "map(f): f"));
        }
    }

    record FilterSink<T>(Predicate<? super T> predicate, Sink<? super T> down) implements Sink<T> {
        @Override
        public boolean accept(T value) {
            return !predicate.test(value) || down.accept(value);
        }
    }

    /** A flag a stage's sink raises inside a drain and the stage reads after it (one per drain call). */
    static final class StopFlag {
        boolean set;
    }

    record FilterMapSink<T, U>(Function<? super T, java.util.Optional<? extends U>> f, Sink<? super U> down)
            implements Sink<T> {
        @Override
        public boolean accept(T value) {
            java.util.Optional<? extends U> o = f.apply(value);
            if (o == null) throw new NullPointerException("filterMap(f): f returned null (expected: an Optional)");
            return o.isEmpty() || down.accept(o.get());
        }
    }

    record InspectSink<T>(java.util.function.Consumer<? super T> action, Sink<? super T> down) implements Sink<T> {
        @Override
        public boolean accept(T value) {
            action.accept(value);
            return down.accept(value);
        }
    }
}
