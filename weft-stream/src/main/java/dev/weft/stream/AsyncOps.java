package dev.weft.stream;

import dev.weft.future.Context;
import dev.weft.future.Future;
import dev.weft.future.Poll;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/** The combinators of {@link Stream} that wait on futures or on several streams. */
final class AsyncOps {
    private AsyncOps() {}

    /** {@link Stream#then}: one future at a time, in order. */
    static final class Then<T, U> implements Stream<U> {
        private Stream<T> upstream; // null once ended or cancelled
        private final Function<? super T, ? extends Future<? extends U>> f;
        private Future<? extends U> current;

        Then(Stream<T> upstream, Function<? super T, ? extends Future<? extends U>> f) {
            this.upstream = upstream;
            this.f = f;
        }

        @Override
        public StreamPoll<U> pollNext(Context cx) {
            for (;;) {
                Future<? extends U> c = current;
                if (c != null) {
                    Poll<? extends U> p = c.poll(cx);
                    if (!(p instanceof Poll.Ready<? extends U> r)) return StreamPoll.pending();
                    current = null;
                    return StreamPoll.item(r.value());
                }
                Stream<T> up = upstream;
                if (up == null) return StreamPoll.end();
                StreamPoll<T> p = up.pollNext(cx);
                if (!(p instanceof StreamPoll.Item<T> item)) {
                    if (p instanceof StreamPoll.End) upstream = null;
                    return Ops.retype(p);
                }
                current = Objects.requireNonNull(f.apply(item.value()), "then(f): f returned null (expected: a Future)");
            }
        }

        @Override
        public void cancel() {
            Future<?> c = current;
            Stream<T> up = upstream;
            current = null;
            upstream = null;
            if (c != null) c.cancel();
            if (up != null) up.cancel();
        }
    }

    /** {@link Stream#filterAsync}: one predicate at a time, in order. */
    static final class FilterAsync<T> implements Stream<T> {
        private Stream<T> upstream; // null once ended or cancelled
        private final Function<? super T, ? extends Future<Boolean>> predicate;
        private Future<Boolean> current;
        private T candidate;

        FilterAsync(Stream<T> upstream, Function<? super T, ? extends Future<Boolean>> predicate) {
            this.upstream = upstream;
            this.predicate = predicate;
        }

        @Override
        public StreamPoll<T> pollNext(Context cx) {
            for (;;) {
                Future<Boolean> c = current;
                if (c != null) {
                    Poll<Boolean> p = c.poll(cx);
                    if (!(p instanceof Poll.Ready<Boolean> r)) return StreamPoll.pending();
                    current = null;
                    T v = candidate;
                    candidate = null;
                    if (Boolean.TRUE.equals(r.value())) return new StreamPoll.Item<>(v);
                    continue;
                }
                Stream<T> up = upstream;
                if (up == null) return StreamPoll.end();
                StreamPoll<T> p = up.pollNext(cx);
                if (!(p instanceof StreamPoll.Item<T> item)) {
                    if (p instanceof StreamPoll.End) upstream = null;
                    return p;
                }
                candidate = item.value();
                current = Objects.requireNonNull(predicate.apply(item.value()),
                        "filterAsync(predicate): predicate returned null (expected: a Future)");
            }
        }

        @Override
        public void cancel() {
            Future<?> c = current;
            Stream<T> up = upstream;
            current = null;
            candidate = null;
            upstream = null;
            if (c != null) c.cancel();
            if (up != null) up.cancel();
        }
    }

    /** {@link Stream#flatMap}, {@link Streams#flatten}: one inner stream at a time. */
    static final class Flatten<T, U> implements Stream<U> {
        private Stream<? extends T> outer; // null once ended or cancelled
        private final Function<? super T, ? extends Stream<? extends U>> f;
        private Stream<? extends U> inner;

        Flatten(Stream<? extends T> outer, Function<? super T, ? extends Stream<? extends U>> f) {
            this.outer = outer;
            this.f = f;
        }

        @Override
        @SuppressWarnings("unchecked")
        public StreamPoll<U> pollNext(Context cx) {
            for (;;) {
                Stream<? extends U> in = inner;
                if (in != null) {
                    StreamPoll<? extends U> p = in.pollNext(cx);
                    if (p instanceof StreamPoll.End) {
                        inner = null;
                    } else {
                        return (StreamPoll<U>) p;
                    }
                }
                Stream<? extends T> out = outer;
                if (out == null) return StreamPoll.end();
                StreamPoll<? extends T> p = out.pollNext(cx);
                if (!(p instanceof StreamPoll.Item<? extends T> item)) {
                    if (p instanceof StreamPoll.End) outer = null;
                    return Ops.retype(p);
                }
                inner = Objects.requireNonNull(f.apply(item.value()), "flatMap(f): f returned null (expected: a Stream)");
            }
        }

        @Override
        public void cancel() {
            Stream<?> in = inner;
            Stream<?> out = outer;
            inner = null;
            outer = null;
            if (in != null) in.cancel();
            if (out != null) out.cancel();
        }
    }

    /** {@link Stream#takeUntil}. */
    static final class TakeUntil<T> implements Stream<T> {
        private Stream<T> upstream; // null once ended or cancelled
        private Future<?> stop; // null once ended, completed or cancelled

        TakeUntil(Stream<T> upstream, Future<?> stop) {
            this.upstream = upstream;
            this.stop = stop;
        }

        @Override
        public StreamPoll<T> pollNext(Context cx) {
            Stream<T> up = upstream;
            if (up == null) return StreamPoll.end();
            Future<?> s = stop;
            if (s != null && s.poll(cx).isReady()) {
                stop = null;
                cancel();
                return StreamPoll.end();
            }
            StreamPoll<T> p = up.pollNext(cx);
            if (p instanceof StreamPoll.End) {
                upstream = null;
                cancel();
            }
            return p;
        }

        @Override
        public void cancel() {
            Stream<T> up = upstream;
            Future<?> s = stop;
            upstream = null;
            stop = null;
            if (s != null) s.cancel();
            if (up != null) up.cancel();
        }
    }

    /** {@link Stream#chain}. */
    static final class Chain<T> implements Stream<T> {
        private Stream<? extends T> first;
        private Stream<? extends T> second;

        Chain(Stream<? extends T> first, Stream<? extends T> second) {
            this.first = first;
            this.second = second;
        }

        @Override
        @SuppressWarnings("unchecked")
        public StreamPoll<T> pollNext(Context cx) {
            Stream<? extends T> a = first;
            if (a != null) {
                StreamPoll<? extends T> p = a.pollNext(cx);
                if (!(p instanceof StreamPoll.End)) return (StreamPoll<T>) p;
                first = null;
            }
            Stream<? extends T> b = second;
            if (b == null) return StreamPoll.end();
            StreamPoll<? extends T> p = b.pollNext(cx);
            if (p instanceof StreamPoll.End) second = null;
            return (StreamPoll<T>) p;
        }

        @Override
        public void cancel() {
            Stream<?> a = first;
            Stream<?> b = second;
            first = null;
            second = null;
            if (a != null) a.cancel();
            if (b != null) b.cancel();
        }
    }

    /** {@link Stream#zip}: holds at most one element of each side. */
    static final class Zip<A, B> implements Stream<Pair<A, B>> {
        private Stream<A> left; // both null once ended or cancelled
        private Stream<B> right;
        private A leftItem;
        private B rightItem;

        Zip(Stream<A> left, Stream<B> right) {
            this.left = left;
            this.right = right;
        }

        @Override
        public StreamPoll<Pair<A, B>> pollNext(Context cx) {
            Stream<A> l = left;
            Stream<B> r = right;
            if (l == null) return StreamPoll.end();
            if (leftItem == null) {
                StreamPoll<A> p = l.pollNext(cx);
                if (p instanceof StreamPoll.Item<A> item) {
                    leftItem = item.value();
                } else if (p instanceof StreamPoll.End) {
                    left = null;
                    cancel();
                    return StreamPoll.end();
                }
            }
            if (rightItem == null) {
                StreamPoll<B> p = r.pollNext(cx);
                if (p instanceof StreamPoll.Item<B> item) {
                    rightItem = item.value();
                } else if (p instanceof StreamPoll.End) {
                    right = null;
                    cancel();
                    return StreamPoll.end();
                }
            }
            if (leftItem == null || rightItem == null) return StreamPoll.pending();
            Pair<A, B> pair = new Pair<>(leftItem, rightItem);
            leftItem = null;
            rightItem = null;
            return new StreamPoll.Item<>(pair);
        }

        @Override
        public void cancel() {
            Stream<A> l = left;
            Stream<B> r = right;
            left = null;
            right = null;
            leftItem = null;
            rightItem = null;
            if (l != null) l.cancel();
            if (r != null) r.cancel();
        }
    }

    /** {@link Streams#merge}: polls every live stream, starting after the one that yielded last. */
    static final class Merge<T> implements Stream<T> {
        private final List<Stream<? extends T>> streams; // ended streams are removed
        private int start;
        private boolean cancelled;

        Merge(List<Stream<? extends T>> streams) {
            this.streams = streams;
        }

        @Override
        @SuppressWarnings("unchecked")
        public StreamPoll<T> pollNext(Context cx) {
            List<Stream<? extends T>> s = streams;
            int n = s.size();
            int i = n == 0 ? 0 : start % n;
            for (int toTry = n; toTry > 0; toTry--) { // each live stream is polled at most once per pollNext
                StreamPoll<? extends T> p = s.get(i).pollNext(cx);
                if (p instanceof StreamPoll.Item) {
                    start = i + 1;
                    return (StreamPoll<T>) p;
                }
                if (p instanceof StreamPoll.End) {
                    s.remove(i); // the next stream moves into slot i
                    n--;
                    if (i == n) i = 0;
                } else {
                    i = i + 1 == n ? 0 : i + 1;
                }
            }
            return s.isEmpty() ? StreamPoll.end() : StreamPoll.pending();
        }

        @Override
        public void cancel() {
            if (cancelled) return;
            cancelled = true;
            RuntimeException first = null;
            for (Stream<? extends T> st : streams) {
                try {
                    st.cancel();
                } catch (RuntimeException e) {
                    if (first == null) first = e;
                    else first.addSuppressed(e);
                }
            }
            streams.clear();
            if (first != null) throw first;
        }
    }
}
