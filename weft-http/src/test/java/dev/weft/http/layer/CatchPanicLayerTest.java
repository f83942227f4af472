package dev.weft.http.layer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.future.Futures;
import dev.weft.http.Handler;
import dev.weft.http.Method;
import dev.weft.http.Request;
import dev.weft.http.Response;
import dev.weft.http.Status;
import dev.weft.http.router.Router;
import dev.weft.http.service.Service;
import dev.weft.runtime.WeftRuntime;
import dev.weft.test.TestTask;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class CatchPanicLayerTest {

    private static String text(Response r) {
        return new String(TestTask.of(r.body().bytes(1 << 16)).pollReady(), StandardCharsets.UTF_8);
    }

    @Test
    void call_throwsSynchronously_answers500WithAShortBody() {
        Service<Request, Response> svc = CatchPanicLayer.create().layer(req -> {
            throw new IllegalStateException("secret internals");
        });
        Response r = TestTask.of(svc.call(Request.get("/"))).pollReady();
        assertThat(r.status()).isEqualTo(Status.INTERNAL_SERVER_ERROR);
        assertThat(text(r)).isEqualTo("Internal Server Error").doesNotContain("secret");
    }

    @Test
    void call_futureFails_answers500() {
        Probe inner = new Probe();
        TestTask<Response> t = TestTask.of(CatchPanicLayer.create().layer(inner).call(Request.get("/")));
        t.pollPending();
        inner.last().fail(new AssertionError("an Error, not a VirtualMachineError"));
        assertThat(t.pollReady().status()).isEqualTo(Status.INTERNAL_SERVER_ERROR);
    }

    @Test
    void call_virtualMachineError_isRethrown() {
        Service<Request, Response> svc = CatchPanicLayer.create()
                .layer(Service.of(req -> Futures.failed(new StackOverflowError())));
        assertThatThrownBy(() -> TestTask.of(svc.call(Request.get("/"))).poll()).isInstanceOf(StackOverflowError.class);
        Service<Request, Response> sync = CatchPanicLayer.create().layer(req -> {
            throw new OutOfMemoryError("fake");
        });
        assertThatThrownBy(() -> TestTask.of(sync.call(Request.get("/"))).poll()).isInstanceOf(OutOfMemoryError.class);
    }

    @Test
    void asyncBlockHandlerThrows_throughTheRouter_isA500() {
        Handler boom = req -> {
            throw new Exception("checked failure in a handler");
        };
        Router router = Router.builder().route(Method.GET, "/boom", boom).build();
        Service<Request, Response> svc = CatchPanicLayer.create().layer(router);
        try (WeftRuntime rt = WeftRuntime.currentThread().build()) {
            Response r = rt.blockOn(svc.call(Request.get("/boom")));
            assertThat(r.status()).isEqualTo(Status.INTERNAL_SERVER_ERROR);
            assertThat(rt.blockOn(svc.call(Request.get("/nope"))).status()).isEqualTo(Status.NOT_FOUND);
        }
    }

    @Test
    void responder_customOrFailing() {
        Service<Request, Response> failing = Service.of(req -> Futures.failed(new IllegalStateException("x")));
        Service<Request, Response> json = CatchPanicLayer.create()
                .responder(t -> Response.json(Status.INTERNAL_SERVER_ERROR, "{\"error\":\"internal\"}")).layer(failing);
        assertThat(text(TestTask.of(json.call(Request.get("/"))).pollReady())).isEqualTo("{\"error\":\"internal\"}");
        Service<Request, Response> broken = CatchPanicLayer.create().responder(t -> {
            throw new IllegalArgumentException("responder bug");
        }).layer(failing);
        assertThat(text(TestTask.of(broken.call(Request.get("/"))).pollReady())).isEqualTo("Internal Server Error");
    }

    @Test
    void call_cancelled_cancelsTheInnerCall() {
        Probe inner = new Probe();
        TestTask<Response> t = TestTask.of(CatchPanicLayer.create().layer(inner).call(Request.get("/")));
        t.pollPending();
        t.cancel();
        assertThat(inner.last().cancels).isEqualTo(1);
    }
}
