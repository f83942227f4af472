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
import dev.weft.runtime.WeftRuntime;
import dev.weft.testkit.TestWaker;
import java.time.Duration;

/**
 * The real current-thread runtime with its clock paused (as {@code WeftRuntime.currentThread().startPaused(true)}
 * builds it), plus what the timer tests need beside it: tasks polled by hand in its context, the clock moved
 * synchronously, and its timer driver for white-box checks. Deterministic: time moves only through
 * {@link #advance(Duration)} or the runtime's auto-advance inside {@link #blockOn(Future)}.
 *
 * <p>It replaced a private stand-in runtime (its own parker and poll loop) once the real one existed, so these tests
 * now exercise the runtime's own time driver and auto-advance. weft-test's {@code TestTask.within(handle, future)}
 * and {@code @WeftTest} are the same tools for other modules; weft-core's tests cannot depend on weft-test (the
 * reactor would have a cycle). Close it after the test ({@code @AfterEach}): the runtime holds a selector.
 */
public final class PausedRuntime implements AutoCloseable {
    private final WeftRuntime runtime = WeftRuntime.currentThread().startPaused(true).build();
    private final Ambient ambient =
            Contexts.ambient(runtime.handle().newContext(Waker.noop(), Context.UNCONSTRAINED));
    private final TimeDriver driver = ((TimeSource) ambient).timeDriver();

    /** The runtime's ambient state, for contexts made by hand ({@code Contexts.create(waker, budget, ambient)}). */
    public Ambient ambient() {
        return ambient;
    }

    /** The runtime's timer driver. */
    public TimeDriver timeDriver() {
        return driver;
    }

    /** The runtime's clock. */
    public Clock clock() {
        return driver.clock();
    }

    /** The current instant. */
    public MonotonicInstant now() {
        return new MonotonicInstant(driver.clock().nowNanos());
    }

    /**
     * Moves the paused clock forward and fires what is due, on the calling thread (no task runs: hand-polled tasks
     * only see their wakers called). Inside {@code blockOn}, use {@code Time.advance} instead.
     */
    public void advance(Duration d) {
        driver.clock().advance(d);
        driver.processExpired();
    }

    /** A task polling {@code future} by hand in this runtime's context. */
    public <T> TestTask<T> task(Future<T> future) {
        return new TestTask<>(future, ambient, Context.UNCONSTRAINED);
    }

    /** A task with a cooperative budget. */
    public <T> TestTask<T> task(Future<T> future, int budget) {
        return new TestTask<>(future, ambient, budget);
    }

    /** Runs {@code future} on the runtime (the clock auto-advances whenever nothing else can run). */
    public <T> T blockOn(Future<T> future) {
        return runtime.blockOn(future);
    }

    @Override
    public void close() {
        runtime.close();
    }

    /** A task polled by hand with a {@link TestWaker}. */
    public static final class TestTask<T> {
        private final Future<T> future;
        private final Context cx;
        private final int budget;
        private final TestWaker waker = new TestWaker();
        private Poll<T> last = Poll.pending();
        private Throwable failure;

        TestTask(Future<T> future, Ambient ambient, int budget) {
            this.future = future;
            this.budget = budget;
            this.cx = Contexts.create(waker, budget, ambient);
        }

        /** Polls once with a fresh budget; records a failure instead of throwing. */
        public Poll<T> poll() {
            Contexts.reset(cx, waker, budget);
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
            Contexts.reset(cx, waker, remaining);
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
            return waker.wakeCount();
        }

        public TestWaker waker() {
            return waker;
        }

        public void cancel() {
            future.cancel();
        }

        public Future<T> future() {
            return future;
        }
    }
}
