package dev.weft.http;

import com.google.errorprone.annotations.CanIgnoreReturnValue;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Typed values that middleware attaches to a request for later stages (http's {@code Extensions}): the request
 * id, the authenticated principal, the router's path parameters. Keys compare by identity, so a library's key
 * can never collide with another's.
 * {@snippet :
 * static final Attributes.Key<String> USER = Attributes.Key.of("user", String.class);
 * request.attributes().put(USER, "alice");
 * String user = request.attributes().get(USER).orElseThrow();
 * }
 */
public final class Attributes {

    /**
     * A typed key.
     *
     * @param name a name for diagnostics
     * @param type the value type, checked on {@link Attributes#put}
     * @param <T> the value type
     */
    public record Key<T>(String name, Class<T> type) {
        /** Checks for nulls. */
        public Key {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(type, "type");
        }

        /** A new key: distinct from every other key, even one with the same name. */
        public static <T> Key<T> of(String name, Class<T> type) {
            return new Key<>(name, type);
        }

        @Override
        public boolean equals(@Nullable Object o) {
            return this == o;
        }

        @Override
        public int hashCode() {
            return System.identityHashCode(this);
        }
    }

    /*
     * Representation: key/value pairs in one array, keys at even indices, in insertion order, searched by
     * identity. A request carries a handful of attributes (the router's path parameters, a request id, a
     * principal), so a linear scan beats hashing, and the router's one put per request costs one small array
     * instead of an IdentityHashMap and its table.
     */
    private static final int INITIAL_PAIRS = 4;
    private Object[] pairs;
    private int size;

    /** Stores {@code value} under {@code key}, replacing any earlier value; returns this. */
    @CanIgnoreReturnValue
    public <T> Attributes put(Key<T> key, T value) {
        Objects.requireNonNull(key, "key");
        Object v = key.type().cast(Objects.requireNonNull(value, "value"));
        int i = indexOf(key);
        if (i >= 0) {
            pairs[i + 1] = v;
            return this;
        }
        if (pairs == null) pairs = new Object[2 * INITIAL_PAIRS];
        else if (2 * size == pairs.length) pairs = Arrays.copyOf(pairs, pairs.length * 2);
        pairs[2 * size] = key;
        pairs[2 * size + 1] = v;
        size++;
        return this;
    }

    /** The value stored under {@code key}, if any. */
    public <T> Optional<T> get(Key<T> key) {
        Objects.requireNonNull(key, "key");
        int i = indexOf(key);
        return i < 0 ? Optional.empty() : Optional.of(key.type().cast(pairs[i + 1]));
    }

    /** Removes the value under {@code key}; returns whether there was one. */
    @CanIgnoreReturnValue
    public boolean remove(Key<?> key) {
        int i = indexOf(key);
        if (i < 0) return false;
        int last = 2 * (size - 1);
        System.arraycopy(pairs, i + 2, pairs, i, last - i); // keep insertion order
        pairs[last] = null;
        pairs[last + 1] = null;
        size--;
        return true;
    }

    /** The index of {@code key}'s pair in {@code pairs}, or -1. */
    private int indexOf(Key<?> key) {
        Object[] p = pairs;
        for (int i = 0, n = 2 * size; i < n; i += 2) {
            if (p[i] == key) return i;
        }
        return -1;
    }

    /** The entries in insertion order: {@code {key=value, ...}}. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("{");
        for (int i = 0; i < 2 * size; i += 2) {
            if (i > 0) sb.append(", ");
            sb.append(pairs[i]).append('=').append(pairs[i + 1]);
        }
        return sb.append('}').toString();
    }
}
