package dev.weft.http;

import com.google.errorprone.annotations.CanIgnoreReturnValue;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BiConsumer;
import org.jspecify.annotations.Nullable;

/**
 * The header fields of a request or response: an ordered multimap whose names compare case-insensitively
 * (RFC 9110 §5.1), like hyper's {@code HeaderMap}.
 *
 * <p>Fields keep the order they were added in, which is the order they are written on the wire. Names and
 * values are checked when added: a name must be a token and a value must not contain CR, LF, NUL or other control
 * characters, so a header can never inject a second header or split a response.
 *
 * <p>Not thread-safe: a message is owned by one task at a time. (The fields of a received message keep their
 * values as bytes until first read; reading one may write its string to the map, which is harmless however the
 * map is shared, since strings are immutable, but is still no invitation to share a map being changed.)
 * {@snippet :
 * Headers h = new Headers().add("Content-Type", "text/plain").add("Set-Cookie", "a=1").add("Set-Cookie", "b=2");
 * h.get("content-type");   // Optional[text/plain]
 * h.all("set-cookie");     // [a=1, b=2]
 * }
 */
public final class Headers {
    /*
     * Implementation notes
     *
     * I1. Fields 0..size-1 are (names[i], values[i]); a name is never null. A value is null only in a map made by
     *     the HTTP/1 parser (fromParsed), where `raw` holds the received field values and spans[2i], spans[2i+1]
     *     delimit field i's value in it; value(i) materialises it (Latin-1, as the bytes were received) and
     *     stores it, once. The parser validated every name and value, so nothing is checked again; most values
     *     of a request are never read by its handler, so they are never made into strings.
     * I2. `raw` and `spans` are only read. A field added later has its value set (never null), so it never
     *     consults the spans; copies of the map and the mutations that move fields (set, remove) materialise
     *     every value first (materializeAll) and drop both, so a span never has to move with its field.
     */
    private String[] names;
    private String[] values;
    private int size;
    private byte[] raw;
    private int[] spans;

    /** An empty header map, with room for four fields before it grows (a response rarely sets more). */
    public Headers() {
        names = new String[4];
        values = new String[4];
    }

    /** A copy of {@code other}. */
    public Headers(Headers other) {
        other.materializeAll();
        names = Arrays.copyOf(other.names, Math.max(8, other.size));
        values = Arrays.copyOf(other.values, Math.max(8, other.size));
        size = other.size;
    }

    private Headers(String[] names, byte[] raw, int[] spans, int size) {
        this.names = names;
        this.values = new String[names.length];
        this.raw = raw;
        this.spans = spans;
        this.size = size;
    }

    /**
     * The fields the HTTP/1 parser received (I1): {@code names[0..size)} already validated (and, for well-known
     * names, the shared constants), values as spans of {@code raw}, validated too. The arrays are owned by the
     * map from now on. Reached by the codec through a method handle (no public API).
     */
    static Headers fromParsed(String[] names, byte[] raw, int[] spans, int size) {
        return new Headers(names, raw, spans, size);
    }

    /** The value of field {@code i}, made into a string on first use (I1). */
    private String valueAt(int i) {
        String v = values[i];
        if (v == null) {
            int from = spans[2 * i];
            int len = spans[2 * i + 1] - from;
            v = len == 0 ? "" : new String(raw, from, len, StandardCharsets.ISO_8859_1);
            values[i] = v;
        }
        return v;
    }

    /** Materialises every value and drops the received bytes (I2). */
    private void materializeAll() {
        if (raw == null) return;
        for (int i = 0; i < size; i++) valueAt(i);
        raw = null;
        spans = null;
    }

    /** The number of fields (a name added twice counts twice). */
    public int size() {
        return size;
    }

    /** Whether there are no fields. */
    public boolean isEmpty() {
        return size == 0;
    }

    /** The name of field {@code i} as it was added (0 ≤ i &lt; {@link #size()}). */
    public String name(int i) {
        Objects.checkIndex(i, size);
        return names[i];
    }

    /** The value of field {@code i} (0 ≤ i &lt; {@link #size()}). */
    public String value(int i) {
        Objects.checkIndex(i, size);
        return valueAt(i);
    }

    /** The first value of the field {@code name}, if present. */
    public Optional<String> get(String name) {
        int i = indexOf(name, 0);
        return i < 0 ? Optional.empty() : Optional.of(valueAt(i));
    }

    /** The first value of the field {@code name}, or {@code fallback} when absent. */
    public String getOrDefault(String name, String fallback) {
        int i = indexOf(name, 0);
        return i < 0 ? fallback : valueAt(i);
    }

    /** Every value of the field {@code name}, in order (empty when absent). */
    public List<String> all(String name) {
        int i = indexOf(name, 0);
        if (i < 0) return List.of();
        List<String> out = new ArrayList<>(2);
        for (; i >= 0; i = indexOf(name, i + 1)) out.add(valueAt(i));
        return Collections.unmodifiableList(out);
    }

    /** Whether the field {@code name} is present. */
    public boolean contains(String name) {
        return indexOf(name, 0) >= 0;
    }

    /**
     * Whether any value of the comma-separated list field {@code name} contains {@code token}, compared
     * case-insensitively (e.g. {@code containsToken("Connection", "close")}).
     */
    public boolean containsToken(String name, String token) {
        for (int i = indexOf(name, 0); i >= 0; i = indexOf(name, i + 1)) {
            String v = valueAt(i);
            int start = 0;
            while (start <= v.length()) {
                int comma = v.indexOf(',', start);
                int end = comma < 0 ? v.length() : comma;
                if (v.substring(start, end).strip().equalsIgnoreCase(token)) return true;
                if (comma < 0) break;
                start = comma + 1;
            }
        }
        return false;
    }

    /**
     * Appends a field (keeping any existing fields of the same name).
     *
     * @return this map
     * @throws IllegalArgumentException when the name is not a token or the value holds CR, LF or a control byte
     */
    @CanIgnoreReturnValue
    public Headers add(String name, String value) {
        checkName(name);
        checkValue(name, value);
        if (size == names.length) { // a parsed map's arrays are exactly sized, possibly empty
            names = Arrays.copyOf(names, Math.max(8, size * 2));
            values = Arrays.copyOf(values, Math.max(8, size * 2));
        }
        names[size] = name;
        values[size] = value;
        size++;
        return this;
    }

    /**
     * Replaces every field named {@code name} by one with {@code value}.
     *
     * @return this map
     * @throws IllegalArgumentException as {@link #add}
     */
    @CanIgnoreReturnValue
    public Headers set(String name, String value) {
        checkName(name);
        checkValue(name, value);
        materializeAll(); // I2
        int i = indexOf(name, 0);
        if (i < 0) return add(name, value);
        values[i] = value;
        removeFrom(name, i + 1);
        return this;
    }

    /**
     * Removes every field named {@code name}.
     *
     * @return whether any was removed
     */
    @CanIgnoreReturnValue
    public boolean remove(String name) {
        if (indexOf(name, 0) < 0) return false;
        materializeAll(); // I2
        removeFrom(name, 0);
        return true;
    }

    /** Calls {@code action} with each field's name and value, in order. */
    public void forEach(BiConsumer<? super String, ? super String> action) {
        for (int i = 0; i < size; i++) action.accept(names[i], valueAt(i));
    }

    private void removeFrom(String name, int from) {
        int w = from;
        for (int r = from; r < size; r++) {
            if (names[r].equalsIgnoreCase(name)) continue;
            names[w] = names[r];
            values[w] = values[r];
            w++;
        }
        for (int i = w; i < size; i++) {
            names[i] = null;
            values[i] = null;
        }
        size = w;
    }

    private int indexOf(String name, int from) {
        Objects.requireNonNull(name, "name");
        for (int i = from; i < size; i++) {
            if (names[i].equalsIgnoreCase(name)) return i;
        }
        return -1;
    }

    private static void checkName(String name) {
        Objects.requireNonNull(name, "name");
        if (!Tokens.isToken(name)) {
            throw new IllegalArgumentException("header name: \"" + name + "\" (expected: an RFC 9110 token)");
        }
    }

    private static void checkValue(String name, String value) {
        Objects.requireNonNull(value, "value");
        if (!Tokens.isFieldValue(value)) {
            throw new IllegalArgumentException("header value of " + name + ": contains CR, LF, NUL or a control "
                    + "character (expected: visible characters, spaces and tabs only)");
        }
    }

    @Override
    public boolean equals(@Nullable Object o) {
        if (!(o instanceof Headers other) || other.size != size) return false;
        for (int i = 0; i < size; i++) {
            if (!names[i].equalsIgnoreCase(other.names[i]) || !valueAt(i).equals(other.valueAt(i))) return false;
        }
        return true;
    }

    @Override
    public int hashCode() {
        int h = 1;
        for (int i = 0; i < size; i++) {
            h = 31 * h + names[i].toLowerCase(java.util.Locale.ROOT).hashCode();
            h = 31 * h + valueAt(i).hashCode();
        }
        return h;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("{");
        for (int i = 0; i < size; i++) {
            if (i > 0) sb.append(", ");
            sb.append(names[i]).append(": ").append(valueAt(i));
        }
        return sb.append('}').toString();
    }
}
