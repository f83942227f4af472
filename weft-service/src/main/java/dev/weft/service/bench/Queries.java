package dev.weft.service.bench;

import dev.weft.http.Request;
import dev.weft.service.http.Params;
import java.util.concurrent.ThreadLocalRandom;

/** TechEmpower's parameter rules and random ids. */
public final class Queries {
    /** The most rows one request may ask for. */
    public static final int MAX = 500;

    private Queries() {}

    /**
     * The count asked for by {@code raw}, by the TechEmpower rules: absent, empty, not an integer, or below 1
     * counts as 1; above 500 counts as 500. An integer too large for {@code int} counts as 500 (a negative one as
     * 1): it is an integer above 500, not a non-integer.
     */
    public static int clamp(String raw) {
        if (raw == null) return 1;
        String s = raw.strip();
        if (s.isEmpty()) return 1;
        int start = s.charAt(0) == '-' || s.charAt(0) == '+' ? 1 : 0;
        if (start == s.length()) return 1;
        for (int i = start; i < s.length(); i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') return 1;
        }
        long v;
        try {
            v = Long.parseLong(s);
        } catch (NumberFormatException overflow) {
            return s.charAt(0) == '-' ? 1 : MAX;
        }
        return (int) Math.max(1, Math.min(MAX, v));
    }

    /** The clamped value of query parameter {@code name}. */
    public static int count(Request request, String name) {
        return clamp(Params.first(request, name).orElse(null));
    }

    /** A random World id, uniform in 1..10000. */
    public static int randomId() {
        return 1 + ThreadLocalRandom.current().nextInt(10_000);
    }

    /** {@code n} random World ids (repeats allowed, as in TechEmpower). */
    public static int[] randomIds(int n) {
        int[] ids = new int[n];
        for (int i = 0; i < n; i++) ids[i] = randomId();
        return ids;
    }
}
