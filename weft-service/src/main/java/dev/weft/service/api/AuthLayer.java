package dev.weft.service.api;

import dev.weft.future.Future;
import dev.weft.future.Futures;
import dev.weft.http.Request;
import dev.weft.http.Response;
import dev.weft.http.Status;
import dev.weft.http.service.Layer;
import dev.weft.http.service.Service;
import dev.weft.service.db.ApiKeyRepository;
import dev.weft.service.db.Db;
import dev.weft.service.http.Problem;
import java.util.Optional;

/**
 * Authentication, the first stage of the API pipeline: {@code Authorization: Bearer <key>} (RFC 6750).
 *
 * <p>The key is checked for shape (no lookup for garbage), hashed, and looked up in {@link AuthCache}, then on
 * a miss in the database through {@link Db#call} (asynchronously: the request's task waits on a future, no
 * thread blocks). The {@link Principal} goes on the request for the stages after. Failures are 401 problems
 * with {@code WWW-Authenticate: Bearer realm="weft"} (plus {@code error="invalid_token"} when a key was sent
 * but is wrong, revoked or malformed), and are never cached longer than the TTL.
 *
 * <p>The layer is as ready as its inner service (it reserves nothing itself).
 */
public final class AuthLayer implements Layer<Request, Response> {
    static final String REALM = "Bearer realm=\"weft\"";

    private final Db db;
    private final AuthCache cache;

    /** Authenticates against {@code db}, caching lookups in {@code cache}. */
    public AuthLayer(Db db, AuthCache cache) {
        this.db = db;
        this.cache = cache;
    }

    @Override
    public Service<Request, Response> layer(Service<Request, Response> inner) {
        return new Service<>() {
            @Override
            public dev.weft.future.Poll<Void> pollReady(dev.weft.future.Context cx) {
                return inner.pollReady(cx);
            }

            @Override
            public void releaseReady() {
                inner.releaseReady();
            }

            @Override
            public Future<Response> call(Request req) {
                Optional<String> header = req.headers().get("Authorization");
                if (header.isEmpty()) {
                    inner.releaseReady();
                    return Futures.ready(unauthorized(null, "This API needs an API key: send Authorization: Bearer <key>."));
                }
                String h = header.get().strip();
                if (h.length() < 7 || !h.regionMatches(true, 0, "Bearer ", 0, 7)) {
                    inner.releaseReady();
                    return Futures.ready(unauthorized(null, "The Authorization scheme must be Bearer."));
                }
                String key = h.substring(7).strip();
                if (!ApiKeys.wellFormed(key)) {
                    inner.releaseReady();
                    return Futures.ready(unauthorized("invalid_token", "The API key is malformed."));
                }
                String hash = ApiKeys.hash(key);
                Optional<Principal> cached = cache.get(hash);
                if (cached != null) return proceed(inner, req, cached);
                return db.call(sql -> ApiKeyRepository.findLive(sql, hash)).then(found -> {
                    Principal p = found.map(k -> new Principal(k.id(), k.name(), k.prefix())).orElse(null);
                    cache.put(hash, p);
                    return proceed(inner, req, Optional.ofNullable(p));
                });
            }
        };
    }

    private static Future<Response> proceed(Service<Request, Response> inner, Request req, Optional<Principal> p) {
        if (p.isEmpty()) {
            inner.releaseReady();
            return Futures.ready(unauthorized("invalid_token", "The API key is unknown or revoked."));
        }
        req.attributes().put(Principal.KEY, p.get());
        return inner.call(req);
    }

    /** A 401 problem with the challenge. */
    static Response unauthorized(String error, String detail) {
        String challenge = error == null ? REALM : REALM + ", error=\"" + error + "\"";
        return Problem.of(Status.UNAUTHORIZED, "unauthorized", detail).header("WWW-Authenticate", challenge);
    }
}
