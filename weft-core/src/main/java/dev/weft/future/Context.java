package dev.weft.future;

import dev.weft.internal.context.Ambient;
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
 * <p><b>Ambient state.</b> The executor that polls a future may attach its runtime handle (the runtime a task
 * belongs to, its drivers and task-local values). It is not visible here: Weft's own futures reach it through
 * engine code, and futures that start a thread of their own (async blocks) call {@link #bindAmbient(Runnable)}
 * so code on that thread sees the same runtime and task locals.
 *
 * <p><b>Immutable to its receiver.</b> A context handed to a future cannot be changed by it: there are no public
 * mutators. A combinator that polls its children with wakers of its own makes their contexts with a
 * {@link Child}, which passes the runtime handle and the budget on and charges what the children spent.
 *
 * <p>A context is confined to the thread that polls with it; it is not thread-safe.
 */
public final class Context {
    /*
     * Implementation notes
     *
     * I1. waker, budget and ambient change only through reset/setAmbient (package-private, reached by the engine
     *     through dev.weft.internal.future.Contexts) and through Child, whose context no other code can reach
     *     before enter() hands it out: the receiver of a context never sees it change during its poll.
     * I2. budget is UNCONSTRAINED or >= 0; consumeBudget never takes it below 0, and at 0 it wakes the waker once
     *     per refused call. Child.exit charges through consumeBudget, so I2 holds for the parent too.
     */

    /** Budget value meaning "no limit"; the budget of contexts made outside a runtime. */
    public static final int UNCONSTRAINED = Integer.MAX_VALUE;

    /** The budget Weft's runtime gives each task poll (Tokio's value). */
    public static final int DEFAULT_BUDGET = 128;

    private Waker waker;
    private int budget;
    private Ambient ambient;

    /**
     * A context with the given waker, no budget limit and no runtime: for polling by hand (tests, adapters).
     *
     * @param waker the waker futures polled with this context register
     */
    public Context(Waker waker) {
        this(waker, UNCONSTRAINED, null);
    }

    /**
     * A context with the given waker and cooperative budget, and no runtime.
     *
     * @param waker the waker futures polled with this context register
     * @param budget the cooperative budget, or {@link #UNCONSTRAINED}
     * @throws IllegalArgumentException when {@code budget} is negative
     */
    public Context(Waker waker, int budget) {
        this(waker, budget, null);
    }

    /** For the engine (through {@code Contexts}): a context carrying a runtime handle. */
    Context(Waker waker, int budget, Ambient ambient) {
        this.waker = Objects.requireNonNull(waker, "waker");
        if (budget < 0) {
            throw new IllegalArgumentException("budget: " + budget + " (expected: >= 0)");
        }
        this.budget = budget;
        this.ambient = ambient;
    }

    /**
     * The waker of the task being polled.
     *
     * @return the waker to register for a wake-up
     */
    public Waker waker() {
        return waker;
    }

    /**
     * Consumes one unit of the task's cooperative budget. Returns {@code true} when the caller may proceed;
     * {@code false} when the budget is spent, in which case this method has already woken the task and the
     * caller must return {@link Poll#pending()} without doing the operation.
     *
     * @return whether the operation may proceed
     */
    public boolean consumeBudget() {
        int b = budget;
        if (b == UNCONSTRAINED) return true;
        if (b > 0) {
            budget = b - 1;
            return true;
        }
        waker.wake();
        return false;
    }

    /**
     * The budget left in this poll.
     *
     * @return the remaining units, or {@link #UNCONSTRAINED} when unlimited
     */
    public int remainingBudget() {
        return budget;
    }

    /**
     * Returns {@code body} wrapped so that it runs with this context's runtime (current runtime, task locals)
     * installed on whatever thread runs it; {@code body} itself when there is none.
     *
     * @param body the code to run on another thread
     * @return {@code body}, or a wrapper that installs the runtime around it
     */
    public Runnable bindAmbient(Runnable body) {
        Ambient a = ambient;
        return a == null ? body : a.bind(body);
    }

    /** The runtime handle of this context, or {@code null} (engine code reaches it through {@code Contexts}). */
    Ambient ambient() {
        return ambient;
    }

    /** Re-arms this context for the next poll without allocating (I1). */
    void reset(Waker waker, int budget) {
        this.waker = waker;
        this.budget = budget;
    }

    /** Replaces the runtime handle (I1). */
    void setAmbient(Ambient ambient) {
        this.ambient = ambient;
    }

    /**
     * A reusable context for a combinator that polls child futures with wakers of its own (a join, a set of
     * futures): each child poll sees the parent's runtime and remaining budget, and what the child consumed is
     * charged to the parent afterwards, so the task's budget holds across the children. Owned by the combinator,
     * used by the one thread that polls it.
     * {@snippet :
     * Poll<T> pollChild(Context cx) {
     *     Context childCx = child.enter(cx, childWaker);
     *     try {
     *         return future.poll(childCx);
     *     } finally {
     *         child.exit(cx);
     *     }
     * }
     * }
     */
    public static final class Child {
        private final Context cx = new Context(Waker.noop(), UNCONSTRAINED, null);
        private int before;

        /** A child context holder; allocate one per combinator (or per child slot) and reuse it. */
        public Child() {}

        /**
         * Arms the child context for one poll on behalf of {@code parent}.
         *
         * @param parent the context the combinator is being polled with
         * @param waker the waker the child should register (the combinator's per-child waker)
         * @return the context to poll the child with; valid until {@link #exit}
         */
        public Context enter(Context parent, Waker waker) {
            Objects.requireNonNull(waker, "waker");
            before = parent.budget;
            cx.reset(waker, before);
            cx.setAmbient(parent.ambient);
            return cx;
        }

        /**
         * Charges {@code parent} with the budget the child consumed since {@link #enter}. Call it after the child's
         * poll, also when the poll threw.
         *
         * @param parent the context given to {@link #enter}
         */
        public void exit(Context parent) {
            if (before == UNCONSTRAINED) return;
            for (int used = before - cx.budget; used > 0; used--) parent.consumeBudget();
        }
    }
}
