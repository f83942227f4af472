package dev.weft.future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.runtime.WeftRuntime;
import dev.weft.task.JoinError;
import dev.weft.task.JoinHandle;
import dev.weft.task.Outcome;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Checked exceptions from async bodies reach await() wrapped in AsyncException; unchecked ones pass unchanged. */
@Timeout(60)
class AsyncExceptionTest {

    /** A checked exception with a field the caller wants back (as SQLException's SQL state). */
    static final class DbException extends Exception {
        private static final long serialVersionUID = 1L;
        final String state;

        DbException(String state) {
            super("state " + state);
            this.state = state;
        }
    }

    private static WeftRuntime rt() {
        return WeftRuntime.multiThread().workerThreads(2).build();
    }

    @Test
    void await_bodyThrowsChecked_throwsAsyncExceptionWithTheBodysException() {
        IOException cause = new IOException("disk gone");
        Future<String> block = Async.async(() -> {
            throw cause;
        });
        assertThatThrownBy(block::await).isExactlyInstanceOf(AsyncException.class).hasCause(cause)
                .hasMessageContaining("disk gone");
    }

    @Test
    void await_checkedFailure_canBeCaughtByType() {
        String handled;
        try {
            Async.async(() -> {
                throw new DbException("40001");
            }).await();
            handled = "no failure";
        } catch (AsyncException e) {
            handled = e.getCause() instanceof DbException db ? db.state : "other";
        }
        assertThat(handled).isEqualTo("40001");
    }

    @Test
    void await_bodyThrowsUnchecked_passesThroughUnchanged() {
        IllegalStateException cause = new IllegalStateException("bad state");
        assertThatThrownBy(() -> Async.async(() -> {
            throw cause;
        }).await()).isSameAs(cause);
        AssertionError error = new AssertionError("an error");
        assertThatThrownBy(() -> Async.async((Async.VoidBody) () -> {
            throw error;
        }).await()).isSameAs(error);
    }

    @Test
    void await_nestedBlocks_wrapOnce() {
        IOException cause = new IOException("inner");
        Future<String> outer = Async.async(() -> Async.<String>async(() -> {
            throw cause;
        }).await());
        assertThatThrownBy(outer::await).isExactlyInstanceOf(AsyncException.class).hasCause(cause);
    }

    @Test
    void runtimeRun_checked_throwsAsyncException() {
        IOException cause = new IOException("main failed");
        assertThatThrownBy(() -> WeftRuntime.run(() -> {
            throw cause;
        })).isExactlyInstanceOf(AsyncException.class).hasCause(cause);
        assertThatThrownBy(() -> WeftRuntime.run(() -> {
            if (cause != null) throw cause;
        })).isExactlyInstanceOf(AsyncException.class).hasCause(cause);
    }

    @Test
    void futuresFailed_andFromStage_wrapCheckedFailures() {
        IOException cause = new IOException("x");
        assertThatThrownBy(() -> Futures.failed(cause).await()).isExactlyInstanceOf(AsyncException.class)
                .hasCause(cause);
        assertThatThrownBy(() -> Futures.fromStage(CompletableFuture.failedFuture(cause)).await())
                .isExactlyInstanceOf(AsyncException.class).hasCause(cause);
        IllegalArgumentException unchecked = new IllegalArgumentException("y");
        assertThatThrownBy(() -> Futures.failed(unchecked).await()).isSameAs(unchecked);
    }

    @Test
    void taskFailures_carryTheBodysOwnException_whicheverWayTheBodyWasSpawned() {
        IOException cause = new IOException("task failed");
        try (WeftRuntime rt = rt()) {
            JoinHandle<String> viaSpawnAsync = rt.spawnAsync(() -> {
                throw cause;
            });
            JoinHandle<String> viaAsyncBlock = rt.spawn(Async.async(() -> {
                throw cause;
            }));
            JoinHandle<String> viaBlocking = rt.spawnBlocking(() -> {
                throw cause;
            });
            for (JoinHandle<String> h : java.util.List.of(viaSpawnAsync, viaAsyncBlock, viaBlocking)) {
                assertThatThrownBy(h::await).isInstanceOf(JoinError.Failed.class).hasCause(cause);
            }
            JoinHandle<String> forOutcome = rt.spawn(Async.async(() -> {
                throw cause;
            }));
            assertThat(forOutcome.outcome().await()).isEqualTo(new Outcome.Failure<>(cause));
        }
    }

    @Test
    void toCompletableFuture_checkedBodyFailure_isTheExecutionExceptionsCause() {
        IOException cause = new IOException("cf");
        try (WeftRuntime rt = rt()) {
            CompletableFuture<String> cf = rt.spawn(Async.<String>async(() -> {
                throw cause;
            })).toCompletableFuture();
            assertThatThrownBy(cf::get).isInstanceOf(ExecutionException.class).hasCause(cause);
        }
    }

    @Test
    void cancelledBlock_throwsCancelledException_notAsyncException() throws Exception {
        java.util.concurrent.CountDownLatch started = new java.util.concurrent.CountDownLatch(1);
        Future<Void> block = Async.async(() -> {
            started.countDown();
            Thread.sleep(60_000); // an InterruptedException (checked) when cancelled
        });
        var thrown = new java.util.concurrent.atomic.AtomicReference<Throwable>();
        Thread awaiter = Thread.ofPlatform().start(() -> {
            try {
                block.await();
            } catch (Throwable t) {
                thrown.set(t);
            }
        });
        started.await();
        awaiter.interrupt(); // the awaiting thread is cancelled: await() cancels the block
        awaiter.join();
        assertThat(thrown.get()).isInstanceOf(CancelledException.class);
    }
}
