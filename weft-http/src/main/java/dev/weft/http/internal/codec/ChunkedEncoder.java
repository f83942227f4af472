package dev.weft.http.internal.codec;

import java.nio.ByteBuffer;

/**
 * The chunked transfer coding's framing (RFC 9112 §7.1), written into an {@link OutBuffer}: a chunk is
 * {@code size-in-hex CRLF data CRLF}; the body ends with {@code 0 CRLF CRLF} (no trailers).
 */
public final class ChunkedEncoder {
    private ChunkedEncoder() {}

    private static final byte[] LAST_CHUNK = {'0', '\r', '\n', '\r', '\n'};

    /** Appends a chunk's size line for {@code size} > 0 data bytes. */
    public static void chunkHeader(OutBuffer out, long size) {
        if (size <= 0) throw new IllegalArgumentException("size: " + size + " (expected: > 0; 0 is the last chunk)");
        out.putHex(size).crlf();
    }

    /** Appends a whole chunk holding the remaining bytes of {@code data} (nothing when it is empty). */
    public static void chunk(OutBuffer out, ByteBuffer data) {
        if (!data.hasRemaining()) return;
        chunkHeader(out, data.remaining());
        out.put(data).crlf();
    }

    /** Appends the CRLF that closes a chunk's data. */
    public static void chunkEnd(OutBuffer out) {
        out.crlf();
    }

    /** Appends the last chunk and the empty trailer section. */
    public static void last(OutBuffer out) {
        out.put(LAST_CHUNK);
    }
}
