package dev.weft.future;

import dev.weft.internal.context.WaitRecorder;
import dev.weft.internal.context.Waits;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * {@link Futures#joinAll} and {@link Futures#tryJoinAll}: polls each child with a waker of its own, and after
 * the first poll re-polls only the children that were woken.
 */
final class JoinAll<T> implements Future<List<T>> {
    /*
     * Implementation notes
     *
     * Each child i has a ChildWaker. wake() pushes the ChildWaker on an intrusive Treiber stack (`readyHead`)
     * unless it is already queued, then wakes the parent task. poll() takes the whole stack and polls those
     * children.
     * I1. A ChildWaker is on the stack at most once: `queued` is CASed false->true before the push and set back
     *     to false by poll() before the child is polled, so a wake during that poll re-queues it.
     * I2. Only the polling thread reads `children`, `values`, `remaining` (single-owner polling).
     * I3. The parent waker is refreshed on every poll before any child is polled.
     * I4. The children are polled with one reused child Context (as JoinTuple's I4) carrying the parent's
     *     remaining budget and ambient, so async blocks inside the join see the runtime and task locals; the
     *     budget a child consumed is charged to the parent afterwards. A child that finds the budget spent wakes
     *     its own waker, so it is queued and re-polled at the task's next poll.
     * Ordering: push is a CAS on readyHead (volatile); take is getAndSet (volatile); `next` is plain, published
     * by the CAS. Progress: lock-free.
     */
    private static final VarHandle READY_HEAD;

    static {
        try {
            READY_HEAD = MethodHandles.lookup().findVarHandle(JoinAll.class, "readyHead", ChildWaker.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final Future<? extends T>[] children;
    private final Object[] values;
    private final boolean failFast;
    private ChildWaker[] wakers;
    private Context childCx; // I4: created at the first poll, reset for every child poll
    private int remaining;
    private Throwable failure; // joinAll only: the first child failure, the rest suppressed
    private volatile Waker parent;
    @SuppressWarnings("unused")
    private volatile ChildWaker readyHead;

    @SuppressWarnings("unchecked")
    JoinAll(List<Future<? extends T>> list, boolean failFast) {
        this.children = list.toArray(new Future[0]);
        this.values = new Object[children.length];
        this.remaining = children.length;
        this.failFast = failFast;
    }

    @Override
    public Poll<List<T>> poll(Context cx) {
        parent = cx.waker(); // I3
        if (wakers == null) {
            wakers = new ChildWaker[children.length];
            for (int i = 0; i < children.length; i++) wakers[i] = new ChildWaker(this, i);
            if (children.length > 0) childCx = new Context(wakers[0], Context.UNCONSTRAINED, null);
            for (int i = 0; i < children.length; i++) pollChild(i, cx);
        } else {
            ChildWaker w = (ChildWaker) READY_HEAD.getAndSet(this, (ChildWaker) null);
            while (w != null) {
                ChildWaker next = w.next;
                w.next = null;
                w.queued = false; // I1
                pollChild(w.index, cx);
                w = next;
            }
        }
        if (remaining > 0) return Poll.pending();
        if (failure != null) {
            Throwable f = failure;
            failure = null;
            Arrays.fill(values, null);
            throw Combinators.rethrow(f);
        }
        List<T> out = new ArrayList<>(values.length);
        for (Object v : values) {
            @SuppressWarnings("unchecked") T t = (T) v;
            out.add(t);
        }
        Arrays.fill(values, null);
        return Poll.ready(out);
    }

    private void pollChild(int i, Context cx) {
        Future<? extends T> f = children[i];
        if (f == null) return;
        Context c = childCx;
        int before = cx.remainingBudget();
        c.reset(wakers[i], before); // I4
        c.setAmbient(cx.ambient());
        Poll<? extends T> p;
        try {
            p = f.poll(c);
        } catch (Throwable t) {
            children[i] = null;
            charge(cx, before, c);
            if (failFast) {
                cancelAll();
                throw Combinators.rethrow(t);
            }
            remaining--;
            if (failure == null) failure = t;
            else failure.addSuppressed(t);
            return;
        }
        charge(cx, before, c);
        if (p instanceof Poll.Ready<? extends T> r) {
            values[i] = r.value();
            children[i] = null;
            remaining--;
        }
    }

    /** I4: charges the parent context with the budget the child consumed. */
    private static void charge(Context parent, int before, Context child) {
        if (before == Context.UNCONSTRAINED) return;
        for (int used = before - child.remainingBudget(); used > 0; used--) parent.consumeBudget();
    }

    private void cancelAll() {
        for (int i = 0; i < children.length; i++) {
            Future<? extends T> f = children[i];
            children[i] = null;
            if (f != null) f.cancel();
        }
        remaining = 0;
    }

    @Override
    public void cancel() {
        cancelAll();
        Arrays.fill(values, null);
    }

    void onChildWoken(ChildWaker w) {
        if (ChildWaker.QUEUED.compareAndSet(w, false, true)) {
            ChildWaker head;
            do {
                head = readyHead;
                w.next = head;
            } while (!READY_HEAD.compareAndSet(this, head, w));
        }
        Waker p = parent;
        if (p != null) p.wake();
    }

    /** The waker of child {@code index}. */
    static final class ChildWaker implements Waker, WaitRecorder {
        static final VarHandle QUEUED;

        static {
            try {
                QUEUED = MethodHandles.lookup().findVarHandle(ChildWaker.class, "queued", boolean.class);
            } catch (ReflectiveOperationException e) {
                throw new ExceptionInInitializerError(e);
            }
        }

        final JoinAll<?> owner;
        final int index;
        volatile boolean queued;
        ChildWaker next;

        ChildWaker(JoinAll<?> owner, int index) {
            this.owner = owner;
            this.index = index;
        }

        /** Task dump: a child's wait is its parent task's (I3: `parent` is already this poll's waker). */
        @Override
        public void recordWait(Object resource) {
            Waits.record(owner.parent, resource);
        }

        @Override
        public void wake() {
            owner.onChildWoken(this);
        }
    }
}
