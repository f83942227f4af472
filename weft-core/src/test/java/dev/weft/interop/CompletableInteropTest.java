package dev.weft.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.future.Async;
import dev.weft.future.Futures;
import dev.weft.runtime.Handle;
import dev.weft.runtime.WeftRuntime;
import dev.weft.task.JoinError;
import dev.weft.task.JoinHandle;
import dev.weft.task.Tasks;
import dev.weft.time.Time;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** JoinHandle/Handle to CompletableFuture, Futures.fromStage on a runtime, and Handle.executor(). */
class CompletableInteropTest {

    @Test
    void toCompletableFuture_taskSucceeds_completesWithValue() throws Exception {
        try (WeftRuntime rt = WeftRuntime.builder().workerThreads(1).build()) {
            CompletableFuture<Integer> cf = rt.spawn(Futures.lazy(() -> 5)).toCompletableFuture();
            assertThat(cf.get(10, TimeUnit.SECONDS)).isEqualTo(5);
        }
    }

    @Test
    void toCompletableFuture_taskFails_completesExceptionallyWithTheTasksException() {
        try (WeftRuntime rt = WeftRuntime.builder().workerThreads(1).build()) {
            CompletableFuture<Integer> cf = rt.<Integer>spawnAsync(() -> {
                throw new IllegalArgumentException("bad");
            }).toCompletableFuture();
            assertThatThrownBy(() -> cf.get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                    .cause().isInstanceOf(IllegalArgumentException.class).hasMessage("bad");
        }
    }

    @Test
    void toCompletableFuture_cfCancelled_abortsTheTask() throws Exception {
        try (WeftRuntime rt = WeftRuntime.builder().workerThreads(1).build()) {
            CountDownLatch started = new CountDownLatch(1);
            CountDownLatch unwound = new CountDownLatch(1);
            JoinHandle<String> h = rt.spawnAsync(() -> {
                try {
                    started.countDown();
                    return Futures.<String>pending().await();
                } finally {
                    unwound.countDown();
                }
            });
            var abort = h.abortHandle();
            var id = h.id();
            CompletableFuture<String> cf = h.toCompletableFuture();
            assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(cf.cancel(true)).isTrue();
            assertThat(unwound.await(10, TimeUnit.SECONDS)).isTrue(); // the body was interrupted: aborted
            assertThat(cf.isCancelled()).isTrue();
            assertThat(abort.id()).isEqualTo(id);
        }
    }

    @Test
    void toCompletableFuture_taskAborted_completesCancelled() throws Exception {
        try (WeftRuntime rt = WeftRuntime.builder().workerThreads(1).build()) {
            JoinHandle<String> h = rt.spawn(Futures.pending());
            var abort = h.abortHandle();
            CompletableFuture<String> cf = h.toCompletableFuture();
            abort.abort();
            assertThatThrownBy(() -> cf.get(10, TimeUnit.SECONDS)).isInstanceOf(CancellationException.class)
                    .hasRootCauseInstanceOf(JoinError.Cancelled.class);
            assertThat(cf.isCancelled()).isTrue();
        }
    }

    @Test
    void handleToCompletableFuture_futureUsesTimer_completes_andCancelAborts() throws Exception {
        try (WeftRuntime rt = WeftRuntime.builder().workerThreads(1).build()) {
            CompletableFuture<String> done = rt.handle().toCompletableFuture(
                    Time.sleep(Duration.ofMillis(1)).map(v -> "slept"));
            assertThat(done.get(10, TimeUnit.SECONDS)).isEqualTo("slept");
            CountDownLatch released = new CountDownLatch(1);
            CompletableFuture<Void> forever = rt.handle().toCompletableFuture(new dev.weft.future.Future<Void>() {
                @Override
                public dev.weft.future.Poll<Void> poll(dev.weft.future.Context cx) {
                    return Time.sleep(Duration.ofDays(1)).poll(cx) instanceof dev.weft.future.Poll.Ready<Void>
                            ? dev.weft.future.Poll.ready(null) : dev.weft.future.Poll.pending();
                }

                @Override
                public void cancel() {
                    released.countDown(); // the task's future is cancelled by the abort
                }
            });
            assertThat(forever.cancel(false)).isTrue();
            assertThat(forever.isCancelled()).isTrue();
            assertThat(released.await(10, TimeUnit.SECONDS)).isTrue();
        }
    }

    @Test
    void fromStage_inTask_completedByForeignThread_wakesTheTask() throws Exception {
        try (WeftRuntime rt = WeftRuntime.builder().workerThreads(1).build()) {
            CompletableFuture<String> cf = new CompletableFuture<>();
            JoinHandle<Integer> h = rt.spawn(Futures.fromStage(cf).map(String::length));
            Thread.ofPlatform().start(() -> cf.complete("four"));
            assertThat(rt.blockOn(h)).isEqualTo(4);
        }
    }

    @Test
    void fromStage_taskAborted_stageUntouched() {
        try (WeftRuntime rt = WeftRuntime.builder().workerThreads(1).build()) {
            CompletableFuture<String> cf = new CompletableFuture<>();
            JoinHandle<String> h = rt.spawn(Futures.fromStage(cf));
            h.abort();
            assertThatThrownBy(() -> rt.blockOn(h)).isInstanceOf(JoinError.Cancelled.class);
            assertThat(cf.isDone()).isFalse();
        }
    }

    @Test
    void executor_runnable_runsAsTaskWithRuntimeAndMayBlock() throws Exception {
        try (WeftRuntime rt = WeftRuntime.builder().workerThreads(1).build()) {
            Executor ex = rt.handle().executor();
            CompletableFuture<String> cf = new CompletableFuture<>();
            ex.execute(() -> {
                try {
                    Thread.sleep(1); // blocking is allowed: a virtual thread of its own
                    Time.sleep(Duration.ofMillis(1)).await();
                    cf.complete(Handle.current().name() + " virtual=" + Thread.currentThread().isVirtual());
                } catch (Throwable t) {
                    cf.completeExceptionally(t);
                }
            });
            assertThat(cf.get(10, TimeUnit.SECONDS)).endsWith("virtual=true");
        }
    }

    @Test
    void executor_afterShutdown_rejects() {
        WeftRuntime rt = WeftRuntime.builder().workerThreads(1).build();
        Executor ex = rt.handle().executor();
        rt.close();
        assertThatThrownBy(() -> ex.execute(() -> {})).isInstanceOf(RejectedExecutionException.class)
                .hasMessageContaining("shut down");
    }

    @Test
    void executor_runningRunnable_interruptedAtShutdown() throws Exception {
        WeftRuntime rt = WeftRuntime.builder().workerThreads(1).build();
        CountDownLatch started = new CountDownLatch(1);
        AtomicReference<Throwable> seen = new AtomicReference<>();
        rt.handle().executor().execute(() -> {
            started.countDown();
            try {
                Futures.pending().await();
            } catch (Throwable t) {
                seen.set(t);
            }
        });
        assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
        rt.close(); // shutdown cancels the task: the runnable's await() is interrupted
        assertThat(seen.get()).isInstanceOf(dev.weft.future.CancelledException.class);
    }

    @Test
    void executor_nullCommand_failsFast() {
        try (WeftRuntime rt = WeftRuntime.builder().workerThreads(1).build()) {
            assertThatThrownBy(() -> rt.handle().executor().execute(null)).isInstanceOf(NullPointerException.class)
                    .hasMessage("command");
        }
    }

    @Test
    void spawnInsideCompletableFutureOnExecutor_usesThatRuntime() throws Exception {
        try (WeftRuntime rt = WeftRuntime.builder().workerThreads(1).build()) {
            int v = CompletableFuture.supplyAsync(() -> Tasks.spawn(Futures.ready(20)).await() + 1,
                    rt.handle().executor()).thenApply(x -> x * 2).get(10, TimeUnit.SECONDS);
            assertThat(v).isEqualTo(42);
            assertThat(Async.class).isNotNull();
        }
    }
}
