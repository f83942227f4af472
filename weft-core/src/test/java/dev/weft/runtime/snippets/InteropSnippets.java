package dev.weft.runtime.snippets;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.future.Futures;
import dev.weft.runtime.Handle;
import dev.weft.runtime.WeftRuntime;
import dev.weft.time.Time;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The interop examples of Handle's javadoc; each runs as a test. */
class InteropSnippets {

    @Test
    void toCompletableFuture() throws Exception {
        // @start region=toCompletableFuture
        try (WeftRuntime rt = WeftRuntime.builder().workerThreads(1).build()) {
            Handle handle = rt.handle();
            CompletableFuture<String> cf = handle.toCompletableFuture(
                    Time.sleep(Duration.ofMillis(1)).then(v -> Futures.ready("done")));
            assertThat(cf.get(10, TimeUnit.SECONDS)).isEqualTo("done");
            // cf.cancel(true) would have aborted the task
        }
        // @end
    }

    @Test
    void executor() throws Exception {
        // @start region=executor
        try (WeftRuntime rt = WeftRuntime.builder().workerThreads(1).build()) {
            Executor executor = rt.handle().executor();
            // a library that takes an Executor now runs its callbacks as Weft tasks (on virtual threads)
            CompletableFuture<String> cf = CompletableFuture.supplyAsync(() -> {
                Time.sleep(Duration.ofMillis(1)).await(); // the runtime is current: await() works
                return "ran on " + Handle.current().name();
            }, executor);
            assertThat(cf.get(10, TimeUnit.SECONDS)).startsWith("ran on ");
        }
        // @end
    }
}
