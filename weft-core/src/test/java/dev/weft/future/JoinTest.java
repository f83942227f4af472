package dev.weft.future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.internal.context.Ambient;
import dev.weft.testkit.TestWaker;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

class JoinTest {

    private final TestWaker waker = new TestWaker();
    private final Context cx = new Context(waker);

    @Test
    void join_completesWithBothValuesInArgumentOrder_whateverOrderTheyFinishIn() {
        ControlledFuture<String> a = ControlledFuture.pending("a");
        ControlledFuture<Integer> b = ControlledFuture.pending("b");
        Future<Join2<String, Integer>> join = Futures.join(a, b);

        assertThat(join.poll(cx).isPending()).isTrue();
        b.complete(2);
        assertThat(join.poll(cx).isPending()).isTrue();
        a.complete("one");

        assertThat(join.poll(cx).value()).isEqualTo(new Join2<>("one", 2));
        assertThat(a.cancels() + b.cancels()).isZero();
    }

    @Test
    void join3_completesWithAllThreeValues() {
        Future<Join3<String, Integer, Boolean>> join =
                Futures.join(Futures.ready("a"), ControlledFuture.ready("b", 2), Futures.lazy(() -> true));
        Join3<String, Integer, Boolean> j = join.poll(cx).value();
        assertThat(j).isEqualTo(new Join3<>("a", 2, true));
        assertThat(j.<String>apply((x, y, z) -> x + y + z)).isEqualTo("a2true");
    }

    @Test
    void join_repollsOnlyTheChildThatWasWoken() {
        ControlledFuture<String> a = ControlledFuture.pending("a");
        ControlledFuture<String> b = ControlledFuture.pending("b");
        ControlledFuture<String> c = ControlledFuture.pending("c");
        Future<Join3<String, String, String>> join = Futures.join(a, b, c);
        assertThat(join.poll(cx).isPending()).isTrue();
        assertThat(List.of(a.polls(), b.polls(), c.polls())).containsExactly(1, 1, 1);

        b.complete("B");
        assertThat(waker.wakeCount()).isEqualTo(1);
        assertThat(join.poll(cx).isPending()).isTrue();
        assertThat(List.of(a.polls(), b.polls(), c.polls())).containsExactly(1, 2, 1);

        assertThat(join.poll(cx).isPending()).isTrue(); // spurious poll: nobody woken, nobody polled
        assertThat(List.of(a.polls(), b.polls(), c.polls())).containsExactly(1, 2, 1);

        a.completeSilently("A"); // ready but never woke: not polled
        assertThat(join.poll(cx).isPending()).isTrue();
        assertThat(a.polls()).isEqualTo(1);

        c.complete("C");
        assertThat(join.poll(cx).isPending()).isTrue();
        assertThat(a.polls()).isEqualTo(1);
        a.complete("A");
        assertThat(join.poll(cx).value()).isEqualTo(new Join3<>("A", "B", "C"));
    }

    @Test
    void join_childWokenDuringItsOwnPoll_isPolledAgainNextTime() {
        int[] polls = {0};
        Future<String> selfWaking = cx1 -> {
            if (++polls[0] < 3) {
                cx1.waker().wake(); // yield, like a spent budget
                return Poll.pending();
            }
            return Poll.ready("done");
        };
        Future<Join2<String, String>> join = Futures.join(selfWaking, Futures.ready("x"));
        assertThat(join.poll(cx).isPending()).isTrue();
        assertThat(join.poll(cx).isPending()).isTrue();
        assertThat(join.poll(cx).value()).isEqualTo(new Join2<>("done", "x"));
        assertThat(waker.wakeCount()).isEqualTo(2);
    }

    @Test
    void join_chargesTheChildrensBudgetToTheTaskAndPassesTheAmbient() {
        Ambient ambient = new Ambient() {};
        Context budgeted = new Context(waker, 5, ambient);
        ControlledFuture<String> a = ControlledFuture.<String>pending("a").consumingBudget();
        ControlledFuture<String> b = ControlledFuture.<String>pending("b").consumingBudget();
        Future<Join2<String, String>> join = Futures.join(a, b);

        assertThat(join.poll(budgeted).isPending()).isTrue();

        assertThat(budgeted.remainingBudget()).isEqualTo(3);
        assertThat(a.lastContext().ambient()).isSameAs(ambient);
        join.cancel();
    }

    @Test
    void join_whenOneFails_waitsForTheOtherThenFailsWithTheFirstError() {
        ControlledFuture<String> a = ControlledFuture.pending("a");
        ControlledFuture<String> b = ControlledFuture.pending("b");
        Future<Join2<String, String>> join = Futures.join(a, b);
        assertThat(join.poll(cx).isPending()).isTrue();

        a.fail(new IllegalStateException("a failed"));
        assertThat(join.poll(cx).isPending()).isTrue();
        assertThat(b.cancels()).isZero();
        b.complete("b");

        assertThatThrownBy(() -> join.poll(cx)).isInstanceOf(IllegalStateException.class).hasMessage("a failed");
        assertThat(a.cancels() + b.cancels()).isZero();
    }

    @Test
    void tryJoin_completesWithValues() {
        assertThat(Futures.tryJoin(Futures.ready(1), ControlledFuture.ready("b", "two")).poll(cx).value())
                .isEqualTo(new Join2<>(1, "two"));
        assertThat(Futures.tryJoin(Futures.ready(1), Futures.ready(2), Futures.ready(3)).poll(cx).value())
                .isEqualTo(new Join3<>(1, 2, 3));
    }

    @Test
    void tryJoin_firstFailureCancelsTheRestOnceAndIsRethrown() {
        ControlledFuture<String> a = ControlledFuture.pending("a");
        ControlledFuture<String> b = ControlledFuture.pending("b");
        ControlledFuture<String> c = ControlledFuture.pending("c");
        Future<Join3<String, String, String>> join = Futures.tryJoin(a, b, c);
        assertThat(join.poll(cx).isPending()).isTrue();
        a.complete("A");
        assertThat(join.poll(cx).isPending()).isTrue();

        b.fail(new IllegalArgumentException("b failed"));

        assertThatThrownBy(() -> join.poll(cx)).isInstanceOf(IllegalArgumentException.class).hasMessage("b failed");
        assertThat(a.cancels()).isZero(); // completed
        assertThat(b.cancels()).isZero(); // failed
        assertThat(c.cancels()).isEqualTo(1);
        join.cancel();
        assertThat(c.cancels()).isEqualTo(1);
        assertThatThrownBy(() -> join.poll(cx)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void tryJoin_failureAtTheFirstPoll_cancelsTheChildrenNotYetPolled() {
        ControlledFuture<String> b = ControlledFuture.pending("b");
        Future<Join2<String, String>> join = Futures.tryJoin(Futures.failed(new IllegalStateException("x")), b);
        assertThatThrownBy(() -> join.poll(cx)).hasMessage("x");
        assertThat(b.polls()).isZero();
        assertThat(b.cancels()).isEqualTo(1);
    }

    @Test
    void cancel_cancelsTheUnfinishedChildrenOnce_beforeOrAfterPolling() {
        ControlledFuture<String> a = ControlledFuture.pending("a");
        ControlledFuture<String> b = ControlledFuture.ready("b", "b");
        ControlledFuture<String> c = ControlledFuture.pending("c");
        Future<Join3<String, String, String>> join = Futures.join(a, b, c);
        assertThat(join.poll(cx).isPending()).isTrue();

        join.cancel();
        join.cancel();

        assertThat(a.cancels()).isEqualTo(1);
        assertThat(b.cancels()).isZero();
        assertThat(c.cancels()).isEqualTo(1);

        ControlledFuture<String> x = ControlledFuture.pending("x");
        ControlledFuture<String> y = ControlledFuture.pending("y");
        Futures.tryJoin(x, y).cancel();
        assertThat(List.of(x.cancels(), y.cancels())).containsExactly(1, 1);
        assertThat(x.polls() + y.polls()).isZero();
    }

    @Test
    void cancel_afterCompletion_cancelsNothing() {
        ControlledFuture<String> a = ControlledFuture.ready("a", "a");
        ControlledFuture<String> b = ControlledFuture.ready("b", "b");
        Future<Join2<String, String>> join = Futures.join(a, b);
        assertThat(join.poll(cx).value()).isEqualTo(new Join2<>("a", "b"));
        join.cancel();
        assertThat(a.cancels() + b.cancels()).isZero();
    }

    @RepeatedTest(20)
    void await_onPlatformThread_withChildrenCompletedFromOtherThreads() throws Exception {
        ControlledFuture<String> a = ControlledFuture.pending("a");
        ControlledFuture<Integer> b = ControlledFuture.pending("b");
        ControlledFuture<Boolean> c = ControlledFuture.pending("c");
        List<Thread> threads = new ArrayList<>();
        threads.add(Thread.ofPlatform().start(() -> a.complete("A")));
        threads.add(Thread.ofPlatform().start(() -> b.complete(2)));
        threads.add(Thread.ofPlatform().start(() -> c.complete(true)));

        Join3<String, Integer, Boolean> j = Futures.join(a, b, c).await();

        assertThat(j).isEqualTo(new Join3<>("A", 2, true));
        for (Thread t : threads) t.join(TimeUnit.SECONDS.toMillis(10));
    }

    @Test
    void await_manyJoins_withChildrenRacingToWakeFromVirtualThreads() throws Exception {
        for (int i = 0; i < 1000; i++) {
            ControlledFuture<Integer> a = ControlledFuture.pending("a");
            ControlledFuture<Integer> b = ControlledFuture.pending("b");
            int n = i;
            Thread ta = Thread.ofVirtual().start(() -> a.complete(n));
            Thread tb = Thread.ofVirtual().start(() -> b.complete(-n));

            Join2<Integer, Integer> j = Futures.tryJoin(a, b).await();

            assertThat(j).isEqualTo(new Join2<>(n, -n));
            ta.join();
            tb.join();
        }
    }

    @Test
    void tryJoin_await_failsWhenAChildFailsFromAnotherThread() throws Exception {
        ControlledFuture<String> a = ControlledFuture.pending("a");
        ControlledFuture<String> b = ControlledFuture.pending("b");
        Thread t = Thread.ofPlatform().start(() -> b.fail(new IllegalStateException("remote")));
        assertThatThrownBy(() -> Futures.tryJoin(a, b).await()).hasMessage("remote");
        t.join();
        assertThat(a.cancels()).isEqualTo(1);
    }

    @Test
    void join_rejectsNull() {
        assertThatThrownBy(() -> Futures.join(null, Futures.ready(1))).isInstanceOf(NullPointerException.class)
                .hasMessage("a");
        assertThatThrownBy(() -> Futures.tryJoin(Futures.ready(1), Futures.ready(1), null))
                .isInstanceOf(NullPointerException.class).hasMessage("c");
    }

    @Test
    void join2_apply_and_recordPattern() {
        Join2<String, Integer> j = Futures.join(Futures.ready("x"), Futures.ready(3)).await();
        assertThat(j.<String>apply((s, n) -> s.repeat(n))).isEqualTo("xxx");
        if (j instanceof Join2<String, Integer>(var s, var n)) {
            assertThat(s).isEqualTo("x");
            assertThat(n).isEqualTo(3);
        }
    }
}
