package dev.weft.future;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A hand-made future for tests: it completes (or fails) when the test says so, from any thread, and records how
 * often it was polled and cancelled, the last waker and context it saw, and any breach of the poll contract
 * (polled after cancel or after Ready) as an {@link AssertionError} thrown from {@code poll}.
 */
final class ControlledFuture<T> implements Future<T> {
    private static final Object NONE = new Object();

    private record Failure(Throwable error) {}

    private final String name;
    private final List<String> pollLog; // may be null; names appended on each poll
    private final AtomicWaker waker = new AtomicWaker();
    private final AtomicInteger polls = new AtomicInteger();
    private final AtomicInteger cancels = new AtomicInteger();
    private volatile Object outcome = NONE;
    private volatile boolean finished;
    private volatile Waker lastWaker;
    private volatile Context lastContext;
    private volatile boolean consumesBudget;

    ControlledFuture(String name, List<String> pollLog) {
        this.name = name;
        this.pollLog = pollLog;
    }

    ControlledFuture(String name) {
        this(name, null);
    }

    /** A future that is pending until {@link #complete} or {@link #fail} is called. */
    static <T> ControlledFuture<T> pending(String name) {
        return new ControlledFuture<>(name);
    }

    /** A future that is ready with {@code value} at its first poll. */
    static <T> ControlledFuture<T> ready(String name, T value) {
        ControlledFuture<T> f = new ControlledFuture<>(name);
        f.outcome = value;
        return f;
    }

    /** Makes every poll consume one unit of the context's budget first (as a channel recv() does). */
    ControlledFuture<T> consumingBudget() {
        consumesBudget = true;
        return this;
    }

    /** Completes with {@code value} and wakes the registered waker; safe from any thread. */
    void complete(T value) {
        outcome = value;
        waker.wake();
    }

    /** Makes the next poll throw {@code error} and wakes the registered waker; safe from any thread. */
    void fail(Throwable error) {
        outcome = new Failure(error);
        waker.wake();
    }

    /** Sets the value without waking anybody (to test that only woken futures are re-polled). */
    void completeSilently(T value) {
        outcome = value;
    }

    @Override
    @SuppressWarnings("unchecked")
    public Poll<T> poll(Context cx) {
        if (cancels.get() > 0) throw new AssertionError(name + " polled after cancel()");
        if (finished) throw new AssertionError(name + " polled after it completed");
        polls.incrementAndGet();
        if (pollLog != null) pollLog.add(name);
        lastWaker = cx.waker();
        lastContext = cx;
        if (consumesBudget && !cx.consumeBudget()) return Poll.pending();
        waker.register(cx.waker());
        Object o = outcome;
        if (o == NONE) return Poll.pending();
        finished = true;
        if (o instanceof Failure(Throwable error)) throw Combinators.rethrow(error);
        return Poll.ready((T) o);
    }

    @Override
    public void cancel() {
        cancels.incrementAndGet();
        waker.clear();
    }

    int polls() {
        return polls.get();
    }

    int cancels() {
        return cancels.get();
    }

    boolean finished() {
        return finished;
    }

    Waker lastWaker() {
        return lastWaker;
    }

    Context lastContext() {
        return lastContext;
    }

    @Override
    public String toString() {
        return "ControlledFuture[" + name + ", polls=" + polls + ", cancels=" + cancels + "]";
    }
}
