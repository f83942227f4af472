package dev.weft.internal.sync;

import dev.weft.future.Context;
import dev.weft.future.Waker;
import dev.weft.internal.context.ThreadContext;
import dev.weft.internal.context.Waits;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The fair batch semaphore under {@code Semaphore}, {@code RwLock}, {@code OnceCell} and the bounded mpsc channel
 * (Tokio's {@code sync::batch_semaphore}): waiters for any number of permits queue in FIFO order, and a
 * waiter at the head blocks later, smaller requests.
 */
public final class BatchSemaphore {
    /*
     * Implementation notes
     *
     * After tokio/src/sync/batch_semaphore.rs (Semaphore, Acquire, Waiter), re-expressed for Java. What we
     * changed: Tokio's release always takes the lock; here a WAITERS bit in the state word lets release() skip
     * the lock when nobody waits, so the uncontended acquire/release pair is two CASes and no lock. And the word
     * is a long whose upper half is a claim counter for the bounded mpsc channel (I8), so one CAS there both takes
     * a slot's permit and claims the ring index (Tokio's bounded channel pays a semaphore CAS plus the list's
     * tail RMW).
     *
     * State word (long, VarHandle STATE):
     *
     *     63                          32 31                            2   1   0
     *     +-----------------------------+-------------------------------+---+---+
     *     |  claim counter (32 bits)    |  available permits (30 bits)  | W | C |   W = WAITERS, C = CLOSED
     *     +-----------------------------+-------------------------------+---+---+
     *
     * I1. W is set iff `waiters` is non-empty. W changes only under `lock`.
     * I2. W set => available == 0: while anyone waits, every released permit is assigned to the head waiter(s)
     *     under the lock and never reaches the count. Hence the lock-free fast path (CAS when available >= n)
     *     can never overtake a waiter: FIFO fairness holds for try-acquire too.
     * I3. Only the head waiter may hold a partial assignment (0 < assigned < permits): a waiter takes permits
     *     on enqueue only when the queue was empty, and releases assign to the head first.
     * I4. A waiter's `needed` and `waker` are guarded by `lock`. Its `phase` is read volatile and written with
     *     release stores (setPhase): QUEUED -> ASSIGNED or QUEUED -> CLOSED are written under the lock by
     *     releasers/close(); every other transition is made by the owning future (one thread at a time, per the
     *     poll contract). No thread orders a phase write before a later read of another variable (releasers and
     *     close() never read phase), so no write needs a volatile store's full fence: the uncontended acquire
     *     is one CAS and nothing else.
     * I5. A waiter leaving the queue for any reason other than being fully assigned (cancel, close) returns
     *     its partial assignment: cancel() hands it to the next waiters at once under the same lock hold;
     *     close() returns it to the count. No permit leaks, no wake-up is lost.
     * I6. Wakers are collected in a WakeList under the lock and woken after it is released.
     * I7. Task dump: a semaphore created while diagnostics track holders (Waits.tracking(), fixed at construction in
     *     `tracksHolders`) keeps a record per outstanding guard (the guard object -> the task that acquired it,
     *     or null for code that is not a diagnosed task, and its permits) in `holders`, guarded by `lock`. Guards
     *     add their record right after the acquire that gave them the permits and remove it right before giving the
     *     permits back, so the records never name a holder that has released; they may miss one for the few
     *     instructions between an acquire and its guard's construction (the dump then knows fewer holders, which
     *     makes the deadlock detector more conservative, never less). Untracked semaphores pay one final-field
     *     read per guard.
     * I8. The claim counter (bits 63..32) is opaque to the semaphore: it starts at the constructor's firstClaim
     *     (0 for Semaphore, RwLock, OnceCell) and stays there unless someone claims, and
     *     every CAS above computes its next value from the whole word it read, changing only bits 31..0, so it
     *     preserves the counter (and fails, and retries, if a claim moved it meanwhile). Permit arithmetic never
     *     carries or borrows across bit 32 (available <= MAX_PERMITS < 2^29; an acquire subtracts at most what is
     *     available). The counter moves only by CLAIM_ONE, in two places: tryAcquireOneAndClaim's CAS (take one
     *     permit AND claim, atomically: the bounded mpsc send fast path) and claim()'s getAndAdd (an index for a
     *     permit held already: one assigned from the queue, or a reserved one). A Waiter built with
     *     claimsIndex = true claims in its own acquiring CAS too (pollFirst); it reports the index through
     *     takeClaim(), or NO_CLAIM when its permit came another way (assigned by a release). The counter wraps
     *     modulo 2^32 (a getAndAdd past 2^64 drops the carry); users compare indices with int differences.
     *
     * Ordering protocol:
     *   write                                   mode                 matching read
     *   release: STATE += n (fast path)         CAS (volatile)       acquire fast path CAS (volatile)
     *   release: phase = ASSIGNED (slow path)   release, under lock  waiter poll: volatile read of phase
     *   close: STATE |= C                       CAS (volatile)       every acquire path reads STATE
     *   claim: counter += 1 (I8)                CAS or getAndAdd     claimedVolatile() (the mpsc consumer)
     * So actions before a release happen-before the acquire that obtains those permits (memory effects of
     * every lock built on this class).
     *
     * Progress: try-acquire (with or without a claim) and uncontended release are lock-free, claim() wait-free;
     * queueing, cancel and contended release take
     * a small lock held for O(waiters woken) steps.
     *
     * Cost under contention (measured on W9 while Mutex ran on this class; it now runs on EventuallyFairLock,
     * see ADR 0013): FIFO hand-off means that once one acquire queues,
     * every later acquire queues behind it and every release wakes the next waiter through its executor, so a
     * hot lock runs at the executor's wake-up rate, not at CAS speed. We tried two remedies and kept neither:
     * spinning up to 64-512 state re-reads before queueing (the queue still formed in 80-99% of W9's
     * acquires: one preempted holder starts a convoy that lasts while tasks keep re-locking), and spinning on
     * `lock` before parking (no gain). Only barging (unfair) breaks the convoy; EventuallyFairLock bounds its
     * unfairness for Mutex. The permit-counting users keep strict FIFO (ADR 0013 says why).
     */

    /** The most permits a semaphore can hold (Tokio's {@code MAX_READS}): 2^29 - 1 = 536,870,911. */
    public static final int MAX_PERMITS = Integer.MAX_VALUE >>> 2;

    /** {@link #tryAcquire} outcome: the permits were taken. */
    public static final int OK = 0;
    /** {@link #tryAcquire} outcome: too few permits available (or others are waiting). */
    public static final int NO_PERMITS = 1;
    /** {@link #tryAcquire} / {@link Waiter#pollAcquire} outcome: the semaphore is closed. */
    public static final int CLOSED = 2;
    /** {@link Waiter#pollAcquire} outcome: the permits were taken. */
    public static final int ACQUIRED = OK;
    /** {@link Waiter#pollAcquire} outcome: not yet; the waker is registered. */
    public static final int PENDING = 3;

    /** {@link #tryAcquireOneAndClaim} outcome: no permit available (or others are waiting). */
    public static final long CLAIM_NO_PERMITS = -1;
    /** {@link #tryAcquireOneAndClaim} outcome: the semaphore is closed. */
    public static final long CLAIM_CLOSED = -2;
    /** {@link Waiter#takeClaim} outcome: the waiter's permit came without a claim (I8). */
    public static final long NO_CLAIM = -1;

    private static final long CLOSED_BIT = 0b01L; // C: no acquire succeeds any more
    private static final long WAITERS_BIT = 0b10L; // W: the wait queue is non-empty (I1)
    private static final long FLAGS = CLOSED_BIT | WAITERS_BIT;
    private static final int SHIFT = 2; // permits live above the flag bits
    private static final int CLAIM_SHIFT = 32; // the claim counter is the upper half (I8)
    private static final long CLAIM_ONE = 1L << CLAIM_SHIFT; // one claimed index
    private static final long CLAIM_MASK = -CLAIM_ONE; // bits 63..32

    private static final VarHandle STATE;

    static {
        try {
            STATE = MethodHandles.lookup().findVarHandle(BatchSemaphore.class, "state", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** Claim counter, permits and flags; written by CAS (and claim()'s getAndAdd) from any thread (the picture). */
    @SuppressWarnings("unused")
    private volatile long state;

    /** Guards `waiters`, every waiter's `needed`/`waker`, and every change of W (I1, I4). */
    private final ReentrantLock lock = new ReentrantLock();

    /** FIFO of queued waiters; guarded by `lock`. */
    private final WaitList<Waiter> waiters = new WaitList<>();

    /** I7: whether guards record their holders; fixed at construction. */
    private final boolean tracksHolders = Waits.tracking();

    /** I7: outstanding guard -> its holding; guarded by `lock`; created by the first record. */
    private IdentityHashMap<Object, Holding> holders;

    /**
     * Creates a semaphore with {@code permits} permits.
     *
     * @throws IllegalArgumentException when {@code permits} is outside {@code [0, MAX_PERMITS]}
     */
    public BatchSemaphore(int permits) {
        this(permits, 0);
    }

    /**
     * Creates a semaphore with {@code permits} permits whose claim counter (I8) starts at {@code firstClaim}: the
     * bounded mpsc channel's tests start it just below 2^32 to exercise the wrap-around without 4 billion sends.
     *
     * @throws IllegalArgumentException when {@code permits} is outside {@code [0, MAX_PERMITS]}
     */
    public BatchSemaphore(int permits, int firstClaim) {
        Arguments.nonNegative("permits", permits, MAX_PERMITS);
        STATE.setRelease(this, ((long) firstClaim << CLAIM_SHIFT) | ((long) permits << SHIFT));
    }

    private long stateVolatile() {
        return state;
    }

    private boolean casState(long expected, long next) {
        return STATE.compareAndSet(this, expected, next);
    }

    /** The available permits in state word {@code s} (bits 31..2; bit 31 is always 0, I8). */
    private static int permitsOf(long s) {
        return (int) s >>> SHIFT;
    }

    /** {@code n} permits as a state-word delta (never reaches bit 32, I8). */
    private static long permitDelta(int n) {
        return (long) n << SHIFT;
    }

    /** The permits available right now (0 while anyone waits, I2). */
    public int availablePermits() {
        return permitsOf(stateVolatile());
    }

    /** True once {@link #close()} was called. */
    public boolean isClosed() {
        return (stateVolatile() & CLOSED_BIT) != 0;
    }

    /** True when closed and exactly {@code n} permits are available, read in one volatile load. */
    public boolean isClosedWithAvailable(int n) {
        long s = stateVolatile();
        return (s & CLOSED_BIT) != 0 && permitsOf(s) == n;
    }

    /** True when at least one waiter is queued (diagnostics and tests). */
    public boolean hasWaiters() {
        return (stateVolatile() & WAITERS_BIT) != 0;
    }

    /**
     * Takes {@code n} permits without waiting. Returns {@link #OK}, {@link #NO_PERMITS} or {@link #CLOSED}.
     * Never overtakes a queued waiter (I2).
     */
    public int tryAcquire(int n) {
        for (;;) {
            long s = stateVolatile();
            if ((s & CLOSED_BIT) != 0) return CLOSED;
            if (permitsOf(s) < n) return NO_PERMITS;
            if (casState(s, s - permitDelta(n))) return OK; // volatile: pairs with release's CAS / lock
        }
    }

    /**
     * Takes one permit and claims the next index of the claim counter in the same CAS (I8): the bounded mpsc
     * send fast path. Returns the claimed index, in {@code [0, 2^32)} (compare indices with int differences:
     * the counter wraps), or {@link #CLAIM_NO_PERMITS} or {@link #CLAIM_CLOSED}. Never overtakes a queued waiter
     * (I2). A claimed index must be used: the caller owns the permit and the index.
     */
    public long tryAcquireOneAndClaim() {
        for (;;) {
            long s = stateVolatile();
            if ((s & CLOSED_BIT) != 0) return CLAIM_CLOSED;
            if (permitsOf(s) < 1) return CLAIM_NO_PERMITS;
            // volatile: pairs with release's CAS; the counter moves with the permit (I8)
            if (casState(s, s - permitDelta(1) + CLAIM_ONE)) return s >>> CLAIM_SHIFT;
        }
    }

    /**
     * Claims the next index of the claim counter (I8) for a permit the caller already holds (one assigned to it
     * from the wait queue, or a reserved one): one getAndAdd that leaves the permits and flags alone. Returns
     * the index as an int (the counter's 32 bits; compare with int differences).
     */
    public int claim() {
        return (int) ((long) STATE.getAndAdd(this, CLAIM_ONE) >>> CLAIM_SHIFT);
    }

    /** The next index the claim counter will hand out (I8), read volatile; an int that wraps. */
    public int claimedVolatile() {
        return (int) (stateVolatile() >>> CLAIM_SHIFT);
    }

    /**
     * Adds {@code n} permits, assigning them to queued waiters first (FIFO) and waking those completed.
     *
     * @throws IllegalArgumentException when {@code n} is outside {@code [0, MAX_PERMITS]} or the count would
     *     exceed MAX_PERMITS
     */
    public void release(int n) {
        Arguments.nonNegative("n", n, MAX_PERMITS);
        if (n == 0) return;
        for (;;) { // fast path: nobody waits, so the permits go straight to the count
            long s = stateVolatile();
            if ((s & WAITERS_BIT) != 0) break;
            checkOverflow(s, n);
            if (casState(s, s + permitDelta(n))) return; // release: pairs with the acquire CAS; keeps bits 63..32 (I8)
        }
        WakeList wakes = new WakeList();
        lock.lock();
        try {
            releaseLocked(n, wakes);
        } finally {
            lock.unlock();
        }
        wakes.wakeAll(); // I6
    }

    private static void checkOverflow(long s, int n) {
        long next = (long) permitsOf(s) + n;
        if (next > MAX_PERMITS) {
            throw new IllegalArgumentException("n: " + n + " would raise the available permits from " + permitsOf(s)
                    + " above MAX_PERMITS (expected: available + n <= " + MAX_PERMITS + ")");
        }
    }

    /** Assigns {@code n} permits to the head waiters, then the rest to the count; keeps I1 and I2. */
    private void releaseLocked(int n, WakeList wakes) {
        int rem = n;
        while (rem > 0) {
            Waiter w = waiters.peekFirst();
            if (w == null) break;
            int take = Math.min(rem, w.needed);
            w.needed -= take;
            rem -= take;
            if (w.needed > 0) break; // rem is 0: the head keeps a partial assignment (I3)
            waiters.remove(w);
            wakes.add(w.waker);
            w.waker = null;
            w.setPhase(Waiter.ASSIGNED); // release: publishes the permits; pairs with pollAcquire's volatile read
        }
        if (!waiters.isEmpty()) return; // rem == 0 here, W stays set (I1, I2)
        for (;;) {
            long s = stateVolatile();
            if (rem > 0) checkOverflow(s, rem);
            long next = (s & ~WAITERS_BIT) + permitDelta(rem); // keeps bits 63..32 (I8)
            if (casState(s, next)) return;
        }
    }

    /**
     * Closes the semaphore: every queued waiter fails with {@link #CLOSED}, returning its partial assignment
     * to the count (I5), and so does every later acquire. Permits released later still count.
     */
    public void close() {
        WakeList wakes = new WakeList();
        lock.lock();
        try {
            int returned = 0;
            for (Waiter w = waiters.pollFirst(); w != null; w = waiters.pollFirst()) {
                returned += w.permits - w.needed;
                wakes.add(w.waker);
                w.waker = null;
                w.setPhase(Waiter.CLOSED_PHASE); // release; pairs with pollAcquire's volatile read
            }
            for (;;) {
                long s = stateVolatile();
                long next = ((s & ~FLAGS) + permitDelta(returned)) | CLOSED_BIT; // keeps bits 63..32 (I8)
                if (casState(s, next)) break;
            }
        } finally {
            lock.unlock();
        }
        wakes.wakeAll();
    }

    // ---------------------------------------------------------------- task dump: holders (I7)

    /**
     * One outstanding guard's holding: the task that acquired it (the diagnosed task whose code ran on the
     * acquiring thread), or null when that was not a diagnosed task, and how many permits it holds.
     *
     * @param owner the holding task, or null (unknown)
     * @param permits the permits held
     */
    public record Holding(Object owner, int permits) {}

    /**
     * I7: records that {@code guard} now holds {@code permits} permits, acquired by the code running on this thread.
     * Does nothing unless this semaphore tracks holders.
     */
    public void holderAcquired(Object guard, int permits) {
        if (!tracksHolders) return;
        Holding h = new Holding(ThreadContext.diagOwner(), permits);
        lock.lock();
        try {
            if (holders == null) holders = new IdentityHashMap<>();
            holders.put(guard, h);
        } finally {
            lock.unlock();
        }
    }

    /** I7: removes {@code guard}'s record; call it before releasing its permits. */
    public void holderReleased(Object guard) {
        if (!tracksHolders) return;
        lock.lock();
        try {
            if (holders != null) holders.remove(guard);
        } finally {
            lock.unlock();
        }
    }

    /**
     * I7: the outstanding holdings, or null when this semaphore does not track holders (created before any runtime
     * with diagnostics was built).
     */
    public List<Holding> holdersSnapshot() {
        if (!tracksHolders) return null;
        lock.lock();
        try {
            return holders == null ? List.of() : List.copyOf(holders.values());
        } finally {
            lock.unlock();
        }
    }

    /**
     * A pending acquisition of {@code permits} permits: a wait-queue node driven by its owning future.
     * Subclasses implement {@code Future} on top of {@link #pollAcquire} and {@link #cancelAcquire}.
     */
    public static class Waiter extends WaitList.Node {
        static final int INIT = 0; // not polled yet: nothing registered
        static final int QUEUED = 1; // in the wait queue
        static final int ASSIGNED = 2; // all permits assigned, not yet reported to the owner
        static final int CLOSED_PHASE = 3; // removed by close()
        static final int DONE = 4; // acquired and reported, failed, or cancelled

        private final BatchSemaphore semaphore;
        private final int permits;
        /** Whether the acquiring CAS also claims an index (I8). */
        private final boolean claimsIndex;
        /** Whether `claimedIndex` holds an index claimed by the acquiring CAS, not yet taken; owner only. */
        private boolean hasClaim;
        /** The index the acquiring CAS claimed (I8); owner only (written and read by its polls). */
        private int claimedIndex;
        /** Permits still to be assigned; guarded by the semaphore's lock. */
        private int needed;
        /** Waker of the owning task; guarded by the semaphore's lock. */
        private Waker waker;
        /** See I4; written with release stores only (setPhase), read as volatile. */
        private volatile int phase;

        private static final VarHandle PHASE;

        static {
            try {
                PHASE = MethodHandles.lookup().findVarHandle(Waiter.class, "phase", int.class);
            } catch (ReflectiveOperationException e) {
                throw new ExceptionInInitializerError(e);
            }
        }

        /**
         * A release store: no reader of `phase` needs a store-load order with it (no Dekker pattern: releasers
         * and close() never read it; owners read what they or a lock holder wrote), so it skips the full fence
         * of a volatile store.
         */
        private void setPhase(int p) {
            PHASE.setRelease(this, p);
        }

        /**
         * Creates a waiter for {@code permits} permits of {@code semaphore}; nothing happens until polled.
         *
         * @throws IllegalArgumentException when {@code permits} is outside {@code [1, MAX_PERMITS]}
         */
        public Waiter(BatchSemaphore semaphore, int permits) {
            this(semaphore, permits, false);
        }

        /**
         * Creates a waiter for {@code permits} permits of {@code semaphore} which, when {@code claimsIndex} (then
         * {@code permits} must be 1), also claims the next index of the claim counter in the CAS that takes the
         * permit without queueing (I8); see {@link #takeClaim}.
         *
         * @throws IllegalArgumentException when {@code permits} is outside {@code [1, MAX_PERMITS]}, or
         *     {@code claimsIndex} with {@code permits != 1}
         */
        public Waiter(BatchSemaphore semaphore, int permits, boolean claimsIndex) {
            Arguments.positive("permits", permits, MAX_PERMITS);
            if (claimsIndex && permits != 1) {
                throw new IllegalArgumentException("permits: " + permits + " (expected: 1 for a waiter that claims"
                        + " an index)");
            }
            this.semaphore = semaphore;
            this.permits = permits;
            this.claimsIndex = claimsIndex;
        }

        /**
         * After {@link #pollAcquire} returned {@link #ACQUIRED}: the index its acquiring CAS claimed (I8), in
         * {@code [0, 2^32)}, or {@link #NO_CLAIM} when the permit came without one (assigned by a release while
         * queued, or the waiter does not claim); then the caller claims with {@link BatchSemaphore#claim()}. Owner
         * only; a second call returns NO_CLAIM.
         */
        public final long takeClaim() {
            if (!hasClaim) return NO_CLAIM;
            hasClaim = false;
            return Integer.toUnsignedLong(claimedIndex);
        }

        /** The semaphore this waiter acquires from. */
        public final BatchSemaphore semaphore() {
            return semaphore;
        }

        /** The number of permits requested. */
        public final int permits() {
            return permits;
        }

        /** Task dump: true while this waiter is queued (read racily: a volatile read of its phase). */
        public final boolean isQueued() {
            return phase == QUEUED;
        }

        /**
         * Polls the acquisition: {@link #ACQUIRED} (the caller now owns the permits and must release them),
         * {@link #PENDING} (waker registered, or the cooperative budget is spent and the task was woken) or
         * {@link #CLOSED}. Consumes one unit of budget when returning ACQUIRED.
         */
        public final int pollAcquire(Context cx) {
            int p = phase;
            switch (p) {
                case INIT -> {
                    if (!Coop.proceed(cx)) return PENDING;
                    return pollFirst(cx);
                }
                case QUEUED -> {
                    return pollQueued(cx);
                }
                case ASSIGNED -> {
                    return complete(cx);
                }
                case CLOSED_PHASE -> {
                    setPhase(DONE);
                    return CLOSED;
                }
                default -> throw new IllegalStateException("acquire polled after it completed or was cancelled");
            }
        }

        private int complete(Context cx) {
            if (!Coop.proceed(cx)) return PENDING; // keeps the permits; cancel() returns them
            setPhase(DONE);
            Coop.madeProgress(cx);
            return ACQUIRED;
        }

        private int pollFirst(Context cx) {
            BatchSemaphore sem = semaphore;
            long take = permitDelta(permits) - (claimsIndex ? CLAIM_ONE : 0); // the CAS's delta: it may claim (I8)
            for (;;) { // lock-free fast path: enough permits and nobody waiting (W set => available == 0)
                long s = sem.stateVolatile();
                if ((s & CLOSED_BIT) != 0) {
                    setPhase(DONE);
                    return CLOSED;
                }
                if (permitsOf(s) < permits) break;
                if (sem.casState(s, s - take)) { // acquire: pairs with release
                    acquiredFrom(s);
                    Coop.madeProgress(cx);
                    return ACQUIRED;
                }
            }
            sem.lock.lock();
            try {
                for (;;) {
                    long s = sem.stateVolatile();
                    if ((s & CLOSED_BIT) != 0) {
                        setPhase(DONE);
                        return CLOSED;
                    }
                    int available = permitsOf(s);
                    if (sem.waiters.isEmpty() && available >= permits) {
                        if (sem.casState(s, s - take)) {
                            acquiredFrom(s);
                            Coop.madeProgress(cx);
                            return ACQUIRED;
                        }
                        continue;
                    }
                    int partial = Math.min(available, permits); // 0 unless the queue is empty (I2, I3)
                    long next = (s & CLAIM_MASK) | permitDelta(available - partial) | WAITERS_BIT; // keeps I8's half
                    // with W already set, bits 31..0 cannot change outside the lock (I1, I2; a claim moves only
                    // bits 63..32, I8): skip the no-op CAS
                    if (next != s && !sem.casState(s, next)) continue;
                    needed = permits - partial;
                    waker = cx.waker();
                    Waits.record(waker, this); // task dump: waits on this acquisition
                    sem.waiters.addLast(this);
                    setPhase(QUEUED);
                    return PENDING;
                }
            } finally {
                sem.lock.unlock();
            }
        }

        /** The acquiring CAS succeeded on state {@code s}: records the index it claimed, if it claims (I8). */
        private void acquiredFrom(long s) {
            if (claimsIndex) {
                claimedIndex = (int) (s >>> CLAIM_SHIFT);
                hasClaim = true;
            }
            setPhase(DONE);
        }

        private int pollQueued(Context cx) {
            BatchSemaphore sem = semaphore;
            sem.lock.lock();
            try {
                int p = phase;
                if (p == QUEUED) {
                    Waker w = cx.waker();
                    Waits.record(w, this); // task dump
                    if (waker == null || !waker.willWake(w)) waker = w;
                    return PENDING;
                }
            } finally {
                sem.lock.unlock();
            }
            return pollAcquire(cx); // became ASSIGNED or CLOSED_PHASE meanwhile
        }

        /**
         * Releases everything this waiter holds: leaves the queue, hands a partial assignment to the next
         * waiters at once (I5), or releases the full assignment that was never reported. Idempotent.
         */
        public final void cancelAcquire() {
            int p = phase;
            if (p == INIT || p == DONE || p == CLOSED_PHASE) {
                setPhase(DONE);
                return;
            }
            BatchSemaphore sem = semaphore;
            if (p == ASSIGNED) {
                setPhase(DONE);
                sem.release(permits);
                return;
            }
            WakeList wakes = new WakeList();
            int releaseAll = 0;
            sem.lock.lock();
            try {
                p = phase;
                if (p == QUEUED) {
                    sem.waiters.remove(this);
                    waker = null;
                    setPhase(DONE);
                    sem.releaseLocked(permits - needed, wakes); // also clears W if the queue emptied (I1)
                } else if (p == ASSIGNED) {
                    setPhase(DONE);
                    releaseAll = permits;
                } else {
                    setPhase(DONE);
                }
            } finally {
                sem.lock.unlock();
            }
            wakes.wakeAll();
            if (releaseAll > 0) sem.release(releaseAll);
        }
    }
}
