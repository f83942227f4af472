package dev.weft.service.http;

import dev.weft.future.Context;
import dev.weft.future.Future;
import dev.weft.future.Poll;
import dev.weft.http.Request;
import dev.weft.http.Response;
import dev.weft.http.service.Layer;
import dev.weft.http.service.Service;
import dev.weft.time.Time;
import java.time.Duration;

/**
 * The per-request deadline: the inner future must complete within {@code timeout} or it is cancelled (its task
 * aborted, its async block interrupted, its database statement cancelled through {@code Statement.cancel()}) and
 * the request fails with {@code TimeoutElapsedException}, which {@link ErrorLayer} answers with 503.
 */
public final class DeadlineLayer implements Layer<Request, Response> {
    private final Duration timeout;

    /** A deadline of {@code timeout} per request. */
    public DeadlineLayer(Duration timeout) {
        this.timeout = timeout;
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
                return Time.timeout(timeout, inner.call(req));
            }
        };
    }
}
