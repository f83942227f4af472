package dev.weft.time;

import dev.weft.future.Context;
import dev.weft.future.Future;
import dev.weft.future.Poll;
import java.time.Duration;

/** The future of {@link Time#timeout} / {@link Time#timeoutAt}: the inner future raced against a sleep. */
final class Timeout<T> implements Future<T> {
    /*
     * Implementation notes
     *
     * Owner-confined (poll contract). I1. `inner` is non-null until the timeout completes (value, failure or
     * elapsed) or is cancelled; it is set to null before inner.cancel() is called, so the inner future is
     * cancelled at most once and never polled after completing. I2. Whenever `inner` becomes null the sleep is
     * cancelled too, so a finished timeout leaves no entry in the wheel.
     */
    private Future<T> inner;
    private final Sleep delay;
    private final Duration timeout; // null for timeoutAt

    Timeout(Future<T> inner, Sleep delay, Duration timeout) {
        this.inner = inner;
        this.delay = delay;
        this.timeout = timeout;
    }

    @Override
    public Poll<T> poll(Context cx) {
        Future<T> in = inner;
        if (in == null) throw new IllegalStateException("Time.timeout future polled after it completed");
        Poll<T> p;
        try {
            p = in.poll(cx); // the inner future first, as Tokio: a value ready at the deadline wins
        } catch (Throwable t) {
            inner = null;
            delay.cancel(); // I2
            throw t;
        }
        if (p.isReady()) {
            inner = null;
            delay.cancel(); // I2
            return p;
        }
        // the inner future may have spent the budget; the deadline check itself is free (Tokio does the same)
        if (delay.pollSleep(cx, false).isReady()) {
            inner = null;
            in.cancel(); // I1: exactly once
            throw new TimeoutElapsedException(delay.deadline(), timeout);
        }
        return Poll.pending();
    }

    @Override
    public void cancel() {
        Future<T> in = inner;
        if (in == null) return;
        inner = null;
        in.cancel();
        delay.cancel(); // I2
    }

    @Override
    public String toString() {
        return "Timeout[" + (timeout != null ? timeout : delay) + (inner == null ? ", done]" : "]");
    }
}
