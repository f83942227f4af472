package dev.weft.http.internal.codec;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.http.Headers;
import dev.weft.http.Method;
import dev.weft.http.Status;
import dev.weft.http.Version;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class HeadWriterTest {

    static String text(OutBuffer out) {
        return new String(out.toByteArray(), StandardCharsets.ISO_8859_1);
    }

    @Test
    void response_writesFramingFromArgumentsNotHeaders() {
        OutBuffer out = new OutBuffer(8);
        Headers h = new Headers().add("Content-Type", "text/plain").add("content-length", "999")
                .add("Connection", "keep-alive");
        HeadWriter.response(out, Status.OK, h, "Date: X\r\n".getBytes(StandardCharsets.ISO_8859_1), 5, false,
                HeadWriter.ConnectionField.CLOSE);
        assertThat(text(out)).isEqualTo(
                "HTTP/1.1 200 OK\r\nDate: X\r\nContent-Type: text/plain\r\nContent-Length: 5\r\nConnection: close\r\n\r\n");
    }

    @Test
    void response_unknownCodeAndChunked() {
        OutBuffer out = new OutBuffer(8);
        HeadWriter.response(out, Status.of(299), new Headers(), null, -1, true, HeadWriter.ConnectionField.NONE);
        assertThat(text(out)).isEqualTo("HTTP/1.1 299 \r\nTransfer-Encoding: chunked\r\n\r\n");
    }

    @Test
    void request_roundTripsThroughTheParser() {
        OutBuffer out = new OutBuffer(8);
        Headers h = new Headers().add("Host", "example.com").add("X-Multi", "a").add("x-multi", "b");
        HeadWriter.request(out, Method.POST, "/p?q", Version.HTTP_1_1, h, 3, false);
        RequestHead parsed = new HeadParser(ParseLimits.DEFAULT).parseRequest(out.buffer());
        assertThat(parsed.method()).isEqualTo(Method.POST);
        assertThat(parsed.target()).isEqualTo("/p?q");
        assertThat(parsed.contentLength()).isEqualTo(3);
        assertThat(parsed.headers().all("x-multi")).containsExactly("a", "b");
    }

    @Test
    void dateCache_imfFixdate() {
        assertThat(new String(DateCache.format(0), StandardCharsets.ISO_8859_1))
                .isEqualTo("Date: Thu, 01 Jan 1970 00:00:00 GMT\r\n");
        assertThat(new String(DateCache.line(), StandardCharsets.ISO_8859_1)).matches(
                "Date: [A-Z][a-z]{2}, \\d{2} [A-Z][a-z]{2} \\d{4} \\d{2}:\\d{2}:\\d{2} GMT\r\n");
    }

    @Test
    void outBuffer_decimalAndHex() {
        OutBuffer out = new OutBuffer(1);
        out.putDecimal(0).put(' ').putDecimal(1234567890123L).put(' ').putHex(0).put(' ').putHex(0xabcdef);
        assertThat(text(out)).isEqualTo("0 1234567890123 0 abcdef");
    }
}
