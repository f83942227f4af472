package dev.weft.http;

import com.google.errorprone.annotations.CanIgnoreReturnValue;
import java.util.Objects;

/**
 * An HTTP response: status, header fields and body. Built fluently; owned by one task at a time.
 * {@snippet :
 * Response r = Response.text("Hello, World!");                         // 200, text/plain; charset=utf-8
 * Response j = Response.json(Status.CREATED, "{\"id\":1}").header("Location", "/items/1");
 * Response e = Response.of(Status.NOT_FOUND);                          // empty body
 * }
 *
 * <p>Servers add {@code Date}, {@code Content-Length} or {@code Transfer-Encoding}, and {@code Connection}
 * themselves; a handler sets {@code Content-Type} and anything else it needs.
 */
public final class Response {

    private Status status;
    private final Headers headers;
    private Body body;

    /** A response with {@code status}, the given headers and body. */
    public Response(Status status, Headers headers, Body body) {
        this.status = Objects.requireNonNull(status, "status");
        this.headers = Objects.requireNonNull(headers, "headers");
        this.body = Objects.requireNonNull(body, "body");
    }

    /** A response with {@code status}, no headers and an empty body. */
    public static Response of(Status status) {
        return new Response(status, new Headers(), Body.empty());
    }

    /** 200 with {@code text} as {@code text/plain; charset=utf-8}. */
    public static Response text(String text) {
        return text(Status.OK, text);
    }

    /** {@code status} with {@code text} as {@code text/plain; charset=utf-8}. */
    public static Response text(Status status, String text) {
        return new Response(status, new Headers().add("Content-Type", "text/plain; charset=utf-8"), Body.of(text));
    }

    /** {@code status} with {@code json} (already serialized) as {@code application/json}. */
    public static Response json(Status status, String json) {
        return new Response(status, new Headers().add("Content-Type", "application/json"), Body.of(json));
    }

    /** {@code status} with {@code json} (already serialized, UTF-8) as {@code application/json}. */
    public static Response json(Status status, byte[] json) {
        return new Response(status, new Headers().add("Content-Type", "application/json"), Body.of(json));
    }

    /** The status. */
    public Status status() {
        return status;
    }

    /** Sets the status; returns this response. */
    @CanIgnoreReturnValue
    public Response status(Status newStatus) {
        this.status = Objects.requireNonNull(newStatus, "status");
        return this;
    }

    /** The header fields (mutable). */
    public Headers headers() {
        return headers;
    }

    /** Adds a header field; returns this response. */
    @CanIgnoreReturnValue
    public Response header(String name, String value) {
        headers.add(name, value);
        return this;
    }

    /** The body. */
    public Body body() {
        return body;
    }

    /** Replaces the body; returns this response. */
    @CanIgnoreReturnValue
    public Response body(Body newBody) {
        this.body = Objects.requireNonNull(newBody, "body");
        return this;
    }

    @Override
    public String toString() {
        return "Response[" + status + ", " + body + "]";
    }
}
