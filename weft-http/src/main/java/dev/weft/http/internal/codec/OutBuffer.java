package dev.weft.http.internal.codec;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * A growable byte array that heads, chunk framing and small bodies are serialized into before one socket write.
 * {@link #buffer()} views the written bytes without copying; {@link #clear()} keeps the array for reuse.
 *
 * <p>Not thread-safe: one per connection.
 */
public final class OutBuffer {
    private static final byte[] NONE = new byte[0];
    private byte[] bytes;
    private int length;

    /** A buffer with {@code capacity} bytes to start with. */
    public OutBuffer(int capacity) {
        if (capacity <= 0) throw new IllegalArgumentException("capacity: " + capacity + " (expected: > 0)");
        bytes = new byte[capacity];
    }

    /** The bytes written. */
    public int length() {
        return length;
    }

    /** Forgets the bytes written, keeping the array. */
    public void clear() {
        length = 0;
    }

    /** Drops the array when it grew past {@code max} bytes (so one huge head does not pin memory). */
    public void shrinkTo(int max) {
        if (bytes.length > max && length == 0) bytes = new byte[max];
    }

    /**
     * Gives up the array while the buffer is empty (an idle connection), returning it; null when it holds
     * bytes or was already released. The next write allocates again unless {@link #reuse} gives an array first.
     */
    public byte[] release() {
        if (length != 0 || bytes.length == 0) return null;
        byte[] b = bytes;
        bytes = NONE;
        return b;
    }

    /** Whether the array was {@linkplain #release() released} and not replaced yet. */
    public boolean isReleased() {
        return bytes.length == 0;
    }

    /** Writes into {@code array} from now on (after {@link #release()}; the buffer must be empty). */
    public void reuse(byte[] array) {
        if (length != 0) throw new IllegalStateException("reuse: the buffer holds " + length + " bytes (expected: 0)");
        bytes = array;
    }

    /** The written bytes as a buffer over this array (valid until the next write or clear). */
    public ByteBuffer buffer() {
        return ByteBuffer.wrap(bytes, 0, length);
    }

    /** The written bytes, copied. */
    public byte[] toByteArray() {
        return Arrays.copyOf(bytes, length);
    }

    private void ensure(int more) {
        if (length + more > bytes.length) bytes = Arrays.copyOf(bytes, Math.max(Math.max(bytes.length * 2, 64), length + more));
    }

    /** Appends one byte. */
    public OutBuffer put(int b) {
        ensure(1);
        bytes[length++] = (byte) b;
        return this;
    }

    /** Appends {@code src}. */
    public OutBuffer put(byte[] src) {
        ensure(src.length);
        System.arraycopy(src, 0, bytes, length, src.length);
        length += src.length;
        return this;
    }

    /** Appends the remaining bytes of {@code src} without moving its position. */
    public OutBuffer put(ByteBuffer src) {
        int n = src.remaining();
        ensure(n);
        src.get(src.position(), bytes, length, n);
        length += n;
        return this;
    }

    /** Appends the chars of {@code s} as Latin-1 bytes (callers pass validated header text). */
    public OutBuffer putLatin1(String s) {
        int n = s.length();
        ensure(n);
        s.getBytes(0, n, bytes, length); // deprecated but exact for Latin-1 and copy-free per char
        length += n;
        return this;
    }

    /** Appends {@code v} in decimal. */
    public OutBuffer putDecimal(long v) {
        if (v == 0) return put('0');
        ensure(20);
        int start = length;
        long x = v;
        while (x > 0) {
            bytes[length++] = (byte) ('0' + x % 10);
            x /= 10;
        }
        reverse(start, length - 1);
        return this;
    }

    /** Appends {@code v} in lower-case hex (for chunk sizes). */
    public OutBuffer putHex(long v) {
        if (v == 0) return put('0');
        ensure(16);
        int start = length;
        long x = v;
        while (x != 0) {
            int d = (int) (x & 0xf);
            bytes[length++] = (byte) (d < 10 ? '0' + d : 'a' + d - 10);
            x >>>= 4;
        }
        reverse(start, length - 1);
        return this;
    }

    /** Appends CR LF. */
    public OutBuffer crlf() {
        ensure(2);
        bytes[length++] = '\r';
        bytes[length++] = '\n';
        return this;
    }

    private void reverse(int i, int j) {
        for (; i < j; i++, j--) {
            byte t = bytes[i];
            bytes[i] = bytes[j];
            bytes[j] = t;
        }
    }
}
