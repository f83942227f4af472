package dev.weft.task.snippets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.future.Async;
import dev.weft.future.Futures;
import dev.weft.runtime.WeftRuntime;
import dev.weft.sync.Oneshot;
import dev.weft.task.JoinError;
import dev.weft.task.JoinHandle;
import dev.weft.task.JoinSet;
import dev.weft.task.TaskLocal;
import dev.weft.task.Tasks;
import java.util.ArrayList;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The examples that dev.weft.task's javadoc pulls in; each runs as a test. */
class TaskSnippets {

    @Test
    void spawnJoin() {
        // @start region=spawnJoin
        String results = WeftRuntime.run(() -> {
            JoinHandle<Long> handle1 = Tasks.spawn(Futures.lazy(() -> 21L * 2)); // poll-based task
            JoinHandle<String> handle2 = Tasks.spawnAsync(() -> "data"); // async block task
            // both run while this task does other work; await() takes each result
            return handle1.await() + " " + handle2.await();
        });
        assertThat(results).isEqualTo("42 data");
        // @end
    }

    @Test
    void joinError() {
        // @start region=joinError
        WeftRuntime.run(() -> {
            JoinHandle<Integer> failing = Tasks.spawnAsync(() -> {
                throw new IllegalArgumentException("bad input");
            });
            assertThatThrownBy(failing::await)
                    .isInstanceOf(JoinError.Failed.class)
                    .hasCauseInstanceOf(IllegalArgumentException.class);

            JoinHandle<Object> forever = Tasks.spawn(Futures.pending());
            forever.abort();
            assertThatThrownBy(forever::await).isInstanceOf(JoinError.Cancelled.class);
            return null;
        });
        // @end
    }

    @Test
    void joinSet() {
        // @start region=joinSet
        List<Integer> done = WeftRuntime.run(() -> {
            try (JoinSet<Integer> set = new JoinSet<>()) {
                for (int i = 0; i < 5; i++) {
                    int n = i;
                    set.spawn(Async.async(() -> n * n));
                }
                List<Integer> out = new ArrayList<>();
                Optional<Integer> next;
                while ((next = set.joinNext().await()).isPresent()) out.add(next.get()); // completion order
                return out;
            }
        });
        assertThat(done).containsExactlyInAnyOrder(0, 1, 4, 9, 16);
        // @end
    }

    @Test
    void taskLocal() {
        // @start region=taskLocal
        TaskLocal<String> requestId = TaskLocal.newInstance("requestId");
        String seen = WeftRuntime.run(() -> requestId
                .scope("req-7", Async.async(() -> "handling " + requestId.get()))
                .await());
        assertThat(seen).isEqualTo("handling req-7");
        assertThat(requestId.tryGet()).isEmpty(); // unset outside the scope
        // @end
    }

    @Test
    void toCompletableFuture() throws Exception {
        // @start region=toCompletableFuture
        try (WeftRuntime rt = WeftRuntime.builder().workerThreads(1).build()) {
            CompletableFuture<Integer> cf = rt.spawnAsync(() -> 6 * 7).toCompletableFuture();
            // hand it to code that speaks java.util.concurrent
            assertThat(cf.thenApply(v -> "answer " + v).get(10, TimeUnit.SECONDS)).isEqualTo("answer 42");
        }
        // @end
    }

    @Test
    void spawnAsyncVoid() {
        java.util.concurrent.atomic.AtomicInteger sent = new java.util.concurrent.atomic.AtomicInteger();
        // @start region=spawnAsyncVoid
        WeftRuntime.run(() -> {
            JoinHandle<Void> handle = Tasks.spawnAsync(() -> {   // a body with no value: no return null
                sent.incrementAndGet();
            });
            handle.await(); // completes with null
        });
        // @end
        assertThat(sent).hasValue(1);
    }

    @Test
    void cancelDetach() {
        // @start region=cancelDetach
        String result = WeftRuntime.run(() -> {
            JoinHandle<Void> stuck = Tasks.spawnAsync(() -> {
                Futures.pending().await();                  // waits forever ...
            });
            stuck.cancel();                                 // ... until cancelled: the task stops (as abort())

            var done = Oneshot.<String>channel();
            JoinHandle<Void> background = Tasks.spawnAsync(() -> {
                done.sender().send("finished");
            });
            background.detach();                            // not awaited: it keeps running (Tokio's dropped handle)
            return done.receiver().await();
        });
        assertThat(result).isEqualTo("finished");
        // @end
    }
}
