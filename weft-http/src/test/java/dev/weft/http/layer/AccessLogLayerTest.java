package dev.weft.http.layer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.future.Futures;
import dev.weft.http.Body;
import dev.weft.http.Method;
import dev.weft.http.Request;
import dev.weft.http.Response;
import dev.weft.http.Status;
import dev.weft.http.service.Service;
import dev.weft.http.service.ServiceBuilder;
import dev.weft.stream.Streams;
import dev.weft.test.TestTask;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class AccessLogLayerTest {

    private final List<AccessLogEntry> entries = new ArrayList<>();
    private long clock = 1_000;

    private AccessLogLayer layer() {
        return AccessLogLayer.to(entries::add).clock(() -> clock);
    }

    private static ByteBuffer buf(String s) {
        return ByteBuffer.wrap(s.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void call_fullBody_logsOneEntryWithEverything() {
        Probe inner = new Probe();
        Service<Request, Response> svc = ServiceBuilder.<Request, Response>create()
                .layer(RequestIdLayer.create().generator(() -> "rid-1"))
                .layer(layer())
                .service(inner);
        Request req = Request.get("/users/7?token=secret")
                .remoteAddress(new InetSocketAddress("127.0.0.1", 40000));
        TestTask<Response> t = TestTask.of(svc.call(req));
        t.pollPending();
        clock += 2_500_000;
        inner.last().complete(Response.text(Status.CREATED, "hello"));
        t.pollReady();
        assertThat(entries).hasSize(1);
        AccessLogEntry e = entries.getFirst();
        assertThat(e.method()).isEqualTo(Method.GET);
        assertThat(e.path()).isEqualTo("/users/7");
        assertThat(e.status()).isEqualTo(201);
        assertThat(e.bytes()).isEqualTo(5);
        assertThat(e.duration()).isEqualTo(Duration.ofNanos(2_500_000));
        assertThat(e.requestId()).isEqualTo("rid-1");
        assertThat(e.outcome()).isEqualTo(AccessLogEntry.Outcome.COMPLETED);
        assertThat(e.toLogfmt()).isEqualTo("method=GET path=/users/7 status=201 bytes=5 duration_us=2500 "
                + "request_id=rid-1 remote=127.0.0.1:40000 outcome=completed");
    }

    @Test
    void call_streamedBody_logsWhenTheBodyEnds_withItsBytes() {
        Service<Request, Response> svc = layer().layer(Service.of(req -> Futures.ready(Response.text("x")
                .body(Body.fromStream(Streams.fromIterable(List.of(buf("abc"), buf("defg"))))))));
        Response res = TestTask.of(svc.call(Request.get("/s"))).pollReady();
        assertThat(entries).isEmpty();
        clock += 7_000;
        byte[] all = TestTask.of(res.body().bytes(100)).pollReady();
        assertThat(all).hasSize(7);
        assertThat(entries).hasSize(1);
        assertThat(entries.getFirst().bytes()).isEqualTo(7);
        assertThat(entries.getFirst().duration()).isEqualTo(Duration.ofNanos(7_000));
        assertThat(entries.getFirst().requestId()).isNull();
        assertThat(entries.getFirst().toLogfmt()).contains("request_id=- remote=-");
    }

    @Test
    void call_fails_logs500AndPropagates() {
        Probe inner = new Probe();
        TestTask<Response> t = TestTask.of(layer().layer(inner).call(Request.get("/")));
        inner.last().fail(new IllegalStateException("boom"));
        assertThatThrownBy(t::poll).hasMessage("boom");
        assertThat(entries).singleElement().satisfies(e -> {
            assertThat(e.status()).isEqualTo(500);
            assertThat(e.outcome()).isEqualTo(AccessLogEntry.Outcome.FAILED);
        });
    }

    @Test
    void call_cancelled_logs499Once_andCancelsTheInnerCall() {
        Probe inner = new Probe();
        TestTask<Response> t = TestTask.of(layer().layer(inner).call(Request.post("/up", Body.empty())));
        t.pollPending();
        t.cancel();
        assertThat(inner.last().cancels).isEqualTo(1);
        assertThat(entries).singleElement().satisfies(e -> {
            assertThat(e.status()).isEqualTo(499);
            assertThat(e.method()).isEqualTo(Method.POST);
            assertThat(e.outcome()).isEqualTo(AccessLogEntry.Outcome.CANCELLED);
        });
    }

    @Test
    void call_streamedBodyAbandoned_logsCancelledWithTheBytesSoFar() {
        Service<Request, Response> svc = layer().layer(Service.of(req -> Futures.ready(Response.of(Status.OK)
                .body(Body.fromStream(Streams.fromIterable(List.of(buf("abc"), buf("defg"))))))));
        Response res = TestTask.of(svc.call(Request.get("/s"))).pollReady();
        res.body().pollNext(new dev.weft.future.Context(dev.weft.future.Waker.noop()));
        res.body().cancel();
        assertThat(entries).singleElement().satisfies(e -> {
            assertThat(e.bytes()).isEqualTo(3);
            assertThat(e.outcome()).isEqualTo(AccessLogEntry.Outcome.CANCELLED);
        });
    }

    @Test
    void sinkThrows_requestStillSucceeds() {
        Service<Request, Response> svc = AccessLogLayer.to(e -> {
            throw new IllegalStateException("sink down");
        }).layer(Service.of(req -> Futures.ready(Response.text("ok"))));
        assertThat(TestTask.of(svc.call(Request.get("/"))).pollReady().status()).isEqualTo(Status.OK);
    }

    @Test
    void toLogger_logsWithoutFailing() {
        Service<Request, Response> svc = AccessLogLayer.toLogger().layer(Service.of(req -> Futures.ready(Response.text("ok"))));
        assertThat(TestTask.of(svc.call(Request.get("/"))).pollReady().status()).isEqualTo(Status.OK);
    }
}
