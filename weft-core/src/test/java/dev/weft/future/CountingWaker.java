package dev.weft.future;

import java.util.concurrent.atomic.AtomicInteger;

/** A waker for polling by hand in tests: counts its wake-ups. */
final class CountingWaker implements Waker {
    private final AtomicInteger wakes = new AtomicInteger();

    @Override
    public void wake() {
        wakes.incrementAndGet();
    }

    int wakes() {
        return wakes.get();
    }
}
