package dev.weft.http.layer;

import dev.weft.future.Context;
import dev.weft.future.Poll;
import dev.weft.http.Request;
import dev.weft.http.Response;
import dev.weft.http.service.Service;
import java.util.Objects;

/**
 * The service a layer wraps around {@code inner}: readiness (and the reservation it makes) is the inner
 * service's, so a layer writes only {@link #call}. Every layer here that adds no backpressure of its own extends
 * it (the concurrency limit and load shed have readiness of their own and do not).
 */
abstract class ForwardingService implements Service<Request, Response> {
    final Service<Request, Response> inner;
    private final String label;

    /** {@code label} opens the toString, which closes with {@code inner + "]"}: e.g. {@code "Timeout[5s, "}. */
    ForwardingService(String label, Service<Request, Response> inner) {
        this.label = label;
        this.inner = Objects.requireNonNull(inner, "inner");
    }

    @Override
    public final Poll<Void> pollReady(Context cx) {
        return inner.pollReady(cx);
    }

    @Override
    public final void releaseReady() {
        inner.releaseReady();
    }

    @Override
    public String toString() {
        return label + inner + "]";
    }
}
