package dev.weft.sync;

import dev.weft.future.Waker;

/** A waker that records, in a volatile flag, that it was woken (for the channel Lincheck tests). */
final class FlagWaker implements Waker {
    volatile boolean woken;

    @Override
    public void wake() {
        woken = true;
    }
}
