package dev.weft.stream;

import dev.weft.future.Context;
import dev.weft.future.Future;
import dev.weft.future.Poll;
import dev.weft.future.Waker;
import dev.weft.test.TestWaker;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/** Hand-driven streams and futures for the tests (the waker to poll them with is weft-test's TestWaker). */
final class Probes {
    private Probes() {}

    /** A stream fed by the test: push(), end(); counts polls and cancels; wakes the last waker on push/end. */
    static final class ProbeStream<T> implements Stream<T> {
        private final ArrayDeque<T> items = new ArrayDeque<>();
        private boolean ended;
        private Waker waker;
        int polls;
        int cancels;

        @SafeVarargs
        final ProbeStream<T> push(T... values) {
            for (T v : values) items.add(v);
            wake();
            return this;
        }

        ProbeStream<T> end() {
            ended = true;
            wake();
            return this;
        }

        private void wake() {
            Waker w = waker;
            waker = null;
            if (w != null) w.wake();
        }

        boolean hasWaker() {
            return waker != null;
        }

        @Override
        public StreamPoll<T> pollNext(Context cx) {
            polls++;
            T v = items.poll();
            if (v != null) return StreamPoll.item(v);
            if (ended) return StreamPoll.end();
            waker = cx.waker();
            return StreamPoll.pending();
        }

        @Override
        public void cancel() {
            cancels++;
            waker = null;
        }
    }

    /** A future completed by the test; counts polls and cancels. */
    static final class ControlledFuture<T> implements Future<T> {
        private T value;
        private boolean done;
        private Waker waker;
        int polls;
        int cancels;

        void complete(T v) {
            value = v;
            done = true;
            Waker w = waker;
            waker = null;
            if (w != null) w.wake();
        }

        @Override
        public Poll<T> poll(Context cx) {
            polls++;
            if (done) return Poll.ready(value);
            waker = cx.waker();
            return Poll.pending();
        }

        @Override
        public void cancel() {
            cancels++;
        }
    }

    /** Polls {@code s} by hand until it is pending or ended; returns the items seen. */
    static <T> List<T> drainReady(Stream<T> s, Context cx) {
        List<T> out = new ArrayList<>();
        for (;;) {
            StreamPoll<T> p = s.pollNext(cx);
            if (p instanceof StreamPoll.Item<T> item) out.add(item.value());
            else return out;
        }
    }

    static Context cx() {
        return new TestWaker().context();
    }
}
