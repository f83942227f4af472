package dev.weft.net;

import dev.weft.future.Context;
import dev.weft.future.Future;
import dev.weft.future.Poll;
import dev.weft.io.AsyncRead;
import java.nio.ByteBuffer;

/**
 * The read half of a split stream (Tokio's {@code OwnedReadHalf}): reads independently of the
 * {@link WriteHalf}, which another task may use at the same time. One task at a time reads from it.
 */
public final class ReadHalf extends StreamHalf implements AsyncRead {
    ReadHalf(StreamIo io) {
        super(io);
    }

    /**
     * Polls a read into {@code dst}; see {@link AsyncRead#pollRead}.
     *
     * @throws java.io.UncheckedIOException when the read fails or the stream is closed
     */
    @Override
    public Poll<Integer> pollRead(Context cx, ByteBuffer dst) {
        return io.pollRead(cx, dst);
    }

    /**
     * A future of one read into {@code dst}: the bytes read, or -1 at end of stream.
     *
     * <p><b>Cancel safety:</b> cancel-safe: if cancelled before completing, no bytes were read.
     */
    @Override
    public Future<Integer> read(ByteBuffer dst) {
        return io.read(dst);
    }

    /**
     * A future that fills {@code dst}.
     *
     * <p><b>Cancel safety:</b> not cancel-safe: bytes read before cancellation are in {@code dst}.
     */
    @Override
    public Future<Void> readExact(ByteBuffer dst) {
        return io.readExact(dst);
    }

    /**
     * Releases this half; the socket is closed once the write half is closed too. Idempotent. (Like dropping
     * Tokio's {@code OwnedReadHalf}, this does not shut the read direction down.)
     */
    @Override
    public void close() {
        if (markClosed()) io.release();
    }
}
