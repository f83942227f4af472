package dev.weft.time;

import dev.weft.future.Context;
import dev.weft.future.Future;
import dev.weft.future.Poll;
import dev.weft.future.Waker;
import dev.weft.internal.context.Ambient;
import dev.weft.internal.future.Contexts;
import dev.weft.internal.time.Clock;
import dev.weft.internal.time.TimeDriver;
import dev.weft.internal.time.TimeSource;
import dev.weft.internal.util.Driver;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * A stand-in for the current-thread runtime in tests, until the real one exists: an ambient object that is a
 * {@link TimeSource}, a {@link TimeDriver} over a paused clock, and tasks polled by hand with counting wakers.
 * Deterministic: time moves only through {@link #advance(Duration)} or the driver's auto-advance in
 * {@link #blockOn(Future)}.
 */
public final class ManualTimeRuntime implements Ambient, TimeSource {
    private final Clock clock;
    private final Parker parker = new Parker();
    private final TimeDriver driver;

    /** A runtime whose clock starts paused. */
    public ManualTimeRuntime() {
        this(Clock.pausable(true));
    }

    /** A runtime over {@code clock}. */
    public ManualTimeRuntime(Clock clock) {
        this.clock = clock;
        this.driver = new TimeDriver(parker, clock);
    }

    @Override
    public Runnable bind(Runnable body) {
        return body;
    }

    @Override
    public TimeDriver timeDriver() {
        return driver;
    }

    /** The clock. */
    public Clock clock() {
        return clock;
    }

    /** The current instant. */
    public MonotonicInstant now() {
        return new MonotonicInstant(clock.nowNanos());
    }

    /** Moves the paused clock forward and fires what is due (the runtime's park would do the firing). */
    public void advance(Duration d) {
        clock.advance(d);
        driver.processExpired();
    }

    /** A task polling {@code future} by hand in this runtime's context. */
    public <T> TestTask<T> task(Future<T> future) {
        return new TestTask<>(future, this, Context.UNCONSTRAINED);
    }

    /** A task with a cooperative budget. */
    public <T> TestTask<T> task(Future<T> future, int budget) {
        return new TestTask<>(future, this, budget);
    }

    /**
     * Runs {@code future} to completion the way a current-thread runtime would: poll when woken, otherwise park
     * the time driver (which auto-advances the paused clock to the next timer).
     */
    public <T> T blockOn(Future<T> future) {
        AtomicBoolean woken = new AtomicBoolean(true);
        Waker waker = () -> {
            woken.set(true);
            driver.unpark();
        };
        Context cx = Contexts.create(waker, Context.UNCONSTRAINED, this);
        for (;;) {
            if (woken.getAndSet(false)) {
                Poll<T> p = future.poll(cx);
                if (p instanceof Poll.Ready<T> r) return r.value();
            } else {
                driver.park(-1);
            }
        }
    }

    /** A task polled by hand. */
    public static final class TestTask<T> {
        private final Future<T> future;
        private final Context cx;
        private final int budget;
        private final AtomicInteger wakes = new AtomicInteger();
        private Poll<T> last = Poll.pending();
        private Throwable failure;

        TestTask(Future<T> future, ManualTimeRuntime rt, int budget) {
            this.future = future;
            this.budget = budget;
            this.cx = Contexts.create(wakes::incrementAndGet, budget, rt);
        }

        /** Polls once with a fresh budget; records a failure instead of throwing. */
        public Poll<T> poll() {
            Contexts.reset(cx, cx.waker(), budget);
            try {
                last = future.poll(cx);
            } catch (Throwable t) {
                failure = t;
                last = Poll.pending();
            }
            return last;
        }

        /** Polls with the given remaining budget. */
        public Poll<T> pollWithBudget(int remaining) {
            Contexts.reset(cx, cx.waker(), remaining);
            last = future.poll(cx);
            return last;
        }

        public boolean isReady() {
            return last.isReady();
        }

        public T value() {
            return last.value();
        }

        public Throwable failure() {
            return failure;
        }

        public int wakeCount() {
            return wakes.get();
        }

        public void cancel() {
            future.cancel();
        }

        public Future<T> future() {
            return future;
        }
    }

    /** A plain thread parker with a sticky permit; an indefinite park gives up after 20 s to fail hung tests. */
    static final class Parker implements Driver {
        private final AtomicBoolean permit = new AtomicBoolean();
        private volatile Thread parked;

        @Override
        public void park(long timeoutNanos) {
            if (permit.getAndSet(false) || timeoutNanos == 0) return;
            parked = Thread.currentThread();
            long limit = timeoutNanos < 0 ? TimeUnit.SECONDS.toNanos(20) : timeoutNanos;
            long end = System.nanoTime() + limit;
            try {
                while (!permit.getAndSet(false)) {
                    long left = end - System.nanoTime();
                    if (left <= 0) {
                        if (timeoutNanos < 0) throw new AssertionError("ManualTimeRuntime: parked 20 s with nothing to do");
                        return;
                    }
                    LockSupport.parkNanos(this, left);
                }
            } finally {
                parked = null;
            }
        }

        @Override
        public void unpark() {
            permit.set(true);
            Thread t = parked;
            if (t != null) LockSupport.unpark(t);
        }
    }
}
