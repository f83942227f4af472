package dev.weft.test;

import dev.weft.future.Context;
import dev.weft.future.Future;
import dev.weft.future.Poll;
import dev.weft.runtime.Handle;
import java.util.Objects;

/**
 * Polls one future by hand, with a counting waker: tokio-test's {@code task::spawn}. For testing hand-written
 * futures and primitives deterministically, without a runtime ({@link #of}) or inside one whose clock a test
 * controls ({@link #within}).
 *
 * {@snippet class=dev.weft.test.TestTaskTest region=example}
 *
 * @param <T> the future's value type
 */
public final class TestTask<T> {
    private final Future<T> future;
    private final TestWaker waker = new TestWaker();
    private final Context cx;
    private boolean done;
    private boolean cancelled;
    private int polls;

    private TestTask(Future<T> future, int budget, Handle runtime) {
        this.future = Objects.requireNonNull(future, "future");
        this.cx = runtime == null ? new Context(waker, budget) : runtime.newContext(waker, budget);
    }

    /** Wraps {@code future} (nothing is polled yet). The budget is unconstrained; there is no runtime. */
    public static <T> TestTask<T> of(Future<T> future) {
        return new TestTask<>(future, Context.UNCONSTRAINED, null);
    }

    /** Wraps {@code future} with a cooperative budget of {@code budget} operations per poll. */
    public static <T> TestTask<T> withBudget(Future<T> future, int budget) {
        return new TestTask<>(future, budget, null);
    }

    /**
     * Wraps {@code future}, polled by hand with a context that carries {@code runtime}: timers register with that
     * runtime's clock (so a paused one decides when they fire), sockets with its I/O driver, and {@code spawn}
     * spawns onto it. Move a paused clock with {@code runtime.blockOn(Time.advance(d))}: the timers it fires wake
     * this task's waker.
     *
     * {@snippet class=dev.weft.test.TestTaskTest region=within}
     *
     * @throws NullPointerException when {@code runtime} or {@code future} is null
     */
    public static <T> TestTask<T> within(Handle runtime, Future<T> future) {
        return new TestTask<>(future, Context.UNCONSTRAINED, Objects.requireNonNull(runtime, "runtime"));
    }

    /**
     * Polls the future once.
     *
     * @throws IllegalStateException when it already completed or was cancelled
     */
    public Poll<T> poll() {
        if (done) throw new IllegalStateException("TestTask polled after the future completed");
        if (cancelled) throw new IllegalStateException("TestTask polled after cancel()");
        polls++;
        Poll<T> p = future.poll(cx);
        if (p.isReady()) done = true;
        return p;
    }

    /** Polls once and returns the value; fails when the future is pending. */
    public T pollReady() {
        Poll<T> p = poll();
        if (p.isPending()) throw new AssertionError("expected the future to be ready, but it is pending");
        return p.value();
    }

    /** Polls once and fails unless the future is pending. */
    public void pollPending() {
        Poll<T> p = poll();
        if (p.isReady()) throw new AssertionError("expected the future to be pending, but it is ready with " + p);
    }

    /** Cancels the future (Rust's drop); at most once. */
    public void cancel() {
        if (cancelled || done) return;
        cancelled = true;
        future.cancel();
    }

    /** True when the waker was woken since the last call to {@link #takeWoken()} (or since creation). */
    public boolean isWoken() {
        return waker.wakeCount() > 0;
    }

    /** Returns whether the waker was woken, and resets the count. */
    public boolean takeWoken() {
        return waker.takeWakeCount() > 0;
    }

    /** Wake-ups since creation or the last {@link #takeWoken()}. */
    public int wakeCount() {
        return waker.wakeCount();
    }

    /** Polls made so far. */
    public int pollCount() {
        return polls;
    }

    /** The waker given to the future. */
    public TestWaker waker() {
        return waker;
    }

    public boolean isDone() {
        return done;
    }
}
