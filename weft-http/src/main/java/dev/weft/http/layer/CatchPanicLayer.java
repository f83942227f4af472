package dev.weft.http.layer;

import dev.weft.future.Context;
import dev.weft.future.Future;
import dev.weft.future.Futures;
import dev.weft.future.Poll;
import dev.weft.http.Request;
import dev.weft.http.Response;
import dev.weft.http.Status;
import dev.weft.http.service.Layer;
import dev.weft.http.service.Service;
import java.util.Objects;
import java.util.function.Function;

/**
 * Turns a failure of the inner service into a <b>500 Internal Server Error</b> response: tower-http's
 * {@code CatchPanic}. An exception thrown by {@code call} itself or by its future (an async-block handler that
 * throws), and any {@link Error} except a {@link VirtualMachineError} (out of memory, stack overflow: those are
 * rethrown, since the JVM may be unable to go on), become a response with a short text body and no stack trace.
 * The failure is logged once, with its stack trace and the request line, to the {@code dev.weft.http.panic}
 * System.Logger at ERROR. The server sees a normal response, so the connection lives on.
 * {@snippet :
 * Layer<Request, Response> panics = CatchPanicLayer.create();
 * Layer<Request, Response> custom = CatchPanicLayer.create()
 *         .responder(t -> Response.json(Status.INTERNAL_SERVER_ERROR, "{\"error\":\"internal\"}"));
 * }
 *
 * <p>Not caught: a failure of {@code pollReady} (a service that failed for good), and a failure of a streamed
 * response body after its head was sent (the status can no longer change; the server ends the connection).
 *
 * <p>Readiness is passed through. <b>Cancel safety:</b> as the inner call's.
 */
public final class CatchPanicLayer implements Layer<Request, Response> {

    private static final System.Logger LOG = System.getLogger("dev.weft.http.panic");

    private final Function<? super Throwable, Response> responder;

    private CatchPanicLayer(Function<? super Throwable, Response> responder) {
        this.responder = responder;
    }

    /** A layer answering failures with {@code 500} and the body {@code Internal Server Error}. */
    public static CatchPanicLayer create() {
        return new CatchPanicLayer(null);
    }

    /**
     * This layer answering failures with what {@code responder} makes of them (it must not leak internals; if
     * it throws, the default 500 is sent).
     */
    public CatchPanicLayer responder(Function<? super Throwable, Response> responder) {
        return new CatchPanicLayer(Objects.requireNonNull(responder, "responder"));
    }

    @Override
    public Service<Request, Response> layer(Service<Request, Response> inner) {
        Objects.requireNonNull(inner, "inner");
        CatchPanicLayer cfg = this;
        return new ForwardingService("CatchPanic[", inner) {
            @Override
            public Future<Response> call(Request request) {
                String line = request.method() + " " + request.path();
                Future<Response> f;
                try {
                    f = inner.call(request);
                } catch (Throwable t) {
                    return Futures.ready(cfg.recover(t, line, request));
                }
                return new Caught(cfg, f, line, request);
            }
        };
    }

    Response recover(Throwable t, String line, Request request) {
        if (t instanceof VirtualMachineError vme) throw vme;
        String id = request.attributes().get(RequestId.KEY).map(RequestId::value).orElse("-");
        LOG.log(System.Logger.Level.ERROR, "request " + line + " (request id " + id + ") failed; answering 500", t);
        if (responder != null) {
            try {
                Response r = responder.apply(t);
                if (r != null) return r;
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.ERROR, "CatchPanicLayer responder failed; answering the default 500", e);
            }
        }
        return Response.text(Status.INTERNAL_SERVER_ERROR, "Internal Server Error");
    }

    private static final class Caught implements Future<Response> {
        private final CatchPanicLayer cfg;
        private final Future<Response> inner;
        private final String line;
        private final Request request;

        Caught(CatchPanicLayer cfg, Future<Response> inner, String line, Request request) {
            this.cfg = cfg;
            this.inner = inner;
            this.line = line;
            this.request = request;
        }

        @Override
        public Poll<Response> poll(Context cx) {
            try {
                return inner.poll(cx);
            } catch (Throwable t) {
                return Poll.ready(cfg.recover(t, line, request));
            }
        }

        @Override
        public void cancel() {
            inner.cancel();
        }
    }
}
