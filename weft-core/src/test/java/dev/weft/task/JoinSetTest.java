package dev.weft.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.future.Context;
import dev.weft.future.Future;
import dev.weft.future.Futures;
import dev.weft.future.Poll;
import dev.weft.runtime.WeftRuntime;
import dev.weft.task.TestFutures.Forever;
import dev.weft.task.TestFutures.Settable;
import dev.weft.testkit.TestWaker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class JoinSetTest {

    @Test
    void joinNext_returnsResultsInCompletionOrder() {
        try (WeftRuntime rt = WeftRuntime.multiThread().workerThreads(2).build()) {
            List<Settable<Integer>> gates = new ArrayList<>();
            List<Integer> got = rt.blockOn(Futures.lazy(() -> {
                JoinSet<Integer> set = new JoinSet<>();
                for (int i = 0; i < 5; i++) {
                    Settable<Integer> g = new Settable<>();
                    gates.add(g);
                    set.spawn(g);
                }
                return set;
            }).then(set -> dev.weft.future.Async.async(() -> {
                assertThat(set.size()).isEqualTo(5);
                List<Integer> out = new ArrayList<>();
                int[] order = {3, 0, 4, 1, 2};
                for (int i : order) {
                    gates.get(i).complete(i);
                    out.add(set.joinNext().await().orElseThrow());
                }
                assertThat(set.isEmpty()).isTrue();
                assertThat(set.joinNext().await()).isEmpty();
                return out;
            })));
            assertThat(got).containsExactly(3, 0, 4, 1, 2);
        }
    }

    @Test
    void joinNext_reportsFailuresAndCancellations_andRemovesThoseTasks() {
        try (WeftRuntime rt = WeftRuntime.multiThread().workerThreads(2).build()) {
            RuntimeException boom = new RuntimeException("boom");
            rt.blockOn(dev.weft.future.Async.async(() -> {
                JoinSet<Integer> set = new JoinSet<>();
                set.spawn(cx -> {
                    throw boom;
                });
                assertThatThrownBy(() -> set.joinNext().await()).isInstanceOf(JoinError.Failed.class).hasCause(boom);
                AbortHandle ah = set.spawn(new Forever<>());
                ah.abort();
                assertThatThrownBy(() -> set.joinNext().await()).isInstanceOf(JoinError.Cancelled.class);
                assertThat(set.isEmpty()).isTrue();
                return null;
            }));
        }
    }

    @Test
    void abortAll_cancelsEveryMember_andJoinNextReportsEach() {
        try (WeftRuntime rt = WeftRuntime.multiThread().workerThreads(2).build()) {
            List<Forever<Integer>> fs = new ArrayList<>();
            int cancelled = rt.blockOn(dev.weft.future.Async.async(() -> {
                JoinSet<Integer> set = new JoinSet<>();
                for (int i = 0; i < 10; i++) {
                    Forever<Integer> f = new Forever<>();
                    fs.add(f);
                    set.spawn(f);
                }
                set.abortAll();
                assertThat(set.size()).as("aborted tasks stay until joined").isEqualTo(10);
                int n = 0;
                for (;;) {
                    try {
                        if (set.joinNext().await().isEmpty()) break;
                    } catch (JoinError.Cancelled e) {
                        n++;
                    }
                }
                return n;
            }));
            assertThat(cancelled).isEqualTo(10);
            for (Forever<Integer> f : fs) assertThat(f.cancels).hasValue(1);
        }
    }

    @Test
    void shutdown_abortsAndWaitsForAll_andCloseAborts() {
        try (WeftRuntime rt = WeftRuntime.multiThread().workerThreads(2).build()) {
            List<Forever<Integer>> fs = new ArrayList<>();
            rt.blockOn(dev.weft.future.Async.async(() -> {
                JoinSet<Integer> set = new JoinSet<>();
                for (int i = 0; i < 10; i++) {
                    Forever<Integer> f = new Forever<>();
                    fs.add(f);
                    set.spawn(f);
                }
                set.spawn(Futures.ready(1));
                set.shutdown().await();
                assertThat(set.isEmpty()).isTrue();
                Forever<Integer> last = new Forever<>();
                fs.add(last);
                try (JoinSet<Integer> closing = new JoinSet<>()) {
                    closing.spawn(last);
                }
                return null;
            }));
            for (Forever<Integer> f : fs.subList(0, 10)) assertThat(f.cancels).hasValue(1);
            Forever<Integer> last = fs.get(10);
            // close() aborted it; its cancel() runs in place or on its worker
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (last.cancels.get() == 0 && System.nanoTime() < deadline) Thread.onSpinWait();
            assertThat(last.cancels).hasValue(1);
        }
    }

    @Test
    void joinNext_cancelledWhilePending_losesNoResult() {
        try (WeftRuntime rt = WeftRuntime.currentThread().build()) {
            Settable<Integer> gate = new Settable<>();
            JoinSet<Integer> set = new JoinSet<>();
            rt.blockOn(Futures.lazy(() -> set.spawn(gate)));
            TestWaker w = new TestWaker();
            Future<Optional<Integer>> next = set.joinNext();
            assertThat(next.poll(new Context(w)).isPending()).isTrue();
            next.cancel(); // dropped while pending
            gate.complete(7);
            // the task completes while nobody is joining; a later joinNext still gets it
            Optional<Integer> v = rt.blockOn(set.joinNext());
            assertThat(v).contains(7);
            assertThat(set.isEmpty()).isTrue();
        }
    }

    @Test
    void joinNext_cancelledAfterTheTaskCompleted_losesNoResult() throws InterruptedException {
        try (WeftRuntime rt = WeftRuntime.multiThread().workerThreads(2).build()) {
            JoinSet<Integer> set = new JoinSet<>();
            rt.blockOn(Futures.lazy(() -> set.spawn(Futures.ready(9))));
            TestWaker w = new TestWaker();
            Future<Optional<Integer>> first = set.joinNext();
            Poll<Optional<Integer>> p = first.poll(new Context(w));
            if (p.isReady()) {
                assertThat(p.value()).contains(9);
                return;
            }
            assertThat(w.awaitWake(Duration.ofSeconds(10))).as("the set's owner is woken when a member completes")
                    .isTrue();
            first.cancel(); // woken, but dropped before re-polling
            assertThat(rt.blockOn(set.joinNext())).contains(9);
        }
    }

    @Test
    void add_ofAnAlreadyFinishedHandle_isReported() {
        try (WeftRuntime rt = WeftRuntime.multiThread().workerThreads(2).build()) {
            JoinHandle<Integer> h = rt.spawn(Futures.ready(4));
            while (!h.isFinished()) Thread.onSpinWait();
            JoinSet<Integer> set = new JoinSet<>();
            AbortHandle ah = set.add(h);
            assertThat(ah.id()).isEqualTo(h.id());
            assertThat(rt.blockOn(set.joinNext())).contains(4);
        }
    }

    @Test
    void spawn_outsideARuntime_throws() {
        JoinSet<Integer> set = new JoinSet<>();
        assertThatThrownBy(() -> set.spawn(Futures.ready(1))).isInstanceOf(IllegalStateException.class);
        assertThat(set.isEmpty()).isTrue();
    }
}
