package dev.weft.service.http;

import dev.weft.future.Future;
import dev.weft.future.Futures;
import dev.weft.http.Method;
import dev.weft.http.Request;
import dev.weft.http.Response;
import dev.weft.http.Status;
import dev.weft.http.service.Service;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The service's route table: method plus path template ({@code /api/v1/worlds/{id}}: literal segments and at
 * most one {@code {id}} parameter), first match wins. A path that matches no template is a 404 problem; a path
 * that matches with another method is a 405 problem with {@code Allow}. The matched template is recorded on the
 * request ({@link Route#TEMPLATE}) for per-route metrics, and {@code HEAD} is served by the {@code GET} route.
 *
 * <p>Every route service here is always ready (handlers and poll-based functions), so this table is always ready.
 */
public final class Routes implements Service<Request, Response> {

    private record Entry(Method method, String template, String[] segments, Service<Request, Response> service) {}

    private final List<Entry> entries = new ArrayList<>();

    /** Adds a route; returns this table. */
    public Routes route(Method method, String template, Service<Request, Response> service) {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(service, "service");
        if (!template.startsWith("/")) throw new IllegalArgumentException("template: " + template + " (expected: /path)");
        entries.add(new Entry(method, template, template.substring(1).split("/", -1), service));
        return this;
    }

    /** Adds a GET route. */
    public Routes get(String template, Service<Request, Response> service) {
        return route(Method.GET, template, service);
    }

    @Override
    public Future<Response> call(Request request) {
        String path = request.path();
        if (!path.startsWith("/")) {
            request.attributes().put(Route.TEMPLATE, "unmatched");
            return Futures.ready(Problem.notFound("No resource at " + path + "."));
        }
        String[] segs = path.substring(1).split("/", -1);
        Method m = request.method();
        Method lookup = m.equals(Method.HEAD) ? Method.GET : m;
        Set<String> allowed = null;
        for (Entry e : entries) {
            String id = match(e.segments, segs);
            if (id == null) continue;
            if (!e.method.equals(lookup)) {
                if (allowed == null) allowed = new LinkedHashSet<>();
                allowed.add(e.method.toString());
                if (e.method.equals(Method.GET)) allowed.add("HEAD");
                continue;
            }
            request.attributes().put(Route.TEMPLATE, e.template);
            if (!id.isEmpty()) request.attributes().put(Route.ID, id);
            return e.service.call(request);
        }
        if (allowed != null) {
            request.attributes().put(Route.TEMPLATE, "method-not-allowed");
            String allow = allowed.stream().collect(Collectors.joining(", "));
            Response r = Problem.of(Status.METHOD_NOT_ALLOWED, "method-not-allowed",
                    "Method " + m + " is not allowed on " + path + " (allowed: " + allow + ").");
            return Futures.ready(r.header("Allow", allow));
        }
        request.attributes().put(Route.TEMPLATE, "unmatched");
        return Futures.ready(Problem.notFound("No resource at " + path + "."));
    }

    /** The {id} value ("" when the template has none) if {@code segs} matches {@code template}, else null. */
    private static String match(String[] template, String[] segs) {
        if (template.length != segs.length) return null;
        String id = "";
        for (int i = 0; i < template.length; i++) {
            String t = template[i];
            if (t.startsWith("{") && t.endsWith("}")) {
                if (segs[i].isEmpty()) return null;
                id = segs[i];
            } else if (!t.equals(segs[i])) {
                return null;
            }
        }
        return id;
    }
}
