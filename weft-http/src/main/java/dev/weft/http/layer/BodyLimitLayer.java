package dev.weft.http.layer;

import dev.weft.future.Context;
import dev.weft.future.Future;
import dev.weft.future.Futures;
import dev.weft.future.Poll;
import dev.weft.http.Body;
import dev.weft.http.BodyTooLargeException;
import dev.weft.http.Request;
import dev.weft.http.Response;
import dev.weft.http.Status;
import dev.weft.http.service.Layer;
import dev.weft.http.service.Service;
import dev.weft.stream.StreamPoll;
import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * Caps request bodies at {@code maxBytes}: <b>413 Content Too Large</b>. A request that declares a longer
 * {@code Content-Length} is refused before the handler runs; a streamed (chunked) body is wrapped so that
 * reading past the limit fails with {@link BodyTooLargeException}, which this layer turns into 413 if the handler
 * lets it escape. tower-http's {@code RequestBodyLimit}.
 * {@snippet :
 * Layer<Request, Response> limit = BodyLimitLayer.of(1 << 20);   // 1 MiB
 * }
 *
 * <p>413 answers carry {@code Connection: close}: the rest of the body was not read, so the connection cannot
 * carry another request. A limit the server applies itself is checked too; use this layer for a tighter limit
 * on some routes (layer a route's service) or one that handlers can read with {@code body().bytes(limit)}.
 *
 * <p>Readiness is passed through; a refused request gives its inner reservation back.
 * <b>Cancel safety:</b> as the inner call's.
 */
public final class BodyLimitLayer implements Layer<Request, Response> {

    private final long maxBytes;

    private BodyLimitLayer(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    /**
     * A layer refusing bodies longer than {@code maxBytes}.
     *
     * @throws IllegalArgumentException when {@code maxBytes} is negative
     */
    public static BodyLimitLayer of(long maxBytes) {
        if (maxBytes < 0) throw new IllegalArgumentException("maxBytes: " + maxBytes + " (expected: >= 0)");
        return new BodyLimitLayer(maxBytes);
    }

    /** The limit in bytes. */
    public long maxBytes() {
        return maxBytes;
    }

    @Override
    public Service<Request, Response> layer(Service<Request, Response> inner) {
        Objects.requireNonNull(inner, "inner");
        long max = maxBytes;
        return new ForwardingService("BodyLimit[" + max + ", ", inner) {
            @Override
            public Future<Response> call(Request request) {
                long declared = declaredLength(request);
                if (declared > max) {
                    inner.releaseReady(); // the reservation is not used
                    request.body().cancel();
                    return Futures.ready(tooLarge(max));
                }
                if (declared < 0) request.body(new LimitedBody(request.body(), max));
                return new Mapped(inner.call(request), max);
            }
        };
    }

    /** The body's declared length, or the Content-Length header's when the body does not know it; -1 if none. */
    private static long declaredLength(Request request) {
        long n = request.body().contentLength();
        if (n >= 0) return n;
        String cl = request.headers().getOrDefault("Content-Length", null);
        if (cl == null) return -1;
        try {
            return Long.parseLong(cl.strip());
        } catch (NumberFormatException e) {
            return -1; // the server rejects a malformed Content-Length before we see it
        }
    }

    static Response tooLarge(long max) {
        return Response.text(Status.CONTENT_TOO_LARGE, "Content Too Large: the limit is " + max + " bytes")
                .header("Connection", "close");
    }

    /** Whether {@code t} or one of its causes is a {@link BodyTooLargeException}. */
    private static boolean isTooLarge(Throwable t) {
        for (int i = 0; t != null && i < 8; i++, t = t.getCause()) {
            if (t instanceof BodyTooLargeException) return true;
        }
        return false;
    }

    private static final class Mapped implements Future<Response> {
        private final Future<Response> inner;
        private final long max;

        Mapped(Future<Response> inner, long max) {
            this.inner = inner;
            this.max = max;
        }

        @Override
        public Poll<Response> poll(Context cx) {
            try {
                return inner.poll(cx);
            } catch (RuntimeException e) {
                if (isTooLarge(e)) return Poll.ready(tooLarge(max));
                throw e;
            }
        }

        @Override
        public void cancel() {
            inner.cancel();
        }
    }

    /**
     * A request body that fails with {@link BodyTooLargeException} once more than {@code max} bytes were read
     * (the chunk that crosses the limit is not handed out); the inner body is cancelled then.
     */
    static final class LimitedBody implements Body {
        private final Body inner;
        private final long max;
        private long seen;
        private boolean failed;

        LimitedBody(Body inner, long max) {
            this.inner = inner;
            this.max = max;
        }

        @Override
        public long contentLength() {
            return inner.contentLength();
        }

        @Override
        public StreamPoll<ByteBuffer> pollNext(Context cx) {
            if (failed) throw new BodyTooLargeException(seen, max);
            StreamPoll<ByteBuffer> p = inner.pollNext(cx);
            if (p instanceof StreamPoll.Item<ByteBuffer>(ByteBuffer chunk)) {
                seen += chunk.remaining();
                if (seen > max) {
                    failed = true;
                    inner.cancel();
                    throw new BodyTooLargeException(seen, max);
                }
            }
            return p;
        }

        @Override
        public void cancel() {
            if (!failed) inner.cancel();
        }
    }
}
