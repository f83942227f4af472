package dev.weft.http.layer;

import dev.weft.future.Context;
import dev.weft.future.Future;
import dev.weft.future.Poll;
import dev.weft.http.Headers;
import dev.weft.http.Request;
import dev.weft.http.Response;
import dev.weft.http.Status;
import dev.weft.http.service.Layer;
import dev.weft.http.service.Service;
import dev.weft.time.Time;
import java.util.Objects;
import java.util.function.Function;

/**
 * Limits each key (an API key, a user, a client address) to a rate with a {@link Gcra} limiter, answering
 * <b>429 Too Many Requests</b> with {@code Retry-After} past it, and telling every client where it stands with
 * the IETF rate-limit headers (draft-ietf-httpapi-ratelimit-headers): {@code RateLimit-Limit} (the burst),
 * {@code RateLimit-Remaining} and {@code RateLimit-Reset} (seconds until the allowance is full), on allowed and
 * refused responses alike.
 * {@snippet :
 * Gcra perKey = Gcra.builder().rate(600, Duration.ofMinutes(1)).burst(50).maxKeys(100_000).build();
 * Layer<Request, Response> rateLimit = RateLimitLayer.perKey(perKey,
 *         req -> req.attributes().get(API_KEY).orElse(null));      // null: not limited
 * }
 *
 * <p>The decision is taken when the call's future is first polled, on the runtime's clock ({@code Time.now}),
 * so a paused test clock drives it. A key extractor returning {@code null} exempts the request (say, health
 * checks, or requests an earlier layer has already refused). Headers the handler set itself are kept.
 *
 * <p>Readiness is passed through; a refused request gives its inner reservation back.
 */
public final class RateLimitLayer implements Layer<Request, Response> {

    private final Gcra limiter;
    private final Function<? super Request, String> key;

    private RateLimitLayer(Gcra limiter, Function<? super Request, String> key) {
        this.limiter = limiter;
        this.key = key;
    }

    /**
     * A layer limiting each key that {@code key} extracts with {@code limiter} (shared by every service this
     * layer makes).
     */
    public static RateLimitLayer perKey(Gcra limiter, Function<? super Request, String> key) {
        return new RateLimitLayer(Objects.requireNonNull(limiter, "limiter"), Objects.requireNonNull(key, "key"));
    }

    /** The limiter. */
    public Gcra limiter() {
        return limiter;
    }

    @Override
    public Service<Request, Response> layer(Service<Request, Response> inner) {
        Objects.requireNonNull(inner, "inner");
        Gcra g = limiter;
        Function<? super Request, String> k = key;
        return new ForwardingService("RateLimit[" + g + ", ", inner) {
            /**
             * <b>Cancel safety:</b> cancelling before the first poll gives the inner reservation back (no decision
             * was taken, nothing was counted); afterwards it cancels the inner call, and the admission stays
             * counted.
             */
            @Override
            public Future<Response> call(Request request) {
                String id = k.apply(request);
                if (id == null) return inner.call(request);
                return new Limited(inner, g, id, request);
            }
        };
    }

    /**
     * Adds {@code RateLimit-Limit}, {@code RateLimit-Remaining} and {@code RateLimit-Reset} for {@code d} to
     * {@code headers}, keeping any already there: for code that consults a {@link Gcra} itself.
     */
    public static void addHeaders(Headers headers, Gcra.Decision d) {
        Objects.requireNonNull(headers, "headers");
        Objects.requireNonNull(d, "d");
        if (!headers.contains("RateLimit-Limit")) headers.add("RateLimit-Limit", Long.toString(d.limit()));
        if (!headers.contains("RateLimit-Remaining")) headers.add("RateLimit-Remaining", Long.toString(d.remaining()));
        if (!headers.contains("RateLimit-Reset")) headers.add("RateLimit-Reset", Long.toString(d.resetSeconds()));
    }

    /**
     * The 429 answer this layer gives for the refusal {@code d}: a short text body, {@code Retry-After} (whole
     * seconds, at least 1) and the rate-limit headers.
     */
    public static Response tooManyRequests(Gcra.Decision d) {
        Objects.requireNonNull(d, "d");
        Response r = Response.text(Status.TOO_MANY_REQUESTS, "Too Many Requests");
        r.header("Retry-After", Long.toString(d.retryAfterSeconds()));
        addHeaders(r.headers(), d);
        return r;
    }

    private static final class Limited implements Future<Response> {
        private final Service<Request, Response> inner;
        private final Gcra limiter;
        private final String key;
        private Request request;
        private Future<Response> call;
        private Gcra.Decision decision;

        Limited(Service<Request, Response> inner, Gcra limiter, String key, Request request) {
            this.inner = inner;
            this.limiter = limiter;
            this.key = key;
            this.request = request;
        }

        @Override
        public Poll<Response> poll(Context cx) {
            Future<Response> c = call;
            if (c == null) {
                Gcra.Decision d = limiter.check(key, Time.now(cx));
                request = requestOrFail();
                if (!d.allowed()) {
                    request = null;
                    inner.releaseReady(); // the caller's reservation is not used
                    return Poll.ready(tooManyRequests(d));
                }
                decision = d;
                Request r = request;
                request = null;
                call = c = inner.call(r);
            }
            Poll<Response> p = c.poll(cx);
            if (p instanceof Poll.Ready<Response>(Response res)) addHeaders(res.headers(), decision);
            return p;
        }

        private Request requestOrFail() {
            if (request == null) throw new IllegalStateException("rate-limited call polled after it completed");
            return request;
        }

        @Override
        public void cancel() {
            Future<Response> c = call;
            if (c != null) {
                c.cancel();
            } else if (request != null) {
                request = null;
                inner.releaseReady();
            }
        }
    }
}
