package dev.weft.future;

import dev.weft.internal.context.WaitRecorder;
import dev.weft.internal.context.Waits;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Arrays;
import java.util.function.Function;

/**
 * {@link Futures#join}/{@link Futures#tryJoin} of a fixed, small number of futures (at most 31): polls each child
 * with a waker of its own and, after the first poll, re-polls only the children that were woken; completes with
 * a record of the values built by {@code finisher}.
 */
final class JoinTuple<R> implements Future<R> {
    /*
     * Implementation notes
     *
     * Like JoinAll, with a bit mask instead of a Treiber stack (the number of children is fixed and tiny):
     * ChildWaker i sets bit i of `woken` (getAndBitwiseOr) and then wakes the parent task's waker.
     * poll() takes the mask with getAndSet(0) BEFORE polling the children it names, so a wake-up that lands
     * while a child is being polled sets the bit again and is seen by the next poll (no lost wake-up).
     *
     * I1. Only the polling thread reads or writes children, values, remaining, failure, done, childCx
     *     (single-owner polling).
     * I2. children[i] != null  <=>  child i has neither completed (Ready or threw) nor been cancelled. cancel()
     *     nulls the slot first, so each child is cancelled at most once and a completed child never.
     * I3. `parent` is refreshed at every poll before any child is polled, so a child woken later wakes the
     *     task that polled most recently.
     * I4. The children are polled with one reused child Context carrying the parent's remaining budget and
     *     ambient; the budget a child consumed is charged to the parent afterwards, so the cooperative budget
     *     works through a join as it does without one. A child that finds the budget spent wakes its own
     *     waker (bit i), so it is re-polled at the task's next poll.
     *
     * Ordering: `woken` and `parent` are volatile (VarHandle getAndBitwiseOr/getAndSet, volatile write/read);
     * a child's completion is published to the poller by the child's own wake protocol. Progress: lock-free.
     */
    private static final VarHandle WOKEN;

    static {
        try {
            WOKEN = MethodHandles.lookup().findVarHandle(JoinTuple.class, "woken", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final Future<?>[] children; // I2
    private final Object[] values;
    private final boolean failFast;
    private final Function<Object[], R> finisher;
    private ChildWaker[] wakers; // created at the first poll
    private Context childCx; // I4
    private int remaining;
    private Throwable failure; // join only: the first child failure, later ones suppressed
    private boolean done;
    private volatile Waker parent; // I3
    @SuppressWarnings("unused")
    private volatile int woken;

    JoinTuple(Future<?>[] children, boolean failFast, Function<Object[], R> finisher) {
        if (children.length > 31) {
            throw new IllegalArgumentException("children: " + children.length + " (expected: <= 31)");
        }
        for (int i = 0; i < children.length; i++) {
            if (children[i] == null) {
                throw new NullPointerException("futures[" + i + "] is null (expected: a Future)");
            }
        }
        this.children = children;
        this.values = new Object[children.length];
        this.remaining = children.length;
        this.failFast = failFast;
        this.finisher = finisher;
    }

    @Override
    public Poll<R> poll(Context cx) {
        if (done) {
            throw new IllegalStateException("join polled after it completed, failed or was cancelled"
                    + " (expected: a future is never polled again after Ready, an exception or cancel())");
        }
        parent = cx.waker(); // I3
        int mask;
        if (wakers == null) {
            int n = children.length;
            wakers = new ChildWaker[n];
            for (int i = 0; i < n; i++) wakers[i] = new ChildWaker(this, 1 << i);
            childCx = new Context(wakers[0], Context.UNCONSTRAINED, null);
            mask = (1 << n) - 1;
        } else {
            mask = (int) WOKEN.getAndSet(this, 0);
        }
        for (int i = 0; mask != 0 && i < children.length; i++, mask >>>= 1) {
            if ((mask & 1) != 0 && children[i] != null) pollChild(i, cx);
        }
        if (remaining > 0) return Poll.pending();
        done = true;
        Throwable f = failure;
        if (f != null) {
            failure = null;
            Arrays.fill(values, null);
            throw Combinators.rethrow(f);
        }
        R out = finisher.apply(values.clone());
        Arrays.fill(values, null);
        return Poll.ready(out);
    }

    private void pollChild(int i, Context cx) {
        Future<?> f = children[i];
        Context c = childCx;
        int before = cx.remainingBudget();
        c.reset(wakers[i], before); // I4
        c.setAmbient(cx.ambient());
        Poll<?> p;
        try {
            p = f.poll(c);
        } catch (Throwable t) {
            children[i] = null; // I2: it threw, so it is finished
            charge(cx, before, c);
            if (failFast) {
                done = true;
                cancelChildren(t);
                Arrays.fill(values, null);
                throw Combinators.rethrow(t);
            }
            remaining--;
            if (failure == null) failure = t;
            else failure.addSuppressed(t);
            return;
        }
        charge(cx, before, c);
        if (p instanceof Poll.Ready<?> r) {
            values[i] = r.value();
            children[i] = null; // I2
            remaining--;
        }
    }

    /** I4: charges the parent context with the budget the child consumed. */
    private static void charge(Context parent, int before, Context child) {
        if (before == Context.UNCONSTRAINED) return;
        for (int used = before - child.remainingBudget(); used > 0; used--) parent.consumeBudget();
    }

    /** Cancels every child still running; exceptions from cancel() go to {@code cause} or are thrown last. */
    private void cancelChildren(Throwable cause) {
        Throwable failed = null;
        for (int i = 0; i < children.length; i++) {
            Future<?> f = children[i];
            children[i] = null; // I2
            if (f == null) continue;
            try {
                f.cancel();
            } catch (Throwable t) {
                if (cause != null) cause.addSuppressed(t);
                else if (failed == null) failed = t;
                else failed.addSuppressed(t);
            }
        }
        remaining = 0;
        if (failed != null) throw Combinators.rethrow(failed);
    }

    @Override
    public void cancel() {
        if (done) return;
        done = true;
        Arrays.fill(values, null);
        failure = null;
        cancelChildren(null);
    }

    void onChildWoken(int bit) {
        WOKEN.getAndBitwiseOr(this, bit);
        Waker p = parent;
        if (p != null) p.wake();
    }

    /** The waker of one child: sets its bit and wakes the parent task. */
    private static final class ChildWaker implements Waker, WaitRecorder {
        private final JoinTuple<?> owner;
        private final int bit;

        ChildWaker(JoinTuple<?> owner, int bit) {
            this.owner = owner;
            this.bit = bit;
        }

        /** Task dump: a child's wait is its parent task's (I3: `parent` is already this poll's waker). */
        @Override
        public void recordWait(Object resource) {
            Waits.record(owner.parent, resource);
        }

        @Override
        public void wake() {
            owner.onChildWoken(bit);
        }
    }
}
