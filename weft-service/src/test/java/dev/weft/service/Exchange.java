package dev.weft.service;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.service.http.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One response as a test sees it.
 *
 * @param status the status code
 * @param headers header fields by lower-case name
 * @param body the body bytes
 */
public record Exchange(int status, Map<String, List<String>> headers, byte[] body) {
    /** The first value of {@code name} (case-insensitive). */
    public Optional<String> header(String name) {
        List<String> v = headers.get(name.toLowerCase(java.util.Locale.ROOT));
        return v == null || v.isEmpty() ? Optional.empty() : Optional.of(v.get(0));
    }

    /** The body as UTF-8. */
    public String text() {
        return new String(body, StandardCharsets.UTF_8);
    }

    /** The body as JSON. */
    public JsonNode json() {
        try {
            return Json.MAPPER.readTree(body);
        } catch (IOException e) {
            throw new UncheckedIOException("not JSON: " + text(), e);
        }
    }

    @Override
    public String toString() {
        return status + " " + headers + " " + text();
    }
}
