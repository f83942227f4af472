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

    /**
     * The occupied slot due first after {@code now}: the first occupied slot strictly after the slot of
     * {@code now}, else (wrapping to the next rotation) the first occupied slot from 0; -1 when the level is
     * empty.
     *
     * <p>Tokio scans from the slot of {@code now} inclusive. Below the top level that slot is never occupied
     * (TimerWheel I2), so both agree. At the top level, the current slot may hold far-future entries that were
     * just re-inserted there and are due only in the next rotation; scanning it first would hide later slots of
     * the current rotation (a timer inserted there would then be skipped). The randomized wheel test found this.
     */
    int nextOccupiedSlot(long now) {
        long occ = occupied;
        if (occ == 0) return -1;
        int nowSlot = slotFor(now);
        long after = nowSlot == 63 ? 0 : occ & (-1L << (nowSlot + 1));
        return Long.numberOfTrailingZeros(after != 0 ? after : occ);
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
