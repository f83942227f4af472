package dev.weft.http;

import java.util.Objects;

/**
 * An HTTP request method (RFC 9110 §9): the standard ones as constants, extension methods through {@link #of}.
 *
 * <p>Methods are case-sensitive tokens ({@code get} is not {@code GET}). Instances of the standard methods are
 * shared, so {@code ==} works for them; compare with {@link #equals} in general.
 *
 * @param name the method token, as sent on the request line
 */
public record Method(String name) {

    /** {@code GET}: safe, idempotent. */
    public static final Method GET = new Method("GET");
    /** {@code HEAD}: as GET without the response body. */
    public static final Method HEAD = new Method("HEAD");
    /** {@code POST}. */
    public static final Method POST = new Method("POST");
    /** {@code PUT}: idempotent. */
    public static final Method PUT = new Method("PUT");
    /** {@code DELETE}: idempotent. */
    public static final Method DELETE = new Method("DELETE");
    /** {@code PATCH} (RFC 5789). */
    public static final Method PATCH = new Method("PATCH");
    /** {@code OPTIONS}: safe, idempotent. */
    public static final Method OPTIONS = new Method("OPTIONS");
    /** {@code CONNECT}. */
    public static final Method CONNECT = new Method("CONNECT");
    /** {@code TRACE}. */
    public static final Method TRACE = new Method("TRACE");

    /**
     * Validates the token.
     *
     * @throws IllegalArgumentException when {@code name} is empty or not an RFC 9110 token
     */
    public Method {
        Objects.requireNonNull(name, "name");
        if (name.isEmpty() || !Tokens.isToken(name)) {
            throw new IllegalArgumentException("method: \"" + name + "\" (expected: an RFC 9110 token such as GET)");
        }
    }

    /**
     * The method named {@code name}: the shared constant for a standard method, else a new extension method.
     *
     * @throws IllegalArgumentException when {@code name} is not a token
     */
    public static Method of(String name) {
        Objects.requireNonNull(name, "name");
        return switch (name) {
            case "GET" -> GET;
            case "HEAD" -> HEAD;
            case "POST" -> POST;
            case "PUT" -> PUT;
            case "DELETE" -> DELETE;
            case "PATCH" -> PATCH;
            case "OPTIONS" -> OPTIONS;
            case "CONNECT" -> CONNECT;
            case "TRACE" -> TRACE;
            default -> new Method(name);
        };
    }

    /** Whether the method is safe (RFC 9110 §9.2.1): GET, HEAD, OPTIONS, TRACE. */
    public boolean isSafe() {
        return this.equals(GET) || this.equals(HEAD) || this.equals(OPTIONS) || this.equals(TRACE);
    }

    /** Whether the method is idempotent (RFC 9110 §9.2.2): the safe ones plus PUT and DELETE. */
    public boolean isIdempotent() {
        return isSafe() || this.equals(PUT) || this.equals(DELETE);
    }

    @Override
    public String toString() {
        return name;
    }
}
