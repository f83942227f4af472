package dev.weft.http.router;

import dev.weft.http.Request;
import dev.weft.http.Response;
import dev.weft.http.service.Service;

/**
 * What one route runs: its service, whether that service is always ready (an async-block {@code Handler}, whose
 * readiness need not be polled), the pattern it was registered with, its parameter names in capture order and
 * the kind of each of its segments ({@link #STATIC}, {@link #PARAM}, {@link #WILDCARD}), which tells the router
 * where to read the parameters once this route matched.
 */
record RouteTarget(Service<Request, Response> service, boolean alwaysReady, String route, String[] paramNames,
        byte[] segmentKinds, PathParams noParams) {

    static final byte STATIC = 0;
    static final byte PARAM = 1;
    static final byte WILDCARD = 2;

    static RouteTarget of(Service<Request, Response> service, boolean alwaysReady, PathPattern pattern) {
        String[] names = pattern.paramNames();
        byte[] kinds = new byte[pattern.segments().size()];
        for (int i = 0; i < kinds.length; i++) {
            kinds[i] = switch (pattern.segments().get(i)) {
                case PathPattern.Static s -> STATIC;
                case PathPattern.Param p -> PARAM;
                case PathPattern.Wildcard w -> WILDCARD;
            };
        }
        return new RouteTarget(service, alwaysReady, pattern.text(), names, kinds,
                names.length == 0 ? new PathParams(pattern.text(), names, names) : null);
    }

    /** The same target registered under {@code pattern} (nesting adds a prefix). */
    RouteTarget withPattern(PathPattern pattern) {
        return of(service, alwaysReady, pattern);
    }
}
