package dev.weft.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.future.Context;
import dev.weft.future.Future;
import dev.weft.future.Poll;
import dev.weft.future.Waker;
import dev.weft.runtime.WeftRuntime;
import dev.weft.sync.Oneshot;
import dev.weft.testkit.TestWaker;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class TaskTrackerTest {

    /** A future that completes when {@code done[0]} is set (polled by hand). */
    private static Future<String> gate(boolean[] done) {
        return cx -> done[0] ? Poll.ready("ok") : Poll.pending();
    }

    @Test
    void waitAll_completesOnlyAfterCloseAndAllDone() {
        TaskTracker tracker = new TaskTracker();
        TestWaker wakes = new TestWaker();
        Context cx = wakes.context();
        boolean[] d1 = {false};
        boolean[] d2 = {false};
        Future<String> t1 = tracker.track(gate(d1));
        Future<String> t2 = tracker.track(gate(d2));
        assertThat(tracker.len()).isEqualTo(2);
        Future<Void> wait = tracker.waitAll();
        assertThat(wait.poll(cx).isPending()).isTrue();
        d1[0] = true;
        assertThat(t1.poll(cx)).isEqualTo(Poll.ready("ok"));
        assertThat(tracker.len()).isEqualTo(1);
        assertThat(tracker.close()).isTrue();
        assertThat(tracker.isClosed()).isTrue();
        assertThat(wait.poll(cx).isPending()).as("closed but one task left").isTrue();
        wakes.assertNotWoken();
        d2[0] = true;
        t2.poll(cx);
        assertThat(wakes.wakeCount()).as("the last task woke the waiter").isEqualTo(1);
        assertThat(wait.poll(cx).isReady()).isTrue();
        assertThat(tracker.len()).isZero();
    }

    @Test
    void lastTrackedFutureCompletes_waiterWakerThrows_theTrackedFutureStillCompletesAndOtherWaitersWake() {
        TaskTracker tracker = new TaskTracker();
        boolean[] done = {false};
        Future<String> tracked = tracker.track(gate(done));
        tracker.close();
        Context throwing = TestWaker.throwing(() -> new AssertionError("waiter's wake() threw")).context();
        TestWaker wakes = new TestWaker();
        Context counting = wakes.context();
        Future<Void> w1 = tracker.waitAll();
        Future<Void> w2 = tracker.waitAll();
        assertThat(w1.poll(throwing).isPending()).isTrue();
        assertThat(w2.poll(counting).isPending()).isTrue();
        done[0] = true;
        assertThat(tracked.poll(new Context(Waker.noop()))).as("not failed by the waiter's waker")
                .isEqualTo(Poll.ready("ok"));
        wakes.assertWakeCount(1);
        assertThat(w1.poll(counting).isReady()).isTrue();
    }

    @Test
    void waitAll_emptyButOpen_pendsUntilClose() {
        TaskTracker tracker = new TaskTracker();
        Context cx = new Context(Waker.noop());
        Future<Void> wait = tracker.waitAll();
        assertThat(wait.poll(cx).isPending()).isTrue();
        tracker.close();
        assertThat(wait.poll(cx).isReady()).isTrue();
        assertThat(tracker.close()).isFalse();
        assertThat(tracker.reopen()).isTrue();
        assertThat(tracker.waitAll().poll(cx).isPending()).isTrue();
    }

    @Test
    void cancelledTrackedFuture_isUntracked_andFailingOneToo() {
        TaskTracker tracker = new TaskTracker();
        Context cx = new Context(Waker.noop());
        AtomicInteger innerCancels = new AtomicInteger();
        Future<String> never = new Future<>() {
            @Override
            public Poll<String> poll(Context c) {
                return Poll.pending();
            }

            @Override
            public void cancel() {
                innerCancels.incrementAndGet();
            }
        };
        Future<String> tracked = tracker.track(never);
        Future<String> failing = tracker.track(c -> {
            throw new IllegalStateException("boom");
        });
        tracker.close();
        Future<Void> wait = tracker.waitAll();
        assertThat(wait.poll(cx).isPending()).isTrue();
        assertThatThrownBy(() -> failing.poll(cx)).hasMessage("boom");
        assertThat(tracker.len()).isEqualTo(1);
        tracked.cancel();
        assertThat(innerCancels.get()).isEqualTo(1);
        assertThat(wait.poll(cx).isReady()).isTrue();
        // a cancelled wait leaves no waiter behind
        TaskTracker t2 = new TaskTracker();
        Future<Void> w2 = t2.waitAll();
        w2.poll(cx);
        w2.cancel();
        t2.close();
    }

    @Test
    void spawn_onRuntime_waitAllAfterTasksFinish() throws Exception {
        try (WeftRuntime rt = WeftRuntime.multiThread().workerThreads(2).build()) {
            TaskTracker tracker = new TaskTracker();
            CountDownLatch release = new CountDownLatch(1);
            AtomicInteger finished = new AtomicInteger();
            rt.blockOn(cx -> {
                for (int i = 0; i < 10; i++) {
                    tracker.spawnBlocking(() -> {
                        release.await(10, TimeUnit.SECONDS);
                        return finished.incrementAndGet();
                    });
                }
                var tx = Oneshot.<Integer>channel();
                tracker.spawn(tx.receiver().map(v -> finished.incrementAndGet()));
                tx.sender().send(1);
                return Poll.ready(null);
            });
            tracker.close();
            Future<Void> wait = tracker.waitAll();
            assertThat(wait.poll(new Context(Waker.noop())).isPending()).isTrue();
            release.countDown();
            rt.blockOn(wait);
            assertThat(finished.get()).isEqualTo(11);
            assertThat(tracker.isEmpty()).isTrue();
        }
    }
}
