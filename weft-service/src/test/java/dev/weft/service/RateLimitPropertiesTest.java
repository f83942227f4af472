package dev.weft.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.future.Futures;
import dev.weft.http.Request;
import dev.weft.http.Response;
import dev.weft.http.service.Service;
import dev.weft.runtime.WeftRuntime;
import dev.weft.service.api.Principal;
import dev.weft.service.api.RateLimitLayer;
import dev.weft.test.WeftTest;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The rate limit's arithmetic, through the service's layer with a fake clock: in any run of requests a key
 * gets at most {@code burst + elapsed / T} through, a fresh key gets exactly {@code burst} at once, and every
 * answer's RateLimit headers agree with what happens next. Inputs come from {@link Generated} (seeded; a failure
 * names the seed that replays it).
 */
class RateLimitPropertiesTest {
    private static int status(WeftRuntime rt, Service<Request, Response> s, long keyId, Response[] out) {
        Request r = Request.get("/api/v1/worlds/1");
        r.attributes().put(Principal.KEY, new Principal(keyId, "k", "weft_x"));
        Response res = rt.blockOn(s.call(r));
        out[0] = res;
        return res.status().code();
    }

    @WeftTest
    void admitted_inAnyRun_atMostBurstPlusElapsedOverInterval(WeftRuntime rt) throws Exception {
        Generated.forEachCase(200, (g, label) ->
                admittedAtMost(rt, g.intIn(1, 50), g.intIn(1, 20), g.longs(1, 200, 0, 200_000_000)));
    }

    private static void admittedAtMost(WeftRuntime rt, int limit, int burst, List<Long> gapsNanos) {
        AtomicLong clock = new AtomicLong(1_000_000_000L);
        Duration period = Duration.ofSeconds(1);
        Service<Request, Response> s = new RateLimitLayer(limit, period, burst, clock::get)
                .layer(Service.of(req -> Futures.ready(Response.text("ok"))));
        long t0 = clock.get();
        long admitted = 0;
        Response[] res = new Response[1];
        for (long gap : gapsNanos) {
            clock.addAndGet(gap);
            int st = status(rt, s, 7, res);
            assertThat(st).isIn(200, 429);
            if (st == 200) admitted++;
            else assertThat(Long.parseLong(res[0].headers().get("Retry-After").orElseThrow())).isGreaterThanOrEqualTo(1);
            long remaining = Long.parseLong(res[0].headers().get("RateLimit-Remaining").orElseThrow());
            assertThat(remaining).isBetween(0L, (long) burst);
            assertThat(res[0].headers().get("RateLimit-Limit")).contains(Integer.toString(burst));
        }
        long elapsed = clock.get() - t0;
        long interval = period.toNanos() / limit;
        assertThat(admitted).isLessThanOrEqualTo(burst + elapsed / interval + 1);
    }

    @WeftTest
    void freshKey_atOneInstant_exactlyBurstAdmittedAndRemainingCountsDown(WeftRuntime rt) throws Exception {
        Generated.forEachCase(100, (g, label) -> freshKeyExactlyBurst(rt, g.intIn(1, 100), g.intIn(1, 40)));
    }

    private static void freshKeyExactlyBurst(WeftRuntime rt, int limit, int burst) {
        AtomicLong clock = new AtomicLong(5_000_000_000L);
        Service<Request, Response> s = new RateLimitLayer(limit, Duration.ofMinutes(1), burst, clock::get)
                .layer(Service.of(req -> Futures.ready(Response.text("ok"))));
        Response[] res = new Response[1];
        for (int i = 0; i < burst; i++) {
            assertThat(status(rt, s, 1, res)).isEqualTo(200);
            assertThat(res[0].headers().get("RateLimit-Remaining")).contains(Integer.toString(burst - 1 - i));
        }
        assertThat(status(rt, s, 1, res)).isEqualTo(429);
        assertThat(status(rt, s, 2, res)).as("another key has its own allowance").isEqualTo(200);
    }
}
