package dev.weft.bench.weft;

import dev.weft.bench.Outcome;
import dev.weft.bench.Workload;
import dev.weft.runtime.RuntimeMetrics;

/**
 * W7 weft-poll: exercises the memory of an idle poll-based task: N tasks, each the {@code Oneshot.Receiver} itself
 * spawned as the task's future ({@code rt.spawn(rx)}, what a Weft user writes for "a task awaiting its signal";
 * Tokio's {@code spawn(async move { rx.await })} likewise stores the receiver inline in the task).
 */
public final class W7WeftPoll extends WeftRow {
    public W7WeftPoll() {
        super(Workload.W7, "weft-poll", "N tasks rt.spawn(rx) of their own Oneshot.Receiver; parked = every task"
                + " polled once and the run queues empty (RuntimeMetrics); handles kept in an array");
    }

    @Override
    public Outcome run(long n) {
        return IdleOneshotTasks.run(rt, n, (rx, parked) -> rt.spawn(rx), (parked, count) -> allPolledOnce(count));
    }

    /** Every task was polled (so its receiver holds the task's waker) and nothing is queued any more. */
    private boolean allPolledOnce(long count) {
        RuntimeMetrics m = rt.metrics();
        if (m.polls() < count || m.injectionQueueDepth() != 0) return false;
        for (int depth : m.localQueueDepths()) if (depth != 0) return false;
        return true;
    }
}
