package dev.weft.sync;

import dev.weft.future.Context;
import dev.weft.future.Future;
import dev.weft.future.Poll;
import dev.weft.future.Waker;
import java.util.concurrent.atomic.AtomicInteger;

/** A waker that counts its wake-ups, for polling channel futures by hand in tests. */
final class CountingWaker implements Waker {
    private final AtomicInteger wakes = new AtomicInteger();

    @Override
    public void wake() {
        wakes.incrementAndGet();
    }

    int count() {
        return wakes.get();
    }

    boolean wasWoken() {
        return wakes.get() > 0;
    }

    Context cx() {
        return new Context(this);
    }

    <T> Poll<T> poll(Future<T> f) {
        return f.poll(cx());
    }
}
