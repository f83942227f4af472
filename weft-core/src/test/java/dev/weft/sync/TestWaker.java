package dev.weft.sync;

import dev.weft.future.Context;
import dev.weft.future.Future;
import dev.weft.future.Poll;
import dev.weft.future.Waker;
import java.util.concurrent.atomic.AtomicInteger;

/** A waker that counts its wake-ups, plus helpers to poll a future by hand with it. */
final class TestWaker implements Waker {
    private final AtomicInteger wakes = new AtomicInteger();

    @Override
    public void wake() {
        wakes.incrementAndGet();
    }

    int wakes() {
        return wakes.get();
    }

    boolean woken() {
        return wakes.get() > 0;
    }

    /** Clears the count, e.g. before checking that the next event wakes. */
    void reset() {
        wakes.set(0);
    }

    Context cx() {
        return new Context(this);
    }

    <T> Poll<T> poll(Future<T> f) {
        return f.poll(cx());
    }

    /** Polls {@code f} and returns its value, failing when it is pending. */
    <T> T ready(Future<T> f) {
        Poll<T> p = f.poll(cx());
        if (!p.isReady()) throw new AssertionError("expected Ready, got Pending");
        return p.value();
    }
}
