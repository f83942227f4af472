package dev.weft.load;

import dev.weft.future.Future;
import dev.weft.future.Futures;

/**
 * A test clock that only moves when told: {@link #sleepUntil} jumps straight to the due time (so a schedule runs
 * at once, without wall-clock waits), and {@link #advance} models time passing while a server stalls. Network
 * round trips take no time on this clock, so a recorded latency is exactly the time the schedule says.
 */
final class ManualClock implements LoadClock {
    private long now = 1_000_000_000L;

    @Override
    public synchronized long nanoTime() {
        return now;
    }

    @Override
    public synchronized Future<Void> sleepUntil(long nanos) {
        if (nanos > now) now = nanos;
        return Futures.ready(null);
    }

    synchronized void advanceMillis(long ms) {
        now += ms * 1_000_000L;
    }
}
