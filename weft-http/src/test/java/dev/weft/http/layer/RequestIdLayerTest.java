package dev.weft.http.layer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.future.Futures;
import dev.weft.http.Request;
import dev.weft.http.Response;
import dev.weft.http.service.Service;
import dev.weft.test.TestTask;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RequestIdLayerTest {

    /** Echoes the id the handler saw in attributes and headers. */
    private static final Service<Request, Response> SEEN = Service.of(req -> Futures.ready(Response.text(
            RequestId.of(req).orElseThrow().value() + "|" + req.headers().getOrDefault("X-Request-Id", "-"))));

    private static Response run(Service<Request, Response> svc, Request req) {
        return TestTask.of(svc.call(req)).pollReady();
    }

    private static String body(Response r) {
        return new String(((dev.weft.http.Body.Full) r.body()).data().array());
    }

    @Test
    void call_withoutIncomingId_generatesOneAndEchoesIt() {
        Response r = run(RequestIdLayer.create().layer(SEEN), Request.get("/"));
        String id = r.headers().get("X-Request-Id").orElseThrow();
        assertThat(id).matches("[0-9a-f]{32}");
        assertThat(body(r)).isEqualTo(id + "|" + id);
    }

    @Test
    void call_validIncomingId_isKept() {
        Response r = run(RequestIdLayer.create().layer(SEEN), Request.get("/").header("x-request-id", "abc-123"));
        assertThat(r.headers().get("X-Request-Id")).contains("abc-123");
        assertThat(body(r)).startsWith("abc-123|");
    }

    @Test
    void call_invalidIncomingId_isReplaced() {
        String tooLong = "x".repeat(129);
        for (String bad : new String[] {"has space", tooLong, "tab\there"}) {
            Response r = run(RequestIdLayer.create().layer(SEEN), Request.get("/").header("X-Request-Id", bad));
            assertThat(r.headers().get("X-Request-Id").orElseThrow()).matches("[0-9a-f]{32}");
        }
    }

    @Test
    void call_untrusted_alwaysGenerates_withCustomHeaderAndGenerator() {
        Service<Request, Response> svc = RequestIdLayer.create().header("X-Correlation-Id").trustIncoming(false)
                .generator(() -> "gen-1").layer(req -> Futures.ready(Response.text("ok")));
        Response r = run(svc, Request.get("/").header("X-Correlation-Id", "client-chosen"));
        assertThat(r.headers().get("X-Correlation-Id")).contains("gen-1");
    }

    @Test
    void call_handlerSetTheHeader_isNotOverwritten() {
        Service<Request, Response> svc = RequestIdLayer.create()
                .layer(req -> Futures.ready(Response.text("ok").header("X-Request-Id", "mine")));
        assertThat(run(svc, Request.get("/")).headers().all("X-Request-Id")).containsExactly("mine");
    }

    @Test
    void generate_isUniqueAndWellFormed() {
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < 100_000; i++) ids.add(RequestId.generate().value());
        assertThat(ids).hasSize(100_000);
    }

    @Test
    void requestId_invalidValue_failsFast() {
        assertThatThrownBy(() -> new RequestId("a b")).hasMessageContaining("visible ASCII");
        assertThatThrownBy(() -> RequestIdLayer.create().header("bad header")).isInstanceOf(IllegalArgumentException.class);
    }
}
