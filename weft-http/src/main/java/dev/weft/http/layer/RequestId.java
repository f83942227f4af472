package dev.weft.http.layer;

import dev.weft.http.Attributes;
import dev.weft.http.Request;
import java.security.SecureRandom;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A request's correlation id, stored by {@link RequestIdLayer} in the request's attributes under {@link #KEY}
 * and echoed in the {@code X-Request-Id} response header.
 *
 * @param value the id: 1 to 128 visible ASCII characters
 */
public record RequestId(String value) {

    /** The attribute key of the request id. */
    public static final Attributes.Key<RequestId> KEY = Attributes.Key.of("weft.requestId", RequestId.class);

    /** 64 random bits per process: ids from different processes differ with overwhelming probability. */
    private static final long PREFIX = new SecureRandom().nextLong();
    /** Starts at a random point, then counts: ids within a process never repeat (until 2^64 requests). */
    private static final AtomicLong COUNTER = new AtomicLong(new SecureRandom().nextLong());
    private static final byte[] HEX = "0123456789abcdef".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    /**
     * Checks the value.
     *
     * @throws IllegalArgumentException when it is empty, longer than 128 characters or holds a character
     *     outside visible ASCII (so an id can never split a log line or a header)
     */
    public RequestId {
        Objects.requireNonNull(value, "value");
        if (!isValid(value)) {
            throw new IllegalArgumentException("request id: \"" + value + "\" (expected: 1 to 128 visible ASCII "
                    + "characters)");
        }
    }

    /** The id the request-id layer attached to {@code request}, if any. */
    public static Optional<RequestId> of(Request request) {
        return Objects.requireNonNull(request, "request").attributes().get(KEY);
    }

    /**
     * A new id: 32 lowercase hex digits (128 bits), a per-process random prefix followed by a counter. Unique
     * within the process, unique across processes with overwhelming probability, and cheap (one atomic
     * increment, no lock, no entropy read).
     */
    public static RequestId generate() {
        long n = COUNTER.getAndIncrement();
        byte[] out = new byte[32];
        hex(PREFIX, out, 0);
        hex(n, out, 16);
        return new RequestId(new String(out, java.nio.charset.StandardCharsets.ISO_8859_1));
    }

    private static void hex(long v, byte[] out, int off) {
        for (int i = 15; i >= 0; i--) {
            out[off + i] = HEX[(int) (v & 0xf)];
            v >>>= 4;
        }
    }

    /** Whether {@code s} is acceptable as an id (1..128 characters in {@code !}..{@code ~}). */
    public static boolean isValid(String s) {
        if (s == null || s.isEmpty() || s.length() > 128) return false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x21 || c > 0x7e) return false;
        }
        return true;
    }

    @Override
    public String toString() {
        return value;
    }
}
