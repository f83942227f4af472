package dev.weft.io;

import dev.weft.future.Context;
import dev.weft.future.Poll;
import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * An {@link AsyncRead} with an internal buffer: tokio's {@code BufReader}. Many small reads become few large
 * reads of the inner reader. Reads at least as large as the buffer, made while it is empty, go straight to the
 * inner reader.
 *
 * {@snippet class=dev.weft.io.snippets.IoSnippets region=bufReader}
 *
 * <p>{@link #pollFillBuf} and {@link #consume} give access to the buffered bytes without copying (Rust's
 * {@code AsyncBufRead}). For lines, use {@link Io#lines(AsyncRead)}.
 *
 * <p>Owned by one task at a time.
 */
public final class BufReader implements AsyncRead {
    /** Tokio's default capacity. */
    public static final int DEFAULT_CAPACITY = 8 * 1024;

    private final AsyncRead inner;
    private final byte[] buf;
    private int pos;
    private int filled;

    /** Buffers {@code inner} with the default 8 KiB buffer. */
    public BufReader(AsyncRead inner) {
        this(inner, DEFAULT_CAPACITY);
    }

    /**
     * Buffers {@code inner} with a buffer of {@code capacity} bytes.
     *
     * @throws IllegalArgumentException when {@code capacity} is below 1
     */
    public BufReader(AsyncRead inner, int capacity) {
        this.inner = Objects.requireNonNull(inner, "inner");
        if (capacity < 1) throw new IllegalArgumentException("capacity: " + capacity + " (expected: >= 1)");
        this.buf = new byte[capacity];
    }

    @Override
    public Poll<Integer> pollRead(Context cx, ByteBuffer dst) {
        if (!dst.hasRemaining()) return Poll.ready(0);
        if (pos == filled && dst.remaining() >= buf.length) return inner.pollRead(cx, dst);
        Poll<ByteBuffer> p = pollFillBuf(cx);
        if (p.isPending()) return Poll.pending();
        ByteBuffer avail = p.value();
        if (!avail.hasRemaining()) return Poll.ready(-1);
        int n = Math.min(avail.remaining(), dst.remaining());
        dst.put(buf, pos, n);
        consume(n);
        return Poll.ready(n);
    }

    /**
     * Returns the buffered bytes, reading from the inner reader first when none are buffered.
     *
     * @return {@code Ready} with a read-only view of the buffered bytes (empty at end of stream), or
     *         {@code Pending}
     */
    public Poll<ByteBuffer> pollFillBuf(Context cx) {
        if (pos >= filled) {
            Poll<Integer> p = inner.pollRead(cx, ByteBuffer.wrap(buf));
            if (p.isPending()) return Poll.pending();
            int n = p.value();
            pos = 0;
            filled = Math.max(n, 0);
        }
        return Poll.ready(buffer());
    }

    /**
     * Marks {@code n} buffered bytes as read.
     *
     * @throws IllegalArgumentException when {@code n} is negative or more than the bytes buffered
     */
    public void consume(int n) {
        if (n < 0 || n > filled - pos) {
            throw new IllegalArgumentException("n: " + n + " (expected: 0.." + (filled - pos) + ")");
        }
        pos += n;
    }

    /** A read-only view of the bytes buffered now (does not read). */
    public ByteBuffer buffer() {
        return ByteBuffer.wrap(buf, pos, filled - pos).slice().asReadOnlyBuffer();
    }

    /** The buffer size. */
    public int capacity() {
        return buf.length;
    }

    /** The wrapped reader; reading from it directly skips the buffered bytes. */
    public AsyncRead inner() {
        return inner;
    }
}
