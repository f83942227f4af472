package dev.weft.load;

import dev.weft.future.Future;
import dev.weft.future.Futures;
import dev.weft.time.Time;
import java.time.Duration;

/**
 * The time source of a {@link LoadGenerator}: where intended send times are measured from and how a connection
 * waits for its next one. {@link #system()} is the real clock; tests pass a manual one so the schedule and the
 * coordinated-omission correction can be checked without waiting on wall time.
 */
public interface LoadClock {
    /** Now, in nanoseconds of an arbitrary monotonic origin. */
    long nanoTime();

    /**
     * A future that completes once {@link #nanoTime()} has reached {@code nanos} (at once when it has).
     *
     * <p><b>Cancel safety:</b> cancel-safe: nothing is lost when it is dropped.
     */
    Future<Void> sleepUntil(long nanos);

    /** {@link System#nanoTime()} and Weft's timers ({@link Time#sleep}). */
    static LoadClock system() {
        return new LoadClock() {
            @Override
            public long nanoTime() {
                return System.nanoTime();
            }

            @Override
            public Future<Void> sleepUntil(long nanos) {
                long wait = nanos - System.nanoTime();
                if (wait <= 0) return Futures.ready(null);
                return Time.sleep(Duration.ofNanos(wait));
            }

            @Override
            public String toString() {
                return "LoadClock.system";
            }
        };
    }
}
