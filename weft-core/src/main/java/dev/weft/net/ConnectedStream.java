package dev.weft.net;

import dev.weft.future.Context;
import dev.weft.future.Future;
import dev.weft.future.Poll;
import dev.weft.io.AsyncRead;
import dev.weft.io.AsyncWrite;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;

/**
 * The whole-stream surface shared by {@link TcpStream} and {@link UnixStream}: reads, writes, shutdown, split
 * and close, all delegated to the stream's {@link StreamIo}. The public subclasses add connect factories, socket
 * options and typed addresses.
 */
abstract class ConnectedStream implements AsyncRead, AsyncWrite, AutoCloseable {
    /*
     * Implementation notes
     *
     * I1. After split() the stream itself is unusable (live() fails fast); the halves own `io` and close it when
     *     both are released (StreamIo I2). close() still closes the socket under both halves.
     */
    final StreamIo io;
    private boolean split;

    ConnectedStream(StreamIo io) {
        this.io = io;
    }

    /**
     * Polls a read into {@code dst}; see {@link AsyncRead#pollRead}.
     *
     * @throws UncheckedIOException when the read fails (e.g. connection reset) or the stream is closed
     * @throws IllegalStateException when the stream was {@link #split()}
     */
    @Override
    public Poll<Integer> pollRead(Context cx, ByteBuffer dst) {
        return live().pollRead(cx, dst);
    }

    /**
     * Polls a write from {@code src}; see {@link AsyncWrite#pollWrite}.
     *
     * @throws UncheckedIOException when the write fails (e.g. broken pipe) or the stream is closed
     * @throws IllegalStateException when the stream was {@link #split()}
     */
    @Override
    public Poll<Integer> pollWrite(Context cx, ByteBuffer src) {
        return live().pollWrite(cx, src);
    }

    /**
     * Polls a gathering write from {@code srcs[offset .. offset + length)} (one system call); see
     * {@link AsyncWrite#pollWriteVectored}.
     *
     * @throws java.io.UncheckedIOException when the write fails or the stream is closed
     */
    @Override
    public Poll<Long> pollWriteVectored(Context cx, ByteBuffer[] srcs, int offset, int length) {
        return live().pollWriteVectored(cx, srcs, offset, length);
    }

    /** Always {@code Ready}: a stream socket has no user-space buffer. */
    @Override
    public Poll<Void> pollFlush(Context cx) {
        return Poll.ready(null);
    }

    /**
     * Shuts the write direction down (sends FIN); {@code Ready} at once.
     *
     * @throws UncheckedIOException when the stream is closed
     */
    @Override
    public Poll<Void> pollShutdown(Context cx) {
        return live().pollShutdown();
    }

    /**
     * A future of one read into {@code dst}: the bytes read, or -1 at end of stream.
     *
     * <p><b>Cancel safety:</b> cancel-safe: if cancelled before completing, no bytes were read; cancelling
     * also withdraws the read interest from the I/O driver.
     */
    @Override
    public Future<Integer> read(ByteBuffer dst) {
        return live().read(dst);
    }

    /**
     * A future that fills {@code dst}; fails with {@link java.io.EOFException} (wrapped) if the stream ends first.
     *
     * <p><b>Cancel safety:</b> not cancel-safe: bytes read before cancellation are in {@code dst}.
     */
    @Override
    public Future<Void> readExact(ByteBuffer dst) {
        return live().readExact(dst);
    }

    /**
     * A future of one write from {@code src}: the bytes written.
     *
     * <p><b>Cancel safety:</b> cancel-safe: if cancelled before completing, nothing was written.
     */
    @Override
    public Future<Integer> write(ByteBuffer src) {
        return live().write(src);
    }

    /**
     * A future that writes all of {@code src}, waiting while the socket's send buffer is full (backpressure).
     *
     * <p><b>Cancel safety:</b> not cancel-safe: a prefix may have been written ({@code src}'s position says how
     * much).
     */
    @Override
    public Future<Void> writeAll(ByteBuffer src) {
        return live().writeAll(src);
    }

    /**
     * Shuts the write direction down: the peer reads end of stream; this side can still read.
     *
     * @throws UncheckedIOException when the stream is closed
     */
    public void shutdownOutput() {
        live().shutdownOutput();
    }

    /**
     * Splits the stream into a read half and a write half that different tasks own independently (Tokio's
     * {@code into_split}). The stream itself may not be used afterwards; the socket is closed once both halves
     * are closed.
     *
     * @throws IllegalStateException when the stream was already split
     */
    public StreamHalves split() {
        StreamIo s = live();
        split = true;
        s.addOwner();
        return new StreamHalves(new ReadHalf(s), new WriteHalf(s));
    }

    /**
     * Closes the stream: deregisters it from the I/O driver at once and closes the socket. Idempotent. After
     * {@link #split()} this closes the socket under both halves.
     */
    @Override
    public void close() {
        io.closeNow();
    }

    private StreamIo live() {
        if (split) {
            throw new IllegalStateException(
                    "this " + getClass().getSimpleName() + " was split(): use its ReadHalf and WriteHalf");
        }
        return io;
    }
}
