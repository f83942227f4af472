package dev.weft.http.internal.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ChunkedDecoderTest {

    /** Decodes {@code wire} fed in pieces of {@code step} bytes; returns the body or throws. */
    static String decode(String wire, int step, ParseLimits limits) {
        byte[] all = HeadParserTest.unescape(wire).getBytes(StandardCharsets.ISO_8859_1);
        ChunkedDecoder d = new ChunkedDecoder(limits);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteBuffer in = ByteBuffer.allocate(all.length);
        for (int i = 0; i < all.length; i += step) {
            in.put(all, i, Math.min(step, all.length - i)).flip();
            for (ByteBuffer piece; (piece = d.decode(in)) != null; ) {
                if (piece == ChunkedDecoder.END) {
                    assertThat(d.isDone()).isTrue();
                    return out.toString(StandardCharsets.ISO_8859_1);
                }
                byte[] b = new byte[piece.remaining()];
                piece.get(b);
                out.writeBytes(b);
            }
            in.compact();
        }
        return null; // incomplete
    }

    static String decode(String wire) {
        return decode(wire, Integer.MAX_VALUE, ParseLimits.DEFAULT);
    }

    @Test
    void decode_chunksExtensionsAndTrailers_yieldsData() {
        String wire = "5\\r\\nhello\\r\\n1;a=b;c=\"q\\\"x\"\\r\\n \\r\\n6 ; n\\r\\nworld!\\r\\n0\\r\\nX-T: 1\\r\\n\\r\\n";
        for (int step : new int[] {1, 2, 3, 7, 1000}) {
            assertThat(decode(wire, step, ParseLimits.DEFAULT)).as("step %d", step).isEqualTo("hello world!");
        }
    }

    @Test
    void decode_upperCaseHexAndLeadingZeros_accepted() {
        assertThat(decode("00A\\r\\n0123456789\\r\\n0\\r\\n\\r\\n")).isEqualTo("0123456789");
    }

    @Test
    void decode_incomplete_returnsNull() {
        assertThat(decode("5\\r\\nhel")).isNull();
        assertThat(decode("0\\r\\n")).isNull();
    }

    @Test
    void decode_stopsAtEnd_leavesNextBytes() {
        ByteBuffer in = ByteBuffer.wrap("0\r\n\r\nGET".getBytes(StandardCharsets.ISO_8859_1));
        assertThat(new ChunkedDecoder(ParseLimits.DEFAULT).decode(in)).isSameAs(ChunkedDecoder.END);
        assertThat(in.remaining()).isEqualTo(3);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            no size                   | \\r\\n
            non-hex size              | g\\r\\n
            size overflow             | 1000000000000000\\r\\n
            negative size             | -1\\r\\n
            space before CRLF         | 5 \\r\\nhello\\r\\n0\\r\\n\\r\\n
            bare LF after size        | 5\\nhello\\r\\n0\\r\\n\\r\\n
            bare CR after size        | 5\\rhello\\r\\n0\\r\\n\\r\\n
            data longer than size     | 5\\r\\nhello!\\r\\n0\\r\\n\\r\\n
            missing CRLF after data   | 5\\r\\nhello0\\r\\n\\r\\n
            empty extension name      | 5;\\r\\nhello\\r\\n0\\r\\n\\r\\n
            extension with bad byte   | 5;a@b\\r\\nhello\\r\\n0\\r\\n\\r\\n
            extension with NUL        | 5;a=\\u0000\\r\\nhello\\r\\n0\\r\\n\\r\\n
            unterminated quoted ext   | 5;a=\\\"x\\r\\nhello\\r\\n0\\r\\n\\r\\n
            space before trailer name | 0\\r\\n X: 1\\r\\n\\r\\n
            space before trailer colon | 0\\r\\nX : 1\\r\\n\\r\\n
            control in trailer        | 0\\r\\nX: \\u0001\\r\\n\\r\\n
            bare LF in trailer        | 0\\r\\nX: 1\\n\\r\\n
            """)
    void decode_invalid_400(String name, String wire) {
        assertThatThrownBy(() -> decode(wire)).as(name).isInstanceOfSatisfying(HttpParseException.class,
                e -> assertThat(e.status().code()).isEqualTo(400));
    }

    @Test
    void decode_overBodyLimit_413BeforeData() {
        ParseLimits small = new ParseLimits(100, 100, 10, 8, 100, 100);
        assertThat(decode("8\\r\\n12345678\\r\\n0\\r\\n\\r\\n", 100, small)).isEqualTo("12345678");
        assertThatThrownBy(() -> decode("4\\r\\n1234\\r\\n5\\r\\n", 100, small)).isInstanceOfSatisfying(
                HttpParseException.class, e -> assertThat(e.status().code()).isEqualTo(413));
    }

    @Test
    void decode_extensionAndTrailerFloods_refused() {
        ParseLimits small = new ParseLimits(100, 100, 10, 1000, 10, 10);
        assertThatThrownBy(() -> decode("1;aaaaaaaaaaaa\\r\\n", 100, small)).isInstanceOfSatisfying(
                HttpParseException.class, e -> assertThat(e.status().code()).isEqualTo(400));
        assertThatThrownBy(() -> decode("0\\r\\nX-Long: 12345678\\r\\n", 100, small)).isInstanceOfSatisfying(
                HttpParseException.class, e -> assertThat(e.status().code()).isEqualTo(431));
    }

    @Test
    void encode_thenDecode_roundTrips() {
        OutBuffer out = new OutBuffer(16);
        ChunkedEncoder.chunk(out, ByteBuffer.wrap("hello ".getBytes(StandardCharsets.ISO_8859_1)));
        ChunkedEncoder.chunk(out, ByteBuffer.allocate(0));
        ChunkedEncoder.chunk(out, ByteBuffer.wrap(new byte[300]));
        ChunkedEncoder.last(out);
        String wire = new String(out.toByteArray(), StandardCharsets.ISO_8859_1);
        assertThat(wire).startsWith("6\r\nhello \r\n12c\r\n").endsWith("\r\n0\r\n\r\n");
        ChunkedDecoder d = new ChunkedDecoder(ParseLimits.DEFAULT);
        ByteBuffer in = out.buffer();
        long n = 0;
        for (ByteBuffer p; (p = d.decode(in)) != ChunkedDecoder.END; ) n += p.remaining();
        assertThat(n).isEqualTo(306);
    }
}
