package dev.weft.http.layer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.future.Async;
import dev.weft.future.Futures;
import dev.weft.http.Handler;
import dev.weft.http.Request;
import dev.weft.http.Response;
import dev.weft.http.Status;
import dev.weft.http.service.Service;
import dev.weft.runtime.WeftRuntime;
import dev.weft.task.JoinHandle;
import dev.weft.task.Tasks;
import dev.weft.test.WeftTest;
import dev.weft.time.MonotonicInstant;
import dev.weft.time.Time;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class TimeoutLayerTest {

    @WeftTest
    void call_innerTooSlow_cancelsItAtTheDeadlineAndAnswers503(WeftRuntime rt) {
        Probe inner = new Probe();
        Service<Request, Response> svc = TimeoutLayer.of(Duration.ofSeconds(5)).layer(inner);
        Duration[] took = new Duration[1];
        Response res = rt.blockOn(Async.async(() -> {
            MonotonicInstant t0 = Time.now().await();
            Response r = svc.call(Request.get("/slow")).await();
            took[0] = Time.now().await().durationSince(t0);
            return r;
        }));
        assertThat(res.status()).isEqualTo(Status.SERVICE_UNAVAILABLE);
        assertThat(took[0]).isEqualTo(Duration.ofSeconds(5));
        assertThat(inner.last().cancels).isEqualTo(1);
    }

    @WeftTest
    void call_innerInTime_passesItsResponseThrough(WeftRuntime rt) {
        Service<Request, Response> svc = TimeoutLayer.of(Duration.ofSeconds(5))
                .layer(Service.of(req -> Time.sleep(Duration.ofSeconds(4)).map(v -> Response.text("made it"))));
        assertThat(rt.blockOn(svc.call(Request.get("/"))).status()).isEqualTo(Status.OK);
    }

    @WeftTest
    void call_asyncBlockHandler_isInterruptedAtTheDeadline(WeftRuntime rt) {
        AtomicBoolean unwound = new AtomicBoolean();
        Handler h = req -> {
            try {
                Time.sleep(Duration.ofHours(1)).await();
                return Response.text("late");
            } finally {
                unwound.set(true);
            }
        };
        Service<Request, Response> svc = TimeoutLayer.of(Duration.ofMillis(100)).status(Status.GATEWAY_TIMEOUT)
                .layer(h.toService());
        assertThat(rt.blockOn(svc.call(Request.get("/"))).status()).isEqualTo(Status.GATEWAY_TIMEOUT);
        rt.blockOn(Async.async(() -> {
            while (!unwound.get()) Tasks.yieldNow().await();
            return null;
        }));
        assertThat(unwound).isTrue();
    }

    @WeftTest
    void call_innerFails_propagatesTheFailure(WeftRuntime rt) {
        Service<Request, Response> svc = TimeoutLayer.of(Duration.ofSeconds(1))
                .layer(Service.of(req -> Futures.failed(new IllegalStateException("boom"))));
        assertThatThrownBy(() -> rt.blockOn(svc.call(Request.get("/")))).hasMessageContaining("boom");
    }

    @WeftTest
    void call_cancelled_cancelsTheInnerCallOnce(WeftRuntime rt) {
        Probe inner = new Probe();
        Service<Request, Response> svc = TimeoutLayer.of(Duration.ofSeconds(5)).layer(inner);
        JoinHandle<Response> h = rt.spawn(svc.call(Request.get("/")));
        rt.blockOn(Time.sleep(Duration.ofSeconds(1)));
        h.abort();
        assertThatThrownBy(() -> rt.blockOn(h)).isInstanceOf(dev.weft.task.JoinError.Cancelled.class);
        assertThat(inner.last().cancels).isEqualTo(1);
        rt.blockOn(Time.sleep(Duration.ofSeconds(10))); // the timer is gone: nothing fires, nothing cancelled twice
        assertThat(inner.last().cancels).isEqualTo(1);
    }

    @Test
    void readiness_isPassedThrough() {
        Probe inner = new Probe();
        inner.ready = false;
        Service<Request, Response> svc = TimeoutLayer.of(Duration.ofSeconds(1)).layer(inner);
        assertThat(svc.pollReady(new dev.weft.future.Context(dev.weft.future.Waker.noop())).isPending()).isTrue();
        svc.releaseReady();
        assertThat(inner.releaseReadyCalls).isEqualTo(1);
    }

    @Test
    void of_nonPositive_failsFast() {
        assertThatThrownBy(() -> TimeoutLayer.of(Duration.ZERO)).hasMessage("timeout: PT0S (expected: > 0)");
    }
}
