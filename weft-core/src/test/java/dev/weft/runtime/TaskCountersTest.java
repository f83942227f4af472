package dev.weft.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.future.Futures;
import dev.weft.task.JoinError;
import dev.weft.task.JoinHandle;
import org.junit.jupiter.api.Test;

/** RuntimeMetrics' per-outcome task counters. */
class TaskCountersTest {

    @Test
    void metrics_tasksOfEachOutcome_countedOnce() {
        try (WeftRuntime rt = WeftRuntime.currentThread().build()) {
            rt.blockOn(rt.spawn(Futures.ready(1)));
            rt.blockOn(rt.spawnAsync(() -> 2));
            JoinHandle<Object> failed = rt.spawn(Futures.failed(new IllegalStateException("x")));
            assertThatThrownBy(() -> rt.blockOn(failed)).isInstanceOf(JoinError.Failed.class);
            JoinHandle<Object> cancelled = rt.spawn(Futures.pending());
            cancelled.abort();
            assertThatThrownBy(() -> rt.blockOn(cancelled)).isInstanceOf(JoinError.Cancelled.class);
            RuntimeMetrics m = rt.metrics();
            assertThat(m.spawnedTasks()).isEqualTo(4);
            assertThat(m.succeededTasks()).isEqualTo(2);
            assertThat(m.failedTasks()).isEqualTo(1);
            assertThat(m.cancelledTasks()).isEqualTo(1);
            assertThat(m.finishedTasks()).isEqualTo(4);
            assertThat(m.liveTasks()).isZero();
        }
    }

    @Test
    void metrics_pendingTaskCancelledByShutdown_countedCancelled() {
        WeftRuntime rt = WeftRuntime.currentThread().build();
        Handle h = rt.handle();
        JoinHandle<Object> pending = rt.spawn(Futures.pending());
        rt.close();
        assertThat(pending.isFinished()).isTrue();
        assertThat(h.metrics().cancelledTasks()).isEqualTo(1);
    }
}
