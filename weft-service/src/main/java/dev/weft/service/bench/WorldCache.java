package dev.weft.service.bench;

import dev.weft.service.db.World;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The in-process cache behind {@code /cached-queries}: one slot per World id, filled from the database on a
 * miss and kept current by the service's own writes ({@code /updates}, {@code PUT /api/v1/worlds/{id}}), which
 * put the row they wrote. It holds at most 10,000 small immutable records, so it needs no eviction.
 *
 * <p>Implementation notes
 * <ol>
 * <li>Slots are read and written with volatile semantics (AtomicReferenceArray): a reader sees a complete record.</li>
 * <li>A write by another process (another instance on the same PostgreSQL) is not seen until this process
 *     writes the row itself: {@code /cached-queries} is allowed stale data by the TechEmpower rules.</li>
 * </ol>
 */
public final class WorldCache {
    private final AtomicReferenceArray<World> slots = new AtomicReferenceArray<>(10_001);

    /** The cached row for {@code id}, or null. */
    public World get(int id) {
        return id >= 1 && id <= 10_000 ? slots.get(id) : null;
    }

    /** Caches {@code w}. */
    public void put(World w) {
        if (w.id() >= 1 && w.id() <= 10_000) slots.set(w.id(), w);
    }
}
