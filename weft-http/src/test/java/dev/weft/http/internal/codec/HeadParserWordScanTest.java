package dev.weft.http.internal.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The parser's word-at-a-time passes (HeadParser I4, {@link Swar}) against its byte-at-a-time behaviour. A head
 * fed one byte per call never has eight unexamined bytes to step over, so it takes the byte path alone: it is the
 * oracle every whole-buffer parse here is compared with, at every length around the limits and at every offset of
 * a word.
 */
class HeadParserWordScanTest {
    static final ParseLimits SMALL = new ParseLimits(40, 64, 10, 100, 10, 10);

    static final String TECHEMPOWER = "GET /plaintext HTTP/1.1\r\n"
            + "Host: localhost\r\n"
            + "Accept: text/plain,text/html;q=0.9,application/xhtml+xml;q=0.9,application/xml;q=0.8,*/*;q=0.7\r\n"
            + "Connection: keep-alive\r\n"
            + "\r\n";

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    /** What a parse produced: the head and the position after it, or the status it was refused with. */
    static String describe(RequestHead h, int position) {
        StringBuilder sb = new StringBuilder(h.method().name()).append(' ').append(h.target());
        for (int i = 0; i < h.headers().size(); i++) {
            sb.append('|').append(h.headers().name(i)).append('=').append(h.headers().value(i));
        }
        return sb.append(" @").append(position).toString();
    }

    static String whole(ParseLimits limits, byte[] in) {
        ByteBuffer b = ByteBuffer.wrap(in);
        try {
            RequestHead h = new HeadParser(limits).parseRequest(b);
            return h == null ? "incomplete" : describe(h, b.position());
        } catch (HttpParseException e) {
            return "status " + e.status().code();
        }
    }

    /** The oracle: the same bytes made available one more at a time. */
    static String trickled(ParseLimits limits, byte[] in) {
        HeadParser p = new HeadParser(limits);
        ByteBuffer b = ByteBuffer.wrap(in);
        try {
            for (int limit = 1; limit <= in.length; limit++) {
                b.limit(limit);
                RequestHead h = p.parseRequest(b);
                if (h != null) return describe(h, b.position());
            }
            return "incomplete";
        } catch (HttpParseException e) {
            return "status " + e.status().code();
        }
    }

    @Test
    void everyLineLengthAroundTheLimits_wholeAgreesWithTrickled() {
        Set<String> outcomes = new HashSet<>();
        for (int targetLength = 1; targetLength <= 40; targetLength++) {
            for (int valueLength = 0; valueLength <= 70; valueLength++) {
                String head = "GET /" + "t".repeat(targetLength - 1) + " HTTP/1.1\r\nHost: h\r\nX-V: "
                        + "v".repeat(valueLength) + "\r\n\r\n";
                byte[] in = bytes(head);
                String whole = whole(SMALL, in);
                assertThat(whole).as("target %d, value %d", targetLength, valueLength)
                        .isEqualTo(trickled(SMALL, in));
                outcomes.add(whole.startsWith("status") ? whole : "parsed");
            }
        }
        // the sweep crosses both limits: a line over 40 bytes is 414, a field section over 64 bytes 431
        assertThat(outcomes).containsExactlyInAnyOrder("parsed", "status 414", "status 431");
    }

    @Test
    void requestLineOfExactlyTheLimit_parsesAndOneMoreByteIs414() {
        String atLimit = "GET /" + "t".repeat(40 - "GET / HTTP/1.1".length()) + " HTTP/1.1";
        assertThat(atLimit).hasSize(40);
        assertThat(whole(SMALL, bytes(atLimit + "\r\nHost: h\r\n\r\n"))).startsWith("GET ");
        String over = "GET /" + "t".repeat(41 - "GET / HTTP/1.1".length()) + " HTTP/1.1";
        assertThat(whole(SMALL, bytes(over + "\r\nHost: h\r\n\r\n"))).isEqualTo("status 414");
    }

    @Test
    void controlByteAtEveryOffsetOfAValue_refused() {
        for (int offset = 0; offset < 40; offset++) {
            for (int v = 0; v < 0x80; v++) {
                if (v >= 0x20 && v != 0x7f || v == '\t') continue;
                byte[] value = bytes("v".repeat(40));
                value[offset] = (byte) v;
                byte[] in = withValue(value);
                String expected = v == '\r' ? "bare CR" : v == '\n' ? "bare LF" : "control byte in header field value";
                assertThatThrownBy(() -> new HeadParser(ParseLimits.DEFAULT).parseRequest(ByteBuffer.wrap(in)))
                        .as("byte %02x at %d", v, offset)
                        .isInstanceOfSatisfying(HttpParseException.class,
                                e -> assertThat(e.status().code()).isEqualTo(400))
                        .hasMessageContaining(expected);
                assertThat(trickled(ParseLimits.DEFAULT, in)).isEqualTo("status 400");
            }
        }
    }

    @Test
    void tabAndObsTextAtEveryOffsetOfAValue_acceptedAndKept() {
        for (int offset = 1; offset < 39; offset++) { // HTAB at either end is optional whitespace, trimmed
            for (int v : new int[] {'\t', 0x80, 0xa0, 0xe9, 0xff}) {
                byte[] value = bytes("v".repeat(40));
                value[offset] = (byte) v;
                RequestHead h = new HeadParser(ParseLimits.DEFAULT).parseRequest(ByteBuffer.wrap(withValue(value)));
                assertThat(h).as("byte %02x at %d", v, offset).isNotNull();
                assertThat(h.headers().get("x-v")).contains(new String(value, StandardCharsets.ISO_8859_1));
            }
        }
    }

    static byte[] withValue(byte[] value) {
        byte[] prefix = bytes("GET / HTTP/1.1\r\nHost: h\r\nX-V: ");
        byte[] suffix = bytes("\r\n\r\n");
        byte[] in = new byte[prefix.length + value.length + suffix.length];
        System.arraycopy(prefix, 0, in, 0, prefix.length);
        System.arraycopy(value, 0, in, prefix.length, value.length);
        System.arraycopy(suffix, 0, in, prefix.length + value.length, suffix.length);
        return in;
    }

    @Test
    void pipelinedHeadsSplitAtEveryOffset_sameHeadsAsWhole() {
        byte[] in = bytes(TECHEMPOWER + TECHEMPOWER.replace("/plaintext", "/second"));
        ByteBuffer all = ByteBuffer.wrap(in);
        HeadParser reference = new HeadParser(ParseLimits.DEFAULT);
        String first = describe(reference.parseRequest(all), all.position());
        String second = describe(reference.parseRequest(all), all.position());
        assertThat(first).startsWith("GET /plaintext|Host=localhost|Accept=text/plain,").endsWith(" @164");
        assertThat(second).startsWith("GET /second").endsWith(" @325");
        for (int split = 0; split <= in.length; split++) {
            HeadParser p = new HeadParser(ParseLimits.DEFAULT);
            ByteBuffer b = ByteBuffer.wrap(in).limit(split);
            RequestHead h1 = p.parseRequest(b);
            if (h1 == null) {
                assertThat(b.position()).as("split %d", split).isZero();
                b.limit(in.length);
                h1 = p.parseRequest(b);
            }
            assertThat(describe(h1, b.position())).as("split %d", split).isEqualTo(first);
            b.limit(Math.max(split, b.position()));
            RequestHead h2 = p.parseRequest(b);
            if (h2 == null) {
                b.limit(in.length);
                h2 = p.parseRequest(b);
            }
            assertThat(describe(h2, b.position())).as("split %d", split).isEqualTo(second);
        }
    }

    @Test
    void bufferWithoutAnArray_parsedFromACopyAndAdvanced() {
        byte[] in = bytes(TECHEMPOWER + TECHEMPOWER);
        ByteBuffer readOnly = ByteBuffer.wrap(in).asReadOnlyBuffer();
        assertThat(readOnly.hasArray()).isFalse();
        HeadParser p = new HeadParser(ParseLimits.DEFAULT);

        readOnly.limit(100);
        assertThat(p.parseRequest(readOnly)).isNull();
        assertThat(readOnly.position()).isZero();
        readOnly.limit(in.length);
        RequestHead h1 = p.parseRequest(readOnly);
        assertThat(describe(h1, readOnly.position())).isEqualTo(whole(ParseLimits.DEFAULT, bytes(TECHEMPOWER)));
        RequestHead h2 = p.parseRequest(readOnly);
        assertThat(h2.target()).isEqualTo("/plaintext");
        assertThat(readOnly.position()).isEqualTo(in.length);

        ByteBuffer direct = ByteBuffer.allocateDirect(64).put(bytes("HTTP/1.1 204 No Content\r\nX: y\r\n\r\n")).flip();
        ResponseHead r = new HeadParser(ParseLimits.DEFAULT).parseResponse(direct, dev.weft.http.Method.GET);
        assertThat(r.status().code()).isEqualTo(204);
        assertThat(r.headers().get("x")).contains("y");
        assertThat(direct.hasRemaining()).isFalse();
    }
}
