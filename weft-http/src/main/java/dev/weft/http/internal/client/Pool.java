package dev.weft.http.internal.client;

import dev.weft.future.Context;
import dev.weft.future.Future;
import dev.weft.future.Poll;
import dev.weft.future.Waker;
import dev.weft.task.Tasks;
import dev.weft.time.MonotonicInstant;
import dev.weft.time.Sleep;
import dev.weft.time.Time;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The client's connection pool: one {@link Host} per origin, each with its idle connections, its count of open
 * connections and the requests waiting for one.
 *
 * <p>Idle connections expire after the idle timeout: a reaper task (spawned on the runtime of the task that made
 * a connection idle, only while some connection is idle) closes them when they expire, and checkout skips expired
 * ones too. A checked-out idle connection is probed first (a non-blocking read that must find nothing), so a
 * connection the server closed meanwhile is never used.
 */
public final class Pool {
    /*
     * Implementation notes
     *
     * Each Host is a monitor: every field below is read and written under `synchronized (host)`; connections,
     * waiters' hand-offs and slots cross threads only through it (happens-before by the monitor). Sockets are
     * closed and wakers called after the lock is released (STYLE 3.4 rule 5).
     * I1. `open` counts this origin's connections that hold a slot: busy, idle, or being connected (a slot is
     *     taken before connecting). open <= maxPerHost at all times.
     * I2. Every slot is given back exactly once: by release() of its connection (when not kept), discard(),
     *     releaseSlot() after a failed or cancelled connect, expiry of an idle connection (acquire, reaper,
     *     close), or by handing it on to a waiter (then `open` does not change: the slot changes owner).
     * I3. waiters is non-empty only while idle is empty and open == maxPerHost: a returned connection goes to
     *     the first waiter before the idle list, and a freed slot goes to the first waiter before anyone else.
     *     So requests are served FIFO once the limit is reached.
     * I4. A waiter is in `waiters` iff `queued`; after it left the queue it holds exactly one of `handed` (a
     *     connection) or `slot` until its owner takes it (acquire) or gives it back (cancel).
     * I5. idle is LIFO (the most recently used connection is reused first: warm, and least likely to have been
     *     closed by the server's idle timeout); the oldest is at the head, where expiry looks.
     * I6. At most one reaper task runs per pool: `reaping` is set by the CAS that spawns it and cleared by the
     *     reaper when it finds no idle connection; it then re-checks and re-claims the flag if a connection
     *     became idle meanwhile, so an idle connection is never left without a reaper (the race between
     *     "reaper exits" and "release adds an idle connection" is closed by that re-check). A pool used outside
     *     any runtime spawns none and relies on checkout's expiry alone.
     */

    /** acquire() result: the caller got a slot and should connect. */
    public static final Object NEW = new Object();

    private final ConcurrentHashMap<Origin, Host> hosts = new ConcurrentHashMap<>();
    private final int maxPerHost;
    private final int maxIdlePerHost;
    private final long idleTimeoutNanos;
    private final AtomicLong connectionsOpened = new AtomicLong();
    private final AtomicBoolean reaping = new AtomicBoolean(); // I6
    private volatile boolean closed;

    public Pool(int maxPerHost, int maxIdlePerHost, long idleTimeoutNanos) {
        this.maxPerHost = maxPerHost;
        this.maxIdlePerHost = maxIdlePerHost;
        this.idleTimeoutNanos = idleTimeoutNanos;
    }

    /** The host pool of {@code origin}. */
    public Host host(Origin origin) {
        Host h = hosts.get(origin);
        return h != null ? h : hosts.computeIfAbsent(origin, Host::new);
    }

    /** Connections opened so far, over all origins. */
    public long connectionsOpened() {
        return connectionsOpened.get();
    }

    void countOpened() {
        connectionsOpened.incrementAndGet();
    }

    /** Idle connections over all origins. */
    public int idleCount() {
        int n = 0;
        for (Host h : hosts.values()) {
            synchronized (h) {
                n += h.idle.size();
            }
        }
        return n;
    }

    /** Open connections (busy, idle or connecting) over all origins. */
    public int openCount() {
        int n = 0;
        for (Host h : hosts.values()) {
            synchronized (h) {
                n += h.open;
            }
        }
        return n;
    }

    public boolean isClosed() {
        return closed;
    }

    /** Closes every idle connection and refuses new checkouts; busy ones are closed when they come back. */
    public void close() {
        closed = true;
        for (Host h : hosts.values()) {
            List<Connection> toClose;
            List<Waiter> toWake;
            synchronized (h) {
                toClose = new ArrayList<>(h.idle);
                h.open -= h.idle.size();
                h.idle.clear();
                toWake = new ArrayList<>(h.waiters);
                for (Waiter w : toWake) w.queued = false;
                h.waiters.clear();
            }
            for (Connection c : toClose) c.close();
            for (Waiter w : toWake) w.waker.wake(); // they find the pool closed
        }
    }

    /** I6: starts the reaper unless one runs; called after a connection became idle, on a runtime thread. */
    private void ensureReaper() {
        if (reaping.get() || !reaping.compareAndSet(false, true)) return;
        try {
            Tasks.spawn(new Reaper());
        } catch (IllegalStateException noRuntime) {
            reaping.set(false); // outside a runtime: checkout's expiry still applies
        }
    }

    /**
     * Closes every expired idle connection.
     *
     * @return the earliest instant (nanos) at which a remaining idle connection expires, or -1 when none is idle
     */
    long reapExpired(long now) {
        long earliest = -1;
        List<Connection> expired = null;
        for (Host h : hosts.values()) {
            synchronized (h) {
                while (!h.idle.isEmpty() && now - h.idle.peekFirst().idleSince >= idleTimeoutNanos) {
                    if (expired == null) expired = new ArrayList<>(2);
                    expired.add(h.idle.pollFirst());
                    h.open--; // I2 (no waiter can exist while idle was non-empty: I3)
                }
                if (!h.idle.isEmpty()) {
                    long at = h.idle.peekFirst().idleSince + idleTimeoutNanos;
                    if (earliest < 0 || at < earliest) earliest = at;
                }
            }
        }
        if (expired != null) for (Connection c : expired) c.close();
        return earliest;
    }

    /** The reaper task (I6): sleeps until the next idle connection expires, closes it, repeats while any is idle. */
    private final class Reaper implements Future<Void> {
        private Sleep sleep;

        @Override
        public Poll<Void> poll(Context cx) {
            for (;;) {
                if (sleep != null) {
                    if (sleep.poll(cx).isPending()) return Poll.pending();
                    sleep = null;
                }
                long next = closed ? -1 : reapExpired(Time.now(cx).nanos());
                if (next < 0) {
                    reaping.set(false);
                    // I6: a connection may have become idle after the scan; keep reaping if so
                    if (closed || idleCount() == 0 || !reaping.compareAndSet(false, true)) return Poll.ready(null);
                    continue;
                }
                sleep = Time.sleepUntil(new MonotonicInstant(next));
            }
        }

        @Override
        public void cancel() {
            if (sleep != null) sleep.cancel();
            reaping.set(false);
        }
    }

    /** A request waiting for a connection of a full host. */
    public static final class Waiter {
        Waker waker;
        boolean queued;
        Connection handed;
        boolean slot;
    }

    /** The connections of one origin. */
    public final class Host {
        final Origin origin;
        final ArrayDeque<Connection> idle = new ArrayDeque<>();
        final ArrayDeque<Waiter> waiters = new ArrayDeque<>();
        int open;

        Host(Origin origin) {
            this.origin = origin;
        }

        /**
         * Takes an idle connection, a slot to connect with ({@link #NEW}), or queues {@code w} (a new waiter when
         * null) and returns it.
         *
         * @throws IllegalStateException when the pool is closed
         */
        public Object acquire(Waiter w, Waker waker, long now) {
            List<Connection> expired = null;
            Object result;
            synchronized (this) {
                if (w != null && w.handed != null) { // I4
                    Connection c = w.handed;
                    w.handed = null;
                    return c;
                }
                if (w != null && w.slot) {
                    w.slot = false;
                    return NEW;
                }
                if (closed) throw new IllegalStateException("the HttpClient is closed");
                result = null;
                while (!idle.isEmpty()) {
                    Connection c = idle.pollLast(); // I5
                    if (now - c.idleSince >= idleTimeoutNanos) {
                        if (expired == null) expired = new ArrayList<>(2);
                        expired.add(c);
                        open--; // I2
                        continue;
                    }
                    result = c;
                    break;
                }
                if (result == null) {
                    // every older idle connection is expired too: drop them all
                    if (open < maxPerHost) {
                        open++; // I1
                        result = NEW;
                    } else {
                        if (w == null) w = new Waiter();
                        w.waker = waker;
                        if (!w.queued) {
                            w.queued = true;
                            waiters.addLast(w);
                        }
                        result = w;
                    }
                }
                if (result != NEW && !(result instanceof Waiter)) {
                    // reaping from the old end too
                    while (!idle.isEmpty() && now - idle.peekFirst().idleSince >= idleTimeoutNanos) {
                        if (expired == null) expired = new ArrayList<>(2);
                        expired.add(idle.pollFirst());
                        open--;
                    }
                }
            }
            if (expired != null) for (Connection c : expired) c.close();
            return result;
        }

        /**
         * Returns a connection whose exchange finished cleanly: to the first waiter, else to the idle list (or
         * closes it when the idle list is full or the pool closed).
         */
        public void release(Connection c, long now) {
            Waiter w;
            boolean keep = true;
            c.trimForIdle(); // still ours here: once in `idle` another thread may take it at once
            synchronized (this) {
                c.idleSince = now;
                w = closed ? null : waiters.pollFirst(); // I3
                if (w != null) {
                    w.queued = false;
                    w.handed = c;
                } else if (closed || idle.size() >= maxIdlePerHost) {
                    keep = false;
                    open--; // I2
                } else {
                    idle.addLast(c);
                }
            }
            if (!keep) c.close();
            if (w != null) w.waker.wake();
            else if (keep) ensureReaper();
        }

        /** Closes a connection that must not be reused and gives its slot back. */
        public void discard(Connection c) {
            c.close();
            releaseSlot();
        }

        /** Gives a slot back (a closed connection, or a connect that failed or was cancelled). */
        public void releaseSlot() {
            Waiter w;
            synchronized (this) {
                w = waiters.pollFirst(); // I3: the slot moves on, open unchanged
                if (w != null) {
                    w.queued = false;
                    w.slot = true;
                } else {
                    open--; // I2
                }
            }
            if (w != null) w.waker.wake();
        }

        /** A waiting request was cancelled: leaves the queue, or gives back what it was handed (I4). */
        public void cancel(Waiter w) {
            Connection handed;
            boolean slot;
            synchronized (this) {
                if (w.queued) {
                    waiters.remove(w);
                    w.queued = false;
                    return;
                }
                handed = w.handed;
                slot = w.slot;
                w.handed = null;
                w.slot = false;
            }
            if (handed != null) release(handed, handed.idleSince);
            if (slot) releaseSlot();
        }

        public Origin origin() {
            return origin;
        }

        public Pool pool() {
            return Pool.this;
        }
    }
}
