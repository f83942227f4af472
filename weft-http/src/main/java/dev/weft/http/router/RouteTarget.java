package dev.weft.http.router;

import dev.weft.http.Request;
import dev.weft.http.Response;
import dev.weft.http.service.Service;

/**
 * What one route runs: its service, whether that service is always ready (an async-block {@code Handler}, whose
 * readiness need not be polled), the pattern it was registered with and its parameter names in capture order.
 */
record RouteTarget(Service<Request, Response> service, boolean alwaysReady, String route, String[] paramNames,
        PathParams noParams) {

    static RouteTarget of(Service<Request, Response> service, boolean alwaysReady, String route, String[] names) {
        return new RouteTarget(service, alwaysReady, route, names,
                names.length == 0 ? new PathParams(route, names, names) : null);
    }

    /** The same target registered under {@code newRoute} (nesting adds a prefix). */
    RouteTarget withRoute(String newRoute, String[] names) {
        return of(service, alwaysReady, newRoute, names);
    }
}
