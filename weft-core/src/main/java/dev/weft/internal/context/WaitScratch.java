package dev.weft.internal.context;

/**
 * A thread that polls tasks and keeps the wait record of the poll under way in itself, so the task's own record is
 * written once per poll, and only when it changes (implemented by the multi-thread scheduler's worker threads).
 *
 * <p>Why: the wait record used to be cleared in the task at the start of every poll and re-written by every
 * registration in it. The task's record shares a cache line with its state word, which a waker on another thread
 * CASes while the task is being polled (a producer waking its consumer), so those writes cost a cache-line transfer
 * each on the hottest path of a select loop. The scratch lives in the polling thread, which nothing else writes.
 *
 * <p>Implementation notes
 * <ol>
 * <li>Every method is called only by the thread itself (thread confinement): the polling task calls
 *     {@link #beginWaitRecord} before it polls its future and {@link #endWaitRecord} in a finally block after it;
 *     {@link WaitRecorder#recordWait} calls, made inside that poll, go to {@link #addWait} when
 *     {@link #waitRecordOwner} is the recording task.</li>
 * <li>Polls on one thread never nest (a task's poll never polls another task on its own thread), so one slot is
 *     enough; {@link #endWaitRecord} clears the owner, so a stray registration after the poll (none is expected)
 *     falls back to writing the task directly.</li>
 * </ol>
 */
public interface WaitScratch {
    /**
     * Starts collecting the wait record of {@code task}'s poll on this thread.
     *
     * @param task the task about to be polled
     */
    void beginWaitRecord(Object task);

    /**
     * The task whose poll is collecting on this thread, or null.
     *
     * @return the owner
     */
    Object waitRecordOwner();

    /**
     * Adds {@code resource} to the record under way (as {@link Waits#merge} without listing).
     *
     * @param resource the resource or waiter node
     */
    void addWait(Object resource);

    /**
     * Ends the collection and returns the record: null, one resource, or {@link Waits#SEVERAL}.
     *
     * @return the poll's record
     */
    Object endWaitRecord();
}
