package dev.weft.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.future.Context;
import dev.weft.future.Future;
import dev.weft.future.Poll;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A worker whose interrupt flag a task set still parks when idle, and the next task it polls does not inherit
 * the flag (Worker I6).
 */
@Timeout(60)
class WorkerInterruptTest {

    /** Interrupts the thread polling it, records that thread, and completes. */
    static final class SelfInterrupt implements Future<Thread> {
        @Override
        public Poll<Thread> poll(Context cx) {
            Thread.currentThread().interrupt();
            return Poll.ready(Thread.currentThread());
        }
    }

    /** Reports whether its poll saw the interrupt flag set, and on which thread it ran. */
    static final class SeesInterrupt implements Future<Boolean> {
        @Override
        public Poll<Boolean> poll(Context cx) {
            return Poll.ready(Thread.currentThread().isInterrupted());
        }
    }

    @Test
    void idleWorker_interruptFlagSetByATask_parksInsteadOfSpinning() {
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        if (!mx.isThreadCpuTimeSupported()) return; // nothing to measure with on this JVM
        mx.setThreadCpuTimeEnabled(true);
        try (WeftRuntime rt = WeftRuntime.builder().workerThreads(1).name("interrupt-park").build()) {
            Thread worker = rt.spawn(new SelfInterrupt()).await();
            long id = worker.threadId();
            long cpu0 = mx.getThreadCpuTime(id);
            long wall0 = System.nanoTime();
            // The measurement itself: the runtime has no task, timer or socket, so its only worker must stay parked
            // for this whole window. A fixed window is what "idle" means here; nothing is being waited for.
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(500));
            long cpu = mx.getThreadCpuTime(id) - cpu0;
            long wall = System.nanoTime() - wall0;
            // a parked worker uses well under a millisecond; a spinning one a large share of a core even on a
            // loaded 2-core machine. 20% of the window is a generous bound between the two.
            assertThat(cpu).as("CPU time of the idle worker over %d ms (ns)", wall / 1_000_000)
                    .isLessThan(wall / 5);
        }
    }

    @Test
    void nextTask_onAWorkerATaskInterrupted_doesNotSeeTheFlag() {
        try (WeftRuntime rt = WeftRuntime.builder().workerThreads(1).name("interrupt-next").build()) {
            rt.spawn(new SelfInterrupt()).await();
            // same (only) worker: an interrupt left set would close the next task's NIO channels
            // (ClosedByInterruptException) and fail its blocking calls
            assertThat(rt.spawn(new SeesInterrupt()).await()).isFalse();
        }
    }
}
