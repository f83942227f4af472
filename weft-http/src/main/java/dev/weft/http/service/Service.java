package dev.weft.http.service;

import dev.weft.future.Context;
import dev.weft.future.Future;
import dev.weft.future.Poll;
import java.util.Objects;
import java.util.function.Function;

/**
 * An asynchronous function from a request to a response with backpressure: tower's {@code Service}.
 *
 * <p>A caller first polls {@link #pollReady} until it returns {@code Ready}, then calls {@link #call} once. A
 * service that is not ready (a concurrency limit reached, a rate limit exhausted) stores the waker and returns
 * {@code Pending}; a service that is not ready is never called. Load shedding ({@code LoadShed}) turns "not
 * ready" into an immediate error response instead of waiting.
 *
 * <p>Readiness may reserve capacity (a concurrency-limit permit). A caller that polled a service ready and then
 * decides not to call it (its connection closed) must call {@link #releaseReady()} so the reservation is given
 * back: Rust does this by dropping the service clone, Java needs the explicit call.
 * {@snippet :
 * Service<Request, Response> hello = Service.of(req -> Futures.ready(Response.text("Hello, World!")));
 * }
 *
 * @param <Req> the request type
 * @param <Res> the response type
 */
public interface Service<Req, Res> {

    /**
     * Whether the service can take a call now: {@code Ready} (capacity reserved for the next {@link #call}), or
     * {@code Pending} after arranging for {@code cx.waker()} to be woken when it may be. It may throw when the
     * service has failed for good. The default is always ready.
     */
    default Poll<Void> pollReady(Context cx) {
        return Poll.ready(null);
    }

    /**
     * Gives back what the last {@code Ready} from {@link #pollReady} reserved, when the caller will not call the
     * service after all. The default does nothing.
     */
    default void releaseReady() {}

    /**
     * Handles {@code request}. Call only after {@link #pollReady} returned {@code Ready}.
     *
     * <p><b>Cancel safety:</b> cancelling the returned future abandons the request: the service's work for it is
     * cancelled (for async-block handlers, the virtual thread is interrupted).
     */
    Future<Res> call(Req request);

    /**
     * A future that completes once this service is ready.
     *
     * <p><b>Cancel safety:</b> cancel-safe, but a reservation made by a {@code Ready} that raced the cancellation
     * is released through {@link #releaseReady()}.
     */
    default Future<Void> ready() {
        Service<Req, Res> self = this;
        return new Future<>() {
            @Override
            public Poll<Void> poll(Context cx) {
                return self.pollReady(cx);
            }
        };
    }

    /** A service that is always ready and calls {@code f}. */
    static <Req, Res> Service<Req, Res> of(Function<? super Req, ? extends Future<Res>> f) {
        Objects.requireNonNull(f, "f");
        return request -> f.apply(request);
    }
}
