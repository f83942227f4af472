package dev.weft.http.layer;

import dev.weft.future.Future;
import dev.weft.http.Request;
import dev.weft.http.Response;
import dev.weft.http.service.Layer;
import dev.weft.http.service.Service;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Gives every request an id: the one the client (or a proxy in front) sent in {@code X-Request-Id} when it is a
 * sane value, else a fresh one ({@link RequestId#generate()}). The id is set on the request's header, stored in
 * its attributes ({@link RequestId#of}) for handlers and the access log, and echoed on the response unless the
 * handler set that header itself. tower-http's {@code SetRequestId} plus {@code PropagateRequestId}.
 * {@snippet :
 * Layer<Request, Response> ids = RequestIdLayer.create();                        // X-Request-Id
 * Layer<Request, Response> mine = RequestIdLayer.create().header("X-Correlation-Id").trustIncoming(false);
 * }
 *
 * <p>An incoming value longer than 128 characters or holding anything but visible ASCII is replaced, so a
 * client cannot inject into logs. Behind an untrusted edge, {@link #trustIncoming(boolean) trustIncoming(false)}
 * always generates.
 *
 * <p>Readiness is passed through. <b>Cancel safety:</b> as the inner call's.
 */
public final class RequestIdLayer implements Layer<Request, Response> {

    private final String header;
    private final boolean trustIncoming;
    private final Supplier<String> generator;

    private RequestIdLayer(String header, boolean trustIncoming, Supplier<String> generator) {
        this.header = header;
        this.trustIncoming = trustIncoming;
        this.generator = generator;
    }

    /** A layer using {@code X-Request-Id}, keeping valid incoming ids and generating the others. */
    public static RequestIdLayer create() {
        return new RequestIdLayer("X-Request-Id", true, null);
    }

    /**
     * This layer reading and writing {@code name} instead of {@code X-Request-Id}.
     *
     * @throws IllegalArgumentException when {@code name} is not a header name token
     */
    public RequestIdLayer header(String name) {
        new dev.weft.http.Headers().add(Objects.requireNonNull(name, "name"), "x"); // validates the token
        return new RequestIdLayer(name, trustIncoming, generator);
    }

    /** This layer keeping ({@code true}, the default) or always replacing ({@code false}) incoming ids. */
    public RequestIdLayer trustIncoming(boolean trust) {
        return new RequestIdLayer(header, trust, generator);
    }

    /**
     * This layer generating ids with {@code generator} (each value must pass {@link RequestId#isValid}, else
     * the call fails with {@link IllegalArgumentException}).
     */
    public RequestIdLayer generator(Supplier<String> generator) {
        return new RequestIdLayer(header, trustIncoming, Objects.requireNonNull(generator, "generator"));
    }

    @Override
    public Service<Request, Response> layer(Service<Request, Response> inner) {
        Objects.requireNonNull(inner, "inner");
        String h = header;
        boolean trust = trustIncoming;
        Supplier<String> gen = generator;
        return new ForwardingService("RequestId[" + h + ", ", inner) {
            @Override
            public Future<Response> call(Request request) {
                String incoming = trust ? request.headers().getOrDefault(h, null) : null;
                RequestId id;
                if (incoming != null && RequestId.isValid(incoming)) {
                    id = new RequestId(incoming);
                } else {
                    id = gen == null ? RequestId.generate() : new RequestId(gen.get());
                    request.headers().set(h, id.value());
                }
                request.attributes().put(RequestId.KEY, id);
                String value = id.value();
                return inner.call(request).map(res -> {
                    if (!res.headers().contains(h)) res.headers().add(h, value);
                    return res;
                });
            }
        };
    }
}
