package dev.weft.http.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.future.Futures;
import dev.weft.http.Body;
import dev.weft.http.Headers;
import dev.weft.http.Method;
import dev.weft.http.Request;
import dev.weft.http.Response;
import dev.weft.http.Status;
import dev.weft.http.service.Service;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The RFC 9112 / RFC 9110 conformance table: one case per MUST / MUST NOT (and a few SHOULD) sentence about
 * what a server does with what it receives, each sending raw bytes over a real socket and asserting the
 * statuses answered and whether the connection was closed. weft-http/CONFORMANCE.md lists the same cases with
 * what hyper, Netty and Jetty do.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ConformanceTest {

    /**
     * One case.
     *
     * @param id the case id used in CONFORMANCE.md
     * @param rule the section and the sentence, quoted briefly
     * @param request the raw bytes sent
     * @param statuses the statuses expected, in order (several for pipelined requests or 100 Continue)
     * @param closed whether the server must close the connection after them
     */
    record Case(String id, String rule, String request, List<Integer> statuses, boolean closed) {
        @Override
        public String toString() {
            return id + " " + rule;
        }
    }

    static Case c(String id, String rule, String request, int status, boolean closed) {
        return new Case(id, rule, request, List.of(status), closed);
    }

    static Case c(String id, String rule, String request, List<Integer> statuses, boolean closed) {
        return new Case(id, rule, request, statuses, closed);
    }

    static final String H = "Host: t\r\n";

    static Stream<Case> cases() {
        return Stream.of(
            c("C01", "9112 §2.2: a recipient of a bare CR \"MUST consider that element to be invalid or replace each bare CR with SP\"",
                    "GET / HTTP/1.1\r\n" + H + "X-A: a\rb\r\n\r\n", 400, true),
            c("C02", "9112 §2.2: whitespace between start-line and first field: \"MUST either reject the message as invalid or consume each whitespace-preceded line\"",
                    "GET / HTTP/1.1\r\n X-A: a\r\n" + H + "\r\n", 400, true),
            c("C03", "9112 §2.2: a server \"SHOULD ignore at least one empty line (CRLF) received prior to the request-line\"",
                    "\r\nGET / HTTP/1.1\r\n" + H + "\r\n", 200, false),
            c("C04", "9112 §2.2: bare LF as line terminator (a recipient MAY recognize it; Weft rejects)",
                    "GET / HTTP/1.1\n" + H + "\n", 400, true),
            c("C05", "9112 §3: \"Recipients of an invalid request-line SHOULD respond with either a 400 (Bad Request) error or a 301\"",
                    "GET  / HTTP/1.1\r\n" + H + "\r\n", 400, true),
            c("C06", "9112 §3: method is a case-sensitive token; a non-token method is an invalid request-line",
                    "GE@T / HTTP/1.1\r\n" + H + "\r\n", 400, true),
            c("C07", "9112 §3: \"A server that receives a request-target longer than any URI it wishes to parse MUST respond with a 414\"",
                    "GET /" + "a".repeat(9000) + " HTTP/1.1\r\n" + H + "\r\n", 414, true),
            c("C08", "9112 §3.2: \"A server MUST respond with a 400 ... to any HTTP/1.1 request message that lacks a Host header field\"",
                    "GET / HTTP/1.1\r\n\r\n", 400, true),
            c("C09", "9112 §3.2: \"... and to any request message that contains more than one Host header field line\"",
                    "GET / HTTP/1.1\r\n" + H + H + "\r\n", 400, true),
            c("C10", "9112 §3.2: \"... or a Host header field with an invalid field value\"",
                    "GET / HTTP/1.1\r\nHost: a b\r\n\r\n", 400, true),
            c("C11", "9112 §3.2: HTTP/1.0 requests may omit Host (the MUST is for HTTP/1.1)",
                    "GET / HTTP/1.0\r\n\r\n", 200, true),
            c("C12", "9112 §3.2.2: \"a server MUST accept the absolute-form in requests\"",
                    "GET http://t/abs HTTP/1.1\r\n" + H + "\r\n", 200, false),
            c("C13", "9112 §3.2.4: the asterisk-form is only used for a server-wide OPTIONS request",
                    "GET * HTTP/1.1\r\n" + H + "\r\n", 400, true),
            c("C14", "9112 §3.2: no fragment in a request-target (\"#\" is not allowed)",
                    "GET /a#b HTTP/1.1\r\n" + H + "\r\n", 400, true),
            c("C15", "9110 §2.5 / 9112 §2.3: a higher minor version \"SHOULD process the message as if it were in the highest minor version\"",
                    "GET / HTTP/1.7\r\n" + H + "\r\n", 200, false),
            c("C16", "9110 §15.6.6: 505 for a major version the server does not support",
                    "GET / HTTP/2.0\r\n" + H + "\r\n", 505, true),
            c("C17", "9112 §2.3: HTTP-version is case-sensitive \"HTTP/\" DIGIT \".\" DIGIT",
                    "GET / http/1.1\r\n" + H + "\r\n", 400, true),
            c("C18", "9112 §5.1: \"A server MUST reject, with a response status code of 400 (Bad Request), any received request message that contains whitespace between a header field name and colon\"",
                    "GET / HTTP/1.1\r\nHost : t\r\n\r\n", 400, true),
            c("C19", "9112 §5.2: obs-fold: \"MUST either reject the message by sending a 400 (Bad Request) ... or replace each received obs-fold with one or more SP\"",
                    "GET / HTTP/1.1\r\n" + H + "X-A: a\r\n b\r\n\r\n", 400, true),
            c("C20", "9110 §5.5: \"a recipient of CR, LF, or NUL within a field value MUST either reject the message or replace each of those characters with SP\"",
                    "GET / HTTP/1.1\r\n" + H + "X-A: a\u0000b\r\n\r\n", 400, true),
            c("C21", "9110 §5.5: other CTLs in a field value are invalid (recipients MAY retain them; Weft rejects)",
                    "GET / HTTP/1.1\r\n" + H + "X-A: a\u0007b\r\n\r\n", 400, true),
            c("C22", "9110 §5.1: a field name is a token; an empty or non-token name is invalid",
                    "GET / HTTP/1.1\r\n" + H + "X(A): v\r\n\r\n", 400, true),
            c("C23", "9112 §6.1: \"A server or client that receives an HTTP/1.0 message containing a Transfer-Encoding header field MUST treat the message as if the framing is faulty\"",
                    "POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n1\r\na\r\n0\r\n\r\n", 400, true),
            c("C24", "9112 §6.1: \"A server that receives a request message with a transfer coding it does not understand SHOULD respond with 501\"",
                    "POST / HTTP/1.1\r\n" + H + "Transfer-Encoding: gzip, chunked\r\n\r\n", 501, true),
            c("C25", "9112 §6.1: \"A sender MUST NOT apply the chunked transfer coding more than once\"",
                    "POST / HTTP/1.1\r\n" + H + "Transfer-Encoding: chunked, chunked\r\n\r\n0\r\n\r\n", 400, true),
            c("C26", "9112 §6.3: chunked not final in a request: \"the server MUST respond with the 400 (Bad Request) status code and then close the connection\"",
                    "POST / HTTP/1.1\r\n" + H + "Transfer-Encoding: chunked, identity\r\n\r\n0\r\n\r\n", 400, true),
            c("C27", "9112 §6.3: both Transfer-Encoding and Content-Length: \"the server MUST close the connection after responding\" (Weft rejects with 400)",
                    "POST / HTTP/1.1\r\n" + H + "Content-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n", 400, true),
            c("C28", "9112 §6.3: invalid Content-Length: \"the server MUST respond with a 400 (Bad Request) status code and then close the connection\"",
                    "POST / HTTP/1.1\r\n" + H + "Content-Length: 5x\r\n\r\nhello", 400, true),
            c("C29", "9112 §6.3: differing Content-Length values are invalid",
                    "POST / HTTP/1.1\r\n" + H + "Content-Length: 5\r\nContent-Length: 6\r\n\r\nhello!", 400, true),
            c("C30", "9110 §8.6: identical repeated Content-Length (a recipient MAY accept; Weft rejects)",
                    "POST / HTTP/1.1\r\n" + H + "Content-Length: 5\r\nContent-Length: 5\r\n\r\nhello", 400, true),
            c("C31", "9110 §8.6: a Content-Length list (\"5, 5\") is not a valid 1*DIGIT",
                    "POST / HTTP/1.1\r\n" + H + "Content-Length: 5, 5\r\n\r\nhello", 400, true),
            c("C32", "9112 §6.3 (7): no Content-Length or Transfer-Encoding: \"the message body length is zero\"; what follows is the next request",
                    "GET /1 HTTP/1.1\r\n" + H + "\r\nGET /2 HTTP/1.1\r\n" + H + "\r\n", List.of(200, 200), false),
            c("C33", "9112 §7.1: \"A recipient MUST be able to parse and decode the chunked transfer coding\"",
                    "POST / HTTP/1.1\r\n" + H + "Transfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n", 200, false),
            c("C34", "9112 §7.1: \"Recipients MUST anticipate potentially large hexadecimal numerals and prevent parsing errors due to integer conversion overflows\"",
                    "POST / HTTP/1.1\r\n" + H + "Transfer-Encoding: chunked\r\n\r\n10000000000000001\r\na\r\n0\r\n\r\n", 400, true),
            c("C35", "9112 §7.1.1: \"A recipient MUST ignore unrecognized chunk extensions\"",
                    "POST / HTTP/1.1\r\n" + H + "Transfer-Encoding: chunked\r\n\r\n3;ext=\"v\";x\r\nabc\r\n0\r\n\r\n", 200, false),
            c("C36", "9112 §7.1.1: a chunk extension outside the chunk-ext grammar is invalid framing",
                    "POST / HTTP/1.1\r\n" + H + "Transfer-Encoding: chunked\r\n\r\n3;\u0001\r\nabc\r\n0\r\n\r\n", 400, true),
            c("C37", "9112 §7.1: chunk data must be followed by CRLF (data longer than its size)",
                    "POST / HTTP/1.1\r\n" + H + "Transfer-Encoding: chunked\r\n\r\n3\r\nabcd\r\n0\r\n\r\n", 400, true),
            c("C38", "9112 §7.1.2: a trailer section is field lines; valid trailers are accepted",
                    "POST / HTTP/1.1\r\n" + H + "Transfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\nX-T: 1\r\n\r\n", 200, false),
            c("C39", "9112 §7.1.2: an invalid trailer field (obs-fold) is rejected like a header field",
                    "POST / HTTP/1.1\r\n" + H + "Transfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n X-T: 1\r\n\r\n", 400, true),
            c("C40", "9112 §9.3: HTTP/1.1 \"defaults to the use of persistent connections\"",
                    "GET / HTTP/1.1\r\n" + H + "\r\n", 200, false),
            c("C41", "9112 §9.6: \"A server that receives a \"close\" connection option MUST initiate closure of the connection after it sends the final response\"",
                    "GET / HTTP/1.1\r\n" + H + "Connection: close\r\n\r\n", 200, true),
            c("C42", "9112 §9.3: HTTP/1.0 without keep-alive: the server closes after the response",
                    "GET / HTTP/1.0\r\n\r\n", 200, true),
            c("C43", "9112 §9.3: \"A server MUST read the entire request message body or close the connection after sending its response\" (unread body drained)",
                    "POST /ignore HTTP/1.1\r\n" + H + "Content-Length: 5\r\n\r\nhelloGET / HTTP/1.1\r\n" + H + "\r\n", List.of(200, 200), false),
            c("C44", "9112 §9.3.2: a server \"MUST send the corresponding responses in the same order that the requests were received\"",
                    "GET /a HTTP/1.1\r\n" + H + "\r\nHEAD /b HTTP/1.1\r\n" + H + "\r\nGET /c HTTP/1.1\r\n" + H + "\r\n", List.of(200, 200, 200), false),
            c("C45", "9110 §10.1.1: \"A server that receives a 100-continue expectation in an HTTP/1.0 request MUST ignore that expectation\"",
                    "POST / HTTP/1.0\r\nContent-Length: 3\r\nExpect: 100-continue\r\n\r\nabc", 200, true),
            c("C46", "9110 §10.1.1: \"A server MAY omit sending a 100 (Continue) response if it has already received some or all of the content\" (the interim case: HttpServerTest.expectContinue_*)",
                    "POST / HTTP/1.1\r\n" + H + "Content-Length: 3\r\nExpect: 100-continue\r\n\r\nabc", 200, false),
            c("C47", "9110 §10.1.1: an expectation other than 100-continue: a server MAY respond 417",
                    "POST / HTTP/1.1\r\n" + H + "Content-Length: 3\r\nExpect: bogus\r\n\r\nabc", 417, true),
            c("C48", "9110 §15.5.14: content longer than the server is willing to process: 413",
                    "POST / HTTP/1.1\r\n" + H + "Content-Length: 99999999999\r\n\r\n", 413, true),
            c("C49", "9110 §15.5.20 (RFC 6585 §5): header fields too large: 431",
                    "GET / HTTP/1.1\r\n" + H + "X-Big: " + "v".repeat(20000) + "\r\n\r\n", 431, true),
            c("C50", "9112 §3: NUL in the request line is invalid",
                    "GET /\u0000 HTTP/1.1\r\n" + H + "\r\n", 400, true));
    }

    static ServerFixture fixture;

    /** GET: 200 "path"; POST: echoes; /nocontent: 204 with a body the server must drop. */
    static final Service<Request, Response> APP = req -> {
        if (req.path().equals("/nocontent")) {
            return Futures.ready(new Response(Status.NO_CONTENT, new Headers(), Body.of("dropped")));
        }
        if (req.method().equals(Method.POST) && !req.path().equals("/ignore")) {
            return req.body().bytes(1 << 20).map(b -> new Response(Status.OK, new Headers(), Body.of(b)));
        }
        return Futures.ready(Response.text("path=" + req.path()));
    };

    @BeforeAll
    static void start() {
        fixture = new ServerFixture(ServerConfig.defaults(), APP);
    }

    @AfterAll
    static void stop() {
        fixture.close();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void rfcCase(Case k) {
        try (RawClient c = fixture.client()) {
            c.send(k.request());
            List<Integer> got = new ArrayList<>();
            boolean head = false;
            for (int i = 0; i < k.statuses().size(); i++) {
                boolean isHead = k.id().equals("C44") && i == 1;
                RawClient.Resp r = c.read(isHead);
                assertThat(r).as("%s: response %d", k.id(), i).isNotNull();
                got.add(r.status());
                if (r.status() >= 200) {
                    assertThat(r.header("Date")).as("9110 §6.6.1: an origin server MUST generate a Date").isNotNull();
                }
                head |= isHead;
            }
            assertThat(got).as(k.id()).isEqualTo(k.statuses());
            if (k.closed()) {
                assertThat(c.closedByServer()).as(k.id() + ": connection closed").isTrue();
            } else {
                RawClient.Resp next = c.send("GET /alive HTTP/1.1\r\nHost: t\r\n\r\n").read();
                assertThat(next.text()).as(k.id() + ": connection kept").isEqualTo("path=/alive");
            }
        }
    }

    @org.junit.jupiter.api.Test
    void status204_noContentLengthNoBody_9110_8_6() {
        try (RawClient c = fixture.client()) {
            // "A server MUST NOT send a Content-Length header field in any response with a status code of ...
            // 204 (No Content)" (RFC 9110 §8.6); a 204 has no content (§15.3.5)
            RawClient.Resp r = c.send("GET /nocontent HTTP/1.1\r\nHost: t\r\n\r\n").read();
            assertThat(r.status()).isEqualTo(204);
            assertThat(r.header("Content-Length")).isNull();
            assertThat(c.send("GET /x HTTP/1.1\r\nHost: t\r\n\r\n").read().text()).isEqualTo("path=/x");
        }
    }

    @org.junit.jupiter.api.Test
    void head_sameFieldsAsGet_noContent_9110_9_3_2() {
        try (RawClient c = fixture.client()) {
            RawClient.Resp get = c.send("GET /h HTTP/1.1\r\nHost: t\r\n\r\n").read();
            RawClient.Resp head = c.send("HEAD /h HTTP/1.1\r\nHost: t\r\n\r\n").read(true);
            assertThat(head.header("Content-Length")).isEqualTo(get.header("Content-Length"));
            assertThat(head.header("Content-Type")).isEqualTo(get.header("Content-Type"));
            assertThat(c.send("GET /after HTTP/1.1\r\nHost: t\r\n\r\n").read().text()).isEqualTo("path=/after");
        }
    }
}
