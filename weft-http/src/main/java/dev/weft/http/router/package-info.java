/**
 * Request routing: {@link dev.weft.http.router.Router} maps method and path to a service, and hands path
 * parameters to handlers through {@link dev.weft.http.router.PathParams} (axum's {@code Router} and
 * {@code Path}, matched over a segment trie as matchit does).
 *
 * <h2>Which routing tool do I need?</h2>
 * <ul>
 *   <li>A fixed path: {@code get("/health", h)}. A variable segment: {@code get("/users/{id}", h)}, read with
 *       {@code PathParams.of(req).get("id")}. Everything below a prefix: {@code get("/static/{*path}", h)}.</li>
 *   <li>Sequential code that may block (JDBC, {@code await()}): the {@code get}/{@code post}/{@code route}
 *       methods taking a {@link dev.weft.http.Handler} (an async block per request, the default). A hot path
 *       with no thread per request: {@code routeService} with a poll-based
 *       {@link dev.weft.http.service.Service}, whose readiness the router honours.</li>
 *   <li>A group of routes under a common prefix, maybe with its own 404: build a router for it and
 *       {@code nest("/api/v1", api)}; routes at the root from another router: {@code merge}.</li>
 *   <li>Middleware for one route only: layer that route's service before registering it
 *       ({@code routeService(GET, "/upload", BodyLimitLayer.of(50 << 20).layer(upload))}); for every route:
 *       layer the router (see {@link dev.weft.http.layer}).</li>
 * </ul>
 *
 * <h2>Answers the router gives itself</h2>
 * 404 (empty) for an unmatched path, unless a fallback is set; 405 with {@code Allow} for a path whose routes
 * take other methods; 200 with {@code Allow} to OPTIONS when no route handles it; HEAD through the GET route;
 * 400 for a path with a malformed percent-escape. Conflicting routes fail at {@code build()}.
 * {@snippet :
 * Router router = Router.builder()
 *         .routeService(Method.GET, "/plaintext", plaintext)
 *         .get("/users/{id}", req -> Response.text("user " + PathParams.of(req).get("id")))
 *         .nest("/api/v1", api)
 *         .build();
 * Service<Request, Response> app = ServiceBuilder.<Request, Response>create()
 *         .layer(RequestIdLayer.create())
 *         .layer(TimeoutLayer.of(Duration.ofSeconds(10)))
 *         .service(router);
 * }
 *
 * <p><b>Annotations.</b> The package is {@code @NullMarked} (JSpecify): nothing is null unless marked
 * {@code @Nullable} (absent values are {@code Optional}). It is {@code @CheckReturnValue} (Error Prone): a future
 * that is dropped never runs; fluent setters say {@code @CanIgnoreReturnValue}. Both are compile-only
 * ({@code requires static}).
 */
@NullMarked
@CheckReturnValue
package dev.weft.http.router;

import com.google.errorprone.annotations.CheckReturnValue;
import org.jspecify.annotations.NullMarked;
