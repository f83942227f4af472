package dev.weft.io;

import dev.weft.future.Context;
import dev.weft.future.Future;
import dev.weft.future.Poll;
import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * A source of bytes read without blocking: Tokio's {@code AsyncRead}. Implementations provide
 * {@link #pollRead}; the default methods turn it into futures.
 *
 * <p>A reader is owned by one task at a time (like a Tokio stream half); it is not safe to poll it from two
 * tasks at once.
 */
public interface AsyncRead {

    /**
     * Reads into {@code dst} (from its position up to its limit) whatever is available now.
     *
     * @return {@code Ready(n)} with {@code n > 0} bytes read, {@code Ready(-1)} at end of stream, {@code Ready(0)}
     *         only when {@code dst} has no room; or {@code Pending} after registering the waker
     * @throws java.io.UncheckedIOException when the underlying read fails
     */
    Poll<Integer> pollRead(Context cx, ByteBuffer dst);

    /**
     * A future of one read into {@code dst}: the number of bytes read, or -1 at end of stream.
     *
     * <p><b>Cancel safety:</b> cancel-safe: if cancelled before completing, no bytes were read.
     */
    default Future<Integer> read(ByteBuffer dst) {
        Objects.requireNonNull(dst, "dst");
        return cx -> pollRead(cx, dst);
    }

    /**
     * A future that fills {@code dst} completely (reads until it has no remaining room).
     *
     * <p><b>Cancel safety:</b> not cancel-safe: bytes read before cancellation are in {@code dst} (its position
     * shows how many) but the exact count the caller wanted has not arrived.
     *
     * <p>The future fails with an {@link java.io.UncheckedIOException} whose cause is an
     * {@link java.io.EOFException} when the stream ends first.
     */
    default Future<Void> readExact(ByteBuffer dst) {
        Objects.requireNonNull(dst, "dst");
        return cx -> {
            while (dst.hasRemaining()) {
                Poll<Integer> p = pollRead(cx, dst);
                if (p.isPending()) return Poll.pending();
                if (p.value() < 0) {
                    throw new java.io.UncheckedIOException(new java.io.EOFException(
                            "end of stream with " + dst.remaining() + " bytes still expected"));
                }
            }
            return Poll.ready(null);
        };
    }
}
