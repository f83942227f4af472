package dev.weft.service.http;

import dev.weft.http.Body;
import dev.weft.http.Headers;
import dev.weft.http.Response;
import dev.weft.http.Status;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * RFC 9457 problem details: every error the service answers is {@code application/problem+json} with
 * {@code type}, {@code title}, {@code status} and {@code detail} (plus {@code errors} for validation), and never
 * carries a stack trace or an exception message from a library.
 *
 * <p>{@code type} is a relative URI under {@code /problems/} naming the kind of error (RFC 9457 §3.1.1 allows
 * relative references; they are stable identifiers, not pages to fetch).
 */
public final class Problem {
    /** The media type (RFC 9457 §3). */
    public static final String MEDIA_TYPE = "application/problem+json";

    /**
     * One invalid field of a request, for 422 bodies.
     *
     * @param pointer a JSON Pointer (RFC 6901) to the field, or the query parameter's name
     * @param detail what is wrong and what was expected
     */
    public record FieldError(String pointer, String detail) {}

    private Problem() {}

    /** A problem response with {@code status}, a {@code type} slug, and a human-readable {@code detail}. */
    public static Response of(Status status, String type, String detail) {
        return of(status, type, detail, List.of());
    }

    /** A problem response listing invalid fields in {@code errors}. */
    public static Response of(Status status, String type, String detail, List<FieldError> errors) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", "/problems/" + type);
        body.put("title", status.reason().isEmpty() ? "Error" : status.reason());
        body.put("status", status.code());
        body.put("detail", detail);
        if (!errors.isEmpty()) body.put("errors", errors);
        return new Response(status, new Headers().add("Content-Type", MEDIA_TYPE), Body.of(Json.bytes(body)));
    }

    /** 400 for a bad request line, query or header. */
    public static Response badRequest(String detail) {
        return of(Status.BAD_REQUEST, "bad-request", detail);
    }

    /** 404 for a path no route matches, or a resource that does not exist. */
    public static Response notFound(String detail) {
        return of(Status.NOT_FOUND, "not-found", detail);
    }

    /** 500 without any detail of the cause (the cause goes to the server's log). */
    public static Response internal() {
        return of(Status.INTERNAL_SERVER_ERROR, "internal", "The server failed to handle the request; it has been logged.");
    }

    /** 503 when the database is unavailable or overloaded. */
    public static Response unavailable(String detail) {
        return of(Status.SERVICE_UNAVAILABLE, "unavailable", detail);
    }
}
