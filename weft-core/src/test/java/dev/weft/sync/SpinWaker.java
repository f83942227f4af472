package dev.weft.sync;

import dev.weft.future.Context;
import dev.weft.future.Future;
import dev.weft.future.Poll;
import dev.weft.future.Waker;

/**
 * A waker for model-checked operations: records wake-ups in a volatile flag that {@link #await} spins on. A
 * lost wake-up makes the spin endless, which Lincheck reports as a hang (and a stress run as a timeout).
 */
final class SpinWaker implements Waker {
    private volatile boolean woken;

    @Override
    public void wake() {
        woken = true;
    }

    /** Polls {@code f} until ready, spinning for a wake-up between polls. */
    static <T> T await(Future<T> f) {
        SpinWaker w = new SpinWaker();
        Context cx = new Context(w);
        for (;;) {
            Poll<T> p = f.poll(cx);
            if (p.isReady()) return p.value();
            while (!w.woken) Thread.onSpinWait();
            w.woken = false;
        }
    }

    /**
     * Polls {@code f}, and once more if it was woken in between; returns its value, or cancels it and returns
     * null when it is still pending (a cancel that meets a woken or handed-off waiter).
     */
    static <T> T pollTwiceOrCancel(Future<T> f) {
        SpinWaker w = new SpinWaker();
        Context cx = new Context(w);
        Poll<T> p = f.poll(cx);
        if (p.isReady()) return p.value();
        if (w.woken) {
            p = f.poll(cx);
            if (p.isReady()) return p.value();
        }
        f.cancel();
        return null;
    }

    /** Polls {@code f} once; returns its value, or cancels it and returns null when it is pending. */
    static <T> T pollOnceOrCancel(Future<T> f) {
        Poll<T> p = f.poll(new Context(new SpinWaker()));
        if (p.isReady()) return p.value();
        f.cancel();
        return null;
    }
}
