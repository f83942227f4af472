package dev.weft.sync;

import dev.weft.future.Context;
import dev.weft.future.Future;
import dev.weft.future.Poll;
import dev.weft.future.Waker;
import dev.weft.internal.context.Waits;
import dev.weft.internal.sync.Arguments;
import dev.weft.internal.sync.Coop;
import dev.weft.internal.sync.WaitList;
import dev.weft.internal.sync.WakeList;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Lets {@code n} tasks wait for each other: Tokio's {@code tokio::sync::Barrier}. Each task awaits
 * {@link #waitAll()}; when the {@code n}-th arrives, all {@code n} complete together and exactly one of them is
 * told it is the leader. The barrier then resets for the next generation.
 * {@snippet class=dev.weft.sync.snippets.CoordinationSnippets region=barrier}
 *
 * <p><b>Memory effects.</b> Actions of every task before its {@code waitAll()} arrived happen-before the
 * actions of every task of the same generation after its {@code waitAll()} completes.
 */
public final class Barrier {
    /*
     * Implementation notes
     *
     * Everything is guarded by `lock` (a barrier is a rendezvous, not a hot path).
     * I1. `arrived` counts the waiters of the current generation that have arrived and not been cancelled;
     *     0 <= arrived < parties between operations.
     * I2. The arrival that makes arrived == parties is the leader: it releases every queued waiter (sets
     *     `released`, volatile), resets arrived to 0 and completes at once.
     * I3. A waiter arrives at its first poll (futures are lazy). Cancelling a waiter that arrived and was not
     *     released withdraws its arrival (arrived--), so a cancelled task never completes a generation it left.
     *     This differs from Tokio, whose dropped wait() future keeps its arrival counted.
     * I4. Wakers are woken after the lock is released.
     */

    private final int parties;
    private final ReentrantLock lock = new ReentrantLock();
    /** Guarded by `lock`. */
    private final WaitList<Wait> waiters = new WaitList<>();
    /** Guarded by `lock` (I1). */
    private int arrived;

    /**
     * Creates a barrier for {@code n} tasks.
     *
     * @throws IllegalArgumentException when {@code n < 1}
     */
    public Barrier(int n) {
        Arguments.positive("n", n, Integer.MAX_VALUE);
        this.parties = n;
    }

    /** The number of tasks that must call {@link #waitAll()} for a generation to complete. */
    public int parties() {
        return parties;
    }

    /**
     * A future that arrives at the barrier when first polled and completes once {@link #parties()} tasks have
     * arrived; exactly one of them gets {@code leader() == true}. Completing consumes one unit of the task's
     * cooperative budget.
     *
     * <p><b>Cancel safety.</b> Cancelling before the generation completes withdraws the arrival: the barrier
     * then waits for another task in its place. Cancelling after the generation completed (released but not
     * yet polled) loses nothing for the other tasks; this task just does not see its result.
     *
     * <p><b>Memory effects.</b> See {@link Barrier}.
     *
     * @return a lazy future of the result
     */
    public Future<BarrierWaitResult> waitAll() {
        return new Wait(this);
    }

    @Override
    public String toString() {
        lock.lock();
        try {
            return "Barrier[parties=" + parties + ", arrived=" + arrived + "]";
        } finally {
            lock.unlock();
        }
    }

    /** The future of {@link #waitAll()}. */
    private static final class Wait extends WaitList.Node implements Future<BarrierWaitResult> {
        private static final int INIT = 0;
        private static final int QUEUED = 1;
        private static final int LEADER = 2; // completed the generation, result not yet reported
        private static final int DONE = 3;

        private final Barrier barrier;
        /** Owner-thread only. */
        private int phase;
        /** Guarded by the barrier's lock. */
        private Waker waker;
        /** Set under the lock by the leader (I2); read without it. */
        private volatile boolean released;

        Wait(Barrier barrier) {
            this.barrier = barrier;
        }

        @Override
        public Poll<BarrierWaitResult> poll(Context cx) {
            switch (phase) {
                case INIT -> {
                    WakeList wakes = arrive(cx);
                    if (wakes == null) return Poll.pending();
                    wakes.wakeAll(); // I4
                    phase = LEADER;
                    return finish(cx, true);
                }
                case QUEUED -> {
                    if (!released && !reRegister(cx)) return Poll.pending();
                    return finish(cx, false);
                }
                case LEADER -> {
                    return finish(cx, true);
                }
                default -> throw new IllegalStateException("waitAll() polled after it completed or was cancelled");
            }
        }

        private Poll<BarrierWaitResult> finish(Context cx, boolean leader) {
            if (!Coop.proceed(cx)) return Poll.pending();
            phase = DONE;
            Coop.madeProgress(cx);
            return Poll.ready(leader ? BarrierWaitResult.LEADER : BarrierWaitResult.FOLLOWER);
        }

        /** Arrives; returns the wakers to wake when this arrival is the leader, null when it queued. */
        private WakeList arrive(Context cx) {
            Barrier b = barrier;
            b.lock.lock();
            try {
                if (b.arrived + 1 < b.parties) {
                    b.arrived++;
                    waker = cx.waker();
                    Waits.record(waker, b); // task dump
                    b.waiters.addLast(this);
                    phase = QUEUED;
                    return null;
                }
                WakeList wakes = new WakeList();
                for (Wait w = b.waiters.pollFirst(); w != null; w = b.waiters.pollFirst()) {
                    w.released = true; // volatile; pairs with the read in poll
                    wakes.add(w.waker);
                    w.waker = null;
                }
                b.arrived = 0;
                return wakes;
            } finally {
                b.lock.unlock();
            }
        }

        /** True when released meanwhile; else stores the waker. */
        private boolean reRegister(Context cx) {
            Barrier b = barrier;
            b.lock.lock();
            try {
                if (released) return true;
                Waker w = cx.waker();
                Waits.record(w, b); // task dump
                if (waker == null || !waker.willWake(w)) waker = w;
                return false;
            } finally {
                b.lock.unlock();
            }
        }

        @Override
        public void cancel() {
            int p = phase;
            phase = DONE;
            if (p != QUEUED) return;
            Barrier b = barrier;
            b.lock.lock();
            try {
                if (b.waiters.remove(this)) { // I3: not released, withdraw the arrival
                    b.arrived--;
                    waker = null;
                }
            } finally {
                b.lock.unlock();
            }
        }
    }
}
