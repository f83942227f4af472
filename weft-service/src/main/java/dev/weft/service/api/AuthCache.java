package dev.weft.service.api;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Recent key lookups, by key hash, for a short TTL: a hot key costs one hash and one map read per request
 * instead of a database round trip. Misses (unknown or revoked keys) are cached too, so a client retrying a bad
 * key cannot turn each retry into a query.
 *
 * <p>A revoked key keeps working for at most the TTL in a running process (the price of not querying on every
 * request); {@link #invalidateAll()} drops everything (the CLI revokes in another process, so the TTL is
 * what bounds it).
 *
 * <p>Implementation notes
 * <ol>
 * <li>Entries are immutable records in a ConcurrentHashMap; a stale entry is replaced, never mutated.</li>
 * <li>The map holds at most {@code maxEntries}: when full, expired entries are swept; if it is still full,
 *     a miss result is not cached (random bad keys cannot grow memory), and a hit replaces nothing but is
 *     cached only after a sweep frees room.</li>
 * </ol>
 */
public final class AuthCache {
    private record Entry(Principal principal, long expiresAtNanos) {}

    private final ConcurrentHashMap<String, Entry> map = new ConcurrentHashMap<>();
    private final long ttlNanos;
    private final int maxEntries;
    private final LongSupplier nanoClock;

    /** A cache with {@code ttl}, at most {@code maxEntries}, reading time from {@code nanoClock}. */
    public AuthCache(Duration ttl, int maxEntries, LongSupplier nanoClock) {
        if (ttl.isNegative()) throw new IllegalArgumentException("ttl: " + ttl + " (expected: >= 0)");
        if (maxEntries < 1) throw new IllegalArgumentException("maxEntries: " + maxEntries + " (expected: >= 1)");
        this.ttlNanos = ttl.toNanos();
        this.maxEntries = maxEntries;
        this.nanoClock = nanoClock;
    }

    /**
     * The cached result for {@code keyHash}: null when not cached (or expired), else an Optional that is empty
     * for a key known to be invalid.
     */
    @SuppressWarnings("OptionalAssignedToNull")
    public Optional<Principal> get(String keyHash) {
        Entry e = map.get(keyHash);
        if (e == null) return null;
        if (nanoClock.getAsLong() - e.expiresAtNanos >= 0) {
            map.remove(keyHash, e);
            return null;
        }
        return Optional.ofNullable(e.principal);
    }

    /** Caches the result for {@code keyHash} (null principal: invalid key). */
    public void put(String keyHash, Principal principal) {
        if (ttlNanos == 0) return;
        long now = nanoClock.getAsLong();
        if (map.size() >= maxEntries) {
            map.values().removeIf(e -> now - e.expiresAtNanos >= 0);
            if (map.size() >= maxEntries) return;
        }
        map.put(keyHash, new Entry(principal, now + ttlNanos));
    }

    /** Drops every entry. */
    public void invalidateAll() {
        map.clear();
    }

    /** Entries held (tests). */
    int size() {
        return map.size();
    }
}
