package dev.weft.service.api;

import dev.weft.http.Handler;
import dev.weft.http.Method;
import dev.weft.http.Request;
import dev.weft.http.Response;
import dev.weft.http.service.Service;
import dev.weft.http.service.ServiceBuilder;
import dev.weft.service.bench.WorldCache;
import dev.weft.service.db.Db;
import dev.weft.service.http.Routes;

/**
 * The {@code /api/v1} resource API, behind the seed article's pipeline: {@link AuthLayer} (who is calling:
 * an async key lookup, cached) then {@link RateLimitLayer} (may they: GCRA per key) then the route's handler
 * (the business logic: async blocks awaiting database futures).
 */
public final class Api {
    private Api() {}

    /**
     * Adds the API routes to {@code routes}, each wrapped in auth and the rate limit.
     */
    public static Routes addTo(Routes routes, Db db, WorldCache cache, AuthCache authCache,
            RateLimitLayer rateLimit, long maxBodyBytes) {
        WorldsApi worlds = new WorldsApi(db, cache, maxBodyBytes);
        FortunesApi fortunes = new FortunesApi(db, maxBodyBytes);
        AuthLayer auth = new AuthLayer(db, authCache);
        return routes
                .route(Method.GET, "/api/v1/worlds/{id}", guarded(auth, rateLimit, worlds::get))
                .route(Method.PUT, "/api/v1/worlds/{id}", guarded(auth, rateLimit, worlds::put))
                .route(Method.GET, "/api/v1/fortunes", guarded(auth, rateLimit, fortunes::list))
                .route(Method.POST, "/api/v1/fortunes", guarded(auth, rateLimit, fortunes::create))
                .route(Method.GET, "/api/v1/fortunes/{id}", guarded(auth, rateLimit, fortunes::get));
    }

    private static Service<Request, Response> guarded(AuthLayer auth, RateLimitLayer rateLimit, Handler handler) {
        return ServiceBuilder.<Request, Response>create().layer(auth).layer(rateLimit).service(handler.toService());
    }
}
