package dev.weft.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.future.Context;
import dev.weft.future.Future;
import dev.weft.future.Poll;
import dev.weft.future.Waker;
import dev.weft.task.JoinError;
import dev.weft.task.JoinHandle;
import dev.weft.task.TaskId;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Timeout;

/**
 * Unobserved task failures reach the runtime's {@link UnhandledFailureHandler} exactly once; observed ones never;
 * Errors (a StackOverflowError, an Error from a wake()) fail only their task.
 */
@Timeout(60)
class UnhandledFailureTest {

    record Report(TaskId id, Throwable failure) {}

    static WeftRuntime runtime(boolean multi, BlockingQueue<Report> reports) {
        WeftRuntime.Builder b = multi ? WeftRuntime.builder().workerThreads(2) : WeftRuntime.currentThread();
        return b.unhandledFailureHandler((id, failure) -> reports.add(new Report(id, failure))).build();
    }

    /** Throws at once. */
    static final class Fails implements Future<Integer> {
        final Throwable failure;

        Fails(Throwable failure) {
            this.failure = failure;
        }

        @Override
        public Poll<Integer> poll(Context cx) {
            if (failure instanceof RuntimeException e) throw e;
            throw (Error) failure;
        }
    }

    /** Pending until armed, then throws: the joiner can register first. */
    static final class FailsWhenArmed implements Future<Integer> {
        volatile boolean armed;
        volatile Waker waker;

        void arm() {
            armed = true;
            waker.wake();
        }

        @Override
        public Poll<Integer> poll(Context cx) {
            if (armed) throw new IllegalStateException("observed failure");
            waker = cx.waker();
            return Poll.pending();
        }
    }

    /** Spawns a FailsWhenArmed task, polls its handle (registering interest), then arms it; yields the outcome. */
    static final class ObservingJoiner implements Future<Throwable> {
        final WeftRuntime rt;
        FailsWhenArmed task;
        JoinHandle<Integer> handle;

        ObservingJoiner(WeftRuntime rt) {
            this.rt = rt;
        }

        @Override
        public Poll<Throwable> poll(Context cx) {
            if (handle == null) {
                task = new FailsWhenArmed();
                handle = rt.spawn(task);
            }
            try {
                if (handle.poll(cx).isPending()) {
                    if (task.waker != null && !task.armed) task.arm();
                    else if (task.waker == null) cx.waker().wake(); // not polled yet: look again soon
                    return Poll.pending();
                }
                return Poll.ready(null);
            } catch (JoinError.Failed e) {
                return Poll.ready(e.getCause());
            }
        }
    }

    static int depth(int n) {
        return depth(n + 1) + 1;
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void failingTask_nobodyAwaitsItsHandle_handlerGetsExactlyOneReport(boolean multi) throws Exception {
        BlockingQueue<Report> reports = new LinkedBlockingQueue<>();
        WeftRuntime rt = runtime(multi, reports);
        RuntimeException boom = new IllegalStateException("boom");
        JoinHandle<Integer> h = rt.spawn(new Fails(boom));
        if (!multi) rt.blockOn(yieldOnce());
        Report r = reports.poll(10, TimeUnit.SECONDS);
        assertThat(r).isNotNull();
        assertThat(r.id()).isEqualTo(h.id());
        assertThat(r.failure()).isSameAs(boom);
        // awaiting it later still yields the failure, and does not report it again
        assertThatThrownBy(() -> rt.blockOn(h)).isInstanceOf(JoinError.Failed.class).hasCause(boom);
        rt.shutdown(Duration.ofSeconds(10));
        assertThat(reports).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void failingTask_awaitedBeforeItFails_isNotReported(boolean multi) {
        BlockingQueue<Report> reports = new LinkedBlockingQueue<>();
        WeftRuntime rt = runtime(multi, reports);
        Throwable seen = rt.blockOn(new ObservingJoiner(rt));
        assertThat(seen).isInstanceOf(IllegalStateException.class).hasMessage("observed failure");
        rt.shutdown(Duration.ofSeconds(10));
        assertThat(reports).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void stackOverflowInAPoll_failsOnlyThatTask_runtimeCarriesOn(boolean multi) {
        BlockingQueue<Report> reports = new LinkedBlockingQueue<>();
        try (WeftRuntime rt = runtime(multi, reports)) {
            JoinHandle<Integer> h = rt.spawn(new Future<Integer>() {
                @Override
                public Poll<Integer> poll(Context cx) {
                    return Poll.ready(depth(0));
                }
            });
            assertThatThrownBy(() -> rt.blockOn(h)).isInstanceOf(JoinError.Failed.class)
                    .cause().isInstanceOf(StackOverflowError.class);
            for (int i = 0; i < 10; i++) {
                int v = i;
                int got = rt.blockOn(rt.spawn(value(v)));
                assertThat(got).isEqualTo(v);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void errorFromAWakeInAPoll_failsOnlyThatTask_runtimeCarriesOn(boolean multi) {
        BlockingQueue<Report> reports = new LinkedBlockingQueue<>();
        try (WeftRuntime rt = runtime(multi, reports)) {
            Waker throwing = () -> {
                throw new AssertionError("wake() threw");
            };
            JoinHandle<Integer> h = rt.spawn(new Future<Integer>() {
                @Override
                public Poll<Integer> poll(Context cx) {
                    throwing.wake();
                    return Poll.ready(1);
                }
            });
            assertThatThrownBy(() -> rt.blockOn(h)).isInstanceOf(JoinError.Failed.class)
                    .cause().isInstanceOf(AssertionError.class).hasMessage("wake() threw");
            int got = rt.blockOn(rt.spawn(value(5)));
            assertThat(got).isEqualTo(5);
        }
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void handlerThatThrows_isContained_runtimeCarriesOn(boolean multi) throws Exception {
        BlockingQueue<Report> reports = new LinkedBlockingQueue<>();
        WeftRuntime.Builder b = multi ? WeftRuntime.builder().workerThreads(2) : WeftRuntime.currentThread();
        try (WeftRuntime rt = b.unhandledFailureHandler((id, f) -> {
            reports.add(new Report(id, f));
            throw new IllegalStateException("handler broke");
        }).build()) {
            rt.spawn(new Fails(new IllegalArgumentException("x")));
            if (!multi) rt.blockOn(yieldOnce());
            assertThat(reports.poll(10, TimeUnit.SECONDS)).isNotNull();
            int got = rt.blockOn(rt.spawn(value(3)));
            assertThat(got).isEqualTo(3);
        }
    }

    static Future<Integer> value(int v) {
        return cx -> Poll.ready(v);
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void failedFileOperation_awaitedByItsFuture_isNotReported(boolean multi) {
        BlockingQueue<Report> reports = new LinkedBlockingQueue<>();
        WeftRuntime rt = runtime(multi, reports);
        java.nio.file.Path missing = java.nio.file.Path.of("/nonexistent-weft-dir", "missing-" + System.nanoTime());
        for (int i = 0; i < 50; i++) { // the body often ends before the fs future polls its handle
            assertThatThrownBy(() -> rt.blockOn(dev.weft.fs.Fs.read(missing)))
                    .isInstanceOf(java.io.UncheckedIOException.class);
        }
        rt.shutdown(Duration.ofSeconds(10));
        assertThat(reports).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void failedBackgroundFileWrite_surfacedByTheNextOperation_isNotReported(boolean multi) throws Exception {
        BlockingQueue<Report> reports = new LinkedBlockingQueue<>();
        WeftRuntime rt = runtime(multi, reports);
        java.nio.file.Path f = java.nio.file.Files.createTempFile("weft-unhandled", ".txt");
        try {
            java.nio.file.Files.writeString(f, "read only");
            assertThatThrownBy(() -> rt.blockOn(dev.weft.future.Async.async(() -> {
                dev.weft.fs.AsyncFile file = dev.weft.fs.AsyncFile.openRead(f).await();
                // the write is accepted and runs in the background; its failure surfaces at the next operation
                file.writeAll(java.nio.ByteBuffer.wrap("x".getBytes())).await();
                file.flush().await();
                return null;
            }))).isNotNull();
            rt.shutdown(Duration.ofSeconds(10));
            assertThat(reports).isEmpty();
        } finally {
            java.nio.file.Files.deleteIfExists(f);
        }
    }

    /** A future that yields once, so a current-thread runtime's blockOn runs the queued tasks. */
    static Future<Void> yieldOnce() {
        return new Future<>() {
            boolean yielded;

            @Override
            public Poll<Void> poll(Context cx) {
                if (yielded) return Poll.ready(null);
                yielded = true;
                cx.waker().wake();
                return Poll.pending();
            }
        };
    }

}
