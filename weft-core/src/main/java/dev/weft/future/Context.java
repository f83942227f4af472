package dev.weft.future;

import java.util.Objects;

/**
 * What a future receives when it is polled: the {@link Waker} of the task that polls it, and that task's
 * cooperative budget.
 *
 * <p>This is Rust's {@code std::task::Context} plus Tokio's coop budget. Keep {@code cx.waker()}, never the
 * context itself: an executor reuses one context object for many polls.
 *
 * <p><b>Cooperative budget.</b> A task that keeps finding its resources ready (a channel that is never
 * empty) would otherwise monopolise its worker. Every resource that can return {@code Ready} repeatedly
 * (channel receive, lock, semaphore, timer) calls {@link #consumeBudget()} before completing; when the
 * budget (128 operations per task poll in Weft's runtime, as in Tokio) is spent, the resource wakes the
 * task and returns {@code Pending}, so the task goes to the back of the run queue.
 * {@snippet :
 * Poll<T> pollRecv(Context cx) {
 *     if (!cx.consumeBudget()) return Poll.pending();   // yield: the task has been woken already
 *     T item = queue.poll();
 *     if (item != null) return Poll.ready(item);
 *     waker.register(cx.waker());
 *     return Poll.pending();
 * }
 * }
 *
 * <p><b>Ambient state.</b> The executor that polls a future may attach an {@link Ambient}: the runtime a
 * task belongs to and its task-local values. Futures that start a thread of their own (async blocks) call
 * {@link #bindAmbient(Runnable)} so code on that thread sees the same runtime and task locals.
 *
 * <p>A context is confined to the thread that polls with it; it is not thread-safe.
 */
public class Context {

    /** Budget value meaning "no limit"; the budget of contexts made outside a runtime. */
    public static final int UNCONSTRAINED = Integer.MAX_VALUE;

    /** The budget Weft's runtime gives each task poll (Tokio's value). */
    public static final int DEFAULT_BUDGET = 128;

    /**
     * Carries an executor's ambient state (current runtime, task locals, time and I/O drivers) to the futures it
     * polls, and onto the threads of async blocks they start.
     */
    public interface Ambient {
        /**
         * The ambient state as it is now on this thread (task-local values included), to be installed on
         * another thread: an async block captures it at its first poll. The default returns {@code this}.
         */
        default Ambient capture() {
            return this;
        }

        /**
         * Returns a runnable that runs {@code body} with this ambient's state installed; the default returns
         * {@code body} (async blocks install a captured ambient through {@link Await} instead).
         */
        default Runnable bind(Runnable body) {
            return body;
        }

        /**
         * A thread carrying this ambient (an async block's) became runnable: it started, or it was woken while
         * parked in {@code await()}. With {@link #threadIdle()} this lets a runtime with a paused clock know that
         * it is not idle while such a thread has work to do. Calls are balanced; the default does nothing.
         */
        default void threadRunnable() {}

        /** A thread carrying this ambient parked in {@code await()} or finished. See {@link #threadRunnable()}. */
        default void threadIdle() {}
    }

    private Waker waker;
    private int budget;
    private Ambient ambient;

    /** A context with the given waker, no budget limit and no ambient state. */
    public Context(Waker waker) {
        this(waker, UNCONSTRAINED, null);
    }

    /**
     * A context for executors.
     *
     * @param waker the waker of the polling task
     * @param budget the cooperative budget, or {@link #UNCONSTRAINED}
     * @param ambient the ambient state to propagate, or {@code null}
     */
    public Context(Waker waker, int budget, Ambient ambient) {
        this.waker = Objects.requireNonNull(waker, "waker");
        if (budget < 0) {
            throw new IllegalArgumentException("budget: " + budget + " (expected: >= 0)");
        }
        this.budget = budget;
        this.ambient = ambient;
    }

    /** The waker of the task being polled. */
    public final Waker waker() {
        return waker;
    }

    /**
     * Consumes one unit of the task's cooperative budget. Returns {@code true} when the caller may proceed;
     * {@code false} when the budget is spent, in which case this method has already woken the task and the
     * caller must return {@link Poll#pending()} without doing the operation.
     */
    public final boolean consumeBudget() {
        int b = budget;
        if (b == UNCONSTRAINED) return true;
        if (b > 0) {
            budget = b - 1;
            return true;
        }
        waker.wake();
        return false;
    }

    /** The budget left in this poll ({@link #UNCONSTRAINED} when unlimited). */
    public final int remainingBudget() {
        return budget;
    }

    /**
     * Returns {@code body} wrapped so that it runs with this context's ambient state (current runtime, task
     * locals) installed on whatever thread runs it; {@code body} itself when there is none.
     */
    public final Runnable bindAmbient(Runnable body) {
        Ambient a = ambient;
        return a == null ? body : a.bind(body);
    }

    /** The ambient carrier of this context, or {@code null}. */
    public final Ambient ambient() {
        return ambient;
    }

    /**
     * For executors: re-arms this context for the next poll without allocating.
     *
     * @param waker the waker of the task about to be polled
     * @param budget its fresh budget
     */
    public final void reset(Waker waker, int budget) {
        this.waker = waker;
        this.budget = budget;
    }

    /** For executors: replaces the ambient carrier. */
    public final void setAmbient(Ambient ambient) {
        this.ambient = ambient;
    }
}
