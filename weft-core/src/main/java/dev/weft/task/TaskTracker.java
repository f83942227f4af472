package dev.weft.task;

import com.google.errorprone.annotations.CanIgnoreReturnValue;
import dev.weft.future.Context;
import dev.weft.future.Future;
import dev.weft.future.Poll;
import dev.weft.future.Waker;
import dev.weft.internal.context.Waits;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;

/**
 * Counts tasks so that shutdown can wait for them: tokio-util's {@code TaskTracker}. Tasks spawned through
 * {@link #spawn} (or futures wrapped by {@link #track}) are counted until they finish;
 * {@link #waitAll()} completes once the tracker is {@linkplain #close() closed} and the count is zero. Unlike
 * {@link JoinSet}, it keeps no results, so it costs nothing per finished task.
 *
 * <p>With {@link dev.weft.sync.CancellationToken} it is the graceful-shutdown kit: the token tells tasks to
 * stop, the tracker tells you when they have.
 * {@snippet class=dev.weft.task.snippets.TaskTrackerSnippets region=gracefulShutdown}
 *
 * <p><b>Closing</b> does not stop anything: tasks can still be tracked after {@code close()} (as in Tokio); it
 * only allows {@code waitAll()} to complete. {@link #reopen()} undoes it.
 *
 * <p><b>Memory effects:</b> everything a tracked future did happens-before a {@code waitAll()} future that it
 * let complete returns.
 */
public final class TaskTracker {
    /*
     * Implementation notes
     *
     * One monitor (`this`) guards `count`, `closed` and `waiters`.
     * I1. count = futures tracked and neither finished (Ready or threw) nor cancelled; each Tracked future
     *     decrements exactly once (its `released` flag).
     * I2. Whenever closed && count == 0 becomes true, every waiter is removed, marked fired and woken; a Wait
     *     future that is fired completes even if the tracker has been reopened since (as in Tokio).
     * I3. Wakers are woken after the monitor is released. A waiter's waker that throws (an Error included) is
     *     logged and the other waiters are still woken: the tracked future whose completion woke them (or the
     *     close() call) is not failed by someone else's waker.
     */
    private int count;
    private boolean closed;
    private final LinkedHashSet<Wait> waiters = new LinkedHashSet<>();

    /** Creates an open, empty tracker. */
    public TaskTracker() {}

    /**
     * Spawns {@code future} on the current runtime, tracked until it finishes or is cancelled.
     *
     * <p><b>Cancel safety:</b> as {@link Tasks#spawn}: cancelling the handle aborts the task, which stops being
     * tracked once it has unwound.
     *
     * @throws IllegalStateException when no runtime is current
     */
    @CanIgnoreReturnValue
    public <T> JoinHandle<T> spawn(Future<T> future) {
        return Tasks.spawn(track(future));
    }

    /**
     * Runs {@code body} on the blocking pool, tracked until it returns.
     *
     * <p><b>Cancel safety:</b> as {@link Tasks#spawnBlocking(Callable)}: cancelling the handle interrupts the
     * body, which stays tracked until it has returned.
     *
     * @throws IllegalStateException when no runtime is current
     */
    @CanIgnoreReturnValue
    public <T> JoinHandle<T> spawnBlocking(Callable<? extends T> body) {
        Objects.requireNonNull(body, "body");
        Tracked<T> token = new Tracked<>(this, null);
        try {
            return Tasks.spawnBlocking(() -> {
                try {
                    return body.call();
                } finally {
                    token.release();
                }
            });
        } catch (RuntimeException e) {
            token.release();
            throw e;
        }
    }

    /**
     * Runs {@code body}, which returns nothing, on the blocking pool, tracked until it returns: as
     * {@link #spawnBlocking(Callable)} with no {@code return null}.
     *
     * <p><b>Cancel safety:</b> as {@link Tasks#spawnBlocking(Callable)}: cancelling the handle interrupts the body,
     * which stays tracked until it has returned.
     *
     * @param body the blocking code
     * @return the task's handle
     * @throws IllegalStateException when no runtime is current
     * @throws NullPointerException when {@code body} is null
     */
    @CanIgnoreReturnValue
    public JoinHandle<Void> spawnBlocking(dev.weft.future.Async.VoidBody body) {
        return spawnBlocking(dev.weft.future.Async.callable(body));
    }

    /**
     * Wraps {@code future} so that it counts as a tracked task from now until it completes, throws, or is
     * cancelled (tokio-util's {@code track_future}).
     *
     * <p><b>Cancel safety:</b> as {@code future}'s; cancelling the wrapper cancels {@code future} and stops
     * tracking it.
     */
    public <T> Future<T> track(Future<T> future) {
        return new Tracked<>(this, Objects.requireNonNull(future, "future"));
    }

    /** Closes the tracker: {@link #waitAll()} may complete once no task is tracked. Returns true if it was open. */
    @CanIgnoreReturnValue
    public boolean close() {
        List<Wait> fire;
        synchronized (this) {
            if (closed) return false;
            closed = true;
            fire = takeWaitersIfDone();
        }
        wakeAll(fire);
        return true;
    }

    /** Reopens a closed tracker. Returns true if it was closed. */
    @CanIgnoreReturnValue
    public synchronized boolean reopen() {
        if (!closed) return false;
        closed = false;
        return true;
    }

    /** True once {@link #close()} was called (and not undone by {@link #reopen()}). */
    public synchronized boolean isClosed() {
        return closed;
    }

    /** The number of tasks tracked now. */
    public synchronized int len() {
        return count;
    }

    /** True when no task is tracked. */
    public synchronized boolean isEmpty() {
        return count == 0;
    }

    /**
     * A future that completes once this tracker is closed and tracks no task: tokio-util's {@code wait()}
     * (renamed because {@code Object.wait()} is final).
     *
     * <p><b>Cancel safety:</b> cancel-safe: cancelling only removes the waiter.
     *
     * <p><b>Memory effects:</b> see {@link TaskTracker}.
     */
    public Future<Void> waitAll() {
        return new Wait(this);
    }

    @Override
    public synchronized String toString() {
        return "TaskTracker[" + (closed ? "closed" : "open") + ", len=" + count + "]";
    }

    private synchronized void acquire() {
        count++;
    }

    private void releaseOne() {
        List<Wait> fire;
        synchronized (this) {
            count--;
            fire = takeWaitersIfDone();
        }
        wakeAll(fire);
    }

    /** Under the monitor (I2). */
    private List<Wait> takeWaitersIfDone() {
        if (!closed || count != 0 || waiters.isEmpty()) return List.of();
        List<Wait> fire = new ArrayList<>(waiters);
        waiters.clear();
        for (Wait w : fire) w.fired = true;
        return fire;
    }

    private static void wakeAll(List<Wait> fire) {
        for (Wait w : fire) {
            Waker k = w.waker;
            if (k == null) continue;
            try {
                k.wake();
            } catch (Throwable t) { // I3
                dev.weft.internal.task.Logging.userHookFailed("a TaskTracker.waitAll() waker", t);
            }
        }
    }

    /** A tracked future (or, with {@code inner == null}, a bare token for spawnBlocking). */
    private static final class Tracked<T> implements Future<T> {
        private final TaskTracker tracker;
        private final Future<T> inner;
        private boolean released;

        Tracked(TaskTracker tracker, Future<T> inner) {
            this.tracker = tracker;
            this.inner = inner;
            tracker.acquire();
        }

        @Override
        public Poll<T> poll(Context cx) {
            Poll<T> p;
            try {
                p = inner.poll(cx);
            } catch (RuntimeException | Error e) {
                release();
                throw e;
            }
            if (p.isReady()) release();
            return p;
        }

        @Override
        public void cancel() {
            try {
                inner.cancel();
            } finally {
                release();
            }
        }

        synchronized void release() {
            if (released) return;
            released = true;
            tracker.releaseOne();
        }
    }

    /** The future of {@link #waitAll()}. */
    private static final class Wait implements Future<Void> {
        private final TaskTracker tracker;
        /** Guarded by the tracker's monitor. */
        Waker waker;
        /** Guarded by the tracker's monitor. */
        boolean fired;

        Wait(TaskTracker tracker) {
            this.tracker = tracker;
        }

        @Override
        public Poll<Void> poll(Context cx) {
            synchronized (tracker) {
                if (fired || (tracker.closed && tracker.count == 0)) {
                    tracker.waiters.remove(this);
                    return Poll.ready(null);
                }
                waker = cx.waker();
                Waits.record(waker, tracker); // task dump
                tracker.waiters.add(this);
                return Poll.pending();
            }
        }

        @Override
        public void cancel() {
            synchronized (tracker) {
                tracker.waiters.remove(this);
                waker = null;
            }
        }
    }
}
