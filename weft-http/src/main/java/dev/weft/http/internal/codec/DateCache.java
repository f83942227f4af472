package dev.weft.http.internal.codec;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * The {@code Date: <IMF-fixdate>\r\n} line (RFC 9110 §6.6.1, §5.6.7), formatted at most once per second and
 * shared by every connection.
 */
public final class DateCache {
    /*
     * Implementation notes
     *
     * I1. `current` is an immutable pair (second, line bytes) published through a volatile field; readers either
     *     see an older pair (a Date at most one second stale, which RFC 9110 allows: it is the time the message
     *     was generated "approximately") or the newer one, never a torn line.
     * I2. Two threads may both format the new second: both write equal lines; the race is benign.
     */

    private record Entry(long second, byte[] line) {}

    private static final DateTimeFormatter IMF_FIXDATE =
            DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", java.util.Locale.ROOT).withZone(ZoneOffset.UTC);

    private static volatile Entry current = new Entry(Long.MIN_VALUE, new byte[0]);

    private DateCache() {}

    /** The Date line for now (shared array: do not modify). */
    public static byte[] line() {
        long second = System.currentTimeMillis() / 1000;
        Entry e = current;
        if (e.second == second) return e.line;
        byte[] line = format(second);
        current = new Entry(second, line);
        return line;
    }

    static byte[] format(long epochSecond) {
        // RFC_1123_DATE_TIME prints single-digit days without padding; IMF-fixdate wants two digits.
        String s = "Date: " + IMF_FIXDATE.format(Instant.ofEpochSecond(epochSecond)) + "\r\n";
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }
}
