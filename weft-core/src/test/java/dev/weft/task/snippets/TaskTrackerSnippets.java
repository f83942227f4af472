package dev.weft.task.snippets;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.future.Async;
import dev.weft.runtime.WeftRuntime;
import dev.weft.sync.CancellationToken;
import dev.weft.task.TaskTracker;
import dev.weft.time.Time;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Examples for TaskTracker; each runs as a test. */
class TaskTrackerSnippets {

    @Test
    void gracefulShutdown() {
        try (WeftRuntime rt = WeftRuntime.multiThread().workerThreads(2).build()) {
            // @start region=gracefulShutdown
            CancellationToken token = new CancellationToken();
            TaskTracker tracker = new TaskTracker();
            AtomicInteger cleanedUp = new AtomicInteger();
            rt.blockOn(Async.async(() -> {
                for (int i = 0; i < 5; i++) {
                    CancellationToken mine = token.child();
                    tracker.spawn(Async.async(() -> {
                        try {
                            mine.cancelled().await(); // a worker loop would select on its work and this
                        } finally {
                            cleanedUp.incrementAndGet(); // flush, close connections, ...
                        }
                    }));
                }
                tracker.close(); // no more tasks: waitAll() may now complete
                token.cancel(); // shutdown requested (e.g. Signals.ctrlC() completed)
                // wait for every task to finish its cleanup, with an upper bound
                Time.timeout(Duration.ofSeconds(10), tracker.waitAll()).await();
            }));
            assertThat(cleanedUp.get()).isEqualTo(5);
            assertThat(tracker.len()).isZero();
            // @end
        }
    }
}
