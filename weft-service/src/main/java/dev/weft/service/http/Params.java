package dev.weft.service.http;

import dev.weft.http.Request;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/** Query parameters: the first value of a name, percent-decoded. */
public final class Params {
    private Params() {}

    /** The first value of {@code name} in the request's query, decoded; empty when absent or undecodable. */
    public static Optional<String> first(Request request, String name) {
        String q = request.query().orElse(null);
        if (q == null || q.isEmpty()) return Optional.empty();
        int i = 0;
        while (i <= q.length()) {
            int amp = q.indexOf('&', i);
            int end = amp < 0 ? q.length() : amp;
            int eq = q.indexOf('=', i);
            String k = eq >= 0 && eq < end ? q.substring(i, eq) : q.substring(i, end);
            String v = eq >= 0 && eq < end ? q.substring(eq + 1, end) : "";
            if (decode(k).filter(name::equals).isPresent()) return decode(v);
            if (amp < 0) break;
            i = amp + 1;
        }
        return Optional.empty();
    }

    private static Optional<String> decode(String s) {
        try {
            return Optional.of(URLDecoder.decode(s, StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
