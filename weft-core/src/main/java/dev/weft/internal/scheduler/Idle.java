package dev.weft.internal.scheduler;

import java.lang.invoke.VarHandle;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Tracks which workers are parked or searching, so that a new task wakes a worker only when nobody is already
 * looking for work, and at most about half the workers search at once.
 */
final class Idle {
    /*
     * Implementation notes
     *
     * Tokio's idle.rs. state = [ searching : 16 | unparked : 16 ].
     *
     * I1. A worker increments `searching` only while fewer than half the workers search (approximate, like
     *     Tokio: a racy read then an add; overshoot by one is harmless).
     * I2. notify: when no worker searches and some are parked, pop one sleeper under the lock and count it as
     *     unparked AND searching before unparking it, so concurrent notifications do not wake a second one.
     * I3. A worker parks by removing itself from `unparked` (and `searching`) and pushing itself on `sleepers`
     *     under the lock; if it was the last searcher it re-checks every queue afterwards (the caller does).
     * I4. workerToNotify() issues a full fence first: the pushed task (released by the queue) must be ordered
     *     before the read of `state` (Dekker with I3's state write followed by the queue re-check).
     */
    private static final int UNPARKED_MASK = 0xFFFF;
    private static final int SEARCH_ONE = 1 << 16;

    private final AtomicInteger state;
    private final int numWorkers;
    /** Guarded by this. */
    private final int[] sleepers;
    private int numSleepers;
    private final boolean[] parked;

    Idle(int numWorkers) {
        this.numWorkers = numWorkers;
        this.state = new AtomicInteger(numWorkers); // all unparked, none searching
        this.sleepers = new int[numWorkers];
        this.parked = new boolean[numWorkers];
    }

    private static int searching(int s) {
        return s >>> 16;
    }

    private static int unparked(int s) {
        return s & UNPARKED_MASK;
    }

    int numSearching() {
        return searching(state.get());
    }

    int numUnparked() {
        return unparked(state.get());
    }

    /** Index of a parked worker to wake for new work, or -1 when none should be woken (I2, I4). */
    int workerToNotify() {
        VarHandle.fullFence();
        if (!shouldNotify(state.get())) return -1;
        synchronized (this) {
            if (!shouldNotify(state.get()) || numSleepers == 0) return -1;
            state.addAndGet(SEARCH_ONE + 1);
            int w = sleepers[--numSleepers];
            parked[w] = false;
            return w;
        }
    }

    private boolean shouldNotify(int s) {
        return searching(s) == 0 && unparked(s) < numWorkers;
    }

    /** I1: returns true when the caller may search. */
    boolean tryStartSearching() {
        int s = state.get();
        if (2 * searching(s) >= numWorkers) return false;
        state.addAndGet(SEARCH_ONE);
        return true;
    }

    /** Returns true when the caller was the last searching worker. */
    boolean stopSearching() {
        int prev = state.getAndAdd(-SEARCH_ONE);
        return searching(prev) == 1;
    }

    /** I3: returns true when the caller was the last searcher (the caller must then re-check the queues). */
    boolean park(int worker, boolean searching) {
        synchronized (this) {
            int prev = state.getAndAdd(-1 - (searching ? SEARCH_ONE : 0));
            sleepers[numSleepers++] = worker;
            parked[worker] = true;
            return searching && searching(prev) == 1;
        }
    }

    /** True while the worker is on the sleepers list (it was not chosen by a notification). */
    synchronized boolean isParked(int worker) {
        return parked[worker];
    }

    /**
     * A worker woke by itself (driver event, spurious wake-up, shutdown): take it off the sleepers list.
     * Returns true when it was still there.
     */
    boolean unparkSelf(int worker) {
        synchronized (this) {
            if (!parked[worker]) return false;
            parked[worker] = false;
            for (int i = 0; i < numSleepers; i++) {
                if (sleepers[i] == worker) {
                    sleepers[i] = sleepers[--numSleepers];
                    break;
                }
            }
            state.addAndGet(1);
            return true;
        }
    }
}
