package dev.weft.service.http;

import dev.weft.http.Attributes;

/** The request attributes the service's layers share. */
public final class Route {
    /** The matched route's template ({@code /api/v1/worlds/{id}}), for metrics and logs; "unmatched" otherwise. */
    public static final Attributes.Key<String> TEMPLATE = Attributes.Key.of("weft.route", String.class);
    /** The path parameter {@code {id}} of the matched route, raw. */
    public static final Attributes.Key<String> ID = Attributes.Key.of("weft.route.id", String.class);

    private Route() {}
}
