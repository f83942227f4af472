package dev.weft.future;

import java.util.function.Function;

/** The combinator futures behind {@link Future}'s default methods. */
final class Combinators {
    private Combinators() {}

    /**
     * Throws {@code t} from a {@code poll}: unchecked exceptions as they are, checked ones wrapped in an
     * {@link AsyncException} (never sneaky-thrown, so callers can catch them by type).
     */
    static RuntimeException rethrow(Throwable t) {
        if (t instanceof RuntimeException re) throw re;
        if (t instanceof Error e) throw e;
        throw new AsyncException(t);
    }

    /** {@link Future#map}: polls the inner future, then applies the function once. */
    static final class Map<T, U> implements Future<U> {
        private Future<T> inner; // null once complete
        private final Function<? super T, ? extends U> f;

        Map(Future<T> inner, Function<? super T, ? extends U> f) {
            this.inner = inner;
            this.f = f;
        }

        @Override
        public Poll<U> poll(Context cx) {
            Future<T> in = inner;
            if (in == null) throw new IllegalStateException("Future.map polled after completion");
            Poll<T> p = in.poll(cx);
            if (p instanceof Poll.Ready<T> r) {
                inner = null;
                return Poll.ready(f.apply(r.value()));
            }
            return Poll.pending();
        }

        @Override
        public void cancel() {
            Future<T> in = inner;
            inner = null;
            if (in != null) in.cancel();
        }
    }

    /** {@link Future#then}: runs the first future, then the one the function makes of its value. */
    static final class Then<T, U> implements Future<U> {
        private Future<T> first;
        private Future<U> second;
        private final Function<? super T, ? extends Future<U>> f;

        Then(Future<T> first, Function<? super T, ? extends Future<U>> f) {
            this.first = first;
            this.f = f;
        }

        @Override
        public Poll<U> poll(Context cx) {
            if (first != null) {
                Poll<T> p = first.poll(cx);
                if (!(p instanceof Poll.Ready<T> r)) return Poll.pending();
                first = null;
                second = java.util.Objects.requireNonNull(f.apply(r.value()),
                        "then(f): f returned null (expected: a Future)");
            }
            Future<U> s = second;
            if (s == null) throw new IllegalStateException("Future.then polled after completion");
            Poll<U> p = s.poll(cx);
            if (p.isReady()) second = null;
            return p;
        }

        @Override
        public void cancel() {
            Future<T> a = first;
            Future<U> b = second;
            first = null;
            second = null;
            if (a != null) a.cancel();
            if (b != null) b.cancel();
        }
    }
}
