package dev.weft.io;

import dev.weft.future.Context;
import dev.weft.future.Poll;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * An {@link AsyncWrite} that gathers small writes in a buffer: tokio's {@code BufWriter}. The buffer is written
 * out when the next write does not fit, on {@link #pollFlush} and on {@link #pollShutdown}. Writes at least as
 * large as the buffer go straight to the inner writer (after the buffer).
 *
 * {@snippet class=dev.weft.io.snippets.IoSnippets region=bufWriter}
 *
 * <p>As in Tokio, bytes still buffered are lost if the writer is dropped without a flush: always flush or
 * shut down. Owned by one task at a time.
 */
public final class BufWriter implements AsyncWrite {
    /** Tokio's default capacity. */
    public static final int DEFAULT_CAPACITY = 8 * 1024;

    private final AsyncWrite inner;
    private final byte[] buf;
    private int written;
    private int len;

    /** Buffers {@code inner} with the default 8 KiB buffer. */
    public BufWriter(AsyncWrite inner) {
        this(inner, DEFAULT_CAPACITY);
    }

    /**
     * Buffers {@code inner} with a buffer of {@code capacity} bytes.
     *
     * @throws IllegalArgumentException when {@code capacity} is below 1
     */
    public BufWriter(AsyncWrite inner, int capacity) {
        this.inner = Objects.requireNonNull(inner, "inner");
        if (capacity < 1) throw new IllegalArgumentException("capacity: " + capacity + " (expected: >= 1)");
        this.buf = new byte[capacity];
    }

    @Override
    public Poll<Integer> pollWrite(Context cx, ByteBuffer src) {
        if (len + src.remaining() > buf.length) {
            if (pollFlushBuf(cx).isPending()) return Poll.pending();
        }
        if (src.remaining() >= buf.length) return inner.pollWrite(cx, src);
        int n = src.remaining();
        src.get(buf, len, n);
        len += n;
        return Poll.ready(n);
    }

    @Override
    public Poll<Void> pollFlush(Context cx) {
        if (pollFlushBuf(cx).isPending()) return Poll.pending();
        return inner.pollFlush(cx);
    }

    @Override
    public Poll<Void> pollShutdown(Context cx) {
        if (pollFlushBuf(cx).isPending()) return Poll.pending();
        return inner.pollShutdown(cx);
    }

    /** The bytes buffered and not yet written to the inner writer. */
    public int bufferedBytes() {
        return len - written;
    }

    /** The buffer size. */
    public int capacity() {
        return buf.length;
    }

    /** The wrapped writer; writing to it directly overtakes the buffered bytes. */
    public AsyncWrite inner() {
        return inner;
    }

    private Poll<Void> pollFlushBuf(Context cx) {
        while (written < len) {
            Poll<Integer> p = inner.pollWrite(cx, ByteBuffer.wrap(buf, written, len - written));
            if (p.isPending()) return Poll.pending();
            int n = p.value();
            if (n <= 0) {
                throw new UncheckedIOException(new IOException("inner writer accepted 0 of " + (len - written)
                        + " buffered bytes (write zero)"));
            }
            written += n;
        }
        written = 0;
        len = 0;
        return Poll.ready(null);
    }
}
