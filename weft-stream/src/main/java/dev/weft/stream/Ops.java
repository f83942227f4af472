package dev.weft.stream;

import dev.weft.future.Context;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The synchronous combinators behind {@link Stream}'s default methods. Each pollNext is a few lines with no
 * allocation besides the {@link StreamPoll.Item} it returns, and each also takes part in the push path
 * ({@link Push}) that terminals use for ready chains: its {@code drain} wraps the downstream sink in its own
 * (one sink object per drain call, none per element) and drains its upstream into it, so a ready chain of
 * these stages runs as one loop in the source. Stages that end the stream early (take, takeWhile) stop the
 * loop by declining an element, then cancel their upstream after the loop returned, never from inside it.
 */
final class Ops {
    private Ops() {}

    /** Re-types {@code End} and {@code Pending}, which carry no element. */
    @SuppressWarnings("unchecked")
    static <U> StreamPoll<U> retype(StreamPoll<?> endOrPending) {
        return (StreamPoll<U>) endOrPending;
    }

    /** {@link Stream#map}. */
    static final class Map<T, U> implements Push.Pushable<U> {
        private final Stream<T> upstream;
        private final Function<? super T, ? extends U> f;

        Map(Stream<T> upstream, Function<? super T, ? extends U> f) {
            this.upstream = upstream;
            this.f = f;
        }

        @Override
        public StreamPoll<U> pollNext(Context cx) {
            StreamPoll<T> p = upstream.pollNext(cx);
            if (p instanceof StreamPoll.Item<T> item) return StreamPoll.item(f.apply(item.value()));
            return retype(p);
        }

        @Override
        public LongStream.Drained drain(Context cx, Push.Sink<? super U> sink) {
            return Push.drain(upstream, cx, new Push.MapSink<T, U>(f, sink));
        }

        @Override
        public void cancel() {
            upstream.cancel();
        }
    }

    /** {@link Stream#filter}. */
    static final class Filter<T> implements Push.Pushable<T> {
        private final Stream<T> upstream;
        private final Predicate<? super T> predicate;

        Filter(Stream<T> upstream, Predicate<? super T> predicate) {
            this.upstream = upstream;
            this.predicate = predicate;
        }

        @Override
        public StreamPoll<T> pollNext(Context cx) {
            for (;;) {
                StreamPoll<T> p = upstream.pollNext(cx);
                if (!(p instanceof StreamPoll.Item<T> item) || predicate.test(item.value())) return p;
            }
        }

        @Override
        public LongStream.Drained drain(Context cx, Push.Sink<? super T> sink) {
            return Push.drain(upstream, cx, new Push.FilterSink<T>(predicate, sink));
        }

        @Override
        public void cancel() {
            upstream.cancel();
        }
    }

    /** {@link Stream#filterMap}. */
    static final class FilterMap<T, U> implements Push.Pushable<U> {
        private final Stream<T> upstream;
        private final Function<? super T, Optional<? extends U>> f;

        FilterMap(Stream<T> upstream, Function<? super T, Optional<? extends U>> f) {
            this.upstream = upstream;
            this.f = f;
        }

        @Override
        public StreamPoll<U> pollNext(Context cx) {
            for (;;) {
                StreamPoll<T> p = upstream.pollNext(cx);
                if (!(p instanceof StreamPoll.Item<T> item)) return retype(p);
                Optional<? extends U> o = f.apply(item.value());
                if (o == null) throw new NullPointerException("filterMap(f): f returned null (expected: an Optional)");
                if (o.isPresent()) return StreamPoll.item(o.get());
            }
        }

        @Override
        public LongStream.Drained drain(Context cx, Push.Sink<? super U> sink) {
            return Push.drain(upstream, cx, new Push.FilterMapSink<T, U>(f, sink));
        }

        @Override
        public void cancel() {
            upstream.cancel();
        }
    }

    /** {@link Stream#inspect}. */
    static final class Inspect<T> implements Push.Pushable<T> {
        private final Stream<T> upstream;
        private final Consumer<? super T> action;

        Inspect(Stream<T> upstream, Consumer<? super T> action) {
            this.upstream = upstream;
            this.action = action;
        }

        @Override
        public StreamPoll<T> pollNext(Context cx) {
            StreamPoll<T> p = upstream.pollNext(cx);
            if (p instanceof StreamPoll.Item<T> item) action.accept(item.value());
            return p;
        }

        @Override
        public LongStream.Drained drain(Context cx, Push.Sink<? super T> sink) {
            return Push.drain(upstream, cx, new Push.InspectSink<T>(action, sink));
        }

        @Override
        public void cancel() {
            upstream.cancel();
        }
    }

    /** {@link Stream#enumerate}. */
    static final class Enumerate<T> implements Push.Pushable<Indexed<T>> {
        private final Stream<T> upstream;
        private long index;

        Enumerate(Stream<T> upstream) {
            this.upstream = upstream;
        }

        @Override
        public StreamPoll<Indexed<T>> pollNext(Context cx) {
            StreamPoll<T> p = upstream.pollNext(cx);
            if (p instanceof StreamPoll.Item<T> item) return new StreamPoll.Item<>(new Indexed<>(index++, item.value()));
            return retype(p);
        }

        @Override
        public LongStream.Drained drain(Context cx, Push.Sink<? super Indexed<T>> sink) {
            return Push.drain(upstream, cx, value -> sink.accept(new Indexed<>(index++, value)));
        }

        @Override
        public void cancel() {
            upstream.cancel();
        }
    }

    /** {@link Stream#scan}. */
    static final class Scan<T, S> implements Push.Pushable<S> {
        private final Stream<T> upstream;
        private final BiFunction<? super S, ? super T, ? extends S> f;
        private S state;

        Scan(Stream<T> upstream, S initial, BiFunction<? super S, ? super T, ? extends S> f) {
            this.upstream = upstream;
            this.state = initial;
            this.f = f;
        }

        @Override
        public StreamPoll<S> pollNext(Context cx) {
            StreamPoll<T> p = upstream.pollNext(cx);
            if (!(p instanceof StreamPoll.Item<T> item)) return retype(p);
            S next = f.apply(state, item.value());
            StreamPoll<S> out = StreamPoll.item(next);
            state = next;
            return out;
        }

        @Override
        public LongStream.Drained drain(Context cx, Push.Sink<? super S> sink) {
            return Push.drain(upstream, cx, value -> {
                S next = Push.nonNull(f.apply(state, value), "scan(initial, f): f");
                state = next;
                return sink.accept(next);
            });
        }

        @Override
        public void cancel() {
            state = null;
            upstream.cancel();
        }
    }

    /** {@link Stream#take}: cancels the upstream as soon as the last element has been yielded. */
    static final class Take<T> implements Push.Pushable<T> {
        private Stream<T> upstream; // null once ended or cancelled
        private long remaining;

        Take(Stream<T> upstream, long n) {
            this.upstream = upstream;
            this.remaining = n;
        }

        @Override
        public StreamPoll<T> pollNext(Context cx) {
            Stream<T> up = upstream;
            if (up == null) return StreamPoll.end();
            if (remaining == 0) {
                cancel();
                return StreamPoll.end();
            }
            StreamPoll<T> p = up.pollNext(cx);
            if (p instanceof StreamPoll.Item) {
                if (--remaining == 0) cancel();
            } else if (p instanceof StreamPoll.End) {
                upstream = null;
            }
            return p;
        }

        @Override
        public LongStream.Drained drain(Context cx, Push.Sink<? super T> sink) {
            Stream<T> up = upstream;
            if (up == null) return LongStream.Drained.END;
            if (remaining == 0) {
                cancel();
                return LongStream.Drained.END;
            }
            Push.StopFlag downFull = new Push.StopFlag();
            LongStream.Drained d = Push.drain(up, cx, value -> {
                remaining--;
                if (!sink.accept(value)) downFull.set = true;
                return remaining > 0 && !downFull.set;
            });
            if (remaining == 0) { // the n-th element went down: end here, upstream cancelled outside its loop
                cancel();
                return downFull.set ? LongStream.Drained.SINK_FULL : LongStream.Drained.END;
            }
            if (d == LongStream.Drained.END) upstream = null;
            return d;
        }

        @Override
        public void cancel() {
            Stream<T> up = upstream;
            upstream = null;
            if (up != null) up.cancel();
        }
    }

    /** {@link Stream#skip}. */
    static final class Skip<T> implements Push.Pushable<T> {
        private final Stream<T> upstream;
        private long remaining;

        Skip(Stream<T> upstream, long n) {
            this.upstream = upstream;
            this.remaining = n;
        }

        @Override
        public StreamPoll<T> pollNext(Context cx) {
            for (;;) {
                StreamPoll<T> p = upstream.pollNext(cx);
                if (remaining == 0 || !(p instanceof StreamPoll.Item)) return p;
                remaining--;
            }
        }

        @Override
        public LongStream.Drained drain(Context cx, Push.Sink<? super T> sink) {
            if (remaining == 0) return Push.drain(upstream, cx, sink); // nothing left to skip: no stage at all
            return Push.drain(upstream, cx, value -> {
                if (remaining == 0) return sink.accept(value);
                remaining--;
                return true;
            });
        }

        @Override
        public void cancel() {
            upstream.cancel();
        }
    }

    /** {@link Stream#takeWhile}: cancels the upstream at the first element that fails. */
    static final class TakeWhile<T> implements Push.Pushable<T> {
        private Stream<T> upstream; // null once ended or cancelled
        private final Predicate<? super T> predicate;

        TakeWhile(Stream<T> upstream, Predicate<? super T> predicate) {
            this.upstream = upstream;
            this.predicate = predicate;
        }

        @Override
        public StreamPoll<T> pollNext(Context cx) {
            Stream<T> up = upstream;
            if (up == null) return StreamPoll.end();
            StreamPoll<T> p = up.pollNext(cx);
            if (p instanceof StreamPoll.Item<T> item) {
                if (predicate.test(item.value())) return p;
                cancel();
                return StreamPoll.end();
            }
            if (p instanceof StreamPoll.End) upstream = null;
            return p;
        }

        @Override
        public LongStream.Drained drain(Context cx, Push.Sink<? super T> sink) {
            Stream<T> up = upstream;
            if (up == null) return LongStream.Drained.END;
            Push.StopFlag failed = new Push.StopFlag();
            LongStream.Drained d = Push.drain(up, cx, value -> {
                if (predicate.test(value)) return sink.accept(value);
                failed.set = true; // the first failing element ends the stream; it is not passed on
                return false;
            });
            if (failed.set) { // cancel the upstream outside its loop
                cancel();
                return LongStream.Drained.END;
            }
            if (d == LongStream.Drained.END) upstream = null;
            return d;
        }

        @Override
        public void cancel() {
            Stream<T> up = upstream;
            upstream = null;
            if (up != null) up.cancel();
        }
    }

    /** {@link Stream#skipWhile}. */
    static final class SkipWhile<T> implements Push.Pushable<T> {
        private final Stream<T> upstream;
        private final Predicate<? super T> predicate;
        private boolean skipping = true;

        SkipWhile(Stream<T> upstream, Predicate<? super T> predicate) {
            this.upstream = upstream;
            this.predicate = predicate;
        }

        @Override
        public StreamPoll<T> pollNext(Context cx) {
            for (;;) {
                StreamPoll<T> p = upstream.pollNext(cx);
                if (!skipping || !(p instanceof StreamPoll.Item<T> item)) return p;
                if (!predicate.test(item.value())) {
                    skipping = false;
                    return p;
                }
            }
        }

        @Override
        public LongStream.Drained drain(Context cx, Push.Sink<? super T> sink) {
            if (!skipping) return Push.drain(upstream, cx, sink); // done skipping: no stage at all
            return Push.drain(upstream, cx, value -> {
                if (skipping) {
                    if (predicate.test(value)) return true;
                    skipping = false;
                }
                return sink.accept(value);
            });
        }

        @Override
        public void cancel() {
            upstream.cancel();
        }
    }

    /** {@link Stream#chunks}. */
    static final class Chunks<T> implements Stream<List<T>> {
        private Stream<T> upstream; // null once ended or cancelled
        private final int size;
        private ArrayList<T> buffer;

        Chunks(Stream<T> upstream, int size) {
            this.upstream = upstream;
            this.size = size;
        }

        @Override
        public StreamPoll<List<T>> pollNext(Context cx) {
            Stream<T> up = upstream;
            if (up == null) return StreamPoll.end();
            for (;;) {
                StreamPoll<T> p = up.pollNext(cx);
                if (p instanceof StreamPoll.Item<T> item) {
                    ArrayList<T> b = buffer;
                    if (b == null) buffer = b = new ArrayList<>(Math.min(size, 1024));
                    b.add(item.value());
                    if (b.size() == size) {
                        buffer = null;
                        return new StreamPoll.Item<>(b);
                    }
                } else if (p instanceof StreamPoll.End) {
                    upstream = null;
                    ArrayList<T> b = buffer;
                    buffer = null;
                    return b == null ? StreamPoll.end() : new StreamPoll.Item<>(b);
                } else {
                    return StreamPoll.pending();
                }
            }
        }

        @Override
        public void cancel() {
            Stream<T> up = upstream;
            upstream = null;
            buffer = null;
            if (up != null) up.cancel();
        }
    }

    /** {@link Stream#fuse}. */
    static final class Fuse<T> implements Push.Pushable<T> {
        private Stream<T> upstream; // null once ended or cancelled

        Fuse(Stream<T> upstream) {
            this.upstream = upstream;
        }

        @Override
        public StreamPoll<T> pollNext(Context cx) {
            Stream<T> up = upstream;
            if (up == null) return StreamPoll.end();
            StreamPoll<T> p = up.pollNext(cx);
            if (p instanceof StreamPoll.End) upstream = null;
            return p;
        }

        @Override
        public LongStream.Drained drain(Context cx, Push.Sink<? super T> sink) {
            Stream<T> up = upstream;
            if (up == null) return LongStream.Drained.END;
            LongStream.Drained d = Push.drain(up, cx, sink);
            if (d == LongStream.Drained.END) upstream = null;
            return d;
        }

        @Override
        public void cancel() {
            Stream<T> up = upstream;
            upstream = null;
            if (up != null) up.cancel();
        }
    }
}
