package dev.weft.http.router;

import dev.weft.http.Method;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The routes that end at one trie node, by method, plus an optional any-method route; and the precomputed
 * {@code Allow} value for 405 and automatic OPTIONS answers.
 */
final class Endpoint {
    private static final List<Method> STANDARD_ORDER = List.of(Method.GET, Method.HEAD, Method.POST, Method.PUT,
            Method.PATCH, Method.DELETE, Method.OPTIONS, Method.CONNECT, Method.TRACE);

    private Map<Method, RouteTarget> build = new LinkedHashMap<>();
    private Method[] methods;
    private RouteTarget[] targets;
    RouteTarget any;
    String allow;

    /** Adds a route; returns the conflicting route's pattern when {@code method} (null: any) is taken. */
    String add(Method method, RouteTarget target) {
        if (method == null) {
            if (any != null) return any.route();
            any = target;
            return null;
        }
        RouteTarget old = build.putIfAbsent(method, target);
        return old == null ? null : old.route();
    }

    void freeze() {
        methods = build.keySet().toArray(Method[]::new);
        targets = build.values().toArray(RouteTarget[]::new);
        List<Method> allowed = new ArrayList<>();
        for (Method m : STANDARD_ORDER) {
            boolean has = build.containsKey(m) || m.equals(Method.HEAD) && build.containsKey(Method.GET)
                    || m.equals(Method.OPTIONS);
            if (has) allowed.add(m);
        }
        for (Method m : build.keySet()) {
            if (!allowed.contains(m)) allowed.add(m);
        }
        StringBuilder sb = new StringBuilder();
        for (Method m : allowed) {
            if (!sb.isEmpty()) sb.append(", ");
            sb.append(m.name());
        }
        allow = sb.toString();
        build = null;
    }

    /** The route for {@code method} exactly, or null. Identity first: standard methods are shared constants. */
    RouteTarget lookup(Method method) {
        Method[] ms = methods;
        for (int i = 0; i < ms.length; i++) {
            if (ms[i] == method) return targets[i];
        }
        for (int i = 0; i < ms.length; i++) {
            if (ms[i].equals(method)) return targets[i];
        }
        return null;
    }
}
