package dev.weft.service.api;

import dev.weft.future.Context;
import dev.weft.future.Future;
import dev.weft.future.Futures;
import dev.weft.future.Poll;
import dev.weft.http.Request;
import dev.weft.http.Response;
import dev.weft.http.Status;
import dev.weft.http.layer.Gcra;
import dev.weft.http.service.Layer;
import dev.weft.http.service.Service;
import dev.weft.service.http.Problem;
import java.time.Duration;

/**
 * The rate limit, second stage of the API pipeline: weft-http's {@link Gcra} limiter keyed by API key (the
 * {@link Principal} that {@link AuthLayer} attached). Every API response carries {@code RateLimit-Limit},
 * {@code RateLimit-Remaining}, {@code RateLimit-Reset} (seconds, rounded up) and {@code RateLimit-Policy}
 * (IETF httpapi rate-limit headers); an exhausted key gets 429 with {@code Retry-After} (whole seconds, at least
 * 1) and a problem body, and its request never reaches the handler.
 *
 * <p>An adapter over {@link Gcra} rather than weft-http's {@code RateLimitLayer}: that layer answers 429 in plain
 * text, and every error of this service is an RFC 9457 problem; the algorithm and its state are the same.
 *
 * <p>Rejecting (429) rather than waiting in {@code pollReady}: a limit per client is the client's to respect,
 * and holding its connection would let one client tie up the server's memory.
 */
public final class RateLimitLayer implements Layer<Request, Response> {
    private final Gcra gcra;
    private final String policy;
    private final java.util.function.LongSupplier nanoClock;

    /** {@code limit} requests per {@code period} per key, bursts of {@code burst}, timed by {@code nanoClock}. */
    public RateLimitLayer(int limit, Duration period, int burst, java.util.function.LongSupplier nanoClock) {
        this.gcra = Gcra.builder().rate(limit, period).burst(burst).maxKeys(100_000).build();
        this.nanoClock = nanoClock;
        // the window in which a full burst refills (the policy the headers describe)
        this.policy = burst + ";w=" + Math.max(1, (period.toMillis() * burst / limit + 999) / 1000);
    }

    @Override
    public Service<Request, Response> layer(Service<Request, Response> inner) {
        return new Service<>() {
            @Override
            public Poll<Void> pollReady(Context cx) {
                return inner.pollReady(cx);
            }

            @Override
            public void releaseReady() {
                inner.releaseReady();
            }

            @Override
            public Future<Response> call(Request req) {
                Principal p = req.attributes().get(Principal.KEY).orElseThrow(
                        () -> new IllegalStateException("RateLimitLayer needs AuthLayer before it"));
                Gcra.Decision d = gcra.check(Long.toString(p.keyId()), nanoClock.getAsLong());
                if (!d.allowed()) {
                    inner.releaseReady();
                    long retry = Math.max(1, d.retryAfterSeconds());
                    Response r = Problem.of(Status.TOO_MANY_REQUESTS, "rate-limited",
                            "The rate limit of this API key is exhausted; retry after " + retry + " s.");
                    r.header("Retry-After", Long.toString(retry));
                    return Futures.ready(headers(r, d));
                }
                return inner.call(req).map(r -> headers(r, d));
            }
        };
    }

    private Response headers(Response r, Gcra.Decision d) {
        r.headers().set("RateLimit-Limit", Long.toString(d.limit()));
        r.headers().set("RateLimit-Remaining", Long.toString(d.remaining()));
        r.headers().set("RateLimit-Reset", Long.toString(d.resetSeconds()));
        r.headers().set("RateLimit-Policy", policy);
        return r;
    }
}
