package dev.weft.http.service;

import java.util.Objects;

/**
 * Middleware: wraps a service in another that adds behaviour (a timeout, a limit, logging): tower's
 * {@code Layer}. Layers compose with {@link ServiceBuilder}.
 *
 * @param <Req> the request type
 * @param <Res> the response type
 */
@FunctionalInterface
public interface Layer<Req, Res> {

    /** The service that wraps {@code inner}. */
    Service<Req, Res> layer(Service<Req, Res> inner);

    /** A layer that applies {@code inner} first (innermost), then this one around it. */
    default Layer<Req, Res> around(Layer<Req, Res> inner) {
        Objects.requireNonNull(inner, "inner");
        return s -> layer(inner.layer(s));
    }

    /** The layer that returns the service unchanged. */
    static <Req, Res> Layer<Req, Res> identity() {
        return s -> s;
    }
}
