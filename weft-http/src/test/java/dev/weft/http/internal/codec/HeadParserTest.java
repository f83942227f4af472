package dev.weft.http.internal.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.http.Headers;
import dev.weft.http.Method;
import dev.weft.http.Version;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HeadParserTest {

    static ByteBuffer buf(String s) {
        return ByteBuffer.wrap(s.getBytes(StandardCharsets.ISO_8859_1));
    }

    static RequestHead parse(String s) {
        return new HeadParser(ParseLimits.DEFAULT).parseRequest(buf(s));
    }

    static int status(String s) {
        try {
            RequestHead h = parse(s);
            return h == null ? 0 : 200;
        } catch (HttpParseException e) {
            return e.status().code();
        }
    }

    @Test
    void parseRequest_simpleGet_returnsHeadAndAdvances() {
        ByteBuffer in = buf("GET /a?b=1 HTTP/1.1\r\nHost: x\r\nAccept: */*\r\n\r\nNEXT");
        RequestHead h = new HeadParser(ParseLimits.DEFAULT).parseRequest(in);
        assertThat(h.method()).isSameAs(Method.GET);
        assertThat(h.target()).isEqualTo("/a?b=1");
        assertThat(h.version()).isEqualTo(Version.HTTP_1_1);
        assertThat(h.headers().get("host")).contains("x");
        assertThat(h.headers().get("accept")).contains("*/*");
        assertThat(h.framing()).isEqualTo(BodyFraming.NONE);
        assertThat(h.keepAlive()).isTrue();
        assertThat(StandardCharsets.ISO_8859_1.decode(in).toString()).isEqualTo("NEXT");
    }

    @Test
    void parseRequest_wellKnownNames_sharedConstantsWhateverTheirCase() {
        RequestHead h = parse("GET / HTTP/1.1\r\nhOsT: x\r\nCONTENT-TYPE: text/plain\r\naccept: */*\r\n\r\n");
        assertThat(h.headers().name(0)).isSameAs(HeaderNames.HOST);
        assertThat(h.headers().name(1)).isSameAs(HeaderNames.CONTENT_TYPE);
        assertThat(h.headers().name(2)).isEqualTo("Accept");
        assertThat(h.headers().get("HOST")).contains("x");
        assertThat(h.headers().get("content-type")).contains("text/plain");
        assertThat(h.headers().getOrDefault("ACCEPT", "none")).isEqualTo("*/*");
    }

    @Test
    void parseRequest_unknownName_keptAsSentAndValueRoundTrips() {
        RequestHead h = parse("GET / HTTP/1.1\r\nHost: x\r\nX-Weft-Custom_Name: \t a b\u00e9c \t\r\nX-Empty:\r\n"
                + "x-weft-custom_name: second\r\n\r\n");
        Headers hs = h.headers();
        assertThat(hs.size()).isEqualTo(4);
        assertThat(hs.name(1)).isEqualTo("X-Weft-Custom_Name");
        assertThat(hs.name(3)).isEqualTo("x-weft-custom_name");
        assertThat(hs.all("X-WEFT-CUSTOM_NAME")).containsExactly("a b\u00e9c", "second"); // OWS trimmed, Latin-1 kept
        assertThat(hs.get("x-empty")).contains("");
        assertThat(hs.value(0)).isEqualTo("x");
    }

    @Test
    void parseRequest_parsedHeaders_equalEagerlyBuiltOnesAndSurviveMutation() {
        Headers parsed = parse("GET / HTTP/1.1\r\nHost: x\r\nX-A: 1\r\nX-B: 2\r\nX-A: 3\r\n\r\n").headers();
        Headers built = new Headers().add("Host", "x").add("X-A", "1").add("X-B", "2").add("X-A", "3");
        assertThat(parsed).isEqualTo(built).hasSameHashCodeAs(built);
        assertThat(parsed.toString()).isEqualTo(built.toString());
        Headers copy = new Headers(parsed);
        assertThat(copy).isEqualTo(built);

        assertThat(parsed.remove("x-a")).isTrue(); // moves X-B: its value must move with it
        assertThat(parsed.remove("x-none")).isFalse();
        assertThat(parsed.add("X-C", "4").set("host", "y").get("X-B")).contains("2");
        java.util.List<String> seen = new java.util.ArrayList<>();
        parsed.forEach((n, v) -> seen.add(n + "=" + v));
        assertThat(seen).containsExactly("Host=y", "X-B=2", "X-C=4");
        assertThat(copy.get("x-a")).contains("1"); // the copy is independent
    }

    @Test
    void parseRequest_noFields_emptyHeadersThatAcceptAdditions() {
        Headers hs = parse("GET / HTTP/1.0\r\n\r\n").headers();
        assertThat(hs.isEmpty()).isTrue();
        assertThat(hs.add("X-A", "1").get("x-a")).contains("1");
    }

    @Test
    void parseRequest_valuesCopiedOut_laterReuseOfTheBufferDoesNotChangeThem() {
        ByteBuffer in = buf("GET / HTTP/1.1\r\nHost: x\r\nX-A: first\r\n\r\n");
        RequestHead h = new HeadParser(ParseLimits.DEFAULT).parseRequest(in);
        java.util.Arrays.fill(in.array(), (byte) 'Z'); // the connection reuses its read buffer
        assertThat(h.headers().get("x-a")).contains("first");
        assertThat(h.headers().get("host")).contains("x");
    }

    @Test
    void parseRequest_byteByByte_completesOnceAtTheEnd() {
        byte[] all = "POST /u HTTP/1.1\r\nHost: h\r\nContent-Length: 5\r\nX-A:  v  \r\n\r\nhello"
                .getBytes(StandardCharsets.ISO_8859_1);
        HeadParser p = new HeadParser(ParseLimits.DEFAULT);
        ByteBuffer in = ByteBuffer.allocate(all.length);
        RequestHead h = null;
        int i = 0;
        for (; i < all.length && h == null; i++) {
            in.put(all[i]).flip();
            h = p.parseRequest(in);
            in.compact();
        }
        assertThat(h).isNotNull();
        assertThat(i).isEqualTo(all.length - 5);
        assertThat(h.framing()).isEqualTo(BodyFraming.LENGTH);
        assertThat(h.contentLength()).isEqualTo(5);
        assertThat(h.headers().get("x-a")).contains("v");
    }

    @Test
    void parseRequest_leadingEmptyLines_areSkipped() {
        assertThat(parse("\r\n\r\nGET / HTTP/1.1\r\nHost: x\r\n\r\n").target()).isEqualTo("/");
    }

    @Test
    void parseRequest_emptyLinesSplitAcrossReads_boundedAndInProgress() {
        HeadParser p = new HeadParser(new ParseLimits(64, 1024, 10, 100, 10, 10));
        ByteBuffer crlf = buf("\r\n");
        assertThat(p.parseRequest(crlf)).isNull();
        assertThat(p.inProgress()).as("the header timeout runs while empty lines arrive").isTrue();
        assertThatThrownBy(() -> {
            for (int i = 0; i < 100; i++) p.parseRequest(buf("\r\n")); // found by the fuzzer
        }).isInstanceOfSatisfying(HttpParseException.class, e -> assertThat(e.status().code()).isEqualTo(400));
    }

    @Test
    void parseRequest_http10_keepAliveOnlyWhenAsked() {
        assertThat(parse("GET / HTTP/1.0\r\n\r\n").keepAlive()).isFalse();
        assertThat(parse("GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n").keepAlive()).isTrue();
        assertThat(parse("GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").keepAlive()).isFalse();
    }

    @Test
    void parseRequest_chunked_isChunkedFraming() {
        RequestHead h = parse("POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nExpect: 100-continue\r\n\r\n");
        assertThat(h.framing()).isEqualTo(BodyFraming.CHUNKED);
        assertThat(h.expectContinue()).isTrue();
    }

    @Test
    void parseRequest_absoluteFormAndAsterisk_accepted() {
        assertThat(parse("GET http://example.com/a HTTP/1.1\r\nHost: example.com\r\n\r\n").target())
                .isEqualTo("http://example.com/a");
        assertThat(parse("OPTIONS * HTTP/1.1\r\nHost: x\r\n\r\n").target()).isEqualTo("*");
        assertThat(parse("CONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443\r\n\r\n").method())
                .isEqualTo(Method.CONNECT);
    }

    @Test
    void parseRequest_extensionMethod_isKept() {
        assertThat(parse("PROPFIND / HTTP/1.1\r\nHost: x\r\n\r\n").method().name()).isEqualTo("PROPFIND");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            CL and TE                        | POST / HTTP/1.1\\r\\nHost: x\\r\\nContent-Length: 3\\r\\nTransfer-Encoding: chunked\\r\\n\\r\\n | 400
            duplicate CL                     | POST / HTTP/1.1\\r\\nHost: x\\r\\nContent-Length: 3\\r\\nContent-Length: 3\\r\\n\\r\\n | 400
            CL list                          | POST / HTTP/1.1\\r\\nHost: x\\r\\nContent-Length: 3, 3\\r\\n\\r\\n | 400
            CL sign                          | POST / HTTP/1.1\\r\\nHost: x\\r\\nContent-Length: +3\\r\\n\\r\\n | 400
            CL overflow                      | POST / HTTP/1.1\\r\\nHost: x\\r\\nContent-Length: 99999999999999999999\\r\\n\\r\\n | 400
            CL over limit                    | POST / HTTP/1.1\\r\\nHost: x\\r\\nContent-Length: 99999999999\\r\\n\\r\\n | 413
            TE not ending chunked            | POST / HTTP/1.1\\r\\nHost: x\\r\\nTransfer-Encoding: chunked, gzip\\r\\n\\r\\n | 400
            TE chunked twice                 | POST / HTTP/1.1\\r\\nHost: x\\r\\nTransfer-Encoding: chunked\\r\\nTransfer-Encoding: chunked\\r\\n\\r\\n | 400
            TE unknown coding                | POST / HTTP/1.1\\r\\nHost: x\\r\\nTransfer-Encoding: gzip, chunked\\r\\n\\r\\n | 501
            TE in HTTP/1.0                   | POST / HTTP/1.0\\r\\nTransfer-Encoding: chunked\\r\\n\\r\\n | 400
            TE identity                      | POST / HTTP/1.1\\r\\nHost: x\\r\\nTransfer-Encoding: identity\\r\\n\\r\\n | 400
            obs-fold                         | GET / HTTP/1.1\\r\\nHost: x\\r\\nX-A: a\\r\\n b\\r\\n\\r\\n | 400
            space before colon               | GET / HTTP/1.1\\r\\nHost : x\\r\\n\\r\\n | 400
            space before first field         | GET / HTTP/1.1\\r\\n Host: x\\r\\n\\r\\n | 400
            missing Host                     | GET / HTTP/1.1\\r\\n\\r\\n | 400
            duplicate Host                   | GET / HTTP/1.1\\r\\nHost: a\\r\\nHost: b\\r\\n\\r\\n | 400
            invalid Host                     | GET / HTTP/1.1\\r\\nHost: a b/c\\r\\n\\r\\n | 400
            bare CR in value                 | GET / HTTP/1.1\\r\\nHost: x\\r\\nX-A: a\\rb\\r\\n\\r\\n | 400
            bare LF                          | GET / HTTP/1.1\\nHost: x\\r\\n\\r\\n | 400
            NUL in value                     | GET / HTTP/1.1\\r\\nHost: x\\r\\nX-A: a\\u0000b\\r\\n\\r\\n | 400
            control in value                 | GET / HTTP/1.1\\r\\nHost: x\\r\\nX-A: a\\u0001b\\r\\n\\r\\n | 400
            empty field name                 | GET / HTTP/1.1\\r\\nHost: x\\r\\n: v\\r\\n\\r\\n | 400
            two spaces in request line       | GET  / HTTP/1.1\\r\\nHost: x\\r\\n\\r\\n | 400
            tab in request line              | GET\\t/ HTTP/1.1\\r\\nHost: x\\r\\n\\r\\n | 400
            lower-case version               | GET / http/1.1\\r\\nHost: x\\r\\n\\r\\n | 400
            HTTP/2.0                         | GET / HTTP/2.0\\r\\nHost: x\\r\\n\\r\\n | 505
            HTTP/0.9 style                   | GET /\\r\\n\\r\\n | 400
            fragment in target               | GET /a#b HTTP/1.1\\r\\nHost: x\\r\\n\\r\\n | 400
            asterisk with GET                | GET * HTTP/1.1\\r\\nHost: x\\r\\n\\r\\n | 400
            CONNECT origin form              | CONNECT / HTTP/1.1\\r\\nHost: x\\r\\n\\r\\n | 400
            bad expectation                  | POST / HTTP/1.1\\r\\nHost: x\\r\\nExpect: teapot\\r\\nContent-Length: 1\\r\\n\\r\\n | 417
            non-token method                 | G(T / HTTP/1.1\\r\\nHost: x\\r\\n\\r\\n | 400
            """)
    void parseRequest_invalid_throwsWithStatus(String name, String raw, int expected) {
        assertThat(status(unescape(raw))).as(name).isEqualTo(expected);
    }

    @Test
    void parseRequest_longRequestLine_414() {
        String target = "/" + "a".repeat(ParseLimits.DEFAULT.maxRequestLineBytes());
        assertThat(status("GET " + target + " HTTP/1.1\r\nHost: x\r\n\r\n")).isEqualTo(414);
        // also when the line has not ended yet
        assertThat(status("GET " + target)).isEqualTo(414);
    }

    @Test
    void parseRequest_tooManyOrTooLargeFields_431() {
        StringBuilder many = new StringBuilder("GET / HTTP/1.1\r\nHost: x\r\n");
        for (int i = 0; i < ParseLimits.DEFAULT.maxHeaderCount(); i++) many.append("X-").append(i).append(": v\r\n");
        assertThat(status(many + "\r\n")).isEqualTo(431);
        String big = "GET / HTTP/1.1\r\nHost: x\r\nX-Big: " + "v".repeat(ParseLimits.DEFAULT.maxHeaderBytes());
        assertThat(status(big)).isEqualTo(431);
        assertThat(status(big + "\r\n\r\n")).isEqualTo(431);
    }

    @Test
    void parseRequest_incomplete_returnsNullAndKeepsPosition() {
        HeadParser p = new HeadParser(ParseLimits.DEFAULT);
        ByteBuffer in = buf("GET / HTTP/1.1\r\nHost: x\r\n\r");
        assertThat(p.parseRequest(in)).isNull();
        assertThat(in.position()).isZero();
        assertThat(p.inProgress()).isTrue();
    }

    @Test
    void parseResponse_framingByStatusAndMethod() {
        HeadParser p = new HeadParser(ParseLimits.DEFAULT);
        ResponseHead r = p.parseResponse(buf("HTTP/1.1 200 OK\r\nContent-Length: 12\r\n\r\n"), Method.GET);
        assertThat(r.status().code()).isEqualTo(200);
        assertThat(r.reason()).isEqualTo("OK");
        assertThat(r.framing()).isEqualTo(BodyFraming.LENGTH);
        assertThat(p.parseResponse(buf("HTTP/1.1 200 OK\r\nContent-Length: 12\r\n\r\n"), Method.HEAD).framing())
                .isEqualTo(BodyFraming.NONE);
        assertThat(p.parseResponse(buf("HTTP/1.1 204 No Content\r\n\r\n"), Method.GET).framing())
                .isEqualTo(BodyFraming.NONE);
        assertThat(p.parseResponse(buf("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"), Method.GET)
                .framing()).isEqualTo(BodyFraming.CHUNKED);
        ResponseHead close = p.parseResponse(buf("HTTP/1.0 200\r\n\r\n"), Method.GET);
        assertThat(close.framing()).isEqualTo(BodyFraming.UNTIL_CLOSE);
        assertThat(close.keepAlive()).isFalse();
        assertThatThrownBy(() -> p.parseResponse(buf("HTTP/1.1 2x0 OK\r\n\r\n"), Method.GET))
                .isInstanceOf(HttpParseException.class);
    }

    /** Turns the table's {@code \r}, {@code \n}, {@code \t} and {@code \u0000} escapes into bytes. */
    static String unescape(String s) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c != '\\' || i + 1 >= s.length()) {
                sb.append(c);
                continue;
            }
            char n = s.charAt(++i);
            switch (n) {
                case 'r' -> sb.append('\r');
                case 'n' -> sb.append('\n');
                case 't' -> sb.append('\t');
                case 'u' -> {
                    sb.append((char) Integer.parseInt(s.substring(i + 1, i + 5), 16));
                    i += 4;
                }
                default -> sb.append('\\').append(n);
            }
        }
        return sb.toString();
    }
}
