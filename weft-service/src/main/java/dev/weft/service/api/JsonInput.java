package dev.weft.service.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.http.BodyTooLargeException;
import dev.weft.http.Request;
import dev.weft.http.Response;
import dev.weft.http.Status;
import dev.weft.service.http.Json;
import dev.weft.service.http.Problem;
import java.util.List;

/**
 * Reading a JSON request body in an async block, with every failure turned into the right problem response:
 * 415 when it is not {@code application/json}, 413 when it is larger than the limit, 400 when it is not
 * well-formed JSON, 422 when it is JSON of the wrong shape (by the caller's validation).
 */
final class JsonInput {
    /** A failure that already knows its response. */
    static final class Rejected extends Exception {
        final transient Response response;

        Rejected(Response response) {
            super(null, null, false, false);
            this.response = response;
        }
    }

    private JsonInput() {}

    /** The body as a JSON object, read up to {@code maxBytes}. Call from an async block. */
    static JsonNode readObject(Request req, long maxBytes) throws Rejected {
        String ct = req.headers().getOrDefault("Content-Type", "");
        String mt = ct.split(";", 2)[0].strip();
        if (!mt.equalsIgnoreCase("application/json") && !mt.toLowerCase(java.util.Locale.ROOT).endsWith("+json")) {
            throw new Rejected(Problem.of(Status.UNSUPPORTED_MEDIA_TYPE, "unsupported-media-type",
                    "The body must be application/json (got " + (ct.isEmpty() ? "no Content-Type" : ct) + ").")
                    .header("Accept", "application/json"));
        }
        byte[] bytes;
        try {
            bytes = req.body().bytes(maxBytes).await();
        } catch (BodyTooLargeException e) {
            throw new Rejected(Problem.of(Status.CONTENT_TOO_LARGE, "body-too-large",
                    "The body is larger than " + maxBytes + " bytes."));
        }
        JsonNode node;
        try {
            node = Json.MAPPER.readTree(bytes);
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr()
                    + ", column " + e.getLocation().getColumnNr();
            throw new Rejected(Problem.of(Status.BAD_REQUEST, "malformed-json",
                    "The body is not well-formed JSON" + where + "."));
        } catch (java.io.IOException e) {
            throw new Rejected(Problem.badRequest("The body could not be read."));
        }
        if (node == null || node.isMissingNode()) {
            throw new Rejected(Problem.of(Status.BAD_REQUEST, "malformed-json", "The body is empty (expected: a JSON object)."));
        }
        if (!node.isObject()) {
            throw new Rejected(invalid(List.of(new Problem.FieldError("", "expected a JSON object, got " + kind(node)))));
        }
        return node;
    }

    /** A 422 listing {@code errors}. */
    static Response invalid(List<Problem.FieldError> errors) {
        return Problem.of(Status.UNPROCESSABLE_CONTENT, "validation",
                "The request body is not valid: see errors.", errors);
    }

    /** A JSON type name for messages. */
    static String kind(JsonNode n) {
        return switch (n.getNodeType()) {
            case ARRAY -> "an array";
            case BOOLEAN -> "a boolean";
            case NULL -> "null";
            case NUMBER -> "a number";
            case OBJECT -> "an object";
            case STRING -> "a string";
            default -> "something else";
        };
    }
}
