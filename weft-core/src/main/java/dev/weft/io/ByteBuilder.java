package dev.weft.io;

import com.google.errorprone.annotations.CanIgnoreReturnValue;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Objects;

/**
 * A growable byte buffer that encoders append to (tokio's {@code BytesMut} on the write side): big-endian
 * {@code put} methods plus a consumed prefix, so a writer can drain it from the front without copying.
 *
 * <p>Not thread-safe: it belongs to the {@link FramedWrite} that owns it.
 */
@CanIgnoreReturnValue
public final class ByteBuilder {
    private static final int MAX_ARRAY = Integer.MAX_VALUE - 8;

    private byte[] bytes;
    /** Bytes before {@code start} were consumed (written out). */
    private int start;
    private int end;

    /** An empty builder with a small initial capacity. */
    public ByteBuilder() {
        this(256);
    }

    /**
     * An empty builder with room for {@code initialCapacity} bytes.
     *
     * @throws IllegalArgumentException when {@code initialCapacity} is negative
     */
    public ByteBuilder(int initialCapacity) {
        if (initialCapacity < 0) {
            throw new IllegalArgumentException("initialCapacity: " + initialCapacity + " (expected: >= 0)");
        }
        bytes = new byte[initialCapacity];
    }

    /** The number of bytes appended and not yet consumed. */
    public int size() {
        return end - start;
    }

    /** True when {@link #size()} is 0. */
    public boolean isEmpty() {
        return end == start;
    }

    /** Appends one byte. */
    public ByteBuilder put(byte b) {
        ensure(1);
        bytes[end++] = b;
        return this;
    }

    /** Appends all of {@code src}. */
    public ByteBuilder put(byte[] src) {
        return put(src, 0, src.length);
    }

    /**
     * Appends {@code len} bytes of {@code src} from {@code off}.
     *
     * @throws IndexOutOfBoundsException when the range is not inside {@code src}
     */
    public ByteBuilder put(byte[] src, int off, int len) {
        Objects.checkFromIndexSize(off, len, src.length);
        ensure(len);
        System.arraycopy(src, off, bytes, end, len);
        end += len;
        return this;
    }

    /** Appends the remaining bytes of {@code src}, advancing its position to its limit. */
    public ByteBuilder put(ByteBuffer src) {
        int n = src.remaining();
        ensure(n);
        src.get(bytes, end, n);
        end += n;
        return this;
    }

    /** Appends {@code v} as 2 big-endian bytes. */
    public ByteBuilder putShort(int v) {
        ensure(2);
        bytes[end++] = (byte) (v >>> 8);
        bytes[end++] = (byte) v;
        return this;
    }

    /** Appends {@code v} as 4 big-endian bytes. */
    public ByteBuilder putInt(int v) {
        ensure(4);
        for (int shift = 24; shift >= 0; shift -= 8) bytes[end++] = (byte) (v >>> shift);
        return this;
    }

    /** Appends {@code v} as 8 big-endian bytes. */
    public ByteBuilder putLong(long v) {
        ensure(8);
        for (int shift = 56; shift >= 0; shift -= 8) bytes[end++] = (byte) (v >>> shift);
        return this;
    }

    /** A copy of the unconsumed bytes. */
    public byte[] toByteArray() {
        return Arrays.copyOfRange(bytes, start, end);
    }

    /** A buffer over the unconsumed bytes (shares this builder's storage; valid until the next change). */
    ByteBuffer readable() {
        return ByteBuffer.wrap(bytes, start, end - start);
    }

    /** Marks {@code n} bytes at the front as consumed. */
    void consume(int n) {
        if (n < 0 || n > size()) {
            throw new IllegalArgumentException("n: " + n + " (expected: 0.." + size() + ")");
        }
        start += n;
        if (start == end) start = end = 0;
    }

    /** Drops bytes appended after the builder had {@code size} bytes (rolls back a failed encode). */
    void truncate(int size) {
        if (size < 0 || size > size()) {
            throw new IllegalArgumentException("size: " + size + " (expected: 0.." + size() + ")");
        }
        end = start + size;
    }

    /** The bytes of storage currently allocated (for memory-bound tests). */
    int capacity() {
        return bytes.length;
    }

    private void ensure(int extra) {
        if (bytes.length - end >= extra) return;
        int live = end - start;
        if (start > 0 && bytes.length - live >= extra && start >= bytes.length / 2) {
            System.arraycopy(bytes, start, bytes, 0, live); // reuse the consumed prefix
            start = 0;
            end = live;
            return;
        }
        long needed = (long) live + extra;
        if (needed > MAX_ARRAY) {
            throw new OutOfMemoryError("ByteBuilder cannot hold " + needed + " bytes (limit " + MAX_ARRAY + ")");
        }
        int cap = (int) Math.min(MAX_ARRAY, Math.max(needed, Math.max(16, (long) bytes.length * 2)));
        byte[] grown = new byte[cap];
        System.arraycopy(bytes, start, grown, 0, live);
        bytes = grown;
        start = 0;
        end = live;
    }

    @Override
    public String toString() {
        return "ByteBuilder[size=" + size() + "]";
    }
}
