package dev.weft.http.router;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/** Strict percent-decoding of one path segment (RFC 3986 §2.1) as UTF-8; {@code +} stays {@code +}. */
final class PercentDecoding {
    private PercentDecoding() {}

    /** A request path that cannot be decoded: the router answers 400. */
    static final class MalformedPathException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        MalformedPathException(String message) {
            super(message, null, false, false);
        }
    }

    /** Whether {@code s[start, end)} holds a {@code %}. */
    static boolean hasPercent(String s, int start, int end) {
        for (int i = start; i < end; i++) {
            if (s.charAt(i) == '%') return true;
        }
        return false;
    }

    /**
     * {@code s[start, end)} percent-decoded.
     *
     * @throws MalformedPathException on a truncated or non-hex escape, or bytes that are not UTF-8
     */
    static String decode(String s, int start, int end) {
        if (!hasPercent(s, start, end)) return s.substring(start, end);
        byte[] out = new byte[end - start];
        int n = 0;
        for (int i = start; i < end; i++) {
            char c = s.charAt(i);
            if (c == '%') {
                if (i + 2 >= end) {
                    throw new MalformedPathException("truncated percent-escape in path segment");
                }
                int hi = Character.digit(s.charAt(i + 1), 16);
                int lo = Character.digit(s.charAt(i + 2), 16);
                if (hi < 0 || lo < 0) throw new MalformedPathException("invalid percent-escape in path segment");
                out[n++] = (byte) (hi << 4 | lo);
                i += 2;
            } else {
                out[n++] = (byte) c; // the request target is ASCII (Request checks it)
            }
        }
        try {
            CharBuffer chars = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(out, 0, n));
            return chars.toString();
        } catch (CharacterCodingException e) {
            throw new MalformedPathException("percent-encoded path segment is not UTF-8");
        }
    }
}
