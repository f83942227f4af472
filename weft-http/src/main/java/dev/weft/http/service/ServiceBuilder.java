package dev.weft.http.service;

import com.google.errorprone.annotations.CanIgnoreReturnValue;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Stacks layers around a service, outermost first, like tower's {@code ServiceBuilder}: the first layer added
 * sees each request first and each response last.
 * {@snippet :
 * Service<Request, Response> app = ServiceBuilder.<Request, Response>create()
 *         .layer(requestIdLayer)      // outermost
 *         .layer(timeoutLayer)
 *         .service(router);           // innermost
 * }
 *
 * @param <Req> the request type
 * @param <Res> the response type
 */
public final class ServiceBuilder<Req, Res> {

    private final List<Layer<Req, Res>> layers = new ArrayList<>();

    private ServiceBuilder() {}

    /** An empty builder. */
    public static <Req, Res> ServiceBuilder<Req, Res> create() {
        return new ServiceBuilder<>();
    }

    /** Adds {@code layer} inside the layers added so far; returns this builder. */
    @CanIgnoreReturnValue
    public ServiceBuilder<Req, Res> layer(Layer<Req, Res> layer) {
        layers.add(Objects.requireNonNull(layer, "layer"));
        return this;
    }

    /** The stacked layers as one layer. */
    public Layer<Req, Res> build() {
        List<Layer<Req, Res>> copy = List.copyOf(layers);
        return s -> {
            Service<Req, Res> out = s;
            for (int i = copy.size() - 1; i >= 0; i--) out = copy.get(i).layer(out);
            return out;
        };
    }

    /** {@code inner} wrapped in every layer added. */
    public Service<Req, Res> service(Service<Req, Res> inner) {
        return build().layer(Objects.requireNonNull(inner, "inner"));
    }
}
