package dev.weft.http.router;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A parsed route pattern: a list of segments, each static text, a parameter ({@code {id}}) or a trailing
 * wildcard ({@code {*rest}}). Parsing happens once, at build time; it rejects every malformed pattern with a
 * message naming the pattern and what was expected.
 */
record PathPattern(String text, List<Segment> segments) {

    /** One segment of a pattern. */
    sealed interface Segment permits Static, Param, Wildcard {}

    /** Literal text, compared with the request's percent-decoded segment. */
    record Static(String text) implements Segment {}

    /** {@code {name}}: any one non-empty segment. */
    record Param(String name) implements Segment {}

    /** {@code {*name}}: the rest of the path (one or more characters), last segment only. */
    record Wildcard(String name) implements Segment {}

    /** The parameter names in capture order. */
    String[] paramNames() {
        List<String> names = new ArrayList<>();
        for (Segment s : segments) {
            if (s instanceof Param(String n)) names.add(n);
            else if (s instanceof Wildcard(String n)) names.add(n);
        }
        return names.toArray(String[]::new);
    }

    /** The pattern with its parameter names erased: two routes with the same shape match the same paths. */
    String shape() {
        StringBuilder sb = new StringBuilder();
        for (Segment s : segments) {
            sb.append('/');
            switch (s) {
                case Static(String t) -> sb.append(t.replace("{", "{{"));
                case Param p -> sb.append("{}");
                case Wildcard w -> sb.append("{*}");
            }
        }
        return sb.isEmpty() ? "/" : sb.toString();
    }

    /**
     * Parses {@code pattern}.
     *
     * @throws IllegalArgumentException when it does not start with {@code /}, a brace is not a whole segment, a
     *     name is empty, invalid or repeated, or a wildcard is not the last segment
     */
    static PathPattern parse(String pattern) {
        if (pattern == null) throw new NullPointerException("path");
        if (pattern.isEmpty() || pattern.charAt(0) != '/') {
            throw new IllegalArgumentException("path: \"" + pattern + "\" (expected: a pattern starting with /)");
        }
        List<Segment> segments = new ArrayList<>();
        Set<String> names = new HashSet<>();
        if (!pattern.equals("/")) {
            int pos = 0;
            while (pos < pattern.length()) {
                int start = pos + 1;
                int end = pattern.indexOf('/', start);
                if (end < 0) end = pattern.length();
                String seg = pattern.substring(start, end);
                if (!segments.isEmpty() && segments.getLast() instanceof Wildcard) {
                    throw new IllegalArgumentException("path: \"" + pattern
                            + "\" has a segment after its wildcard (expected: {*name} as the last segment)");
                }
                segments.add(segment(pattern, seg, names));
                pos = end;
            }
        }
        return new PathPattern(pattern, List.copyOf(segments));
    }

    private static Segment segment(String pattern, String seg, Set<String> names) {
        boolean open = seg.startsWith("{");
        boolean close = seg.endsWith("}");
        if (open && close && seg.length() >= 2) {
            String inner = seg.substring(1, seg.length() - 1);
            boolean wildcard = inner.startsWith("*");
            String name = wildcard ? inner.substring(1) : inner;
            if (!validName(name)) {
                throw new IllegalArgumentException("path: \"" + pattern + "\" has parameter \"" + seg
                        + "\" (expected: {name} or {*name}, name made of letters, digits, '_' and '-')");
            }
            if (!names.add(name)) {
                throw new IllegalArgumentException("path: \"" + pattern + "\" uses parameter name \"" + name
                        + "\" twice (expected: distinct names)");
            }
            return wildcard ? new Wildcard(name) : new Param(name);
        }
        if (seg.indexOf('{') >= 0 || seg.indexOf('}') >= 0) {
            throw new IllegalArgumentException("path: \"" + pattern + "\" has segment \"" + seg
                    + "\" (expected: a parameter to be a whole segment, like /files/{name}, not part of one)");
        }
        return new Static(seg);
    }

    private static boolean validName(String name) {
        if (name.isEmpty()) return false;
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean ok = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '-';
            if (!ok) return false;
        }
        return true;
    }
}
