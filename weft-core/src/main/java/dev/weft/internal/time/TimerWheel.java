package dev.weft.internal.time;

/**
 * A hierarchical hashed timing wheel (Varghese and Lauck; Tokio's {@code runtime/time/wheel}): {@code levels}
 * levels of {@code 2^slotBits} slots, one tick per millisecond. With Tokio's sizes (6 levels of 64 slots) the
 * levels span 64 ms, ~4 s, ~4 min, ~4.6 h, ~12 days and ~2.2 years; later deadlines live in the top level and
 * are re-examined once per top-level rotation until they come within range.
 *
 * <p>Insert and remove are O(1) (intrusive lists, no allocation); finding the next deadline is O(levels)
 * (one bit scan per level); each entry cascades down at most {@code levels} times before it fires.
 * Not thread-safe: {@link TimeDriver} guards it with its lock.
 */
final class TimerWheel {
    /*
     * Implementation notes
     *
     * Algorithm: Tokio's wheel (tokio/src/runtime/time/wheel/mod.rs, level.rs), re-expressed in Java with the
     * sizes as constructor parameters and the slot lists intrusive in TimerEntry. An entry is stored at
     * level_for(elapsed, when): the level of the highest bit group in which `when` differs from `elapsed`.
     *
     * I1. elapsed only grows, and never past the deadline of a non-empty slot that has not been processed:
     *     poll(now) moves it to the deadline of each slot it processes, then to `now` only once no slot is due.
     * I2. An entry at level L < top has slot(when, L) > slot(elapsed, L) and agrees with elapsed on every higher
     *     bit group, so its slot's deadline (start of the slot) is > elapsed and <= when.
     * I3. Processing a slot takes the whole list first, then moves each entry either to `pending` (when <= the
     *     slot's deadline) or to a lower level (or back to the top level for far-future entries); taking the list
     *     first is what makes re-inserting into the same top-level slot safe (Tokio's comment, same reason).
     * I4. `pending` holds entries that are due but not yet handed out by poll(); they stay cancellable.
     * I5. size == number of entries in all slots plus pending.
     */
    /** {@link TimerEntry#level} of an entry in the pending list. */
    static final int PENDING = -1;
    /** "No deadline" for {@link #nextExpirationTick()}. */
    static final long NONE = Long.MAX_VALUE;

    private final int slotBits;
    private final int numLevels;
    private final long slotMask;
    private final long maxDuration;
    private final Level[] levels;

    private long elapsed;
    private TimerEntry pendingHead;
    private int size;

    // the expiration found by findNext(), kept in fields so that polling allocates nothing
    private int expLevel;
    private int expSlot;
    private long expDeadline;

    /** Tokio's wheel: 6 levels of 64 slots. */
    TimerWheel() {
        this(6, 6);
    }

    /**
     * A wheel of {@code levels} levels of {@code 2^slotBits} slots (small sizes let tests reach every level).
     *
     * @throws IllegalArgumentException when {@code levels < 1}, {@code slotBits} is outside 1..6 or the range
     *     {@code 2^(levels*slotBits)} ticks exceeds 2^60
     */
    TimerWheel(int levels, int slotBits) {
        if (levels < 1) throw new IllegalArgumentException("levels: " + levels + " (expected: >= 1)");
        if (slotBits < 1 || slotBits > 6) {
            throw new IllegalArgumentException("slotBits: " + slotBits + " (expected: 1..6)");
        }
        if (levels * slotBits > 60) {
            throw new IllegalArgumentException("levels * slotBits: " + levels * slotBits + " (expected: <= 60)");
        }
        this.slotBits = slotBits;
        this.numLevels = levels;
        this.slotMask = (1L << slotBits) - 1;
        this.maxDuration = 1L << (levels * slotBits);
        this.levels = new Level[levels];
        for (int i = 0; i < levels; i++) this.levels[i] = new Level(i, slotBits);
    }

    /** The tick up to which the wheel has been processed. */
    long elapsed() {
        return elapsed;
    }

    /** The number of entries held (in slots or pending). */
    int size() {
        return size;
    }

    /** The number of ticks the levels span; later deadlines wait in the top level. */
    long range() {
        return maxDuration;
    }

    /**
     * Inserts {@code e} with deadline tick {@code when}; returns false, inserting nothing, when {@code when} is
     * not after {@link #elapsed()} (the caller fires it at once).
     */
    boolean insert(TimerEntry e, long when) {
        if (when <= elapsed) return false;
        e.when = when;
        levels[levelFor(elapsed, when)].add(e);
        size++;
        return true;
    }

    /** Removes {@code e}, which this wheel holds. */
    void remove(TimerEntry e) {
        if (e.level == PENDING) {
            TimerEntry p = e.prev;
            TimerEntry n = e.next;
            if (p == null) pendingHead = n;
            else p.next = n;
            if (n != null) n.prev = p;
            e.prev = null;
            e.next = null;
        } else {
            levels[e.level].remove(e);
        }
        size--;
    }

    /** The tick at which the wheel next has work (an entry to fire or cascade), or {@link #NONE}. */
    long nextExpirationTick() {
        return findNext() ? expDeadline : NONE;
    }

    /**
     * Advances the wheel to tick {@code now} and returns one entry whose deadline is at or before it (removed
     * from the wheel), or null when no more entries are due; call until it returns null.
     */
    TimerEntry poll(long now) {
        for (;;) {
            TimerEntry p = pendingHead;
            if (p != null) {
                remove(p);
                return p;
            }
            if (findNext() && expDeadline <= now) {
                processExpiration();
                setElapsed(expDeadline);
            } else {
                setElapsed(now);
                return null;
            }
        }
    }

    private boolean findNext() {
        if (pendingHead != null) {
            expLevel = PENDING;
            expSlot = 0;
            expDeadline = elapsed;
            return true;
        }
        for (int i = 0; i < numLevels; i++) {
            Level level = levels[i];
            int s = level.nextOccupiedSlot(elapsed);
            if (s >= 0) {
                expLevel = i;
                expSlot = s;
                expDeadline = level.deadlineOf(s, elapsed);
                return true;
            }
        }
        return false;
    }

    private void processExpiration() {
        long deadline = expDeadline;
        TimerEntry list = levels[expLevel].takeSlot(expSlot); // I3
        while (list != null) {
            TimerEntry e = list;
            list = e.next;
            e.prev = null;
            e.next = null;
            if (e.when <= deadline) {
                pushPending(e);
            } else {
                levels[levelFor(deadline, e.when)].add(e);
            }
        }
    }

    private void pushPending(TimerEntry e) {
        TimerEntry head = pendingHead;
        e.level = PENDING;
        e.prev = null;
        e.next = head;
        if (head != null) head.prev = e;
        pendingHead = e;
    }

    private void setElapsed(long when) {
        if (when > elapsed) elapsed = when; // a clock going backwards leaves elapsed where it is (I1)
    }

    /** The level for an entry due at {@code when} when the wheel is at {@code elapsed}. */
    int levelFor(long elapsed, long when) {
        long masked = (elapsed ^ when) | slotMask;
        if (masked >= maxDuration) return numLevels - 1; // beyond the range: the top level, re-examined later
        int significant = 63 - Long.numberOfLeadingZeros(masked);
        return significant / slotBits;
    }

    @Override
    public String toString() {
        return "TimerWheel[" + numLevels + "x" + (1 << slotBits) + ", elapsed=" + elapsed + ", size=" + size + "]";
    }
}
