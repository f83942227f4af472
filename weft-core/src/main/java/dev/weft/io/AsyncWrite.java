package dev.weft.io;

import dev.weft.future.Context;
import dev.weft.future.Future;
import dev.weft.future.Poll;
import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * A sink of bytes written without blocking: Tokio's {@code AsyncWrite}. Implementations provide
 * {@link #pollWrite}, {@link #pollFlush} and {@link #pollShutdown}; the default methods turn them into futures.
 *
 * <p>A writer is owned by one task at a time.
 */
public interface AsyncWrite {

    /**
     * Writes from {@code src} (position to limit) as much as can be written now.
     *
     * @return {@code Ready(n)} with the bytes written ({@code n > 0} unless {@code src} was empty), or
     *         {@code Pending} after registering the waker (backpressure: the peer or the buffer is full)
     * @throws java.io.UncheckedIOException when the write fails (e.g. the peer reset the connection)
     */
    Poll<Integer> pollWrite(Context cx, ByteBuffer src);

    /**
     * Writes from {@code srcs[offset .. offset + length)} in order, as much as can be written now: a gathering
     * write, so a message head and its body leave in one system call on sockets.
     *
     * <p>The default writes from the first buffer with bytes remaining through {@link #pollWrite}; sockets
     * override it with one {@code GatheringByteChannel.write}.
     *
     * @return {@code Ready(n)} with the bytes written ({@code n > 0} unless every buffer was empty), or
     *         {@code Pending} after registering the waker
     * @throws IndexOutOfBoundsException when {@code offset} and {@code length} do not fit {@code srcs}
     * @throws java.io.UncheckedIOException when the write fails
     */
    default Poll<Long> pollWriteVectored(Context cx, ByteBuffer[] srcs, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, srcs.length);
        for (int i = offset; i < offset + length; i++) {
            if (!srcs[i].hasRemaining()) continue;
            Poll<Integer> p = pollWrite(cx, srcs[i]);
            if (p.isPending()) return Poll.pending();
            return Poll.ready((long) p.value());
        }
        return Poll.ready(0L);
    }

    /** Flushes buffered bytes to the underlying sink; {@code Ready} once done. */
    Poll<Void> pollFlush(Context cx);

    /** Flushes and then closes the write direction (TCP: sends FIN); {@code Ready} once done. */
    Poll<Void> pollShutdown(Context cx);

    /**
     * A future of one write from {@code src}: the number of bytes written.
     *
     * <p><b>Cancel safety:</b> cancel-safe: if cancelled before completing, nothing was written.
     */
    default Future<Integer> write(ByteBuffer src) {
        Objects.requireNonNull(src, "src");
        return cx -> pollWrite(cx, src);
    }

    /**
     * A future that writes all of {@code src}.
     *
     * <p><b>Cancel safety:</b> not cancel-safe: a prefix may have been written ({@code src}'s position says how
     * much).
     */
    default Future<Void> writeAll(ByteBuffer src) {
        Objects.requireNonNull(src, "src");
        return cx -> {
            while (src.hasRemaining()) {
                Poll<Integer> p = pollWrite(cx, src);
                if (p.isPending()) return Poll.pending();
            }
            return Poll.ready(null);
        };
    }

    /** A future of {@link #pollFlush}. <p><b>Cancel safety:</b> cancel-safe; flushing can be retried. */
    default Future<Void> flush() {
        return this::pollFlush;
    }

    /** A future of {@link #pollShutdown}. <p><b>Cancel safety:</b> cancel-safe; shutdown can be retried. */
    default Future<Void> shutdown() {
        return this::pollShutdown;
    }
}
