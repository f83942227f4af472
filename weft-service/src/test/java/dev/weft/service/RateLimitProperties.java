package dev.weft.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.future.Futures;
import dev.weft.http.Request;
import dev.weft.http.Response;
import dev.weft.http.service.Service;
import dev.weft.runtime.Runtime;
import dev.weft.service.api.Principal;
import dev.weft.service.api.RateLimitLayer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;

/**
 * The rate limit's arithmetic, through the service's layer with a fake clock: in any run of requests a key
 * gets at most {@code burst + elapsed / T} through, a fresh key gets exactly {@code burst} at once, and every
 * answer's RateLimit headers agree with what happens next.
 */
class RateLimitProperties {
    private static final Runtime RT = Runtime.builder().currentThread().build();

    private static int status(Service<Request, Response> s, long keyId, Response[] out) {
        Request r = Request.get("/api/v1/worlds/1");
        r.attributes().put(Principal.KEY, new Principal(keyId, "k", "weft_x"));
        Response res = RT.blockOn(s.call(r));
        out[0] = res;
        return res.status().code();
    }

    @Property(tries = 200)
    void admitted_inAnyRun_atMostBurstPlusElapsedOverInterval(
            @ForAll @IntRange(min = 1, max = 50) int limit,
            @ForAll @IntRange(min = 1, max = 20) int burst,
            @ForAll @Size(min = 1, max = 200) List<@LongRange(min = 0, max = 200_000_000) Long> gapsNanos) {
        AtomicLong clock = new AtomicLong(1_000_000_000L);
        Duration period = Duration.ofSeconds(1);
        Service<Request, Response> s = new RateLimitLayer(limit, period, burst, clock::get)
                .layer(Service.of(req -> Futures.ready(Response.text("ok"))));
        long t0 = clock.get();
        long admitted = 0;
        Response[] res = new Response[1];
        for (long gap : gapsNanos) {
            clock.addAndGet(gap);
            int st = status(s, 7, res);
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

    @Property(tries = 100)
    void freshKey_atOneInstant_exactlyBurstAdmittedAndRemainingCountsDown(
            @ForAll @IntRange(min = 1, max = 100) int limit, @ForAll @IntRange(min = 1, max = 40) int burst) {
        AtomicLong clock = new AtomicLong(5_000_000_000L);
        Service<Request, Response> s = new RateLimitLayer(limit, Duration.ofMinutes(1), burst, clock::get)
                .layer(Service.of(req -> Futures.ready(Response.text("ok"))));
        Response[] res = new Response[1];
        for (int i = 0; i < burst; i++) {
            assertThat(status(s, 1, res)).isEqualTo(200);
            assertThat(res[0].headers().get("RateLimit-Remaining")).contains(Integer.toString(burst - 1 - i));
        }
        assertThat(status(s, 1, res)).isEqualTo(429);
        assertThat(status(s, 2, res)).as("another key has its own allowance").isEqualTo(200);
    }
}
