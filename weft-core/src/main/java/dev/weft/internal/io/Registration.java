package dev.weft.internal.io;

import dev.weft.future.AtomicWaker;
import dev.weft.future.Waker;
import java.nio.channels.SelectionKey;

/**
 * One channel's registration with an {@link IoDriver} (Tokio's {@code ScheduledIo}): one waker slot per direction.
 * The read direction covers {@link SelectionKey#OP_READ} and {@link SelectionKey#OP_ACCEPT}; the write direction
 * {@link SelectionKey#OP_WRITE} and {@link SelectionKey#OP_CONNECT}. One task at a time may wait in each direction
 * (the reader and the writer of a split stream wait independently).
 *
 * <p>The contract both drivers keep (the package description's readiness protocol): call {@link #await} only after
 * the non-blocking operation found nothing to do; the waker is then woken once the channel may have become ready
 * for it after that attempt (or the registration was closed). Wake-ups may be spurious: retry, and wait again.
 */
public abstract class Registration {
    static final int READ_OPS = SelectionKey.OP_READ | SelectionKey.OP_ACCEPT;
    static final int WRITE_OPS = SelectionKey.OP_WRITE | SelectionKey.OP_CONNECT;
    static final int OPS = READ_OPS | WRITE_OPS;

    Registration() {}

    /** The driver this channel is registered with. */
    public abstract IoDriver driver();

    /**
     * Waits for {@code op} (one of the {@link SelectionKey} {@code OP_*} constants): {@code waker} is woken once
     * the channel reports it ready (or the registration is closed). Call after the non-blocking operation found
     * nothing to do, then return {@code Pending}; a spurious wake-up is possible, so retry and wait again.
     *
     * @throws IllegalArgumentException when {@code op} is not exactly one direction's operation
     */
    public abstract void await(int op, Waker waker);

    /**
     * Whether this registration is edge-triggered: every arrival of data after an attempt reports a fresh edge,
     * whether or not the last attempt saw "would block", so {@link #awaitEdge} can tell whether anything arrived
     * since. False by default (the JDK selector driver reads the level at each select, and its awaitEdge always
     * waits: the next select reports data that is already there).
     */
    public boolean edgeTriggered() {
        return false;
    }

    /**
     * Waits for {@code op} unless the channel may be ready for it already: an edge arrived since the last wait
     * (or was never taken), the peer closed its side or failed, or the registration was closed. Returns
     * {@code true} when {@code waker} now waits (return {@code Pending}), {@code false} when the caller should try
     * the operation at once. Call it only when the channel was just found drained (a short TCP read). Only an
     * {@link #edgeTriggered()} registration can return false; the default waits, which a level-triggered selector
     * makes safe: it reports bytes that arrived before the wait at the next select.
     *
     * @throws IllegalArgumentException when {@code op} is not exactly one direction's operation
     */
    public boolean awaitEdge(int op, Waker waker) {
        await(op, waker);
        return true;
    }

    /** Stops waiting for {@code op} (cancel of a pending operation): clears its waker. */
    public abstract void clear(int op);

    /** True while a task waits for {@code op}. */
    public abstract boolean isWaiting(int op);

    /**
     * Removes the channel from the reactor at once and wakes both directions (their retry then fails on the
     * channel); idempotent. Call before the channel is closed.
     */
    public abstract void deregister();

    /** True once {@link #deregister()}ed. */
    public abstract boolean isClosed();

    /** True for a read-side op, false for a write-side op; fails fast on anything else. */
    static boolean isReadSide(int op) {
        if ((op & READ_OPS) != 0 && (op & WRITE_OPS) == 0 && (op & ~OPS) == 0) return true;
        if ((op & WRITE_OPS) != 0 && (op & READ_OPS) == 0 && (op & ~OPS) == 0) return false;
        throw new IllegalArgumentException(
                "op: " + op + " (expected: one of OP_READ, OP_ACCEPT, OP_WRITE, OP_CONNECT)");
    }

    /**
     * Wakes {@code slot}'s waker; a waker that throws (user code, an Error included) is logged, never propagated,
     * so the driver thread or the closing thread carries on.
     */
    static void wake(AtomicWaker slot) {
        try {
            slot.wake();
        } catch (Throwable t) {
            dev.weft.internal.task.Logging.userHookFailed("an I/O readiness waker", t);
        }
    }
}
