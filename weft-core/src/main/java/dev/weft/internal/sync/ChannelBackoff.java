package dev.weft.internal.sync;

/**
 * The pause the synchronous {@code Mpsc.Receiver.tryRecv} takes while a producer finishes publishing an element
 * it already claimed (as Tokio's {@code try_recv} parks on a busy slot). The receive futures never use it: they
 * return {@code Pending} and the producer wakes them (MpscArrayRing I3).
 */
public final class ChannelBackoff {
    private ChannelBackoff() {}

    /** Spins briefly for the first attempts, then yields the thread (the producer may have been preempted). */
    public static void pause(int attempt) {
        if (attempt < 64) Thread.onSpinWait();
        else Thread.yield();
    }
}
