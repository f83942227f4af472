package dev.weft.future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.internal.context.Ambient;
import dev.weft.runtime.WeftRuntime;
import dev.weft.task.Tasks;
import dev.weft.testkit.TestWaker;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link Futures#joinAll} and {@link Futures#tryJoinAll}: values, re-polling, budget, ambient, cancel. */
class JoinAllTest {

    private final TestWaker waker = new TestWaker();
    private final Context cx = new Context(waker);

    @Test
    void joinAll_completesWithValuesInOrder_repollingOnlyWokenChildren() {
        ControlledFuture<String> a = ControlledFuture.pending("a");
        ControlledFuture<String> b = ControlledFuture.pending("b");
        Future<List<String>> join = Futures.joinAll(List.of(a, b));

        assertThat(join.poll(cx).isPending()).isTrue();
        b.complete("B");
        assertThat(waker.wakeCount()).isEqualTo(1);
        assertThat(join.poll(cx).isPending()).isTrue();
        assertThat(List.of(a.polls(), b.polls())).containsExactly(1, 2);
        a.complete("A");

        assertThat(join.poll(cx).value()).containsExactly("A", "B");
        assertThat(a.cancels() + b.cancels()).isZero();
    }

    @Test
    void joinAll_ofNothing_isReadyWithAnEmptyList() {
        assertThat(Futures.<String>joinAll(List.of()).poll(cx).value()).isEmpty();
    }

    @Test
    void joinAll_chargesTheChildrensBudgetToTheTaskAndPassesTheAmbient() {
        Ambient ambient = new Ambient() {};
        Context budgeted = new Context(waker, 5, ambient);
        ControlledFuture<String> a = ControlledFuture.<String>pending("a").consumingBudget();
        ControlledFuture<String> b = ControlledFuture.<String>pending("b").consumingBudget();
        Future<List<String>> join = Futures.joinAll(List.of(a, b));

        assertThat(join.poll(budgeted).isPending()).isTrue();

        assertThat(budgeted.remainingBudget()).isEqualTo(3);
        assertThat(a.lastContext().ambient()).isSameAs(ambient);
        assertThat(b.lastContext().ambient()).isSameAs(ambient);
        join.cancel();
        assertThat(a.cancels() + b.cancels()).isEqualTo(2);
    }

    @Test
    void joinAll_hotChildren_yieldWhenTheBudgetIsSpent_andAreRepolledNextTime() {
        Context budgeted = new Context(waker, 2);
        ControlledFuture<String> a = ControlledFuture.ready("a", "A").consumingBudget();
        ControlledFuture<String> b = ControlledFuture.ready("b", "B").consumingBudget();
        ControlledFuture<String> c = ControlledFuture.ready("c", "C").consumingBudget();
        Future<List<String>> join = Futures.joinAll(List.of(a, b, c));

        assertThat(join.poll(budgeted).isPending()).isTrue(); // c found the budget spent and yielded
        assertThat(budgeted.remainingBudget()).isZero();
        assertThat(waker.wakeCount()).isPositive(); // the task was woken, so it is polled again
        assertThat(c.finished()).isFalse();

        budgeted.reset(waker, 2);
        assertThat(join.poll(budgeted).value()).containsExactly("A", "B", "C");
        assertThat(budgeted.remainingBudget()).isEqualTo(1);
    }

    @Test
    void tryJoinAll_firstFailure_cancelsTheOthersAndFails() {
        ControlledFuture<String> a = ControlledFuture.pending("a");
        ControlledFuture<String> b = ControlledFuture.pending("b");
        Future<List<String>> join = Futures.tryJoinAll(List.of(a, b));
        assertThat(join.poll(cx).isPending()).isTrue();

        a.fail(new IllegalStateException("boom"));
        assertThatThrownBy(() -> join.poll(cx)).isInstanceOf(IllegalStateException.class).hasMessage("boom");
        assertThat(b.cancels()).isEqualTo(1);
        assertThat(a.cancels()).isZero();
    }

    @Test
    void joinAll_asyncBlockInside_seesTheRuntime() {
        try (WeftRuntime rt = WeftRuntime.currentThread().build()) {
            List<Integer> values = rt.blockOn(Futures.joinAll(List.of(
                    Async.async(() -> Tasks.spawn(Futures.ready(41)).await() + 1),
                    Async.async(() -> Tasks.spawn(Futures.lazy(() -> 7)).await()))));
            assertThat(values).containsExactly(42, 7);
        }
    }

    @Test
    void joinAll_asyncBlockInside_seesTheRuntime_multiThread() {
        try (WeftRuntime rt = WeftRuntime.builder().workerThreads(2).build()) {
            List<Integer> values = rt.blockOn(rt.spawn(Futures.joinAll(List.of(
                    Async.async(() -> Tasks.spawn(Futures.ready(1)).await())))));
            assertThat(values).containsExactly(1);
        }
    }
}
