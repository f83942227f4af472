package dev.weft.internal.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.future.Poll;
import dev.weft.internal.task.Task;
import dev.weft.internal.util.Driver;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Worker I7: nothing thrown inside the engine (here: by the driver itself) kills a worker. */
@Timeout(60)
class WorkerSurvivalTest {

    /** Throws an Error from its first parks, then parks normally on the inner driver. */
    static final class FailingDriver implements Driver {
        final Driver inner;
        final AtomicInteger failuresLeft;

        FailingDriver(Driver inner, int failures) {
            this.inner = inner;
            this.failuresLeft = new AtomicInteger(failures);
        }

        @Override
        public void park(long timeoutNanos) {
            if (failuresLeft.getAndDecrement() > 0) throw new AssertionError("deliberately thrown by the driver");
            inner.park(timeoutNanos);
        }

        @Override
        public void unpark() {
            inner.unpark();
        }
    }

    @Test
    void driverThrowsAnError_theOnlyWorkerSurvivesAndRunsLaterTasks() throws Exception {
        MultiThreadScheduler s = new MultiThreadScheduler("survival", 1, i -> "survival-" + i,
                inner -> new FailingDriver(inner, 3), 256, false, 2, Duration.ofSeconds(10));
        try {
            Thread worker = null;
            for (int i = 0; i < 5; i++) {
                Task<Thread> t = s.spawn(cx -> Poll.ready(Thread.currentThread()));
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                while (!t.isComplete()) {
                    if (System.nanoTime() - deadline > 0) throw new AssertionError("task " + i + " never ran");
                    Thread.yield();
                }
                assertThat(t.takeFailure()).isNull();
                if (worker == null) worker = t.value();
                assertThat(t.value()).as("the same, still living, worker").isSameAs(worker);
            }
            assertThat(worker.isAlive()).isTrue();
        } finally {
            s.shutdown(Duration.ofSeconds(5));
        }
    }
}
