package dev.weft.http.router;

import com.google.errorprone.annotations.CanIgnoreReturnValue;
import com.google.errorprone.annotations.CheckReturnValue;
import dev.weft.future.Context;
import dev.weft.future.Future;
import dev.weft.future.Futures;
import dev.weft.future.Poll;
import dev.weft.http.Handler;
import dev.weft.http.Method;
import dev.weft.http.Request;
import dev.weft.http.Response;
import dev.weft.http.Status;
import dev.weft.http.service.Service;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Routes each request to a service by path and method: axum's {@code Router} (over a segment trie, as matchit
 * does) as a Weft {@link Service}.
 * {@snippet class=dev.weft.http.router.snippets.RouterSnippets region=router}
 *
 * <p><b>Patterns.</b> A pattern is a path of segments: static text ({@code /users}), a parameter that matches
 * any one non-empty segment ({@code {id}}), or, as the last segment only, a wildcard that matches the rest of
 * the path, one character or more ({@code {*rest}}: {@code /static/{*rest}} matches {@code /static/a/b.css} but
 * not {@code /static/} nor {@code /static}). A trailing slash is a segment of its own: {@code /users} and
 * {@code /users/} are different routes. Captured values are percent-decoded per segment and handed to the
 * handler through {@link PathParams} in the request's attributes; a request whose path has a malformed escape
 * gets 400. Static segments are compared with the request's decoded segment too, so write them decoded
 * ({@code /café} matches {@code /caf%C3%A9}).
 *
 * <p><b>Priority.</b> Static segments win over parameters, parameters over wildcards, segment by segment, and
 * matching backtracks: with {@code /users/new} and {@code /users/{id}/posts}, {@code /users/new/posts} is served
 * by the second. Two routes with the same shape and method (say {@code GET /users/{id}} and
 * {@code GET /users/{name}}) are a conflict, rejected by {@link Builder#build()} with both patterns named.
 *
 * <p><b>Methods.</b> A path that matches no route goes to the fallback (404 by default). A path that matches
 * routes of other methods only gets 405 with an {@code Allow} header listing them. HEAD is served by the GET
 * route when the path has no HEAD route of its own (the server omits the body of a HEAD response), and OPTIONS
 * is answered 200 with {@code Allow} unless a route handles it. An {@link Builder#any any-method} route takes
 * every method that has no route of its own.
 *
 * <p><b>Handler styles.</b> {@link Builder#get(String, Handler) get}, {@link Builder#post post} and friends take
 * an async-block {@link Handler} (sequential code on a virtual thread; the default);
 * {@link Builder#routeService routeService} takes a poll-based {@code Service<Request, Response>}, whose
 * readiness the router polls before calling it (so a per-route concurrency limit applies backpressure to that
 * route alone).
 *
 * <p><b>Cost.</b> Matching walks the trie comparing segments in place: a request to a route without parameters
 * allocates nothing but the {@code PathParams} attribute slot; parameters cost one {@code int[]} and their
 * values. The router itself is always ready and is immutable, so one instance serves every connection.
 */
public final class Router implements Service<Request, Response> {

    /*
     * Implementation notes
     *
     * Immutable after build(): the trie is frozen (Node.freeze) before the constructor returns and is only read
     * afterwards, so matching needs no synchronisation; services it calls bring their own thread-safety.
     * I1. Every endpoint and fallback target is reachable from `root` only through frozen nodes.
     * I2. Matching allocates nothing (segments are compared in place; a segment holding '%' is decoded first);
     *     parameters are read afterwards by walking the path against the matched route's segment kinds, which
     *     is deterministic because that route's static segments matched exactly those path segments.
     * I3. A target whose service is not alwaysReady is called only after its pollReady returned Ready, in the same
     *     poll (ReadyThenCall), so a reservation is never left unused.
     */

    private final Node root;
    private final RouteTarget fallback; // null: answer 404
    private final List<Def> defs;
    private final List<FallbackDef> fallbacks;
    private final RouteTarget ownFallback;

    private Router(Builder b) {
        this.defs = List.copyOf(b.defs);
        this.fallbacks = List.copyOf(b.fallbacks);
        this.ownFallback = b.fallback;
        this.fallback = b.fallback;
        Node r = new Node();
        for (Def d : defs) {
            PathPattern p = PathPattern.parse(d.pattern);
            Node n = r;
            for (PathPattern.Segment s : p.segments()) {
                n = switch (s) {
                    case PathPattern.Static(String t) -> n.staticChild(t);
                    case PathPattern.Param x -> n.paramChild();
                    case PathPattern.Wildcard x -> n.wildcardChild();
                };
            }
            String clash = n.endpoint().add(d.method, d.target.withPattern(p));
            if (clash != null) {
                String m = d.method == null ? "ANY" : d.method.name();
                throw new IllegalArgumentException("route conflict: " + m + " " + d.pattern + " matches the same "
                        + "requests as " + m + " " + clash + ", registered before it (expected: one route per "
                        + "method and path shape " + p.shape() + ")");
            }
        }
        for (FallbackDef f : fallbacks) {
            PathPattern p = PathPattern.parse(f.prefix);
            Node n = r;
            for (PathPattern.Segment s : p.segments()) {
                n = s instanceof PathPattern.Static(String t) ? n.staticChild(t) : n.paramChild();
            }
            if (n.fallback != null) {
                throw new IllegalArgumentException("fallback conflict: two nested routers at " + f.prefix
                        + " both have a fallback (expected: at most one per prefix)");
            }
            n.fallback = f.target;
        }
        r.freeze();
        this.root = r;
    }

    /** A new, empty builder. */
    public static Builder builder() {
        return new Builder();
    }

    /** Always ready: readiness of a route's service is polled per request, once the route is known. */
    @Override
    public Poll<Void> pollReady(Context cx) {
        return Poll.ready(null);
    }

    /**
     * Routes {@code request} and calls the matching route's service (or answers 404, 405, 400 or an automatic
     * OPTIONS itself).
     *
     * <p><b>Cancel safety:</b> as the route's service's: cancelling the returned future cancels its call, or, for
     * a poll-based route still waiting for readiness, just stops waiting (nothing is reserved while Pending).
     */
    @Override
    public Future<Response> call(Request request) {
        String path = request.path();
        Endpoint ep;
        try {
            ep = path.isEmpty() || path.charAt(0) != '/' ? null : find(root, path, path.length() == 1 ? 1 : 0);
        } catch (PercentDecoding.MalformedPathException e) {
            return Futures.ready(Response.text(Status.BAD_REQUEST, "Bad Request: " + e.getMessage()));
        }
        if (ep == null) return callFallback(request, path);
        Method method = request.method();
        RouteTarget t = ep.lookup(method);
        if (t == null && method.equals(Method.HEAD)) t = ep.lookup(Method.GET);
        if (t == null) t = ep.any;
        if (t == null) {
            if (method.equals(Method.OPTIONS)) {
                return Futures.ready(Response.of(Status.OK).header("Allow", ep.allow));
            }
            return Futures.ready(Response.of(Status.METHOD_NOT_ALLOWED).header("Allow", ep.allow));
        }
        PathParams params;
        if (t.noParams() != null) {
            params = t.noParams();
        } else {
            try {
                params = capture(t, path);
            } catch (PercentDecoding.MalformedPathException e) {
                return Futures.ready(Response.text(Status.BAD_REQUEST, "Bad Request: " + e.getMessage()));
            }
        }
        request.attributes().put(PathParams.KEY, params);
        return invoke(t, request);
    }

    private Future<Response> callFallback(Request request, String path) {
        RouteTarget f = nestedFallback(path);
        if (f == null) f = fallback;
        if (f == null) return Futures.ready(Response.of(Status.NOT_FOUND));
        return invoke(f, request);
    }

    private static Future<Response> invoke(RouteTarget t, Request request) {
        if (t.alwaysReady()) return t.service().call(request);
        return new ReadyThenCall(t.service(), request);
    }

    /**
     * The endpoint for {@code path[pos..]} below {@code n}; {@code pos} is the index of the {@code /} before the
     * next segment, or the path's length when none is left. Static, then parameter, then wildcard, backtracking.
     */
    private static Endpoint find(Node n, String path, int pos) {
        int len = path.length();
        if (pos >= len) return n.endpoint;
        int start = pos + 1;
        int end = path.indexOf('/', start);
        if (end < 0) end = len;
        Node s = PercentDecoding.hasPercent(path, start, end)
                ? n.findStatic(PercentDecoding.decode(path, start, end))
                : n.findStatic(path, start, end);
        if (s != null) {
            Endpoint e = find(s, path, end);
            if (e != null) return e;
        }
        if (n.param != null && end > start) {
            Endpoint e = find(n.param, path, end);
            if (e != null) return e;
        }
        if (n.wildcard != null && start < len) return n.wildcard.endpoint;
        return null;
    }

    /** The fallback of the deepest nested router whose prefix {@code path} is under; null if none. */
    private RouteTarget nestedFallback(String path) {
        if (fallbacks.isEmpty() || path.isEmpty() || path.charAt(0) != '/') return null;
        Node n = root;
        RouteTarget found = n.fallback;
        int len = path.length();
        int pos = len == 1 ? 1 : 0;
        while (pos < len) {
            int start = pos + 1;
            int end = path.indexOf('/', start);
            if (end < 0) end = len;
            Node next;
            try {
                next = PercentDecoding.hasPercent(path, start, end)
                        ? n.findStatic(PercentDecoding.decode(path, start, end)) : n.findStatic(path, start, end);
            } catch (PercentDecoding.MalformedPathException e) {
                next = null;
            }
            if (next == null && end > start) next = n.param;
            if (next == null) break;
            n = next;
            if (n.fallback != null) found = n.fallback;
            pos = end;
        }
        return found;
    }

    /** The parameters of {@code path} for the route {@code t}, which matched it (I2). */
    private static PathParams capture(RouteTarget t, String path) {
        byte[] kinds = t.segmentKinds();
        String[] values = new String[t.paramNames().length];
        int v = 0;
        int pos = 0;
        int len = path.length();
        for (int i = 0; i < kinds.length; i++) {
            int start = pos + 1;
            if (kinds[i] == RouteTarget.WILDCARD) {
                values[v] = decodeSegments(path, start, len);
                break;
            }
            int end = path.indexOf('/', start);
            if (end < 0) end = len;
            if (kinds[i] == RouteTarget.PARAM) values[v++] = PercentDecoding.decode(path, start, end);
            pos = end;
        }
        return new PathParams(t.route(), t.paramNames(), values);
    }

    /** {@code path[start, end)} decoded segment by segment (a wildcard's value), joined with {@code /}. */
    private static String decodeSegments(String path, int start, int end) {
        int first = path.indexOf('/', start);
        if (first < 0 || first >= end) return PercentDecoding.decode(path, start, end);
        StringBuilder sb = new StringBuilder(end - start);
        int s = start;
        while (true) {
            int slash = path.indexOf('/', s);
            int e = slash < 0 || slash > end ? end : slash;
            sb.append(PercentDecoding.decode(path, s, e));
            if (e >= end) break;
            sb.append('/');
            s = e + 1;
        }
        return sb.toString();
    }

    @Override
    public String toString() {
        return "Router[" + defs.size() + " routes]";
    }

    /** One registered route: method (null for any), full pattern, target. */
    private record Def(Method method, String pattern, RouteTarget target) {}

    /** The fallback of a nested router, for paths at or under {@code prefix}. */
    private record FallbackDef(String prefix, RouteTarget target) {}

    /** Calls a poll-based route service once it is ready (I3). */
    private static final class ReadyThenCall implements Future<Response> {
        private final Service<Request, Response> service;
        private Request request;
        private Future<Response> call;

        ReadyThenCall(Service<Request, Response> service, Request request) {
            this.service = service;
            this.request = request;
        }

        @Override
        public Poll<Response> poll(Context cx) {
            Future<Response> c = call;
            if (c == null) {
                if (service.pollReady(cx).isPending()) return Poll.pending();
                Request r = request;
                request = null;
                call = c = service.call(r);
            }
            return c.poll(cx);
        }

        @Override
        public void cancel() {
            Future<Response> c = call;
            if (c != null) c.cancel();
        }
    }

    /**
     * Collects routes, nested routers and a fallback; {@link #build()} checks them and compiles the trie. Not
     * thread-safe; a builder may be reused after {@code build()} (the router does not see later changes).
     */
    @CanIgnoreReturnValue // the setters return this builder
    public static final class Builder {
        private final List<Def> defs = new ArrayList<>();
        private final List<FallbackDef> fallbacks = new ArrayList<>();
        private RouteTarget fallback;

        private Builder() {}

        /** Routes GET requests for {@code path} (and HEAD, unless a HEAD route exists) to {@code handler}. */
        public Builder get(String path, Handler handler) {
            return route(Method.GET, path, handler);
        }

        /** Routes POST requests for {@code path} to {@code handler}. */
        public Builder post(String path, Handler handler) {
            return route(Method.POST, path, handler);
        }

        /** Routes PUT requests for {@code path} to {@code handler}. */
        public Builder put(String path, Handler handler) {
            return route(Method.PUT, path, handler);
        }

        /** Routes PATCH requests for {@code path} to {@code handler}. */
        public Builder patch(String path, Handler handler) {
            return route(Method.PATCH, path, handler);
        }

        /** Routes DELETE requests for {@code path} to {@code handler}. */
        public Builder delete(String path, Handler handler) {
            return route(Method.DELETE, path, handler);
        }

        /**
         * Routes {@code method} requests for {@code path} to an async-block {@code handler}.
         *
         * @throws IllegalArgumentException when {@code path} is not a valid pattern (see {@link Router})
         */
        public Builder route(Method method, String path, Handler handler) {
            Objects.requireNonNull(method, "method");
            Objects.requireNonNull(handler, "handler");
            return add(method, path, handler.toService(), true);
        }

        /**
         * Routes {@code method} requests for {@code path} to a poll-based {@code service}; the router polls its
         * readiness before each call.
         *
         * @throws IllegalArgumentException when {@code path} is not a valid pattern (see {@link Router})
         */
        public Builder routeService(Method method, String path, Service<Request, Response> service) {
            Objects.requireNonNull(method, "method");
            Objects.requireNonNull(service, "service");
            return add(method, path, service, false);
        }

        /** Routes requests of every method that has no route of its own at {@code path} to {@code handler}. */
        public Builder any(String path, Handler handler) {
            Objects.requireNonNull(handler, "handler");
            return add(null, path, handler.toService(), true);
        }

        /** As {@link #any(String, Handler)} with a poll-based service. */
        public Builder anyService(String path, Service<Request, Response> service) {
            Objects.requireNonNull(service, "service");
            return add(null, path, service, false);
        }

        /**
         * Adds every route of {@code router} under {@code prefix} ({@code /api/v1} + {@code /users} is
         * {@code /api/v1/users}; its {@code /} route becomes {@code /api/v1}). When {@code router} has a fallback
         * it answers the unmatched paths at or under {@code prefix}; conflicts are reported by {@link #build()}.
         *
         * @throws IllegalArgumentException when {@code prefix} does not start with {@code /}, ends with
         *     {@code /}, or holds a wildcard
         */
        public Builder nest(String prefix, Router router) {
            Objects.requireNonNull(router, "router");
            PathPattern p = PathPattern.parse(prefix);
            if (p.segments().isEmpty() || prefix.endsWith("/")) {
                throw new IllegalArgumentException("prefix: \"" + prefix + "\" (expected: a path like /api that "
                        + "does not end with /; use merge(router) to add routes at the root)");
            }
            for (PathPattern.Segment s : p.segments()) {
                if (s instanceof PathPattern.Wildcard) {
                    throw new IllegalArgumentException("prefix: \"" + prefix
                            + "\" holds a wildcard (expected: static segments and {params} only)");
                }
            }
            for (Def d : router.defs) {
                defs.add(new Def(d.method, d.pattern.equals("/") ? prefix : prefix + d.pattern, d.target));
            }
            for (FallbackDef f : router.fallbacks) {
                fallbacks.add(new FallbackDef(f.prefix.equals("/") ? prefix : prefix + f.prefix, f.target));
            }
            if (router.ownFallback != null) fallbacks.add(new FallbackDef(prefix, router.ownFallback));
            return this;
        }

        /** Adds every route and nested fallback of {@code router} at the root (its own fallback is not taken). */
        public Builder merge(Router router) {
            Objects.requireNonNull(router, "router");
            defs.addAll(router.defs);
            fallbacks.addAll(router.fallbacks);
            return this;
        }

        /** Answers requests no route matches with {@code handler} (default: an empty 404). */
        public Builder fallback(Handler handler) {
            Objects.requireNonNull(handler, "handler");
            fallback = RouteTarget.of(handler.toService(), true, PathPattern.parse("/"));
            return this;
        }

        /** As {@link #fallback(Handler)} with a poll-based service. */
        public Builder fallbackService(Service<Request, Response> service) {
            Objects.requireNonNull(service, "service");
            fallback = RouteTarget.of(service, false, PathPattern.parse("/"));
            return this;
        }

        private Builder add(Method method, String path, Service<Request, Response> service, boolean alwaysReady) {
            PathPattern p = PathPattern.parse(path); // fail fast on a malformed pattern
            defs.add(new Def(method, p.text(), RouteTarget.of(service, alwaysReady, p)));
            return this;
        }

        /**
         * The router.
         *
         * @throws IllegalArgumentException when two routes conflict (same method and path shape), naming both
         */
        @CheckReturnValue
        public Router build() {
            return new Router(this);
        }
    }
}
