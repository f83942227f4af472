package dev.weft.internal.scheduler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.future.Context;
import dev.weft.future.Poll;
import dev.weft.future.Waker;
import dev.weft.runtime.WeftRuntime;
import dev.weft.task.JoinError;
import dev.weft.task.JoinHandle;
import dev.weft.task.Tasks;
import dev.weft.task.TestFutures.Forever;
import dev.weft.time.Time;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The test kit's view of a runtime: live tasks and unobserved failures (weft-test's WeftExtension uses it). */
@Timeout(60)
class LiveTasksTest {
    private final WeftRuntime rt = WeftRuntime.currentThread().startPaused(true)
            .unhandledFailureHandler((task, failure) -> {}) // the watcher below sees them; keep the log quiet
            .build();
    private final Context cx = rt.handle().newContext(Waker.noop(), Context.UNCONSTRAINED);

    @AfterEach
    void close() {
        rt.close();
    }

    @Test
    void snapshot_idlePollTask_isListedWithItsFuture_thenGoneWhenAborted() {
        JoinHandle<Object> h = rt.spawn(new Forever<>());
        assertThat(LiveTasks.snapshot(cx)).singleElement().satisfies(i -> {
            assertThat(i.id()).isEqualTo(h.id().value());
            assertThat(i.asyncBlock()).isFalse();
            assertThat(i.state()).isEqualTo("scheduled"); // spawned, not yet run
            assertThat(i.what()).isEqualTo(Forever.class.getName());
        });
        rt.blockOn(Tasks.yieldNow());
        LiveTasks.Info idle = LiveTasks.snapshot(cx).get(0);
        assertThat(idle.state()).isEqualTo("idle");
        assertThat(idle.isQuiescent()).isTrue();
        h.abort();
        assertThat(LiveTasks.snapshot(cx)).isEmpty();
    }

    @Test
    void snapshot_asyncBlock_showsItsThreadParkedInAwait_withTheBodyOnTheStack() {
        rt.spawnAsync(() -> {
            Time.sleep(Duration.ofHours(1)).await();
            return null;
        });
        LiveTasks.Info info = LiveTasks.snapshot(cx).get(0);
        while (!info.isQuiescent()) { // the body runs on its own virtual thread until it parks in await()
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
            info = LiveTasks.snapshot(cx).get(0);
        }
        assertThat(info.asyncBlock()).isTrue();
        assertThat(info.what()).startsWith(LiveTasksTest.class.getName() + "$$Lambda");
        assertThat(info.stack()).anySatisfy(f -> assertThat(f.getMethodName())
                .startsWith("lambda$snapshot_asyncBlock_showsItsThreadParkedInAwait_withTheBodyOnTheStack$"));
    }

    @Test
    void snapshot_contextWithoutARuntime_isRejected() {
        assertThatThrownBy(() -> LiveTasks.snapshot(new Context(Waker.noop())))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Handle.newContext");
    }

    @Test
    void watchUnobservedFailures_reportedFailure_isTakenLaterWhenTheHandleIsAwaited() {
        ConcurrentLinkedQueue<LiveTasks.UnobservedFailure> seen = new ConcurrentLinkedQueue<>();
        LiveTasks.watchUnobservedFailures(cx, seen::add);
        JoinHandle<Object> awaitedLater = rt.spawn(c -> {
            throw new IllegalStateException("late");
        });
        JoinHandle<Object> never = rt.spawn(c -> {
            throw new IllegalStateException("never");
        });
        rt.blockOn(Tasks.yieldNow()); // both fail with nobody waiting: both reported
        List<LiveTasks.UnobservedFailure> reported = List.copyOf(seen);
        assertThat(reported).extracting(f -> f.failure().getMessage()).containsExactly("late", "never");
        assertThat(reported).noneMatch(LiveTasks.UnobservedFailure::isTakenLater);
        assertThatThrownBy(() -> rt.blockOn(awaitedLater)).isInstanceOf(JoinError.Failed.class);
        assertThat(reported.get(0).isTakenLater()).isTrue();
        assertThat(reported.get(1).isTakenLater()).isFalse();
        assertThat(reported.get(1).id()).isEqualTo(never.id().value());
    }

    @Test
    void watchUnobservedFailures_awaitedTask_isNotReported() {
        ConcurrentLinkedQueue<LiveTasks.UnobservedFailure> seen = new ConcurrentLinkedQueue<>();
        LiveTasks.watchUnobservedFailures(cx, seen::add);
        JoinHandle<Object> h = rt.spawn(c -> {
            throw new IllegalStateException("seen");
        });
        assertThatThrownBy(() -> rt.blockOn(h)).isInstanceOf(JoinError.Failed.class);
        assertThat(seen).isEmpty();
        int one = rt.blockOn(rt.spawn(c -> Poll.ready(1)));
        assertThat(one).isEqualTo(1);
    }
}
