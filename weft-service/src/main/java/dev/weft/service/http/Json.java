package dev.weft.service.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.weft.http.Response;
import dev.weft.http.Status;

/**
 * The service's one Jackson {@link ObjectMapper} (thread-safe once configured, and expensive to create: share it).
 * Strict on input: unknown properties, trailing tokens and numbers for strings are errors, so a client's
 * mistake becomes a 400/422 naming the field instead of a silently ignored field.
 */
public final class Json {
    /** The mapper. */
    public static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .disable(com.fasterxml.jackson.databind.MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .build();

    private Json() {}

    /** {@code value} as UTF-8 JSON bytes. */
    public static byte[] bytes(Object value) {
        try {
            return MAPPER.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialize " + value.getClass().getName(), e);
        }
    }

    /** A response with {@code status} and {@code value} as {@code application/json}. */
    public static Response response(Status status, Object value) {
        return Response.json(status, bytes(value));
    }

    /** 200 with {@code value} as {@code application/json}. */
    public static Response ok(Object value) {
        return response(Status.OK, value);
    }
}
