package dev.weft.http.layer;

import dev.weft.future.Context;
import dev.weft.future.Future;
import dev.weft.future.Poll;
import dev.weft.future.Waker;
import dev.weft.http.Request;
import dev.weft.http.Response;
import dev.weft.http.Status;
import dev.weft.http.service.Layer;
import dev.weft.http.service.Service;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.LongAdder;

/**
 * Answers 503 Service Unavailable at once when the wrapped service is not ready, instead of waiting for it:
 * tower's {@code LoadShed}. Put it right outside a {@link ConcurrencyLimitLayer} (or any service with
 * backpressure) so that overload costs a cheap 503 rather than a queue of waiting connections.
 * {@snippet :
 * Service<Request, Response> svc = ServiceBuilder.<Request, Response>create()
 *         .layer(LoadShedLayer.create().retryAfter(Duration.ofSeconds(1)))
 *         .layer(ConcurrencyLimitLayer.of(512))
 *         .service(router);
 * }
 *
 * <p>The service made is always ready. Each call checks the inner service's readiness once, when its future is
 * first polled, with a no-op waker (a shed request never waits, so it must not take a place in the inner
 * service's queue): {@code Ready} calls the inner service with that reservation, {@code Pending} answers 503 with
 * {@code Retry-After} when one is configured. The count of shed requests is kept for metrics.
 */
public final class LoadShedLayer implements Layer<Request, Response> {

    private final Duration retryAfter;

    private LoadShedLayer(Duration retryAfter) {
        this.retryAfter = retryAfter;
    }

    /** A layer answering shed requests with a bare 503. */
    public static LoadShedLayer create() {
        return new LoadShedLayer(null);
    }

    /**
     * This layer with {@code Retry-After: <seconds>} (rounded up) on its 503 answers.
     *
     * @throws IllegalArgumentException when {@code retryAfter} is negative
     */
    public LoadShedLayer retryAfter(Duration retryAfter) {
        Objects.requireNonNull(retryAfter, "retryAfter");
        if (retryAfter.isNegative()) {
            throw new IllegalArgumentException("retryAfter: " + retryAfter + " (expected: >= 0)");
        }
        return new LoadShedLayer(retryAfter);
    }

    @Override
    public LoadShed layer(Service<Request, Response> inner) {
        return new LoadShed(Objects.requireNonNull(inner, "inner"), retryAfter);
    }

    /** The service a {@link LoadShedLayer} makes. Thread-safe; one instance serves every connection. */
    public static final class LoadShed implements Service<Request, Response> {
        /*
         * Implementation notes
         *
         * Stateless per caller: the only shared state is the `shed` counter (a LongAdder). I1. The inner service's
         * readiness is probed inside the call's future, at its first poll, with a Context whose waker is
         * Waker.noop(): Ready is consumed by the inner call in that same poll; Pending reserved nothing and leaves
         * no waiter that could absorb a real waiter's wake-up (ConcurrencyLimit never registers the no-op waker).
         * I2. A ShedFuture cancelled before its first poll has probed nothing, so it releases nothing.
         */
        private final Service<Request, Response> inner;
        private final String retryAfterValue;
        private final LongAdder shed = new LongAdder();

        LoadShed(Service<Request, Response> inner, Duration retryAfter) {
            this.inner = inner;
            this.retryAfterValue = retryAfter == null ? null
                    : Long.toString(Math.ceilDiv(retryAfter.toNanos(), 1_000_000_000L));
        }

        /**
         * Calls the inner service if it is ready when the returned future is first polled, else completes with
         * 503.
         *
         * <p><b>Cancel safety:</b> cancelling before the first poll does nothing (nothing was reserved);
         * afterwards it cancels the inner call.
         */
        @Override
        public Future<Response> call(Request request) {
            return new ShedFuture(this, request);
        }

        /** Requests answered 503 so far. */
        public long shedCount() {
            return shed.sum();
        }

        Response overloaded() {
            shed.increment();
            Response r = Response.text(Status.SERVICE_UNAVAILABLE, "Service Unavailable: overloaded");
            if (retryAfterValue != null) r.header("Retry-After", retryAfterValue);
            return r;
        }

        @Override
        public String toString() {
            return "LoadShed[" + inner + "]";
        }
    }

    private static final class ShedFuture implements Future<Response> {
        private final LoadShed shed;
        private Request request;
        private Future<Response> call;

        ShedFuture(LoadShed shed, Request request) {
            this.shed = shed;
            this.request = request;
        }

        @Override
        public Poll<Response> poll(Context cx) {
            Future<Response> c = call;
            if (c == null) {
                // The probe keeps the runtime and budget of cx but registers no waker: a shed caller never waits.
                Context.Child probe = new Context.Child();
                boolean pending;
                try {
                    pending = shed.inner.pollReady(probe.enter(cx, Waker.noop())).isPending();
                } finally {
                    probe.exit(cx);
                }
                if (pending) {
                    request = null;
                    return Poll.ready(shed.overloaded());
                }
                Request r = request;
                request = null;
                call = c = shed.inner.call(r);
            }
            return c.poll(cx);
        }

        @Override
        public void cancel() {
            Future<Response> c = call;
            if (c != null) c.cancel();
        }
    }
}
