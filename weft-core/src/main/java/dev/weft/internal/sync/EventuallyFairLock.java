package dev.weft.internal.sync;

import dev.weft.future.Context;
import dev.weft.future.Waker;
import dev.weft.internal.context.ThreadContext;
import dev.weft.internal.context.Waits;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;

/**
 * The eventually fair lock under {@code Mutex} (parking_lot's {@code RawMutex} re-expressed for futures): a free
 * lock is taken by whoever asks first (barging), so a hot lock runs at CAS speed instead of at the executor's
 * wake-up rate; the oldest waiter is handed the lock directly at the first unlock after it has been the oldest
 * waiter for the fairness bound ({@link #DEFAULT_HANDOFF_NANOS}, 0.5 ms), so no waiter starves.
 */
public final class EventuallyFairLock {
    /*
     * Implementation notes
     *
     * After parking_lot's RawMutex (src/raw_mutex.rs: LOCKED_BIT, PARKED_BIT, eventual fairness through the
     * parking lot's `be_fair` unpark token) and Go's sync.Mutex (mutexWoken, starvation mode's direct hand-off).
     * What we changed: a future cannot block, so "parking" is enqueueing a wait node and returning Pending; the
     * queue is this lock's own intrusive FIFO instead of a global parking lot; the woken waiter keeps its place
     * at the head (Go keeps it at the front too) so it is never sent to the back for losing a race; and the
     * fairness deadline is deterministic and per head (parking_lot draws 0..1 ms per bucket at random): the head
     * is handed the lock at the first unlock that finds it has been the head for `handoffNanos`.
     *
     * State word (int, VarHandle STATE):
     *
     *     31                       3   2   1   0
     *     +------------------------+---+---+---+
     *     |       generation       | W | Q | L |    L = LOCKED, Q = QUEUED, W = WOKEN
     *     +------------------------+---+---+---+
     *
     * I1. Q is set iff `waiters` is non-empty. Q changes only under `lock`, and Q is only ever set by a CAS
     *     whose expected value has L set: a waiter queues only while the lock is observed held.
     * I2. W is set iff the head waiter is `designated`: it was woken to retry and has not retried yet. W and
     *     `designated` change only under `lock`. A designated waiter is always the head (nodes are only
     *     appended, and a designated head leaves the queue only by acquiring or cancelling, which clear W).
     * I3. Progress: Q set and L clear implies W set. Every transition keeps it: the fast release clears L only
     *     when Q is clear or W is set; the slow release clears L and sets W in one CAS (under `lock`); a
     *     designated head that fails its retry clears W only by a CAS whose expected value has L set; a
     *     cancelled designated head passes W to the new head when L is clear. So while anyone waits and the
     *     lock is free, some waiter has a pending wake-up and will retry: no lost wake-up.
     * I4. Ownership. L set means exactly one owner: a CAS that set L (barging), or a waiter whose phase is
     *     ASSIGNED or later (hand-off: the slow release leaves L set and passes it to the head under `lock`).
     *     Hence a hand-off can never be overtaken, and a waiter that is both queued and handed the lock cannot
     *     also take it by CAS.
     * I5. Fairness bound. `handoffAt` (guarded by `lock`) is `clock + handoffNanos` taken when the current head
     *     became the head. The slow release runs whenever a head exists and is not designated; it reads the
     *     clock and, if `now >= handoffAt`, hands off (I4). A designated head that loses its retry clears W, so
     *     the next release is slow again. So once the head has been the head for the bound, it is handed the
     *     lock at the first release after its next failed retry (or at once if it is not designated): it waits
     *     at most the bound plus one critical section (plus its executor's delay in polling it after a wake).
     *     Hand-offs, which leave the lock idle until the new owner is polled, happen at most once per bound
     *     per head, which is what keeps the barging throughput (parking_lot's argument).
     * I6. A waiter's `waker` and `designated` are guarded by `lock`; its `phase` is read volatile and written
     *     with release stores: QUEUED -> ASSIGNED by a releaser under `lock`; every other transition by the
     *     owning future (one thread at a time, per the poll contract).
     * I7. Cancellation (BatchSemaphore's I5 for one permit): a queued waiter unlinks itself under `lock`, and a
     *     designated one passes W on (I3); a waiter handed the lock (ASSIGNED) and cancelled releases it, which
     *     runs the release protocol (wake or hand-off to the next head). Nothing is stranded.
     * I8. Wakers are called after `lock` is released.
     * I9. Task dump: a lock created while diagnostics track holders (Waits.tracking(), fixed at construction in
     *     `tracksHolders`) records the task that holds it in `holder` (plain writes by the holder: set after
     *     acquiring, cleared before releasing; read racily by the dump, which may then miss a holder for the few
     *     instructions around an acquire or release, never name one that released). Every waker registration
     *     also records this waiter as what the task waits on (Waits.record: one plain write).
     *
     * I10. Ownership stamps. Every transition that gives the lock a new owner (a CAS that sets L, or a hand-off)
     *     adds one to the generation in the same CAS (`locked(s)`, or the hand-off's CAS). The owner's stamp is
     *     that generation; `release(stamp)` acts only while L is set and the generation equals the stamp, and
     *     nobody else changes the generation while L is set. So a guard closed twice at once from two threads
     *     releases the lock exactly once, without a CAS of its own: the second release finds the generation
     *     moved on (or L clear) and does nothing. The generation is 29 bits and wraps; a stale release would
     *     need 2^29 acquisitions inside the few instructions between a guard's closed check and its CAS.
     *
     * Ordering protocol:
     *   write                                    mode                   matching read
     *   release: clear L (fast or slow path)     CAS (volatile)         acquire CAS that sets L (volatile)
     *   hand-off: phase = ASSIGNED               release, under lock    owner's volatile read of phase
     * So actions before a release happen-before the actions after the acquisition that follows it.
     *
     * Spinning: an acquire that finds L set re-reads the state up to `spinTries` (SPIN_TRIES = 32 by default;
     * model checks use 0) times with Thread.onSpinWait()
     * before queueing (about a microsecond), on machines with more than one processor only (with one, the
     * holder cannot run while we spin). Critical sections of an async mutex are usually short, so the holder
     * is most often about to release; queueing costs a lock, a node link and an executor round trip. A holder
     * suspended across an await is not helped by spinning, hence the small bound.
     *
     * Progress: the barging acquire and the release without waiters are lock-free (one CAS each); queueing,
     * cancel, a designated waiter's failed retry and the release that wakes or hands off take `lock` for O(1).
     */

    /** The default fairness bound: 0.5 ms, parking_lot's average (Go's sync.Mutex uses 1 ms). */
    public static final long DEFAULT_HANDOFF_NANOS = 500_000L;

    /**
     * {@link Waiter#pollAcquire} and {@link #tryAcquire} outcome: not acquired (for {@code pollAcquire}: the waker
     * is registered, or the budget was spent). Every other outcome is the owner's stamp, which is {@code >= 0}.
     */
    public static final int PENDING = -1;

    private static final int LOCKED_BIT = 0b001; // L: some owner holds the lock (I4)
    private static final int QUEUED_BIT = 0b010; // Q: the wait queue is non-empty (I1)
    private static final int WOKEN_BIT = 0b100; // W: the head was woken to retry and has not yet (I2)
    private static final int GEN_SHIFT = 3; // the generation above the flags (I10)
    private static final int GEN_ONE = 1 << GEN_SHIFT;

    /** Re-reads of a held lock before queueing (see "Spinning"); 0 on a single processor. */
    static final int SPIN_TRIES = Runtime.getRuntime().availableProcessors() > 1 ? 32 : 0;

    private static final VarHandle STATE;

    static {
        try {
            STATE = MethodHandles.lookup().findVarHandle(EventuallyFairLock.class, "state", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** L, Q, W; written by CAS from any thread (see the picture above). */
    @SuppressWarnings("unused")
    private volatile int state;

    /** Guards `waiters`, `handoffAt`, every waiter's `waker`/`designated`, and every change of Q and W. */
    private final ReentrantLock lock = new ReentrantLock();

    /** FIFO of queued waiters; guarded by `lock`. */
    private final WaitList<Waiter> waiters = new WaitList<>();

    /** When the current head may claim a hand-off (I5); guarded by `lock`, meaningful while Q is set. */
    private long handoffAt;

    private final long handoffNanos;
    private final LongSupplier clock;
    private final int spinTries;

    /** An unlocked lock with the default bound, reading {@link System#nanoTime()}, spinning SPIN_TRIES times. */
    public EventuallyFairLock() {
        this(DEFAULT_HANDOFF_NANOS, System::nanoTime, SPIN_TRIES);
    }

    /**
     * An unlocked lock that hands off to a head that has waited {@code handoffNanos} by {@code clock} (a
     * monotonic nanosecond source; tests pass a fake one) and re-reads a held lock {@code spinTries} times before
     * queueing (model checks pass 0: a spinning waiter would win the races they must explore).
     *
     * @throws IllegalArgumentException when {@code handoffNanos < 0} or {@code spinTries < 0}
     * @throws NullPointerException when {@code clock} is null
     */
    public EventuallyFairLock(long handoffNanos, LongSupplier clock, int spinTries) {
        if (handoffNanos < 0) {
            throw new IllegalArgumentException("handoffNanos: " + handoffNanos + " (expected: >= 0)");
        }
        if (spinTries < 0) throw new IllegalArgumentException("spinTries: " + spinTries + " (expected: >= 0)");
        if (clock == null) throw new NullPointerException("clock");
        this.handoffNanos = handoffNanos;
        this.clock = clock;
        this.spinTries = spinTries;
    }

    private int stateVolatile() {
        return state;
    }

    private boolean casState(int expected, int next) {
        return STATE.compareAndSet(this, expected, next);
    }

    /** The state after a new owner takes the lock: L set, the generation one further (I10). */
    private static int locked(int s) {
        return (s | LOCKED_BIT) + GEN_ONE; // the carry out of bit 31 is dropped: the generation wraps
    }

    /** The owner's stamp in state {@code s}: its generation (I10), never negative. */
    private static int stampOf(int s) {
        return s >>> GEN_SHIFT;
    }

    /** True while some owner holds the lock (a snapshot). */
    public boolean isLocked() {
        return (stateVolatile() & LOCKED_BIT) != 0;
    }

    /** True while at least one waiter is queued (a snapshot). */
    public boolean hasWaiters() {
        return (stateVolatile() & QUEUED_BIT) != 0;
    }

    /** The fairness bound in nanoseconds. */
    public long handoffNanos() {
        return handoffNanos;
    }

    /**
     * Takes the lock if it is free right now, whether or not others wait (barging); never waits, never spins.
     * A lock being handed off is held (I4), so this fails while a hand-off is in flight.
     *
     * @return the owner's stamp (pass it to {@link #release}), or {@link #PENDING} when the lock is held
     */
    public int tryAcquire() {
        int s = stateVolatile();
        if ((s & LOCKED_BIT) != 0) return PENDING;
        int next = locked(s);
        return casState(s, next) ? stampOf(next) : PENDING; // acquire: pairs with the release CAS
    }

    /** One CAS, then up to spinTries re-reads of a held lock, taking it as soon as it is seen free. */
    private int tryAcquireSpinning() {
        int stamp = tryAcquire();
        for (int i = 0; stamp == PENDING && i < spinTries; i++) {
            Thread.onSpinWait();
            stamp = tryAcquire();
        }
        return stamp;
    }

    /**
     * Releases the lock owned under {@code stamp}: clears L when nobody needs waking; otherwise wakes the head to
     * retry, or hands the lock to it once it has waited for the bound (I5). Does nothing when that ownership
     * has already ended (I10: the same guard released twice at once).
     *
     * @param stamp the stamp returned when the lock was acquired
     * @return true when this call released the lock, false when ownership {@code stamp} had already ended
     */
    public boolean release(int stamp) {
        for (;;) {
            int s = stateVolatile();
            if ((s & LOCKED_BIT) == 0 || stampOf(s) != stamp) return false; // I10: released already
            if ((s & (QUEUED_BIT | WOKEN_BIT)) == QUEUED_BIT) return releaseSlow(stamp); // a waiter nobody woke yet
            if (casState(s, s & ~LOCKED_BIT)) return true; // release: pairs with the acquire CAS
        }
    }

    private boolean releaseSlow(int stamp) {
        Waker wake = null;
        lock.lock();
        try {
            for (;;) {
                int s = stateVolatile();
                if ((s & LOCKED_BIT) == 0 || stampOf(s) != stamp) return false; // I10: released already
                Waiter head = waiters.peekFirst();
                if (head == null || (s & WOKEN_BIT) != 0) { // emptied by a cancel meanwhile (W cannot be set, kept safe)
                    if (casState(s, s & ~LOCKED_BIT)) break;
                    continue;
                }
                long now = clock.getAsLong();
                if (now - handoffAt >= 0) { // I5: the head waited the bound: hand off, L stays set (I4)
                    boolean last = waiters.next(head) == null;
                    int next = (last ? s & ~QUEUED_BIT : s) + GEN_ONE; // the queue empties: Q goes (I1); I10
                    if (!casState(s, next)) continue;
                    waiters.remove(head);
                    head.stamp = stampOf(next);
                    if (!last) handoffAt = now + handoffNanos; // a new head (I5)
                    wake = head.waker;
                    head.waker = null;
                    head.setPhase(Waiter.ASSIGNED); // release: publishes the holder's writes to the new owner
                    break;
                }
                if (!casState(s, (s & ~LOCKED_BIT) | WOKEN_BIT)) continue; // release + designate in one CAS (I3)
                head.designated = true;
                wake = head.waker; // the head stays queued and keeps its waker
                break;
            }
        } finally {
            lock.unlock();
        }
        if (wake != null) SafeWake.wake(wake); // I8
        return true;
    }


    /** I9: whether guards record their holder; fixed at construction. */
    private final boolean tracksHolders = Waits.tracking();
    /** I9: the task holding the lock (a diagnosed task), or null; plain, read racily by the task dump. */
    private Object holder;

    /** I9: records the task running on this thread as the holder; call right after acquiring. */
    public void holderAcquired() {
        if (tracksHolders) holder = ThreadContext.diagOwner();
    }

    /** I9: forgets the holder; call right before releasing. */
    public void holderReleased() {
        if (tracksHolders) holder = null;
    }

    /** I9: whether this lock records its holder (created after a runtime with diagnostics was built). */
    public boolean tracksHolder() {
        return tracksHolders;
    }

    /** I9: the holding task as last recorded, or null (free, unknown, or not tracked). */
    public Object holderSnapshot() {
        return holder;
    }

    /**
     * A pending acquisition: a wait-queue node driven by its owning future. Subclasses implement {@code Future}
     * on top of {@link #pollAcquire} and {@link #cancelAcquire}.
     */
    public static class Waiter extends WaitList.Node {
        static final int INIT = 0; // not polled yet: nothing registered
        static final int QUEUED = 1; // in the wait queue
        static final int ASSIGNED = 2; // handed the lock by a releaser, not yet reported to the owner
        static final int DONE = 3; // acquired and reported, or cancelled

        private static final VarHandle PHASE;

        static {
            try {
                PHASE = MethodHandles.lookup().findVarHandle(Waiter.class, "phase", int.class);
            } catch (ReflectiveOperationException e) {
                throw new ExceptionInInitializerError(e);
            }
        }

        private final EventuallyFairLock owner;
        /** Waker of the owning task; guarded by the lock's `lock`. */
        private Waker waker;
        /** True while this (head) waiter was woken to retry and has not retried (I2); guarded by `lock`. */
        private boolean designated;
        /** The owner's stamp once acquired (I10): written by the owning future, or by a hand-off before ASSIGNED. */
        private int stamp;
        /** See I6; written with release stores only (setPhase), read as volatile. */
        private volatile int phase;

        /** Creates a waiter for {@code owner}; nothing happens until polled. */
        public Waiter(EventuallyFairLock owner) {
            this.owner = owner;
        }

        /** The lock this waiter acquires. */
        public final EventuallyFairLock owner() {
            return owner;
        }

        /** True while queued without the lock (the task dump's record is then current). */
        public final boolean isWaiting() {
            return phase == QUEUED;
        }

        /** Release store: no reader needs a store-load order with it (BatchSemaphore.Waiter#setPhase). */
        private void setPhase(int p) {
            PHASE.setRelease(this, p);
        }

        /**
         * Polls the acquisition: the owner's stamp, {@code >= 0} (the caller owns the lock and must release it
         * with {@link #release(int)}), or {@link #PENDING} (waker registered, or the cooperative budget is spent
         * and the task was woken). Consumes one unit of budget when acquiring.
         */
        public final int pollAcquire(Context cx) {
            switch (phase) {
                case INIT -> {
                    if (!Coop.proceed(cx)) return PENDING;
                    int stamp = owner.tryAcquireSpinning();
                    if (stamp != PENDING) return acquired(cx, stamp);
                    return enqueue(cx);
                }
                case QUEUED -> {
                    if (!Coop.proceed(cx)) return PENDING; // stays queued (and designated: the task was woken)
                    return retry(cx);
                }
                case ASSIGNED -> {
                    return complete(cx);
                }
                default -> throw new IllegalStateException("lock polled after it completed or was cancelled");
            }
        }

        private int acquired(Context cx, int ownerStamp) {
            stamp = ownerStamp;
            setPhase(DONE);
            Coop.madeProgress(cx);
            return ownerStamp;
        }

        private int complete(Context cx) {
            if (!Coop.proceed(cx)) return PENDING; // keeps the lock; cancel() releases it
            return acquired(cx, stamp); // the stamp the hand-off wrote before ASSIGNED (I10)
        }

        private int enqueue(Context cx) {
            EventuallyFairLock l = owner;
            l.lock.lock();
            try {
                for (;;) {
                    int s = l.stateVolatile();
                    if ((s & LOCKED_BIT) == 0) { // released meanwhile: barge
                        int next = locked(s);
                        if (l.casState(s, next)) return acquired(cx, stampOf(next));
                        continue;
                    }
                    boolean first = l.waiters.isEmpty();
                    // sets Q, or (Q already set) validates that L is still set: a no-op CAS (I1, I3)
                    if (!l.casState(s, s | QUEUED_BIT)) continue;
                    if (first) l.handoffAt = l.clock.getAsLong() + l.handoffNanos; // I5: a new head
                    waker = cx.waker();
                    Waits.record(waker, this); // task dump: waits on this acquisition (I9)
                    l.waiters.addLast(this);
                    setPhase(QUEUED);
                    return PENDING;
                }
            } finally {
                l.lock.unlock();
            }
        }

        /** A queued waiter polled again (woken to retry, handed the lock, or polled spuriously). */
        private int retry(Context cx) {
            if (phase == ASSIGNED) return complete(cx); // handed the lock: no race to run
            EventuallyFairLock l = owner;
            int barged = l.tryAcquireSpinning(); // fails while a hand-off to us is in flight (I4)
            l.lock.lock();
            try {
                for (;;) {
                    if (barged != PENDING) {
                        leaveQueueOwning();
                        return acquired(cx, barged);
                    }
                    if (phase == ASSIGNED) break; // handed the lock meanwhile; report it outside the lock
                    Waker w = cx.waker();
                    if (waker == null || !waker.willWake(w)) waker = w;
                    Waits.record(w, this); // task dump (I9)
                    if (!designated) return PENDING; // not woken for a retry: stay parked
                    int s = l.stateVolatile();
                    if ((s & LOCKED_BIT) == 0) {
                        int next = locked(s);
                        if (l.casState(s, next)) barged = stampOf(next);
                        continue;
                    }
                    if (l.casState(s, s & ~WOKEN_BIT)) { // lost the race: L is held, its release wakes us (I3)
                        designated = false;
                        return PENDING;
                    }
                }
            } finally {
                l.lock.unlock();
            }
            return complete(cx);
        }

        /** Unlinks this waiter after it took the lock by CAS; called under `lock` with L owned by us. */
        private void leaveQueueOwning() {
            EventuallyFairLock l = owner;
            boolean wasHead = l.waiters.peekFirst() == this;
            l.waiters.remove(this);
            waker = null;
            for (;;) {
                int s = l.stateVolatile();
                int next = s;
                if (designated) next &= ~WOKEN_BIT;
                if (l.waiters.isEmpty()) next &= ~(QUEUED_BIT | WOKEN_BIT);
                if (next == s || l.casState(s, next)) break;
            }
            designated = false;
            if (wasHead && !l.waiters.isEmpty()) l.handoffAt = l.clock.getAsLong() + l.handoffNanos; // I5
        }

        /**
         * Gives up the acquisition: leaves the queue (passing a retry designation on, I7) or releases the lock
         * it was handed and never reported. Idempotent; does nothing once the lock was reported acquired.
         */
        public final void cancelAcquire() {
            int p = phase;
            if (p == INIT || p == DONE) {
                setPhase(DONE);
                return;
            }
            EventuallyFairLock l = owner;
            if (p == ASSIGNED) {
                setPhase(DONE);
                l.release(stamp); // I7: pass it on
                return;
            }
            Waker wake = null;
            boolean release = false;
            l.lock.lock();
            try {
                if (phase == ASSIGNED) {
                    setPhase(DONE);
                    release = true;
                } else {
                    boolean wasHead = l.waiters.peekFirst() == this;
                    l.waiters.remove(this);
                    waker = null;
                    setPhase(DONE);
                    Waiter newHead = l.waiters.peekFirst();
                    for (;;) {
                        int s = l.stateVolatile();
                        int next = s;
                        if (newHead == null) next &= ~(QUEUED_BIT | WOKEN_BIT);
                        else if (designated && (s & LOCKED_BIT) != 0) next &= ~WOKEN_BIT; // the holder's release wakes
                        if (next != s && !l.casState(s, next)) continue;
                        if (designated && newHead != null && (s & LOCKED_BIT) == 0) { // W passes to the new head (I3)
                            newHead.designated = true;
                            wake = newHead.waker;
                        }
                        break;
                    }
                    designated = false;
                    if (wasHead && newHead != null) l.handoffAt = l.clock.getAsLong() + l.handoffNanos; // I5
                }
            } finally {
                l.lock.unlock();
            }
            if (wake != null) SafeWake.wake(wake); // I8
            if (release) l.release(stamp);
        }
    }
}
