package dev.weft.http;

import com.google.errorprone.annotations.CanIgnoreReturnValue;
import java.net.InetSocketAddress;
import java.util.Objects;
import java.util.Optional;

/**
 * An HTTP request: method, request-target, version, header fields and body, plus {@link Attributes} for
 * middleware. The server builds one per request it parses; a client sends one.
 *
 * <p>The target is kept as sent ({@link #target()}); {@link #path()} and {@link #query()} split it. For the
 * absolute form ({@code GET http://example.com/a?b HTTP/1.1}) the path is {@code /a} and {@link #authority()} is
 * {@code example.com}; for the asterisk form ({@code OPTIONS *}) the path is {@code *}. Percent-encoding is left
 * in place: the router decodes path segments.
 *
 * <p>Not thread-safe: a request is owned by one task at a time.
 * {@snippet :
 * Request req = Request.get("/hello?name=weft").header("Accept", "text/plain");
 * req.path();   // "/hello"
 * req.query();  // Optional[name=weft]
 * }
 */
public final class Request {

    private final Method method;
    private final String target;
    private final Version version;
    private final Headers headers;
    private Body body;
    private final String path;
    private final String query;
    private final String authority;
    private InetSocketAddress remoteAddress;
    private Attributes attributes;

    /**
     * A request.
     *
     * @param method the method
     * @param target the request-target in origin form ({@code /path?query}), absolute form, authority form
     *     (CONNECT only) or asterisk form ({@code *})
     * @param version the protocol version
     * @param headers the header fields (owned by the request from now on)
     * @param body the body ({@link Body#empty()} for none)
     * @throws IllegalArgumentException when {@code target} is empty or holds spaces or control characters
     */
    public Request(Method method, String target, Version version, Headers headers, Body body) {
        this.method = Objects.requireNonNull(method, "method");
        this.target = Objects.requireNonNull(target, "target");
        this.version = Objects.requireNonNull(version, "version");
        this.headers = Objects.requireNonNull(headers, "headers");
        this.body = Objects.requireNonNull(body, "body");
        if (target.isEmpty()) throw new IllegalArgumentException("target: \"\" (expected: /path, an absolute URI or *)");
        for (int i = 0; i < target.length(); i++) {
            char c = target.charAt(i);
            if (c <= 0x20 || c >= 0x7f) {
                throw new IllegalArgumentException("target: contains a space, control or non-ASCII character at "
                        + "index " + i + " (expected: a percent-encoded URI)");
            }
        }
        String rest = target;
        String auth = null;
        int scheme = target.indexOf("://");
        if (target.charAt(0) != '/' && target.charAt(0) != '*' && scheme > 0) {
            int start = scheme + 3;
            int slash = indexOfAny(target, start);
            auth = target.substring(start, slash < 0 ? target.length() : slash);
            rest = slash < 0 ? "/" : target.substring(slash);
            if (rest.charAt(0) == '?') rest = "/" + rest;
        } else if (target.charAt(0) != '/' && target.charAt(0) != '*') {
            auth = target; // authority form (CONNECT host:port)
            rest = "";
        }
        int q = rest.indexOf('?');
        int hash = rest.indexOf('#');
        if (hash >= 0) rest = rest.substring(0, hash);
        this.path = q < 0 ? rest : rest.substring(0, q);
        this.query = q < 0 || q >= rest.length() ? null : rest.substring(q + 1);
        this.authority = auth;
    }

    private static int indexOfAny(String s, int from) {
        for (int i = from; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '/' || c == '?' || c == '#') return i;
        }
        return -1;
    }

    /** A GET request for {@code target}, HTTP/1.1, no headers, empty body. */
    public static Request get(String target) {
        return new Request(Method.GET, target, Version.HTTP_1_1, new Headers(), Body.empty());
    }

    /** A POST request for {@code target} with {@code body}, HTTP/1.1. */
    public static Request post(String target, Body body) {
        return new Request(Method.POST, target, Version.HTTP_1_1, new Headers(), body);
    }

    /** Adds a header field; returns this request (for building requests fluently). */
    @CanIgnoreReturnValue
    public Request header(String name, String value) {
        headers.add(name, value);
        return this;
    }

    /** The method. */
    public Method method() {
        return method;
    }

    /** The request-target as sent on the request line. */
    public String target() {
        return target;
    }

    /** The path of the target (still percent-encoded), e.g. {@code /a/b}; {@code *} for the asterisk form. */
    public String path() {
        return path;
    }

    /** The query of the target (after {@code ?}, still percent-encoded), if it has one. */
    public Optional<String> query() {
        return Optional.ofNullable(query);
    }

    /**
     * The authority the request names: from an absolute-form or authority-form target, else the {@code Host}
     * header (RFC 9112 §3.2.2: the target's authority wins over Host).
     */
    public Optional<String> authority() {
        return authority != null ? Optional.of(authority) : headers.get("Host");
    }

    /** The protocol version. */
    public Version version() {
        return version;
    }

    /** The header fields (mutable). */
    public Headers headers() {
        return headers;
    }

    /** The body. */
    public Body body() {
        return body;
    }

    /** Replaces the body (middleware that wraps it, e.g. a body limit); returns this request. */
    @CanIgnoreReturnValue
    public Request body(Body newBody) {
        this.body = Objects.requireNonNull(newBody, "body");
        return this;
    }

    /** The peer's address, when the request came from a socket. */
    public Optional<InetSocketAddress> remoteAddress() {
        return Optional.ofNullable(remoteAddress);
    }

    /** Sets the peer's address (servers call this); returns this request. */
    @CanIgnoreReturnValue
    public Request remoteAddress(InetSocketAddress address) {
        this.remoteAddress = Objects.requireNonNull(address, "address");
        return this;
    }

    /** The request's attributes, created on first use. */
    public Attributes attributes() {
        Attributes a = attributes;
        if (a == null) attributes = a = new Attributes();
        return a;
    }

    /**
     * Whether the client asked to keep the connection open after this request: HTTP/1.1 unless
     * {@code Connection: close}; HTTP/1.0 only with {@code Connection: keep-alive} (RFC 9112 §9.3).
     */
    public boolean keepAlive() {
        if (version == Version.HTTP_1_1) return !headers.containsToken("Connection", "close");
        return headers.containsToken("Connection", "keep-alive");
    }

    @Override
    public String toString() {
        return method + " " + target + " " + version;
    }
}
