package dev.weft.sync;

import dev.weft.future.Context;
import dev.weft.future.Future;
import dev.weft.future.Poll;
import dev.weft.future.Waker;
import dev.weft.internal.context.Waits;
import dev.weft.internal.sync.WaitList;
import dev.weft.internal.sync.WakeList;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayDeque;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A request for cancellation that tasks can observe and await, organised as a tree: tokio-util's
 * {@code CancellationToken}. {@link #cancel()} cancels this token and every token derived from it with
 * {@link #child()}; cancelling a child does not affect its parent.
 * {@snippet class=dev.weft.sync.snippets.CoordinationSnippets region=cancellationToken}
 *
 * <p>A token asks; it never forces. Tasks poll {@link #isCancelled()} or await {@link #cancelled()} (typically
 * in a {@code select} with their work) and stop on their own. Share a token by passing the reference (Rust
 * clones it).
 *
 * <p><b>Children and memory.</b> A parent keeps a reference to each live child. A child leaves its parent's
 * list as soon as it is cancelled (directly, through its {@link #cancelOnClose()} guard, or by the parent), so
 * a long-lived parent does not accumulate the children of finished work, provided that work cancels or closes
 * its child. Scope a child with {@code try (var guard = parent.child().cancelOnClose())}.
 *
 * <p><b>Memory effects.</b> Actions before {@code cancel()} happen-before the actions after
 * {@code isCancelled()} returns true or a {@code cancelled()} future completes, for this token and every
 * descendant.
 */
public final class CancellationToken {
    /*
     * Implementation notes
     *
     * Each token has its own small lock; no thread ever holds two token locks at once.
     * I1. `cancelled` goes false -> true once, under `lock` (volatile, so isCancelled() needs no lock).
     * I2. `children` and `waiters` are guarded by `lock`; both are drained (and never refilled) when the
     *     token is cancelled: child() and cancelled() check `cancelled` under the lock before linking.
     * I3. A child's `link` is in its parent's `children` iff link.isLinked(), guarded by the PARENT's lock. A
     *     child cancelled on its own unlinks itself under the parent's lock; a parent being cancelled unlinks
     *     all of them while draining, so the child's later unlink finds nothing.
     * I4. Cancellation of a subtree is iterative (a work queue), so deep trees cannot overflow the stack.
     * I5. Wakers are woken after the token's lock is released.
     */

    private static final VarHandle CANCELLED;

    static {
        try {
            CANCELLED = MethodHandles.lookup().findVarHandle(CancellationToken.class, "cancelled", boolean.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final CancellationToken parent;
    /** This token's entry in the parent's `children`; null for a root (I3). */
    private final ChildLink link;
    private final ReentrantLock lock = new ReentrantLock();
    /** Guarded by `lock` (I2). */
    private final WaitList<ChildLink> children = new WaitList<>();
    /** Guarded by `lock` (I2). */
    private final WaitList<Cancelled> waiters = new WaitList<>();
    /** I1: written under `lock`, read without it. */
    @SuppressWarnings("unused")
    private volatile boolean cancelled;

    /** Creates a root token, not cancelled. */
    public CancellationToken() {
        this(null);
    }

    private CancellationToken(CancellationToken parent) {
        this.parent = parent;
        this.link = parent == null ? null : new ChildLink(this);
    }

    /**
     * Creates a token that is cancelled when this one is (and, transitively, when any ancestor is), but whose
     * own cancellation does not affect this token. A child of a cancelled token is born cancelled.
     *
     * @return the new child token
     */
    public CancellationToken child() {
        CancellationToken c = new CancellationToken(this);
        lock.lock();
        try {
            if (!cancelled) {
                children.addLast(c.link);
                return c;
            }
        } finally {
            lock.unlock();
        }
        c.cancel();
        return c;
    }

    /** True once this token or one of its ancestors was cancelled. */
    public boolean isCancelled() {
        return cancelled;
    }

    /**
     * Cancels this token and all its descendants: wakes every {@code cancelled()} future and removes this token
     * from its parent's children. Idempotent; safe from any thread.
     */
    public void cancel() {
        ArrayDeque<CancellationToken> work = null;
        CancellationToken t = this;
        while (t != null) {
            ChildLink first = t.cancelOne();
            for (ChildLink c = first; c != null; c = c.nextDrained) {
                if (work == null) work = new ArrayDeque<>();
                work.add(c.token);
            }
            t = work == null ? null : work.poll();
        }
    }

    /** Cancels this one token; returns its drained children as a chain (I4), or null. */
    private ChildLink cancelOne() {
        WakeList wakes = new WakeList();
        ChildLink drained = null;
        ChildLink last = null;
        lock.lock();
        try {
            if (cancelled) return null;
            CANCELLED.setVolatile(this, true); // I1; release: pairs with isCancelled()
            for (Cancelled w = waiters.pollFirst(); w != null; w = waiters.pollFirst()) {
                wakes.add(w.waker);
                w.waker = null;
            }
            for (ChildLink c = children.pollFirst(); c != null; c = children.pollFirst()) {
                if (last == null) drained = c;
                else last.nextDrained = c;
                last = c;
            }
        } finally {
            lock.unlock();
        }
        wakes.wakeAll(); // I5
        CancellationToken p = parent;
        if (p != null) {
            p.lock.lock();
            try {
                p.children.remove(link); // I3: no-op when the parent drained it
            } finally {
                p.lock.unlock();
            }
        }
        return drained;
    }

    /**
     * A future that completes once this token is cancelled (at once if it already is). Tokio's
     * {@code cancelled()}.
     *
     * <p><b>Cancel safety.</b> Cancel-safe: cancelling only removes the waiter; it does not cancel the token.
     *
     * <p><b>Memory effects.</b> See {@link CancellationToken}.
     *
     * @return a lazy future that completes with {@code null}
     */
    public Future<Void> cancelled() {
        return new Cancelled(this);
    }

    /**
     * An {@link AutoCloseable} guard that cancels this token when closed, unless {@linkplain DropGuard#disarm()
     * disarmed}: tokio-util's {@code drop_guard()}.
     *
     * @return the guard
     */
    public DropGuard cancelOnClose() {
        return new DropGuard(this);
    }

    /** The number of live (not yet cancelled) children this token tracks; for diagnostics and leak tests. */
    public int childCount() {
        lock.lock();
        try {
            int n = 0;
            for (ChildLink c = children.peekFirst(); c != null; c = children.next(c)) n++;
            return n;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public String toString() {
        return isCancelled() ? "CancellationToken[cancelled]" : "CancellationToken[active]";
    }

    /**
     * Cancels its token when closed, unless disarmed: use it in try-with-resources to bound a token to a
     * scope. {@link #close()} is idempotent.
     */
    public static final class DropGuard implements AutoCloseable {
        private CancellationToken token;

        DropGuard(CancellationToken token) {
            this.token = token;
        }

        /** The guarded token, or {@code null} once disarmed. */
        public CancellationToken token() {
            return token;
        }

        /**
         * Stops this guard from cancelling the token and returns the token.
         *
         * @throws IllegalStateException when already disarmed
         */
        public CancellationToken disarm() {
            CancellationToken t = token;
            if (t == null) throw new IllegalStateException("DropGuard already disarmed");
            token = null;
            return t;
        }

        /** Cancels the token unless disarmed. */
        @Override
        public void close() {
            CancellationToken t = token;
            if (t != null) t.cancel();
        }
    }

    /** A child's entry in its parent's list (I3). */
    private static final class ChildLink extends WaitList.Node {
        final CancellationToken token;
        /** Chains drained children during cancel(); owner-thread only. */
        ChildLink nextDrained;

        ChildLink(CancellationToken token) {
            this.token = token;
        }
    }

    /** The future of {@link #cancelled()}. */
    private static final class Cancelled extends WaitList.Node implements Future<Void> {
        private final CancellationToken token;
        /** Guarded by the token's lock. */
        private Waker waker;

        Cancelled(CancellationToken token) {
            this.token = token;
        }

        @Override
        public Poll<Void> poll(Context cx) {
            CancellationToken t = token;
            if (t.cancelled) return Poll.ready(null);
            t.lock.lock();
            try {
                if (t.cancelled) return Poll.ready(null); // the waiter was drained (or never linked)
                Waker w = cx.waker();
                Waits.record(w, t); // task dump
                if (waker == null || !waker.willWake(w)) waker = w;
                if (!isLinked()) t.waiters.addLast(this);
                return Poll.pending();
            } finally {
                t.lock.unlock();
            }
        }

        @Override
        public void cancel() {
            CancellationToken t = token;
            t.lock.lock();
            try {
                t.waiters.remove(this);
                waker = null;
            } finally {
                t.lock.unlock();
            }
        }
    }
}
