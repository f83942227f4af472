package dev.weft.internal.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.future.Future;
import dev.weft.future.Poll;
import dev.weft.internal.io.NioIoDriver;
import dev.weft.internal.task.Task;
import dev.weft.internal.util.Driver;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A set interrupt flag never makes a worker spin (Parker I3, Worker I6), counted deterministically: an idle
 * worker's parker does not return from its blocking call at all while nothing happens, a spinning one returns
 * millions of times.
 */
@Timeout(60)
class ParkInterruptTest {
    /** The window over which idleness is measured: a fixed window is the measurement, nothing is awaited. */
    private static final long WINDOW_NANOS = TimeUnit.MILLISECONDS.toNanos(300);
    /** An idle parker wakes 0 times here; a few spare for a stray unpark. */
    private static final long MAX_IDLE_WAKEUPS = 5;

    private static void eventually(java.util.function.BooleanSupplier c, String what) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!c.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) throw new AssertionError("timed out waiting for " + what);
            Thread.yield();
        }
    }

    @Test
    void threadPark_callerInterrupted_parksAndClearsTheFlag() throws Exception {
        Parker p = new Parker(null, new AtomicBoolean());
        AtomicBoolean interruptedAfter = new AtomicBoolean(true);
        Thread t = new Thread(() -> {
            Thread.currentThread().interrupt();
            p.park(-1);
            interruptedAfter.set(Thread.currentThread().isInterrupted());
        }, "parker");
        p.bind(t);
        t.start();
        eventually(() -> p.wakeupsOpaque() > 0 || t.getState() == Thread.State.WAITING, "the parker to park");
        long w0 = p.wakeupsOpaque();
        LockSupport.parkNanos(WINDOW_NANOS);
        long wakeups = p.wakeupsOpaque() - w0;
        assertThat(wakeups).as("thread-park returns while idle").isLessThanOrEqualTo(MAX_IDLE_WAKEUPS);
        p.unpark();
        t.join(10_000);
        assertThat(t.isAlive()).isFalse();
        assertThat(interruptedAfter).as("flag cleared by the park").isFalse();
    }

    /** Interrupts the polling thread and completes. */
    static final Future<Void> SELF_INTERRUPT = cx -> {
        Thread.currentThread().interrupt();
        return Poll.ready(null);
    };

    @ParameterizedTest(name = "ioDriver={0}")
    @ValueSource(booleans = {true, false})
    void idleWorker_taskInterruptedIt_parkerStaysBlocked(boolean ioDriver) {
        Function<Driver, Driver> drivers = ioDriver ? inner -> new NioIoDriver(inner) : Function.identity();
        MultiThreadScheduler s = new MultiThreadScheduler("park-interrupt", 1, i -> "park-interrupt-" + i, drivers,
                256, false, 2, Duration.ofSeconds(10));
        try {
            Task<Void> t = s.spawn(SELF_INTERRUPT);
            eventually(t::isComplete, "the interrupting task");
            Parker p = s.workers[0].parker;
            eventually(() -> s.idle.isParked(0), "the worker to park");
            long w0 = p.wakeupsOpaque();
            LockSupport.parkNanos(WINDOW_NANOS);
            long wakeups = p.wakeupsOpaque() - w0;
            assertThat(wakeups).as("driver-park returns of the idle worker").isLessThanOrEqualTo(MAX_IDLE_WAKEUPS);
        } finally {
            s.shutdown(Duration.ofSeconds(5));
        }
    }
}
