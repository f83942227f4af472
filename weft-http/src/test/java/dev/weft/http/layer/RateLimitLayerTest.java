package dev.weft.http.layer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.future.Futures;
import dev.weft.http.Request;
import dev.weft.http.Response;
import dev.weft.http.Status;
import dev.weft.http.service.Service;
import dev.weft.runtime.WeftRuntime;
import dev.weft.test.WeftTest;
import dev.weft.time.Time;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class RateLimitLayerTest {

    private static Request keyed(String key) {
        return Request.get("/api").header("X-Api-Key", key);
    }

    private static Service<Request, Response> limited(Service<Request, Response> inner, long burst) {
        Gcra g = Gcra.builder().rate(1, Duration.ofSeconds(1)).burst(burst).build();
        return RateLimitLayer.perKey(g, req -> req.headers().getOrDefault("X-Api-Key", null)).layer(inner);
    }

    private static final Service<Request, Response> OK = Service.of(req -> Futures.ready(Response.text("ok")));

    @WeftTest
    void call_pastTheBurst_answers429WithRetryAfterAndRateLimitHeaders_thenRecoversOnTheClock(WeftRuntime rt) {
        Service<Request, Response> svc = limited(OK, 2);
        Response a = rt.blockOn(svc.call(keyed("k")));
        assertThat(a.status()).isEqualTo(Status.OK);
        assertThat(a.headers().get("RateLimit-Limit")).contains("2");
        assertThat(a.headers().get("RateLimit-Remaining")).contains("1");
        assertThat(a.headers().get("RateLimit-Reset")).contains("1");
        Response b = rt.blockOn(svc.call(keyed("k")));
        assertThat(b.headers().get("RateLimit-Remaining")).contains("0");
        assertThat(b.headers().get("RateLimit-Reset")).contains("2");
        Response c = rt.blockOn(svc.call(keyed("k")));
        assertThat(c.status()).isEqualTo(Status.TOO_MANY_REQUESTS);
        assertThat(c.headers().get("Retry-After")).contains("1");
        assertThat(c.headers().get("RateLimit-Limit")).contains("2");
        assertThat(c.headers().get("RateLimit-Remaining")).contains("0");
        assertThat(rt.blockOn(svc.call(keyed("other"))).status()).isEqualTo(Status.OK); // keys are separate
        rt.blockOn(Time.sleep(Duration.ofMillis(999)));
        assertThat(rt.blockOn(svc.call(keyed("k"))).status()).isEqualTo(Status.TOO_MANY_REQUESTS);
        rt.blockOn(Time.sleep(Duration.ofMillis(1)));
        assertThat(rt.blockOn(svc.call(keyed("k"))).status()).isEqualTo(Status.OK);
    }

    @WeftTest
    void call_refused_givesTheInnerReservationBack_andNeverCallsIt(WeftRuntime rt) {
        Probe inner = new Probe();
        Service<Request, Response> svc = limited(inner, 1);
        var first = rt.spawn(svc.call(keyed("k")));
        rt.blockOn(dev.weft.task.Tasks.yieldNow());
        inner.last().complete(Response.text("ok"));
        assertThat(rt.blockOn(first).status()).isEqualTo(Status.OK);
        assertThat(rt.blockOn(svc.call(keyed("k"))).status()).isEqualTo(Status.TOO_MANY_REQUESTS);
        assertThat(inner.calls).hasSize(1);
        assertThat(inner.releaseReadyCalls).isEqualTo(1);
    }

    @Test
    void call_cancelledBeforeFirstPoll_givesTheReservationBack_andCountsNothing() {
        Probe inner = new Probe();
        Gcra g = Gcra.of(1, Duration.ofSeconds(1), 1);
        Service<Request, Response> svc = RateLimitLayer.perKey(g, req -> "k").layer(inner);
        svc.call(Request.get("/")).cancel();
        assertThat(inner.releaseReadyCalls).isEqualTo(1);
        assertThat(g.trackedKeys()).isZero();
    }

    @WeftTest
    void call_nullKey_isNotLimitedAndGetsNoHeaders(WeftRuntime rt) {
        Service<Request, Response> svc = limited(OK, 1);
        for (int i = 0; i < 5; i++) {
            Response r = rt.blockOn(svc.call(Request.get("/health")));
            assertThat(r.status()).isEqualTo(Status.OK);
            assertThat(r.headers().contains("RateLimit-Limit")).isFalse();
        }
    }

    @WeftTest
    void call_handlerSetItsOwnHeader_isKept(WeftRuntime rt) {
        Service<Request, Response> inner = Service.of(req -> Futures.ready(Response.text("ok").header("RateLimit-Limit", "custom")));
        Service<Request, Response> svc = limited(inner, 5);
        assertThat(rt.blockOn(svc.call(keyed("k"))).headers().all("RateLimit-Limit")).containsExactly("custom");
    }
}
