package dev.weft.http.layer;

import dev.weft.future.Context;
import dev.weft.future.Future;
import dev.weft.future.Poll;
import dev.weft.http.Body;
import dev.weft.http.Request;
import dev.weft.http.Response;
import dev.weft.http.service.Layer;
import dev.weft.http.service.Service;
import dev.weft.stream.StreamPoll;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * One structured line per request: method, path, status, body bytes, duration, request id and peer address
 * ({@link AccessLogEntry}), written through {@link System.Logger} ({@code dev.weft.http.access}, level INFO, in
 * logfmt) or handed to a sink of your own.
 * {@snippet :
 * Layer<Request, Response> log = AccessLogLayer.toLogger();
 * Layer<Request, Response> metrics = AccessLogLayer.to(entry -> histogram.record(entry.duration()));
 * }
 *
 * <p>The entry is emitted when the exchange is over: at once for a response whose body is in memory, when a
 * streamed body ends (the body is wrapped to count its bytes), or when the call fails (status 500) or is
 * cancelled (status 499). Put it outside {@link CatchPanicLayer} so panics are logged with the 500 the client
 * gets, and inside {@link RequestIdLayer} so the id is known.
 *
 * <p>The sink runs on the thread that completes the exchange, inside a poll: keep it short and non-blocking
 * (hand off to a queue if needed). An exception from the sink is logged and does not fail the request.
 * Durations come from {@link System#nanoTime()} unless {@link #clock(LongSupplier)} sets another source.
 *
 * <p>Readiness is passed through. <b>Cancel safety:</b> as the inner call's; a cancel is logged as such.
 */
public final class AccessLogLayer implements Layer<Request, Response> {

    private static final System.Logger ACCESS = System.getLogger("dev.weft.http.access");
    private static final System.Logger SELF = System.getLogger(AccessLogLayer.class.getName());

    private final Consumer<? super AccessLogEntry> sink;
    private final LongSupplier clock;

    private AccessLogLayer(Consumer<? super AccessLogEntry> sink, LongSupplier clock) {
        this.sink = sink;
        this.clock = clock;
    }

    /** A layer logging each entry at INFO to the {@code dev.weft.http.access} System.Logger, in logfmt. */
    public static AccessLogLayer toLogger() {
        return new AccessLogLayer(e -> {
            if (ACCESS.isLoggable(System.Logger.Level.INFO)) ACCESS.log(System.Logger.Level.INFO, e.toLogfmt());
        }, System::nanoTime);
    }

    /** A layer handing each entry to {@code sink}. */
    public static AccessLogLayer to(Consumer<? super AccessLogEntry> sink) {
        return new AccessLogLayer(Objects.requireNonNull(sink, "sink"), System::nanoTime);
    }

    /** This layer measuring durations with {@code nanoClock} (a monotonic nanosecond source). */
    public AccessLogLayer clock(LongSupplier nanoClock) {
        return new AccessLogLayer(sink, Objects.requireNonNull(nanoClock, "nanoClock"));
    }

    @Override
    public Service<Request, Response> layer(Service<Request, Response> inner) {
        Objects.requireNonNull(inner, "inner");
        AccessLogLayer cfg = this;
        return new ForwardingService("AccessLog[", inner) {
            @Override
            public Future<Response> call(Request request) {
                return new Logged(cfg, request, inner.call(request));
            }
        };
    }

    void emit(AccessLogEntry e) {
        try {
            sink.accept(e);
        } catch (RuntimeException ex) {
            SELF.log(System.Logger.Level.WARNING, "access log sink failed", ex);
        }
    }

    /** What is known of an exchange; emits exactly once (the first of end/fail/cancel). */
    private static final class Exchange {
        final AccessLogLayer cfg;
        final Request request;
        long start = Long.MIN_VALUE;
        int status;
        long bytes;
        boolean emitted;

        Exchange(AccessLogLayer cfg, Request request) {
            this.cfg = cfg;
            this.request = request;
        }

        void finish(int finalStatus, AccessLogEntry.Outcome outcome) {
            if (emitted) return;
            emitted = true;
            long now = cfg.clock.getAsLong();
            Duration d = Duration.ofNanos(start == Long.MIN_VALUE ? 0 : Math.max(0, now - start));
            String id = request.attributes().get(RequestId.KEY).map(RequestId::value).orElse(null);
            cfg.emit(new AccessLogEntry(request.method(), request.path(), finalStatus, bytes, d, id,
                    request.remoteAddress().orElse(null), outcome));
        }
    }

    private static final class Logged implements Future<Response> {
        private final Exchange x;
        private final Future<Response> inner;

        Logged(AccessLogLayer cfg, Request request, Future<Response> inner) {
            this.x = new Exchange(cfg, request);
            this.inner = inner;
        }

        @Override
        public Poll<Response> poll(Context cx) {
            if (x.start == Long.MIN_VALUE) x.start = x.cfg.clock.getAsLong();
            Poll<Response> p;
            try {
                p = inner.poll(cx);
            } catch (Throwable t) {
                x.finish(500, AccessLogEntry.Outcome.FAILED);
                throw t;
            }
            if (p instanceof Poll.Ready<Response>(Response res)) {
                x.status = res.status().code();
                Body body = res.body();
                if (body instanceof Body.Full full) {
                    x.bytes = full.contentLength();
                    x.finish(x.status, AccessLogEntry.Outcome.COMPLETED);
                } else {
                    res.body(new CountingBody(body, x));
                }
            }
            return p;
        }

        @Override
        public void cancel() {
            try {
                inner.cancel();
            } finally {
                x.finish(499, AccessLogEntry.Outcome.CANCELLED);
            }
        }
    }

    /** A streamed response body that counts its bytes and finishes the exchange when it ends. */
    private static final class CountingBody implements Body {
        private final Body inner;
        private final Exchange x;

        CountingBody(Body inner, Exchange x) {
            this.inner = inner;
            this.x = x;
        }

        @Override
        public long contentLength() {
            return inner.contentLength();
        }

        @Override
        public StreamPoll<ByteBuffer> pollNext(Context cx) {
            StreamPoll<ByteBuffer> p;
            try {
                p = inner.pollNext(cx);
            } catch (Throwable t) {
                x.finish(x.status, AccessLogEntry.Outcome.FAILED);
                throw t;
            }
            if (p instanceof StreamPoll.Item<ByteBuffer>(ByteBuffer chunk)) {
                x.bytes += chunk.remaining();
            } else if (p instanceof StreamPoll.End) {
                x.finish(x.status, AccessLogEntry.Outcome.COMPLETED);
            }
            return p;
        }

        @Override
        public void cancel() {
            try {
                inner.cancel();
            } finally {
                x.finish(x.status, AccessLogEntry.Outcome.CANCELLED);
            }
        }
    }
}
