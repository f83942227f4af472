package dev.weft.task;

import dev.weft.future.AtomicWaker;
import dev.weft.future.Context;
import dev.weft.future.Future;
import dev.weft.future.Poll;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** Hand-written futures shared by the runtime and task tests. */
public final class TestFutures {
    private TestFutures() {}

    /** A future that never completes; counts its polls and cancel() calls. */
    public static class Forever<T> implements Future<T> {
        public final AtomicInteger polls = new AtomicInteger();
        public final AtomicInteger cancels = new AtomicInteger();
        public final CountDownLatch firstPoll = new CountDownLatch(1);
        private final AtomicInteger sharedPolls;
        private final AtomicInteger sharedCancels;

        public Forever() {
            this(null, null);
        }

        /** Also counts into the shared counters (for many tasks). */
        public Forever(AtomicInteger sharedPolls, AtomicInteger sharedCancels) {
            this.sharedPolls = sharedPolls;
            this.sharedCancels = sharedCancels;
        }

        @Override
        public Poll<T> poll(Context cx) {
            polls.incrementAndGet();
            if (sharedPolls != null) sharedPolls.incrementAndGet();
            firstPoll.countDown();
            return Poll.pending();
        }

        @Override
        public void cancel() {
            cancels.incrementAndGet();
            if (sharedCancels != null) sharedCancels.incrementAndGet();
        }
    }

    /** A future completed from outside with {@link #complete(Object)}; counts cancel() calls. */
    public static final class Settable<T> implements Future<T> {
        private final AtomicWaker waker = new AtomicWaker();
        private volatile boolean done;
        private volatile T value;
        public final AtomicInteger polls = new AtomicInteger();
        public final AtomicInteger cancels = new AtomicInteger();
        public final CountDownLatch firstPoll = new CountDownLatch(1);

        public void complete(T v) {
            value = v;
            done = true;
            waker.wake();
        }

        @Override
        public Poll<T> poll(Context cx) {
            polls.incrementAndGet();
            firstPoll.countDown();
            if (done) return Poll.ready(value);
            waker.register(cx.waker());
            if (done) return Poll.ready(value);
            return Poll.pending();
        }

        @Override
        public void cancel() {
            cancels.incrementAndGet();
            waker.clear();
        }
    }

    /** Awaits a latch for at most 10 s and fails with {@code what} when it does not open. */
    public static void awaitLatch(CountDownLatch latch, String what) {
        try {
            if (!latch.await(10, TimeUnit.SECONDS)) throw new AssertionError("timed out waiting for " + what);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted waiting for " + what, e);
        }
    }
}
