package dev.weft.http.router;

import dev.weft.http.Attributes;
import dev.weft.http.Request;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;

/**
 * The path parameters the {@link Router} captured for a request, percent-decoded, plus the pattern of the route
 * that matched. The router stores them in the request's {@link Attributes} under {@link #KEY} before it calls
 * the route's handler.
 * {@snippet :
 * Router router = Router.builder()
 *         .get("/users/{id}/files/{*path}", req -> {
 *             PathParams p = PathParams.of(req);
 *             return Response.text("user " + p.get("id") + " wants " + p.get("path"));
 *         })
 *         .build();
 * // GET /users/42/files/a%20b/c.txt  ->  "user 42 wants a b/c.txt"
 * }
 *
 * <p>Each segment is decoded on its own, after the path was split at {@code /}: {@code /users/a%2Fb} gives
 * {@code id = "a/b"}. A wildcard's value is its segments decoded one by one and joined with {@code /}.
 *
 * <p>Immutable, so safe to share.
 */
public final class PathParams {

    /** The attribute key under which the router stores the parameters of a routed request. */
    public static final Attributes.Key<PathParams> KEY = Attributes.Key.of("weft.router.pathParams", PathParams.class);

    private static final String[] NONE = new String[0];

    /** No parameters, no route: what {@link #of} returns for a request the router did not route. */
    public static final PathParams EMPTY = new PathParams("", NONE, NONE);

    private final String route;
    private final String[] names;
    private final String[] values;

    PathParams(String route, String[] names, String[] values) {
        this.route = route;
        this.names = names;
        this.values = values;
    }

    /** The parameters the router attached to {@code request}, or {@link #EMPTY} when it attached none. */
    public static PathParams of(Request request) {
        Objects.requireNonNull(request, "request");
        return request.attributes().get(KEY).orElse(EMPTY);
    }

    /** The pattern of the route that matched, as registered (with any nesting prefix), e.g. {@code /users/{id}}. */
    public String route() {
        return route;
    }

    /**
     * The decoded value of parameter {@code name}.
     *
     * @throws NoSuchElementException when the matched route has no parameter of that name
     */
    public String get(String name) {
        Objects.requireNonNull(name, "name");
        for (int i = 0; i < names.length; i++) {
            if (names[i].equals(name)) return values[i];
        }
        throw new NoSuchElementException("path parameter: \"" + name + "\" (expected one of " + Arrays.toString(names)
                + " of route \"" + route + "\")");
    }

    /** The decoded value of parameter {@code name}, if the matched route has it. */
    public Optional<String> find(String name) {
        Objects.requireNonNull(name, "name");
        for (int i = 0; i < names.length; i++) {
            if (names[i].equals(name)) return Optional.of(values[i]);
        }
        return Optional.empty();
    }

    /** The number of parameters. */
    public int size() {
        return names.length;
    }

    /** The name of parameter {@code i}, in pattern order. */
    public String name(int i) {
        Objects.checkIndex(i, names.length);
        return names[i];
    }

    /** The decoded value of parameter {@code i}, in pattern order. */
    public String value(int i) {
        Objects.checkIndex(i, values.length);
        return values[i];
    }

    /** The parameters as an ordered map (a copy). */
    public Map<String, String> asMap() {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < names.length; i++) m.put(names[i], values[i]);
        return m;
    }

    @Override
    public String toString() {
        return "PathParams[" + route + " " + asMap() + "]";
    }
}
