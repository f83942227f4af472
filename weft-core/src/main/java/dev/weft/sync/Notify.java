package dev.weft.sync;

import dev.weft.future.Context;
import dev.weft.future.Future;
import dev.weft.future.Poll;
import dev.weft.future.Waker;
import dev.weft.internal.context.Waits;
import dev.weft.internal.sync.Coop;
import dev.weft.internal.sync.SafeWake;
import dev.weft.internal.sync.WaitList;
import dev.weft.internal.sync.WakeList;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Wakes tasks without passing data: Tokio's {@code tokio::sync::Notify}. A task awaits {@link #notified()};
 * another calls {@link #notifyOne()} or {@link #notifyWaiters()}.
 * {@snippet class=dev.weft.sync.snippets.CoordinationSnippets region=notify}
 *
 * <p><b>Semantics</b> (Tokio's):
 * <ul>
 *   <li>{@link #notifyOne()} wakes the oldest waiting {@code notified()} future. When nobody waits it stores a
 *       single permit (at most one; more calls do not add up), and the next {@code notified()} completes at
 *       its first poll.</li>
 *   <li>{@link #notifyWaiters()} completes every {@code notified()} future <em>created</em> before the call,
 *       polled or not, and stores no permit. A future created after the call is not affected.</li>
 *   <li>A {@code notified()} future that received {@code notifyOne()}'s notification but is cancelled before
 *       it reported completion passes the notification on: to the next waiter, or back into the permit.</li>
 * </ul>
 *
 * <p><b>Memory effects.</b> Actions before {@code notifyOne()} or {@code notifyWaiters()} happen-before the
 * actions after a {@code notified()} future completes because of that call.
 */
public final class Notify {
    /*
     * Implementation notes
     *
     * After tokio/src/sync/notify.rs. State word (int, VarHandle STATE):
     *
     *     31                               2   1   0
     *     +---------------------------------+-------+
     *     |  notifyWaiters() calls (30 bits) | state |    state: EMPTY 0, WAITING 1, NOTIFIED 2
     *     +---------------------------------+-------+
     *
     * I1. WAITING iff `waiters` is non-empty; WAITING is entered and left only under `lock`.
     * I2. NOTIFIED (the stored permit) only while no one waits: EMPTY <-> NOTIFIED may change by CAS without
     *     the lock (notifyOne's fast path, a first poll consuming the permit), so lock holders CAS too.
     * I3. A Notified captures the call count when created; a different count at any later poll means a
     *     notifyWaiters() happened after its creation, so it completes (Tokio's documented guarantee).
     * I4. A waiter's `notification` (NONE, ONE, ALL) is written once, under the lock, when a notifier removes
     *     it from the queue; volatile, read by its poll without the lock.
     * I5. cancel() of a waiter holding an unreported ONE forwards it (next waiter, else the permit): no
     *     notifyOne() is lost.
     * I6. Wakers are collected under the lock and woken after it is released. notifyWaiters() drains the
     *     whole queue in one lock hold (Tokio wakes in batches of 32 with a guard node; not needed for
     *     correctness).
     *
     * Ordering: notifyOne/notifyWaiters write STATE by CAS or the waiter's `notification` volatile; the
     * completing poll reads them volatile (or under the lock).
     */

    private static final int EMPTY = 0; // no permit, nobody waits
    private static final int WAITING = 1; // the queue is non-empty (I1)
    private static final int NOTIFIED = 2; // one stored permit (I2)
    private static final int STATE_MASK = 0b11;
    private static final int CALL_UNIT = 1 << 2; // one notifyWaiters() call in the upper bits

    private static final VarHandle STATE;

    static {
        try {
            STATE = MethodHandles.lookup().findVarHandle(Notify.class, "state", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** See the picture above; CAS from any thread. */
    @SuppressWarnings("unused")
    private volatile int state;

    private final ReentrantLock lock = new ReentrantLock();
    /** Guarded by `lock`. */
    private final WaitList<Notified> waiters = new WaitList<>();

    /** Creates a notify with no stored permit and no waiters. */
    public Notify() {}

    private int stateVolatile() {
        return state;
    }

    private boolean casState(int expected, int next) {
        return STATE.compareAndSet(this, expected, next);
    }

    private static int calls(int s) {
        return s & ~STATE_MASK;
    }

    /**
     * A future that completes when this notify is notified: by a stored permit, by {@link #notifyOne()}, or by
     * a {@link #notifyWaiters()} called after this method returned (even before the first poll). Completing
     * consumes one unit of the task's cooperative budget.
     *
     * <p><b>Cancel safety.</b> Cancel-safe in the sense that no notification is lost: a cancelled future that
     * had been picked by {@code notifyOne()} passes the notification to the next waiter (or stores it as the
     * permit). Cancelling loses the place in the queue.
     *
     * <p><b>Memory effects.</b> See {@link Notify}.
     *
     * @return a lazy future that completes with {@code null}
     */
    public Future<Void> notified() {
        return new Notified(this, calls(stateVolatile()));
    }

    /**
     * Wakes the oldest waiting {@code notified()} future, or stores one permit when nobody waits (at most one
     * permit is stored).
     */
    public void notifyOne() {
        for (;;) { // fast path: nobody waits, so store the permit
            int s = stateVolatile();
            int st = s & STATE_MASK;
            if (st == WAITING) break;
            if (st == NOTIFIED) return;
            if (casState(s, calls(s) | NOTIFIED)) return; // release: pairs with the consuming CAS
        }
        Waker toWake = null;
        lock.lock();
        try {
            for (;;) {
                int s = stateVolatile();
                int st = s & STATE_MASK;
                if (st == WAITING) {
                    Notified w = waiters.pollFirst();
                    w.notification = Notified.ONE; // volatile (I4)
                    toWake = w.waker;
                    w.waker = null;
                    if (waiters.isEmpty()) STATE.setVolatile(this, calls(s) | EMPTY); // I1: only we change it now
                    break;
                }
                if (st == NOTIFIED || casState(s, calls(s) | NOTIFIED)) break;
            }
        } finally {
            lock.unlock();
        }
        SafeWake.wake(toWake); // I6
    }

    /**
     * Completes every {@code notified()} future created before this call, whether it has been polled or not,
     * without storing a permit.
     */
    public void notifyWaiters() {
        WakeList wakes = new WakeList();
        lock.lock();
        try {
            for (;;) {
                int s = stateVolatile();
                int st = s & STATE_MASK;
                if (st == WAITING) {
                    for (Notified w = waiters.pollFirst(); w != null; w = waiters.pollFirst()) {
                        w.notification = Notified.ALL;
                        wakes.add(w.waker);
                        w.waker = null;
                    }
                    STATE.setVolatile(this, (calls(s) + CALL_UNIT) | EMPTY);
                    break;
                }
                if (casState(s, s + CALL_UNIT)) break; // keeps EMPTY/NOTIFIED (I2)
            }
        } finally {
            lock.unlock();
        }
        wakes.wakeAll();
    }

    @Override
    public String toString() {
        int st = stateVolatile() & STATE_MASK;
        return st == NOTIFIED ? "Notify[permit]" : st == WAITING ? "Notify[waiting]" : "Notify[empty]";
    }

    /** The future of {@link #notified()}: a wait-queue node. */
    private static final class Notified extends WaitList.Node implements Future<Void> {
        static final int NONE = 0;
        static final int ONE = 1;
        static final int ALL = 2;

        private static final int INIT = 0;
        private static final int QUEUED = 1;
        private static final int DONE = 2;

        private final Notify notify;
        /** The notifyWaiters() call count when created (I3). */
        private final int calls;
        /** Owner-thread only. */
        private int phase;
        /** Guarded by the notify's lock. */
        private Waker waker;
        /** I4. */
        private volatile int notification;

        Notified(Notify notify, int calls) {
            this.notify = notify;
            this.calls = calls;
        }

        @Override
        public Poll<Void> poll(Context cx) {
            if (phase == DONE) throw new IllegalStateException("notified() polled after it completed or was cancelled");
            if (!Coop.proceed(cx)) return Poll.pending();
            boolean ready = phase == INIT ? pollFirst(cx) : pollQueued(cx);
            if (!ready) return Poll.pending();
            phase = DONE;
            Coop.madeProgress(cx);
            return Poll.ready(null);
        }

        /** Fast checks, then queue under the lock. True when notified. */
        private boolean pollFirst(Context cx) {
            Notify n = notify;
            for (;;) {
                int s = n.stateVolatile();
                if (calls(s) != calls) return true; // I3
                if ((s & STATE_MASK) != NOTIFIED) break;
                if (n.casState(s, calls(s) | EMPTY)) return true; // acquire: consume the permit
            }
            n.lock.lock();
            try {
                for (;;) {
                    int s = n.stateVolatile();
                    if (calls(s) != calls) return true;
                    int st = s & STATE_MASK;
                    if (st == NOTIFIED) {
                        if (n.casState(s, calls(s) | EMPTY)) return true;
                        continue;
                    }
                    if (st == EMPTY && !n.casState(s, calls(s) | WAITING)) continue;
                    waker = cx.waker();
                    Waits.record(waker, n); // task dump
                    n.waiters.addLast(this);
                    phase = QUEUED;
                    return false;
                }
            } finally {
                n.lock.unlock();
            }
        }

        private boolean pollQueued(Context cx) {
            if (notification != NONE) return true;
            notify.lock.lock();
            try {
                if (notification != NONE) return true;
                Waker w = cx.waker();
                Waits.record(w, notify); // task dump
                if (waker == null || !waker.willWake(w)) waker = w;
                return false;
            } finally {
                notify.lock.unlock();
            }
        }

        @Override
        public void cancel() {
            int p = phase;
            phase = DONE;
            if (p != QUEUED) return;
            Notify n = notify;
            Waker toWake = null;
            n.lock.lock();
            try {
                int got = notification;
                if (got == NONE) {
                    n.waiters.remove(this);
                    waker = null;
                    if (n.waiters.isEmpty()) {
                        int s = n.stateVolatile(); // WAITING: only lock holders change it (I1)
                        STATE.setVolatile(n, calls(s) | EMPTY);
                    }
                } else if (got == ONE) { // I5: forward the unreported notification
                    Notified next = n.waiters.pollFirst();
                    if (next != null) {
                        next.notification = ONE;
                        toWake = next.waker;
                        next.waker = null;
                        if (n.waiters.isEmpty()) STATE.setVolatile(n, calls(n.stateVolatile()) | EMPTY);
                    } else {
                        for (;;) {
                            int s = n.stateVolatile();
                            if ((s & STATE_MASK) == NOTIFIED || n.casState(s, calls(s) | NOTIFIED)) break;
                        }
                    }
                }
            } finally {
                n.lock.unlock();
            }
            SafeWake.wake(toWake);
        }
    }
}
