package dev.weft.internal.task;

import dev.weft.internal.context.ThreadContext;

/**
 * What a runtime built with diagnostics (or a named task) records about one task for the task dump: its name, when
 * it was spawned and from where, when it was last polled, how many polls it had, and what its last poll waited on.
 * Attached to the task before it is published (Task I10), so the final fields are safely visible to every reader.
 */
public final class TaskDiag {
    /*
     * Implementation notes
     *
     * I1. The final fields are written before the task is published (OwnedTasks' lock), so any thread that found
     *     the task sees them.
     * I2. `lastPollNanos`, `polls` and `waits` are written only by the thread that polls the task (Task I1) and read
     *     racily by dumps and the deadlock detector; `polls` is an int so a racy read never tears. The detector
     *     treats an unchanged `polls` across two checks as "not polled in between" (a poll always increments it).
     * I3. beginPoll clears `waits` before the poll, so a record always describes the latest poll; it installs this
     *     task as the thread's diagnostic owner (ThreadContext I4) for the poll, restored by endPoll.
     */
    private final String name;
    private final long spawnNanos;
    private final StackTraceElement[] spawnSite;
    private final boolean tracking;
    /** I2: System.nanoTime() at the start of the last poll, or 0 before the first. */
    private long lastPollNanos;
    /** I2: polls so far. */
    private int polls;
    /** I2, I3: the last poll's wait record (see WaitRecorder#recordedWaits). */
    Object waits;

    /**
     * A record for a task spawned now.
     *
     * @param name the task's name, or null
     * @param spawnSite the frames of the spawn call outside weft-core, or null when not captured
     * @param tracking whether the thread-local owner is installed during polls (holder records); false for a
     *     named task of a runtime without diagnostics
     */
    public TaskDiag(String name, StackTraceElement[] spawnSite, boolean tracking) {
        this.name = name;
        this.spawnNanos = System.nanoTime();
        this.spawnSite = spawnSite;
        this.tracking = tracking;
    }

    /** I3: called by the task before each poll; returns the previous diagnostic owner of the thread. */
    Object beginPoll(Task<?> task) {
        waits = null;
        lastPollNanos = System.nanoTime();
        polls++;
        return tracking ? ThreadContext.setDiagOwner(task) : null;
    }

    /** I3: restores the thread's diagnostic owner after the poll. */
    void endPoll(Object prevOwner) {
        if (tracking) ThreadContext.setDiagOwner(prevOwner);
    }

    /**
     * Notes the start of a poll-like step of a thread-backed task (its body starting); counts as a poll.
     */
    public void touch() {
        lastPollNanos = System.nanoTime();
        polls++;
    }

    /** The task's name, or null. */
    public String name() {
        return name;
    }

    /** System.nanoTime() when the task was spawned. */
    public long spawnNanos() {
        return spawnNanos;
    }

    /** System.nanoTime() when its last poll started, or 0 (racy, I2). */
    public long lastPollNanos() {
        return lastPollNanos;
    }

    /** Polls so far (racy, I2). */
    public int polls() {
        return polls;
    }

    /** The spawn site frames (a copy), or null when not captured. */
    public StackTraceElement[] spawnSite() {
        return spawnSite == null ? null : spawnSite.clone();
    }

    /** Whether this record installs its task as the thread's diagnostic owner (holder tracking). */
    public boolean tracking() {
        return tracking;
    }
}
