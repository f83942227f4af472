package dev.weft.net;

import dev.weft.future.Context;
import dev.weft.future.Future;
import dev.weft.future.Poll;
import dev.weft.io.AsyncWrite;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The write half of a split stream (Tokio's {@code OwnedWriteHalf}): writes independently of the
 * {@link ReadHalf}, which another task may use at the same time. One task at a time writes to it.
 */
public final class WriteHalf implements AsyncWrite, AutoCloseable {
    private final StreamIo io;
    private final AtomicBoolean closed = new AtomicBoolean();

    WriteHalf(StreamIo io) {
        this.io = io;
    }

    /**
     * Polls a write from {@code src}; see {@link AsyncWrite#pollWrite}.
     *
     * @throws java.io.UncheckedIOException when the write fails or the stream is closed
     */
    @Override
    public Poll<Integer> pollWrite(Context cx, ByteBuffer src) {
        return io.pollWrite(cx, src);
    }

    /** Always {@code Ready}: there is no user-space buffer. */
    @Override
    public Poll<Void> pollFlush(Context cx) {
        return Poll.ready(null);
    }

    /** Shuts the write direction down (FIN); {@code Ready} at once. */
    @Override
    public Poll<Void> pollShutdown(Context cx) {
        return io.pollShutdown();
    }

    /**
     * A future of one write from {@code src}: the bytes written.
     *
     * <p><b>Cancel safety:</b> cancel-safe: if cancelled before completing, nothing was written.
     */
    @Override
    public Future<Integer> write(ByteBuffer src) {
        return io.write(src);
    }

    /**
     * A future that writes all of {@code src}, waiting while the send buffer is full.
     *
     * <p><b>Cancel safety:</b> not cancel-safe: a prefix may have been written ({@code src}'s position says how
     * much).
     */
    @Override
    public Future<Void> writeAll(ByteBuffer src) {
        return io.writeAll(src);
    }

    /** Shuts the write direction down: the peer reads end of stream. */
    public void shutdownOutput() {
        io.shutdownOutput();
    }

    /** The address of the peer. @throws java.io.UncheckedIOException when the stream is closed */
    public SocketAddress peerAddress() {
        return io.peerAddress();
    }

    /** The local address. @throws java.io.UncheckedIOException when the stream is closed */
    public SocketAddress localAddress() {
        return io.localAddress();
    }

    /**
     * Shuts the write direction down (as dropping Tokio's {@code OwnedWriteHalf} does) and releases this half;
     * the socket is closed once the read half is closed too. Idempotent.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) return;
        try {
            if (io.io.isOpen()) io.shutdownOutput();
        } catch (java.io.UncheckedIOException ignored) {
            // already reset or not connected: closing proceeds
        } finally {
            io.release();
        }
    }
}
