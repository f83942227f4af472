package dev.weft.service.bench;

import dev.weft.service.db.Fortune;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * The fortunes page, rendered as the TechEmpower test expects (one table row per fortune, the message
 * HTML-escaped), straight to UTF-8 bytes. A hand-written template: the page is fixed, and escaping is five cases.
 *
 * <p>Why bytes and not a {@code StringBuilder}: one fortune is Japanese, so a builder turns UTF-16 for the whole
 * page and {@code getBytes(UTF_8)} then takes the slow path over every character; those two steps were a third of
 * the endpoint's own CPU. The escaping and the UTF-8 encoding happen in one pass here, and the page is copied once,
 * into the response. Unpaired surrogates become {@code '?'}, as {@link String#getBytes} does.
 */
public final class FortunesPage {
    private static final byte[] HEAD = ("<!DOCTYPE html><html><head><title>Fortunes</title></head><body><table>"
            + "<tr><th>id</th><th>message</th></tr>").getBytes(StandardCharsets.US_ASCII);
    private static final byte[] ROW_START = "<tr><td>".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] CELL = "</td><td>".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] ROW_END = "</td></tr>".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] TAIL = "</table></body></html>".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] AMP = "&amp;".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] LT = "&lt;".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] GT = "&gt;".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] QUOT = "&quot;".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] APOS = "&#39;".getBytes(StandardCharsets.US_ASCII);

    private FortunesPage() {}

    /** The HTML page for {@code fortunes} (already sorted), UTF-8 encoded. */
    public static byte[] render(List<Fortune> fortunes) {
        Page p = new Page(1600);
        p.put(HEAD);
        for (Fortune f : fortunes) {
            p.put(ROW_START);
            p.putInt(f.id());
            p.put(CELL);
            p.putEscaped(f.message());
            p.put(ROW_END);
        }
        p.put(TAIL);
        return p.bytes();
    }

    /** A growing byte array. */
    private static final class Page {
        private byte[] buf;
        private int len;

        Page(int capacity) {
            buf = new byte[capacity];
        }

        private void ensure(int more) {
            if (len + more > buf.length) buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + more));
        }

        void put(byte[] b) {
            ensure(b.length);
            System.arraycopy(b, 0, buf, len, b.length);
            len += b.length;
        }

        void putInt(int v) {
            put(Integer.toString(v).getBytes(StandardCharsets.US_ASCII));
        }

        /** {@code text} with {@code & < > " '} escaped as HTML character references, encoded as UTF-8. */
        void putEscaped(String text) {
            int n = text.length();
            // Invariant: before char i, room for (n - i) * 3 bytes. A char takes at most 3 bytes (a surrogate pair
            // 4 for 2 chars, '?' 1); an escape takes up to 6, and makes room for itself plus the rest.
            ensure(n * 3);
            for (int i = 0; i < n; i++) {
                char c = text.charAt(i);
                if (c < 0x80) {
                    switch (c) {
                        case '&' -> putEscape(AMP, n - i - 1);
                        case '<' -> putEscape(LT, n - i - 1);
                        case '>' -> putEscape(GT, n - i - 1);
                        case '"' -> putEscape(QUOT, n - i - 1);
                        case '\'' -> putEscape(APOS, n - i - 1);
                        default -> buf[len++] = (byte) c;
                    }
                } else if (c < 0x800) {
                    buf[len++] = (byte) (0xC0 | (c >> 6));
                    buf[len++] = (byte) (0x80 | (c & 0x3F));
                } else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(text.charAt(i + 1))) {
                    int cp = Character.toCodePoint(c, text.charAt(++i));
                    buf[len++] = (byte) (0xF0 | (cp >> 18));
                    buf[len++] = (byte) (0x80 | ((cp >> 12) & 0x3F));
                    buf[len++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
                    buf[len++] = (byte) (0x80 | (cp & 0x3F));
                } else if (Character.isSurrogate(c)) {
                    buf[len++] = '?'; // unpaired, as String.getBytes(UTF_8) encodes it
                } else {
                    buf[len++] = (byte) (0xE0 | (c >> 12));
                    buf[len++] = (byte) (0x80 | ((c >> 6) & 0x3F));
                    buf[len++] = (byte) (0x80 | (c & 0x3F));
                }
            }
        }

        private void putEscape(byte[] escape, int charsLeft) {
            ensure(escape.length + charsLeft * 3);
            System.arraycopy(escape, 0, buf, len, escape.length);
            len += escape.length;
        }

        byte[] bytes() {
            return Arrays.copyOf(buf, len);
        }
    }
}
