package dev.weft.net;

import dev.weft.future.Context;
import dev.weft.internal.context.Waits;
import dev.weft.internal.future.Contexts;
import dev.weft.internal.io.IoDriver;
import dev.weft.internal.io.IoSource;
import dev.weft.internal.io.Registration;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.SelectableChannel;

/**
 * A channel and its (lazily created) registration with the runtime's I/O driver: the plumbing every socket type
 * shares.
 */
final class ChannelIo<C extends SelectableChannel> {
    /*
     * Implementation notes
     *
     * I1. `registration` is created at most once, under `this` (two halves of a split stream, or a UDP sender
     *     and receiver, may poll for the first time concurrently); it is bound to the driver of the first polling
     *     runtime for the channel's life.
     * I2. close() deregisters (cancels the key, wakes every waiter: Registration I5) and then closes the channel;
     *     a registration attempt after close fails with ClosedChannelException.
     */
    final C channel;
    private volatile Registration registration;
    private boolean closed; // guarded by this

    ChannelIo(C channel, Registration registration) {
        this.channel = channel;
        this.registration = registration;
    }

    /** The registration, created with the polling runtime's driver on first use (I1). */
    Registration registration(Context cx, String what) {
        Registration r = registration;
        if (r != null) return r;
        IoDriver d = driver(cx, what);
        synchronized (this) {
            r = registration;
            if (r != null) return r;
            if (closed) throw new UncheckedIOException(new java.nio.channels.ClosedChannelException());
            registration = r = d.register(channel);
            return r;
        }
    }

    /** Waits for {@code op} with the polling task's waker. */
    void await(Context cx, int op, String what) {
        Registration r = registration(cx, what);
        Waits.record(cx.waker(), r); // task dump: waits on this socket
        r.await(op, cx.waker());
    }

    /**
     * Waits for {@code op} with the polling task's waker unless the registration may be ready for it already
     * (Registration#awaitEdge): true when the task now waits, false when the caller should try at once.
     */
    boolean awaitEdge(Context cx, int op, String what) {
        Registration r = registration(cx, what);
        if (!r.awaitEdge(op, cx.waker())) return false;
        Waits.record(cx.waker(), r); // task dump: waits on this socket
        return true;
    }

    /** Cancels a wait for {@code op} (a pending operation's future was cancelled). */
    void clear(int op) {
        Registration r = registration;
        if (r != null) r.clear(op);
    }

    /** Deregisters and closes the channel; idempotent (I2). */
    void close() {
        Registration r;
        synchronized (this) {
            closed = true;
            r = registration;
        }
        if (r != null) r.deregister();
        try {
            channel.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    boolean isOpen() {
        return channel.isOpen();
    }

    /** The I/O driver of the runtime polling with {@code cx}; fails with a how-to-fix message otherwise. */
    static IoDriver driver(Context cx, String what) {
        if (Contexts.ambient(cx) instanceof IoSource s) {
            IoDriver d = s.ioDriver();
            if (d != null) return d;
        }
        throw new IllegalStateException(what + " polled outside a Weft runtime with I/O: the polling Context carries"
                + " no I/O driver (ambient: " + Contexts.ambient(cx) + "). Poll it from a task of a Weft runtime"
                + " (WeftRuntime.blockOn, spawn) or an async block started by one; await() on a plain thread outside"
                + " blockOn has no runtime.");
    }

    static UncheckedIOException unchecked(IOException e) {
        return new UncheckedIOException(e);
    }
}
