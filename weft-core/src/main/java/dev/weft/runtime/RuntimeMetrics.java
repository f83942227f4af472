package dev.weft.runtime;

import java.util.List;

/**
 * A snapshot of a runtime's counters (Tokio's {@code RuntimeMetrics}). Counters are read without stopping the
 * workers, so a snapshot is approximate while the runtime is busy.
 *
 * @param workers worker threads (1 for the current-thread flavour)
 * @param liveTasks spawned tasks not yet finished
 * @param spawnedTasks tasks spawned since the runtime started
 * @param polls task polls performed
 * @param steals successful steals between workers
 * @param parks times a worker parked for lack of work
 * @param injectionQueueDepth tasks waiting in the global injection queue
 * @param localQueueDepths tasks waiting in each worker's local queue
 * @param blockingThreads threads currently in the blocking pool
 * @param succeededTasks tasks that finished with a value since the runtime started
 * @param failedTasks tasks that finished failed (their future or body threw)
 * @param cancelledTasks tasks that finished cancelled (aborted, or cancelled by shutdown)
 */
public record RuntimeMetrics(int workers, long liveTasks, long spawnedTasks, long polls, long steals, long parks,
        int injectionQueueDepth, List<Integer> localQueueDepths, int blockingThreads, long succeededTasks,
        long failedTasks, long cancelledTasks) {

    /** Tasks finished since the runtime started, whatever their outcome. */
    public long finishedTasks() {
        return succeededTasks + failedTasks + cancelledTasks;
    }
}
