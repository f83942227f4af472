package dev.weft.runtime.snippets;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.future.Async;
import dev.weft.future.Futures;
import dev.weft.runtime.BlockingReport;
import dev.weft.runtime.WeftRuntime;
import dev.weft.task.JoinHandle;
import dev.weft.task.Tasks;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** The examples that dev.weft.runtime's javadoc pulls in; each runs as a test. */
class RuntimeSnippets {

    @Test
    void builder() {
        // @start region=builder
        try (WeftRuntime rt = WeftRuntime.builder().workerThreads(2).name("app").build()) {
            JoinHandle<Integer> answer = rt.spawn(Async.async(() -> 6 * 7));
            assertThat(rt.blockOn(answer)).isEqualTo(42);
            assertThat(rt.metrics().workers()).isEqualTo(2);
            assertThat(rt.shutdown(Duration.ofSeconds(1)).isClean()).isTrue();
        }
        // @end
    }

    @Test
    void main() {
        // @start region=main
        // #[tokio::main] async fn main() { ... }
        int sum = WeftRuntime.run(() -> {
            JoinHandle<Integer> a = Tasks.spawnAsync(() -> 20);
            JoinHandle<Integer> b = Tasks.spawnAsync(() -> 22);
            return a.await() + b.await();
        });
        assertThat(sum).isEqualTo(42);
        // @end
    }

    @Test
    void mainVoid() {
        java.util.List<String> log = new java.util.concurrent.CopyOnWriteArrayList<>();
        // @start region=mainVoid
        WeftRuntime.run(() -> {                              // no value: no return null
            JoinHandle<Void> worker = Tasks.spawnAsync(() -> {
                log.add("working");
            });
            worker.await();
            log.add("done");
        });
        // @end
        assertThat(log).containsExactly("working", "done");
    }

    /** A call that blocks its thread for half a second, as a legacy client library might. */
    static String legacyLookup(String key) {
        try {
            Thread.sleep(500);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return key + ": shipped";
    }

    @Test
    void detectBlocking() {
        // @start region=detectBlocking
        List<BlockingReport> reports = new CopyOnWriteArrayList<>();
        try (WeftRuntime rt = WeftRuntime.multiThread().workerThreads(2)
                .detectBlocking(Duration.ofMillis(50)) // report a poll that runs 50 ms or longer (default 100 ms)
                .compensateBlocking(true) // and let a spare thread run the blocked worker's other tasks
                .blockingHandler(reports::add) // instead of logging the report at WARNING
                .build()) {
            JoinHandle<String> order = rt.spawn(Futures.lazy(() -> legacyLookup("order-42"))); // blocks in poll()!
            assertThat(rt.blockOn(order)).isEqualTo("order-42: shipped");
            BlockingReport report = reports.get(0); // made while the poll still ran, once
            assertThat(report.task()).contains(order.id());
            assertThat(report.stack()).anyMatch(frame -> frame.getMethodName().equals("legacyLookup"));
            assertThat(report.compensated()).isTrue();
        }
        // @end
    }
}
