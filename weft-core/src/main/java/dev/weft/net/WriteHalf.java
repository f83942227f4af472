package dev.weft.net;

import dev.weft.future.Context;
import dev.weft.future.Future;
import dev.weft.future.Poll;
import dev.weft.io.AsyncWrite;
import java.nio.ByteBuffer;

/**
 * The write half of a split stream (Tokio's {@code OwnedWriteHalf}): writes independently of the
 * {@link ReadHalf}, which another task may use at the same time. One task at a time writes to it.
 */
public final class WriteHalf extends StreamHalf implements AsyncWrite {
    WriteHalf(StreamIo io) {
        super(io);
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

    /**
     * Polls a gathering write from {@code srcs[offset .. offset + length)} (one system call); see
     * {@link AsyncWrite#pollWriteVectored}.
     *
     * @throws java.io.UncheckedIOException when the write fails or the stream is closed
     */
    @Override
    public Poll<Long> pollWriteVectored(Context cx, ByteBuffer[] srcs, int offset, int length) {
        return io.pollWriteVectored(cx, srcs, offset, length);
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

    /**
     * Shuts the write direction down (as dropping Tokio's {@code OwnedWriteHalf} does) and releases this half;
     * the socket is closed once the read half is closed too. Idempotent.
     */
    @Override
    public void close() {
        if (!markClosed()) return;
        try {
            if (io.io.isOpen()) io.shutdownOutput();
        } catch (java.io.UncheckedIOException ignored) {
            // already reset or not connected: closing proceeds
        } finally {
            io.release();
        }
    }
}
