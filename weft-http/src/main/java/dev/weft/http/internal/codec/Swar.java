package dev.weft.http.internal.codec;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * SIMD within a register: eight bytes of a head examined in one {@code long}, so the parser's hot loops (finding
 * line ends, validating field values) step over the common bytes eight at a time and look at single bytes only
 * where a word holds a candidate.
 *
 * <p>The masks below set the high bit of a byte lane that matches. Borrows of the subtraction can set a lane
 * <em>above</em> a genuine match too, never one below it, so "is the mask zero" is exact and the lowest set lane
 * is a genuine match: callers either step over a zero word or look at its bytes one by one from the lowest set
 * lane (words are read little-endian, so the lowest lane is the lowest address).
 */
final class Swar {
    private Swar() {}

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long ONES = 0x0101_0101_0101_0101L;
    private static final long HIGHS = 0x8080_8080_8080_8080L;
    private static final long CRS = ONES * '\r';
    private static final long LFS = ONES * '\n';
    private static final long DELS = ONES * 0x7f;
    private static final long SPACES = ONES * 0x20;

    /** Bytes {@code a[i..i+8)} as a little-endian word ({@code i + 8 <= a.length}). */
    static long word(byte[] a, int i) {
        return (long) LONGS.get(a, i);
    }

    /** Lanes of {@code w} that may be CR or LF (see the class comment: zero exactly when none is). */
    static long crOrLf(long w) {
        long cr = w ^ CRS;
        long lf = w ^ LFS;
        return ((cr - ONES) & ~cr | (lf - ONES) & ~lf) & HIGHS;
    }

    /**
     * Lanes of {@code w} that may not be field-vchar, SP or obs-text (RFC 9110 §5.5): the control bytes below SP
     * (HTAB among them: it is allowed but rare, so the caller checks a flagged word byte by byte) and DEL.
     */
    static long notFieldText(long w) {
        long del = w ^ DELS;
        return ((w - SPACES) & ~w | (del - ONES) & ~del) & HIGHS;
    }

    /** The byte offset in its word of the lowest lane set in the non-zero {@code mask}. */
    static int firstLane(long mask) {
        return Long.numberOfTrailingZeros(mask) >>> 3;
    }
}
