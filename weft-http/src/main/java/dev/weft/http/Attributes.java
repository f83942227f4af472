package dev.weft.http;

import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

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
        public boolean equals(Object o) {
            return this == o;
        }

        @Override
        public int hashCode() {
            return System.identityHashCode(this);
        }
    }

    private Map<Key<?>, Object> map;

    /** Stores {@code value} under {@code key}, replacing any earlier value; returns this. */
    public <T> Attributes put(Key<T> key, T value) {
        Objects.requireNonNull(key, "key");
        if (map == null) map = new IdentityHashMap<>(4);
        map.put(key, key.type().cast(Objects.requireNonNull(value, "value")));
        return this;
    }

    /** The value stored under {@code key}, if any. */
    public <T> Optional<T> get(Key<T> key) {
        Objects.requireNonNull(key, "key");
        return map == null ? Optional.empty() : Optional.ofNullable(key.type().cast(map.get(key)));
    }

    /** Removes the value under {@code key}; returns whether there was one. */
    public boolean remove(Key<?> key) {
        return map != null && map.remove(key) != null;
    }

    @Override
    public String toString() {
        return map == null ? "{}" : map.toString();
    }
}
