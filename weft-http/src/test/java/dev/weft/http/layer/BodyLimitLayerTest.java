package dev.weft.http.layer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.future.Futures;
import dev.weft.http.Body;
import dev.weft.http.BodyTooLargeException;
import dev.weft.http.Handler;
import dev.weft.http.Request;
import dev.weft.http.Response;
import dev.weft.http.Status;
import dev.weft.http.service.Service;
import dev.weft.runtime.WeftRuntime;
import dev.weft.stream.Streams;
import dev.weft.test.TestTask;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class BodyLimitLayerTest {

    private static ByteBuffer buf(String s) {
        return ByteBuffer.wrap(s.getBytes(StandardCharsets.UTF_8));
    }

    private static Body chunked(String... parts) {
        return Body.fromStream(Streams.fromIterable(List.of(parts).stream().map(BodyLimitLayerTest::buf).toList()));
    }

    /** Reads the whole body (no limit of its own) and answers its size. */
    private static final Handler READ_ALL = req -> Response.text("read " + req.body().bytes(Long.MAX_VALUE).await().length);

    @Test
    void call_declaredLengthOverLimit_answers413BeforeTheHandler_andReleasesTheReservation() {
        Probe inner = new Probe();
        Service<Request, Response> svc = BodyLimitLayer.of(4).layer(inner);
        Response r = TestTask.of(svc.call(Request.post("/up", Body.of("12345")))).pollReady();
        assertThat(r.status()).isEqualTo(Status.CONTENT_TOO_LARGE);
        assertThat(r.headers().get("Connection")).contains("close");
        assertThat(inner.calls).isEmpty();
        assertThat(inner.releaseReadyCalls).isEqualTo(1);
    }

    @Test
    void call_contentLengthHeaderOverLimit_onAStreamedBody_answers413() {
        Probe inner = new Probe();
        Request req = Request.post("/up", chunked("a")).header("Content-Length", "1000");
        Response r = TestTask.of(BodyLimitLayer.of(10).layer(inner).call(req)).pollReady();
        assertThat(r.status()).isEqualTo(Status.CONTENT_TOO_LARGE);
    }

    @Test
    void call_withinLimit_reachesTheHandler() {
        Service<Request, Response> svc = BodyLimitLayer.of(5).layer(READ_ALL.toService());
        try (WeftRuntime rt = WeftRuntime.currentThread().build()) {
            assertThat(rt.blockOn(svc.call(Request.post("/up", Body.of("12345")))).status()).isEqualTo(Status.OK);
            assertThat(rt.blockOn(svc.call(Request.post("/up", chunked("12", "345")))).status()).isEqualTo(Status.OK);
        }
    }

    @Test
    void call_streamedBodyOverLimit_failsTheReadAndAnswers413() {
        Service<Request, Response> svc = BodyLimitLayer.of(5).layer(READ_ALL.toService());
        try (WeftRuntime rt = WeftRuntime.currentThread().build()) {
            Response r = rt.blockOn(svc.call(Request.post("/up", chunked("123", "456", "789"))));
            assertThat(r.status()).isEqualTo(Status.CONTENT_TOO_LARGE);
        }
    }

    @Test
    void handlerCatchingTheOverflow_answersItself() {
        AtomicBoolean caught = new AtomicBoolean();
        Handler h = req -> {
            try {
                req.body().bytes(Long.MAX_VALUE).await();
                return Response.text("all read");
            } catch (BodyTooLargeException e) {
                caught.set(true);
                return Response.text(Status.BAD_REQUEST, "too big: " + e.limit());
            }
        };
        try (WeftRuntime rt = WeftRuntime.currentThread().build()) {
            Response r = rt.blockOn(BodyLimitLayer.of(2).layer(h.toService()).call(Request.post("/", chunked("abc"))));
            assertThat(r.status()).isEqualTo(Status.BAD_REQUEST);
            assertThat(caught).isTrue();
        }
    }

    @Test
    void limitedBody_failsAtTheChunkThatCrosses_andKeepsFailing() {
        BodyLimitLayer.LimitedBody b = new BodyLimitLayer.LimitedBody(chunked("ab", "cd", "ef"), 4);
        dev.weft.future.Context cx = new dev.weft.future.Context(dev.weft.future.Waker.noop());
        assertThat(b.pollNext(cx).isItem()).isTrue();
        assertThat(b.pollNext(cx).isItem()).isTrue();
        assertThatThrownBy(() -> b.pollNext(cx)).isInstanceOf(BodyTooLargeException.class);
        assertThatThrownBy(() -> b.pollNext(cx)).isInstanceOf(BodyTooLargeException.class);
    }

    @Test
    void call_innerFailsOtherwise_propagates() {
        Service<Request, Response> svc = BodyLimitLayer.of(5)
                .layer(Service.of(req -> Futures.failed(new IllegalStateException("other"))));
        assertThatThrownBy(() -> TestTask.of(svc.call(Request.get("/"))).poll()).hasMessage("other");
    }

    @Test
    void of_negative_failsFast() {
        assertThatThrownBy(() -> BodyLimitLayer.of(-1)).hasMessage("maxBytes: -1 (expected: >= 0)");
    }
}
