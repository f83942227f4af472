package dev.weft.service.api;

import dev.weft.future.Context;
import dev.weft.future.Future;
import dev.weft.future.Futures;
import dev.weft.future.Poll;
import dev.weft.http.Request;
import dev.weft.http.Response;
import dev.weft.http.Status;
import dev.weft.http.service.Layer;
import dev.weft.http.service.Service;
import dev.weft.service.http.Problem;
import java.time.Duration;

/**
 * The rate limit, second stage of the API pipeline: one {@link KeyedGcra} cell per API key (the
 * {@link Principal} that {@link AuthLayer} attached). Every API response carries {@code RateLimit-Limit},
 * {@code RateLimit-Remaining}, {@code RateLimit-Reset} (seconds, rounded up) and {@code RateLimit-Policy}
 * (IETF httpapi rate-limit headers); an exhausted key gets 429 with {@code Retry-After} (whole seconds, at least
 * 1) and a problem body, and its request never reaches the handler.
 *
 * <p>Rejecting (429) rather than waiting in {@code pollReady}: a limit per client is the client's to respect,
 * and holding its connection would let one client tie up the server's memory.
 */
public final class RateLimitLayer implements Layer<Request, Response> {
    private final KeyedGcra gcra;
    private final String policy;

    /** A layer over {@code gcra}; {@code limit}, {@code period}, {@code burst} only describe it in RateLimit-Policy. */
    public RateLimitLayer(KeyedGcra gcra, int limit, Duration period, int burst) {
        this.gcra = gcra;
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
                KeyedGcra.Decision d = gcra.check(p.keyId());
                if (!d.allowed()) {
                    inner.releaseReady();
                    long retry = Math.max(1, seconds(d.retryAfterNanos()));
                    Response r = Problem.of(Status.TOO_MANY_REQUESTS, "rate-limited",
                            "The rate limit of this API key is exhausted; retry after " + retry + " s.");
                    r.header("Retry-After", Long.toString(retry));
                    return Futures.ready(headers(r, d));
                }
                return inner.call(req).map(r -> headers(r, d));
            }
        };
    }

    private Response headers(Response r, KeyedGcra.Decision d) {
        r.headers().set("RateLimit-Limit", Integer.toString(d.limit()));
        r.headers().set("RateLimit-Remaining", Integer.toString(d.remaining()));
        r.headers().set("RateLimit-Reset", Long.toString(seconds(d.resetNanos())));
        r.headers().set("RateLimit-Policy", policy);
        return r;
    }

    private static long seconds(long nanos) {
        return nanos <= 0 ? 0 : (nanos + 999_999_999L) / 1_000_000_000L;
    }
}
