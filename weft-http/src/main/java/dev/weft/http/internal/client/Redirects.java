package dev.weft.http.internal.client;

import dev.weft.future.Context;
import dev.weft.future.Future;
import dev.weft.future.Poll;
import dev.weft.http.Body;
import dev.weft.http.Headers;
import dev.weft.http.Method;
import dev.weft.http.Request;
import dev.weft.http.Response;
import dev.weft.http.client.TooManyRedirectsException;
import java.net.URI;
import java.util.Optional;

/**
 * Follows redirects (301, 302, 303, 307, 308 with a {@code Location}) up to a maximum, RFC 9110 §15.4: 303 turns
 * any method but HEAD into GET without a body; 301 and 302 turn POST into GET (what every user agent does, as
 * the RFC notes); 307 and 308 repeat the method and body, which needs a body in memory ({@link Body.Full}),
 * else the redirect response is returned as it is. Credentials ({@code Authorization}, {@code Cookie},
 * {@code Proxy-Authorization}) are not sent to another origin. The redirect response's body is read and dropped
 * (up to 64 KiB, so its connection can be reused; a longer one closes the connection).
 */
public final class Redirects implements Future<Response> {
    private static final long DRAIN_LIMIT = 64 * 1024;

    private final ClientSettings settings;
    private final Pool pool;
    private Request request;
    private URI uri;
    private Future<Response> current;
    private Future<byte[]> draining;
    private int followed;

    public Redirects(ClientSettings settings, Pool pool, Request request, URI uri) {
        this.settings = settings;
        this.pool = pool;
        this.request = request;
        this.uri = uri;
        this.current = start(settings, pool, request, uri, Origin.of(uri));
    }

    /** One exchange of {@code request} to {@code uri}. */
    public static Exchange start(ClientSettings settings, Pool pool, Request request, URI uri, Origin origin) {
        String path = uri.getRawPath();
        if (path == null || path.isEmpty()) path = "/";
        String query = uri.getRawQuery();
        String originForm = query == null ? path : path + "?" + query;
        return new Exchange(settings, pool.host(origin), request, originForm);
    }

    @Override
    public Poll<Response> poll(Context cx) {
        for (;;) {
            if (draining != null) {
                try {
                    if (draining.poll(cx).isPending()) return Poll.pending();
                } catch (RuntimeException e) {
                    // too long (the body was cancelled, closing its connection) or its connection failed: the
                    // redirect's body is dropped either way, and the next exchange does not depend on it
                }
                draining = null;
            }
            Poll<Response> p = current.poll(cx);
            if (p.isPending()) return Poll.pending();
            Response r = p.value();
            int code = r.status().code();
            Optional<String> location = r.headers().get("Location");
            if (!(code == 301 || code == 302 || code == 303 || code == 307 || code == 308) || location.isEmpty()) {
                current = null;
                return p;
            }
            URI next;
            Origin nextOrigin;
            try {
                next = uri.resolve(location.get().strip());
                nextOrigin = Origin.of(next);
            } catch (IllegalArgumentException e) {
                current = null;
                return p; // a Location we cannot follow: the caller gets the redirect itself
            }
            Method method = request.method();
            Body body = request.body();
            if (code == 303 && !method.equals(Method.HEAD) || (code == 301 || code == 302) && method.equals(Method.POST)) {
                method = Method.GET;
                body = Body.empty();
            } else if (body.contentLength() != 0 && !(body instanceof Body.Full)) {
                current = null;
                return p; // 307/308 with a streamed body that is gone: cannot repeat it
            }
            if (followed == settings.maxRedirects()) {
                r.body().cancel();
                current = null;
                throw new TooManyRedirectsException(settings.maxRedirects(), next.toString());
            }
            followed++;
            Headers headers = new Headers(request.headers());
            headers.remove("Host");
            if (!nextOrigin.equals(Origin.of(uri))) {
                headers.remove("Authorization");
                headers.remove("Proxy-Authorization");
                headers.remove("Cookie");
            }
            if (body.contentLength() == 0 && !method.equals(request.method())) {
                headers.remove("Content-Type");
                headers.remove("Content-Encoding");
            }
            request = new Request(method, next.toASCIIString(), request.version(), headers, body);
            uri = next;
            draining = r.body().bytes(DRAIN_LIMIT);
            current = start(settings, pool, request, uri, nextOrigin);
        }
    }

    @Override
    public void cancel() {
        if (draining != null) draining.cancel();
        if (current != null) current.cancel();
    }
}
