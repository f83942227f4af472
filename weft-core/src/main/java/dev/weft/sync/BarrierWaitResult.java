package dev.weft.sync;

/**
 * The result of {@link Barrier#waitAll()}: whether this task was the leader of its generation (exactly one
 * task per generation is). Tokio's {@code BarrierWaitResult}.
 *
 * @param leader true for the one task of the generation elected leader (the last to arrive)
 */
public record BarrierWaitResult(boolean leader) {
    static final BarrierWaitResult LEADER = new BarrierWaitResult(true);
    static final BarrierWaitResult FOLLOWER = new BarrierWaitResult(false);

    /** Same as {@link #leader()}, under Tokio's name. */
    public boolean isLeader() {
        return leader;
    }
}
