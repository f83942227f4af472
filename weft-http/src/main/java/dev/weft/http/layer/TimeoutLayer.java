package dev.weft.http.layer;

import dev.weft.future.Context;
import dev.weft.future.Future;
import dev.weft.future.Poll;
import dev.weft.http.Request;
import dev.weft.http.Response;
import dev.weft.http.Status;
import dev.weft.http.service.Layer;
import dev.weft.http.service.Service;
import dev.weft.time.Sleep;
import dev.weft.time.Time;
import java.time.Duration;
import java.util.Objects;

/**
 * A deadline for each call: when the response is not ready {@code timeout} after the call's future is first
 * polled, the inner future is cancelled (an async-block handler's thread is interrupted) and the answer is
 * <b>503 Service Unavailable</b>. The deadline is on the runtime's clock ({@link Time}), so a paused test clock
 * drives it.
 * {@snippet :
 * Service<Request, Response> svc = TimeoutLayer.of(Duration.ofSeconds(10)).layer(router);
 * }
 *
 * <p><b>Why 503.</b> tower-http answers 408 Request Timeout, but RFC 9110 §15.5.9 defines 408 as the server
 * giving up waiting for the <i>client</i> to finish sending its request, and clients may resend on a new
 * connection at once; here the request arrived whole and the <i>server</i> ran out of time. 504 Gateway Timeout
 * (§15.6.5) is for a gateway waiting on an upstream server, which a handler is not. 503 (§15.6.4) says the
 * server cannot handle the request now because of a temporary condition, which a deadline miss under load is,
 * and proxies and clients treat it as retryable. The server's own header-read timeout keeps answering 408. Use
 * {@link #status(Status)} to choose another (504 behind a proxy that maps it).
 *
 * <p>Readiness is passed through: the deadline covers the call, not the wait for readiness.
 */
public final class TimeoutLayer implements Layer<Request, Response> {

    private final Duration timeout;
    private final Status status;

    private TimeoutLayer(Duration timeout, Status status) {
        this.timeout = timeout;
        this.status = status;
    }

    /**
     * A layer giving each call {@code timeout}, answering 503 when it passes.
     *
     * @throws IllegalArgumentException when {@code timeout} is zero or negative
     */
    public static TimeoutLayer of(Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout: " + timeout + " (expected: > 0)");
        }
        return new TimeoutLayer(timeout, Status.SERVICE_UNAVAILABLE);
    }

    /** This layer answering {@code status} at the deadline instead of 503. */
    public TimeoutLayer status(Status status) {
        return new TimeoutLayer(timeout, Objects.requireNonNull(status, "status"));
    }

    @Override
    public Service<Request, Response> layer(Service<Request, Response> inner) {
        Objects.requireNonNull(inner, "inner");
        Duration t = timeout;
        Status s = status;
        return new ForwardingService("Timeout[" + t + ", ", inner) {
            /**
             * <b>Cancel safety:</b> cancelling cancels the inner call and removes the timer; at the deadline the
             * inner call is cancelled, so whatever it loses on cancel is lost then too.
             */
            @Override
            public Future<Response> call(Request request) {
                return new Deadline(inner.call(request), Time.sleep(t), s, t);
            }
        };
    }

    /** The inner call raced against a sleep. */
    private static final class Deadline implements Future<Response> {
        /*
         * Implementation notes
         *
         * Owner-confined (poll contract). I1. `inner` is non-null until this future completes or is cancelled and
         * is nulled before inner.cancel(), so the inner future is cancelled at most once and never polled after.
         * I2. The sleep is cancelled whenever `inner` becomes null, so no timer outlives the call.
         */
        private Future<Response> inner;
        private final Sleep sleep;
        private final Status status;
        private final Duration timeout;

        Deadline(Future<Response> inner, Sleep sleep, Status status, Duration timeout) {
            this.inner = inner;
            this.sleep = sleep;
            this.status = status;
            this.timeout = timeout;
        }

        @Override
        public Poll<Response> poll(Context cx) {
            Future<Response> in = inner;
            if (in == null) throw new IllegalStateException("timeout future polled after it completed");
            Poll<Response> p;
            try {
                p = in.poll(cx); // the response first: one ready at the deadline wins
            } catch (Throwable t) {
                inner = null;
                sleep.cancel(); // I2
                throw t;
            }
            if (p.isReady()) {
                inner = null;
                sleep.cancel(); // I2
                return p;
            }
            if (sleep.poll(cx).isReady()) {
                inner = null;
                in.cancel(); // I1
                return Poll.ready(Response.text(status, status.reason() + ": no response within " + timeout));
            }
            return Poll.pending();
        }

        @Override
        public void cancel() {
            Future<Response> in = inner;
            if (in == null) return;
            inner = null;
            try {
                in.cancel();
            } finally {
                sleep.cancel(); // I2
            }
        }
    }
}
