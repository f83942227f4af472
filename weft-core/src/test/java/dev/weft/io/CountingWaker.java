package dev.weft.io;

import dev.weft.future.Context;
import dev.weft.future.Future;
import dev.weft.future.Poll;
import dev.weft.future.Waker;
import java.util.concurrent.atomic.AtomicInteger;

/** A waker that counts its wake-ups, for polling I/O futures by hand. */
final class CountingWaker implements Waker {
    private final AtomicInteger wakes = new AtomicInteger();
    final Context cx = new Context(this);

    @Override
    public void wake() {
        wakes.incrementAndGet();
    }

    int count() {
        return wakes.get();
    }

    <T> Poll<T> poll(Future<T> f) {
        return f.poll(cx);
    }
}
