package dev.weft.internal.time;

/**
 * One level of the {@link TimerWheel}: {@code 2^slotBits} slots, each a doubly linked list of
 * {@link TimerEntry}s, plus a bit field of the non-empty slots (Tokio's {@code wheel/level.rs}).
 *
 * <p>Slot {@code s} of level {@code l} covers the ticks whose bits {@code [l*slotBits, (l+1)*slotBits)} equal
 * {@code s}; a slot spans {@code 2^(l*slotBits)} ticks and the level {@code 2^((l+1)*slotBits)}. Not
 * thread-safe: guarded by the driver lock.
 */
final class Level {
    private final int level;
    private final int shift;
    private final long slotMask;
    private final TimerEntry[] slots;
    /** Bit {@code s} set iff {@code slots[s] != null}. */
    private long occupied;

    Level(int level, int slotBits) {
        this.level = level;
        this.shift = level * slotBits;
        this.slotMask = (1L << slotBits) - 1;
        this.slots = new TimerEntry[1 << slotBits];
    }

    int slotFor(long tick) {
        return (int) ((tick >>> shift) & slotMask);
    }

    /** Pushes {@code e} onto the slot of {@code e.when}. */
    void add(TimerEntry e) {
        int s = slotFor(e.when);
        TimerEntry head = slots[s];
        e.level = level;
        e.slot = s;
        e.prev = null;
        e.next = head;
        if (head != null) head.prev = e;
        slots[s] = e;
        occupied |= 1L << s;
    }

    /** Unlinks {@code e}, which is in this level at {@code e.slot}. */
    void remove(TimerEntry e) {
        int s = e.slot;
        TimerEntry p = e.prev;
        TimerEntry n = e.next;
        if (p == null) slots[s] = n;
        else p.next = n;
        if (n != null) n.prev = p;
        e.prev = null;
        e.next = null;
        if (slots[s] == null) occupied &= ~(1L << s);
    }

    /** Empties slot {@code s} and returns its former list (linked through {@code next}), or null. */
    TimerEntry takeSlot(int s) {
        TimerEntry head = slots[s];
        slots[s] = null;
        occupied &= ~(1L << s);
        return head;
    }

    /** The first occupied slot at or after the slot of {@code now}, cyclically; -1 when the level is empty. */
    int nextOccupiedSlot(long now) {
        long occ = occupied;
        if (occ == 0) return -1;
        long atOrAfter = occ & (-1L << slotFor(now));
        return Long.numberOfTrailingZeros(atOrAfter != 0 ? atOrAfter : occ);
    }

    /**
     * The tick at which slot {@code s} must be processed, given the wheel's elapsed tick {@code now}: the
     * start of that slot in the current rotation of this level, or in the next one when that start is not
     * after {@code now} (which happens only at the top level, whose slots also hold timers beyond the wheel's
     * range and act as a ring).
     */
    long deadlineOf(int s, long now) {
        long slotRange = 1L << shift;
        long levelRange = slotRange * (slotMask + 1);
        long levelStart = now & ~(levelRange - 1);
        long deadline = levelStart + s * slotRange;
        if (deadline <= now) deadline += levelRange;
        return deadline;
    }

    boolean isEmpty() {
        return occupied == 0;
    }

    @Override
    public String toString() {
        return "Level[" + level + ", occupied=" + Long.toBinaryString(occupied) + "]";
    }
}
