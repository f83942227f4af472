package dev.weft.http;

import dev.weft.future.Async;
import dev.weft.http.service.Service;
import java.util.Objects;

/**
 * A request handler written as sequential code in an async block: it runs on its own virtual thread and may
 * block on {@code future.await()}, JDBC or any blocking call. This is the default handler style; a poll-based
 * {@link Service} is the zero-thread alternative, chosen per route.
 * {@snippet :
 * Handler hello = req -> {
 *     String user = auth.check(req).await();           // any Weft future
 *     return Response.text("Hello, " + user);
 * };
 * Service<Request, Response> service = hello.toService();
 * }
 */
@FunctionalInterface
public interface Handler {

    /**
     * Handles one request. Runs in an async block: blocking is allowed, and the thread is interrupted when the
     * request is cancelled (deadline passed, client gone).
     *
     * @throws Exception any failure; servers answer it with 500 (through a catch-panic layer) and keep the
     *     connection
     */
    Response handle(Request request) throws Exception;

    /** This handler as an always-ready service that runs each call in a new async block. */
    default Service<Request, Response> toService() {
        Handler self = this;
        return request -> Async.async(() -> self.handle(request));
    }

    /** {@code handler} as a service (for method references: {@code Handler.service(this::hello)}). */
    static Service<Request, Response> service(Handler handler) {
        return Objects.requireNonNull(handler, "handler").toService();
    }
}
