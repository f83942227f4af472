package dev.weft.internal.sync;

/** The pause a channel consumer takes while a producer finishes publishing an element it already claimed. */
public final class ChannelBackoff {
    private ChannelBackoff() {}

    /** Spins briefly for the first attempts, then yields the thread (the producer may have been preempted). */
    public static void pause(int attempt) {
        if (attempt < 64) Thread.onSpinWait();
        else Thread.yield();
    }
}
