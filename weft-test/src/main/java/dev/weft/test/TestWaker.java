package dev.weft.test;

import dev.weft.future.Waker;
import java.util.concurrent.atomic.AtomicInteger;

/** A waker that counts its wake-ups; thread-safe. */
public final class TestWaker implements Waker {
    private final AtomicInteger wakes = new AtomicInteger();

    @Override
    public void wake() {
        wakes.incrementAndGet();
    }

    /** How many times {@link #wake()} was called. */
    public int wakeCount() {
        return wakes.get();
    }

    /** Returns the count and resets it to zero. */
    public int takeWakeCount() {
        return wakes.getAndSet(0);
    }
}
