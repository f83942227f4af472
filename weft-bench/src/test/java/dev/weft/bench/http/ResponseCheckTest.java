package dev.weft.bench.http;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.bench.SelfCheckFailed;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The TechEmpower sample-response check on canned responses; nothing is run. */
class ResponseCheckTest {
    static final String GOOD = "HTTP/1.1 200 OK\r\nServer: x\r\nDate: Sun, 06 Dec 2026 10:00:00 GMT\r\n"
            + "Content-Type: text/plain\r\nContent-Length: 13\r\n\r\nHello, World!";

    static ResponseCheck.Response parse(String raw) throws IOException {
        return ResponseCheck.read(new ByteArrayInputStream(raw.getBytes(StandardCharsets.US_ASCII)));
    }

    @Test
    void verify_techEmpowerResponse_passes() throws IOException {
        assertThatCode(() -> ResponseCheck.verify(parse(GOOD), "/plaintext", "text/plain", "Hello, World!"))
                .doesNotThrowAnyException();
        String charset = GOOD.replace("text/plain", "text/plain; charset=utf-8");
        assertThatCode(() -> ResponseCheck.verify(parse(charset), "/plaintext", "text/plain", "Hello, World!"))
                .doesNotThrowAnyException();
    }

    @Test
    void verify_missingServerOrDate_failsNamingTheHeader() throws IOException {
        ResponseCheck.Response noServer = parse(GOOD.replace("Server: x\r\n", ""));
        assertThatThrownBy(() -> ResponseCheck.verify(noServer, "/plaintext", "text/plain", "Hello, World!"))
                .isInstanceOf(SelfCheckFailed.class).hasMessageContaining("Server");
        ResponseCheck.Response badDate = parse(GOOD.replace("Sun, 06 Dec 2026 10:00:00 GMT", "yesterday"));
        assertThatThrownBy(() -> ResponseCheck.verify(badDate, "/plaintext", "text/plain", "Hello, World!"))
                .isInstanceOf(SelfCheckFailed.class).hasMessageContaining("RFC 1123");
    }

    @Test
    void verify_wrongTypeLengthOrBody_fails() throws IOException {
        ResponseCheck.Response json = parse(GOOD.replace("text/plain", "application/json"));
        assertThatThrownBy(() -> ResponseCheck.verify(json, "/plaintext", "text/plain", "Hello, World!"))
                .isInstanceOf(SelfCheckFailed.class).hasMessageContaining("Content-Type");
        ResponseCheck.Response body = parse(GOOD.replace("Hello, World!", "Hello, world!"));
        assertThatThrownBy(() -> ResponseCheck.verify(body, "/plaintext", "text/plain", "Hello, World!"))
                .isInstanceOf(SelfCheckFailed.class).hasMessageContaining("body");
        ResponseCheck.Response chunked = parse(GOOD.replace("Content-Length: 13\r\n",
                "Content-Length: 13\r\nTransfer-Encoding: chunked\r\n"));
        assertThatThrownBy(() -> ResponseCheck.verify(chunked, "/plaintext", "text/plain", "Hello, World!"))
                .isInstanceOf(SelfCheckFailed.class).hasMessageContaining("Transfer-Encoding");
        assertThatThrownBy(() -> parse(GOOD.replace("Content-Length: 13", "Content-Length: 20")))
                .isInstanceOf(SelfCheckFailed.class).hasMessageContaining("body ended");
    }
}
