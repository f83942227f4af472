package dev.weft.future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.testkit.TestWaker;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

class SelectTest {

    private final TestWaker waker = new TestWaker();
    private final Context cx = new Context(waker);

    @Test
    void poll_whenOneBranchReady_returnsItsHandlerResultAndCancelsTheOther() {
        ControlledFuture<String> slow = ControlledFuture.pending("slow");
        ControlledFuture<Integer> fast = ControlledFuture.ready("fast", 7);
        Select<String> select = Select.<String>select()
                .on(slow, s -> "slow " + s)
                .on(fast, n -> "fast " + n);

        assertThat(select.poll(cx).value()).isEqualTo("fast 7");
        assertThat(slow.cancels()).isEqualTo(1);
        assertThat(fast.cancels()).isZero();
    }

    @Test
    void poll_whenNothingReady_isPendingUntilABranchIsWoken() {
        ControlledFuture<String> a = ControlledFuture.pending("a");
        ControlledFuture<String> b = ControlledFuture.pending("b");
        Select<String> select = Select.<String>select().on(a, v -> "a:" + v).on(b, v -> "b:" + v);

        assertThat(select.poll(cx).isPending()).isTrue();
        assertThat(a.polls()).isEqualTo(1);
        assertThat(b.polls()).isEqualTo(1);
        b.complete("x");
        assertThat(waker.wakeCount()).isEqualTo(1);

        assertThat(select.poll(cx).value()).isEqualTo("b:x");
        assertThat(a.cancels()).isEqualTo(1);
        assertThat(b.cancels()).isZero();
    }

    @Test
    void poll_passesTheSelectsOwnContextToEveryBranch() {
        ControlledFuture<String> a = ControlledFuture.pending("a");
        ControlledFuture<String> b = ControlledFuture.pending("b");
        Context budgeted = new Context(waker, 10);
        Select<String> select = Select.<String>select().on(a.consumingBudget(), v -> v).on(b, v -> v);

        select.poll(budgeted);

        assertThat(a.lastContext()).isSameAs(budgeted);
        assertThat(b.lastContext()).isSameAs(budgeted);
        assertThat(budgeted.remainingBudget()).isEqualTo(9);
        select.cancel();
    }

    @Test
    void poll_fromRandomStart_letsEveryReadyBranchWinSometimes() {
        int runs = 3000;
        int[] wins = new int[3];
        for (int i = 0; i < runs; i++) {
            int w = Select.<Integer>select()
                    .on(ControlledFuture.ready("0", 0), v -> v)
                    .on(ControlledFuture.ready("1", 1), v -> v)
                    .on(ControlledFuture.ready("2", 2), v -> v)
                    .poll(cx).value();
            wins[w]++;
        }
        // each expects 1000; falling under 800 has probability < 1e-10
        assertThat(wins[0]).isGreaterThan(800);
        assertThat(wins[1]).isGreaterThan(800);
        assertThat(wins[2]).isGreaterThan(800);
    }

    @Test
    void poll_fromRandomStart_variesThePollOrder() {
        List<String> firstPolled = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            List<String> log = new ArrayList<>();
            Select<String> s = Select.<String>select()
                    .on(new ControlledFuture<String>("a", log), v -> v)
                    .on(new ControlledFuture<String>("b", log), v -> v);
            s.poll(cx);
            s.cancel();
            assertThat(log).containsExactlyInAnyOrder("a", "b");
            firstPolled.add(log.get(0));
        }
        assertThat(firstPolled).contains("a", "b");
    }

    @Test
    void poll_whenBiased_pollsInDeclarationOrderAndTheFirstReadyBranchAlwaysWins() {
        for (int i = 0; i < 200; i++) {
            List<String> log = new ArrayList<>();
            ControlledFuture<Integer> a = new ControlledFuture<>("a", log);
            ControlledFuture<Integer> b = new ControlledFuture<>("b", log);
            b.completeSilently(2);
            ControlledFuture<Integer> c = new ControlledFuture<>("c", log);
            c.completeSilently(3);

            int w = Select.<Integer>select().biased().on(a, v -> v).on(b, v -> v).on(c, v -> v).poll(cx).value();

            assertThat(w).isEqualTo(2);
            assertThat(log).containsExactly("a", "b");
            assertThat(a.cancels()).isEqualTo(1);
            assertThat(c.cancels()).isEqualTo(1);
            assertThat(c.polls()).isZero();
        }
    }

    @Test
    void poll_whenWinnerReadyAtFirstPoll_cancelsEveryLoserExactlyOnceEvenIfNeverPolled() {
        for (int i = 0; i < 300; i++) {
            List<ControlledFuture<Integer>> losers = new ArrayList<>();
            Select<Integer> s = Select.select();
            int winnerIndex = i % 4;
            for (int k = 0; k < 4; k++) {
                ControlledFuture<Integer> f = k == winnerIndex
                        ? ControlledFuture.ready("w", k) : ControlledFuture.pending("l" + k);
                if (k != winnerIndex) losers.add(f);
                s.on(f, v -> v);
            }

            assertThat(s.poll(cx).value()).isEqualTo(winnerIndex);

            assertThat(losers).allSatisfy(f -> assertThat(f.cancels()).isEqualTo(1));
            s.cancel(); // after completion: no second cancel
            assertThat(losers).allSatisfy(f -> assertThat(f.cancels()).isEqualTo(1));
        }
    }

    @Test
    void handler_runsAfterEveryLoserWasCancelled() {
        ControlledFuture<String> loser = ControlledFuture.pending("loser");
        AtomicInteger cancelsSeenByHandler = new AtomicInteger(-1);
        Select<String> s = Select.<String>select()
                .biased()
                .on(ControlledFuture.ready("w", "x"), v -> {
                    cancelsSeenByHandler.set(loser.cancels());
                    return v;
                })
                .on(loser, v -> v);

        assertThat(s.poll(cx).value()).isEqualTo("x");
        assertThat(cancelsSeenByHandler).hasValue(1);
    }

    @Test
    void precondition_false_branchIsNeverPolledAndIsCancelledAtTheEnd() {
        ControlledFuture<String> disabled = ControlledFuture.ready("disabled", "never");
        ControlledFuture<String> enabled = ControlledFuture.pending("enabled");
        Select<String> s = Select.<String>select()
                .on(false, disabled, v -> "disabled")
                .on(true, enabled, v -> "enabled " + v);

        assertThat(s.poll(cx).isPending()).isTrue();
        enabled.complete("x");
        assertThat(s.poll(cx).value()).isEqualTo("enabled x");

        assertThat(disabled.polls()).isZero();
        assertThat(disabled.cancels()).isEqualTo(1);
        assertThat(enabled.cancels()).isZero();
    }

    @Test
    void otherwise_whenEveryPreconditionIsFalse_runsAndCancelsTheUnpolledFutures() {
        ControlledFuture<String> a = ControlledFuture.pending("a");
        ControlledFuture<String> b = ControlledFuture.ready("b", "b");
        Select<String> s = Select.<String>select()
                .on(false, a, v -> v)
                .onSome(false, Futures.ready(Optional.of("c")), v -> v)
                .on(false, b, v -> v)
                .otherwise(() -> "else");

        assertThat(s.poll(cx).value()).isEqualTo("else");
        assertThat(a.polls() + b.polls()).isZero();
        assertThat(a.cancels()).isEqualTo(1);
        assertThat(b.cancels()).isEqualTo(1);
    }

    @Test
    void poll_whenEveryBranchDisabledAndNoOtherwise_failsWithTokiosMessage() {
        ControlledFuture<String> a = ControlledFuture.pending("a");
        Select<String> s = Select.<String>select().on(false, a, v -> v);

        assertThatThrownBy(() -> s.poll(cx))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("all branches are disabled and there is no else branch");
        assertThat(a.cancels()).isEqualTo(1);
    }

    @Test
    void poll_withNoBranches_runsOtherwiseOrFails() {
        assertThat(Select.<String>select().otherwise(() -> "else").poll(cx).value()).isEqualTo("else");
        assertThatThrownBy(() -> Select.<String>select().poll(cx))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("all branches are disabled and there is no else branch");
    }

    @Test
    void onSome_whenEmpty_disablesThatBranchAndTheOthersKeepGoing() {
        ControlledFuture<Optional<String>> recv = ControlledFuture.ready("recv", Optional.empty());
        ControlledFuture<String> timer = ControlledFuture.pending("timer");
        Select<String> s = Select.<String>select()
                .biased()
                .onSome(recv, msg -> "got " + msg)
                .on(timer, t -> "timeout");

        assertThat(s.poll(cx).isPending()).isTrue();
        assertThat(s.poll(cx).isPending()).isTrue();
        assertThat(recv.polls()).isEqualTo(1); // disabled: not polled again
        assertThat(timer.polls()).isEqualTo(2);
        timer.complete("t");
        assertThat(s.poll(cx).value()).isEqualTo("timeout");
        assertThat(recv.cancels()).isZero(); // it completed: never cancelled
    }

    @Test
    void onSome_whenPresent_handlerGetsTheValue() {
        Select<String> s = Select.<String>select()
                .onSome(Futures.ready(Optional.of("m")), msg -> "got " + msg)
                .on(ControlledFuture.pending("timer"), t -> "timeout");
        assertThat(s.poll(cx).value()).isEqualTo("got m");
    }

    @Test
    void onMatch_and_onPattern_mismatch_disableOnlyThatBranch() {
        ControlledFuture<Integer> odd = ControlledFuture.ready("odd", 3);
        ControlledFuture<Object> notText = ControlledFuture.ready("notText", 42);
        ControlledFuture<Object> text = ControlledFuture.pending("text");
        Select<String> s = Select.<String>select()
                .onMatch(odd, n -> n % 2 == 0, n -> "even " + n)
                .onPattern(notText, SelectTest::asText, t -> "text " + t)
                .onPattern(text, SelectTest::asText, t -> "text " + t);

        assertThat(s.poll(cx).isPending()).isTrue();
        text.complete("hello");
        assertThat(s.poll(cx).value()).isEqualTo("text hello");
        assertThat(odd.polls()).isEqualTo(1);
        assertThat(notText.polls()).isEqualTo(1);
    }

    @Test
    void patternMismatch_ofEveryBranch_runsOtherwise_orFails() {
        Select<String> withElse = Select.<String>select()
                .onMatch(Futures.ready(1), n -> n > 5, n -> "big")
                .onSome(Futures.ready(Optional.<String>empty()), v -> v)
                .otherwise(() -> "closed");
        assertThat(withElse.poll(cx).value()).isEqualTo("closed");

        ControlledFuture<Optional<String>> recv = ControlledFuture.pending("recv");
        Select<String> noElse = Select.<String>select().onSome(recv, v -> v);
        assertThat(noElse.poll(cx).isPending()).isTrue();
        recv.complete(Optional.empty());
        assertThatThrownBy(() -> noElse.poll(cx))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("all branches are disabled and there is no else branch");
        assertThat(recv.cancels()).isZero();
    }

    @Test
    void branchThatThrows_propagatesAndCancelsEveryOtherBranch() {
        ControlledFuture<String> a = ControlledFuture.pending("a");
        ControlledFuture<String> failing = ControlledFuture.pending("failing");
        ControlledFuture<String> c = ControlledFuture.pending("c");
        ControlledFuture<String> disabled = ControlledFuture.pending("disabled");
        Select<String> s = Select.<String>select()
                .on(a, v -> v).on(failing, v -> v).on(c, v -> v).on(false, disabled, v -> v);
        assertThat(s.poll(cx).isPending()).isTrue();

        failing.fail(new IllegalArgumentException("boom"));

        assertThatThrownBy(() -> s.poll(cx)).isInstanceOf(IllegalArgumentException.class).hasMessage("boom");
        assertThat(a.cancels()).isEqualTo(1);
        assertThat(c.cancels()).isEqualTo(1);
        assertThat(disabled.cancels()).isEqualTo(1);
        assertThat(failing.cancels()).isZero();
        assertThatThrownBy(() -> s.poll(cx)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("polled after it completed");
        s.cancel();
        assertThat(a.cancels()).isEqualTo(1);
    }

    @Test
    void patternThatThrows_propagatesAndCancelsTheOthers() {
        ControlledFuture<String> other = ControlledFuture.pending("other");
        Select<String> s = Select.<String>select()
                .biased()
                .onMatch(Futures.ready("v"), v -> {
                    throw new IllegalStateException("bad pattern");
                }, v -> v)
                .on(other, v -> v);
        assertThatThrownBy(() -> s.poll(cx)).hasMessage("bad pattern");
        assertThat(other.cancels()).isEqualTo(1);
    }

    @Test
    void handlerThatThrows_propagatesAfterTheLosersWereCancelled() {
        ControlledFuture<String> other = ControlledFuture.pending("other");
        Select<String> s = Select.<String>select()
                .on(Futures.ready("v"), v -> {
                    throw new UnsupportedOperationException("handler");
                })
                .on(other, v -> v);
        assertThatThrownBy(() -> s.poll(cx)).isInstanceOf(UnsupportedOperationException.class);
        assertThat(other.cancels()).isEqualTo(1);
    }

    @Test
    void cancel_beforeFirstPoll_cancelsEveryBranchOnce() {
        ControlledFuture<String> a = ControlledFuture.pending("a");
        ControlledFuture<String> b = ControlledFuture.ready("b", "b");
        ControlledFuture<String> c = ControlledFuture.pending("c");
        Select<String> s = Select.<String>select().on(a, v -> v).on(b, v -> v).on(false, c, v -> v);

        s.cancel();
        s.cancel();

        assertThat(List.of(a, b, c)).allSatisfy(f -> {
            assertThat(f.cancels()).isEqualTo(1);
            assertThat(f.polls()).isZero();
        });
    }

    @Test
    void cancel_whilePending_cancelsEveryUnfinishedBranchOnce() {
        ControlledFuture<String> a = ControlledFuture.pending("a");
        ControlledFuture<Optional<String>> mismatched = ControlledFuture.ready("m", Optional.empty());
        ControlledFuture<String> c = ControlledFuture.pending("c");
        Select<String> s = Select.<String>select().on(a, v -> v).onSome(mismatched, v -> v).on(c, v -> v);
        assertThat(s.poll(cx).isPending()).isTrue();

        s.cancel();

        assertThat(a.cancels()).isEqualTo(1);
        assertThat(c.cancels()).isEqualTo(1);
        assertThat(mismatched.cancels()).isZero(); // it completed
        assertThatThrownBy(() -> s.poll(cx)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void cancel_ofTheAwaitingAsyncBlock_cancelsEveryBranch() throws Exception {
        ControlledFuture<String> a = ControlledFuture.pending("a");
        ControlledFuture<String> b = ControlledFuture.pending("b");
        Future<String> block = Async.async(() -> Select.<String>select().on(a, v -> v).on(b, v -> v).await());
        Future<String> blockRef = block;
        // drive the block from a plain thread; cancel it once its select is pending
        Thread driver = Thread.ofPlatform().start(() -> {
            try {
                blockRef.await();
            } catch (CancelledException expected) {
                // the driver thread is interrupted below
            }
        });
        long pollDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while ((a.polls() == 0 || b.polls() == 0) && System.nanoTime() < pollDeadline) Thread.onSpinWait();
        assertThat(a.polls()).isEqualTo(1);
        assertThat(b.polls()).isEqualTo(1);
        driver.interrupt(); // await() cancels the block, which interrupts its virtual thread
        driver.join(10_000);
        assertThat(driver.isAlive()).isFalse();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while ((a.cancels() == 0 || b.cancels() == 0) && System.nanoTime() < deadline) Thread.onSpinWait();
        assertThat(a.cancels()).isEqualTo(1);
        assertThat(b.cancels()).isEqualTo(1);
    }

    @RepeatedTest(20)
    void await_onPlatformThread_completesWhenABranchIsCompletedFromAnotherThread() throws Exception {
        ControlledFuture<String> a = ControlledFuture.pending("a");
        ControlledFuture<String> b = ControlledFuture.pending("b");
        ControlledFuture<String> c = ControlledFuture.pending("c");
        Select<String> s = Select.<String>select().on(a, v -> "a").on(b, v -> "b:" + v).on(c, v -> "c");
        Thread completer = Thread.ofPlatform().start(() -> {
            while (b.polls() == 0) Thread.onSpinWait(); // let the first poll happen (or race it)
            b.complete("x");
        });

        assertThat(s.await()).isEqualTo("b:x");
        completer.join();
        assertThat(a.cancels()).isEqualTo(1);
        assertThat(c.cancels()).isEqualTo(1);
        assertThat(b.cancels()).isZero();
    }

    @Test
    void await_manySelectsInALoop_withBranchesWokenFromAnotherThread() throws Exception {
        int n = 2000;
        List<ControlledFuture<Integer>> fs = new ArrayList<>();
        for (int i = 0; i < n; i++) fs.add(ControlledFuture.pending("f" + i));
        Thread producer = Thread.ofPlatform().start(() -> {
            for (int i = 0; i < n; i++) fs.get(i).complete(i);
        });
        long sum = 0;
        for (int i = 0; i < n; i++) {
            ControlledFuture<String> never = ControlledFuture.pending("never");
            sum += Select.<Integer>select().on(fs.get(i), v -> v).on(never, v -> -1).await();
            assertThat(never.cancels()).isEqualTo(1);
        }
        producer.join();
        assertThat(sum).isEqualTo((long) n * (n - 1) / 2);
    }

    @Test
    void poll_ofAPendingSelect_allocatesNothing() {
        ControlledFuture<String> a = ControlledFuture.pending("a");
        ControlledFuture<String> b = ControlledFuture.pending("b");
        Select<String> s = Select.<String>select().on(a, v -> v).on(b, v -> v);
        for (int i = 0; i < 20_000; i++) s.poll(cx); // warm up
        long before = Allocation.currentThreadAllocatedBytes();
        for (int i = 0; i < 100_000; i++) s.poll(cx);
        long allocated = Allocation.currentThreadAllocatedBytes() - before;
        assertThat(allocated).as("bytes allocated by 100k polls").isLessThan(10_000);
        s.cancel();
    }

    @Test
    void builder_rejectsMisuse() {
        Select<String> s = Select.select();
        assertThatThrownBy(() -> s.on(null, v -> "x")).isInstanceOf(NullPointerException.class)
                .hasMessage("future");
        assertThatThrownBy(() -> s.on(Futures.ready(1), null)).isInstanceOf(NullPointerException.class)
                .hasMessage("handler");
        assertThatThrownBy(() -> s.onMatch(Futures.ready(1), null, v -> "x"))
                .isInstanceOf(NullPointerException.class).hasMessage("pattern");
        s.otherwise(() -> "e");
        assertThatThrownBy(() -> s.otherwise(() -> "e")).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("otherwise(...) called twice");

        Select<String> polled = Select.<String>select().on(ControlledFuture.<String>pending("p"), v -> v);
        polled.poll(cx);
        assertThatThrownBy(() -> polled.on(Futures.ready("x"), v -> v))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("called after the select was first polled");
        assertThatThrownBy(polled::biased).isInstanceOf(IllegalStateException.class);
        polled.cancel();
    }

    @Test
    void onSome_withNullValue_failsNamingTheProblem() {
        Select<String> s = Select.<String>select().onSome(Futures.<Optional<String>>ready(null), v -> v);
        assertThatThrownBy(() -> s.poll(cx)).isInstanceOf(NullPointerException.class)
                .hasMessageContaining("onSome");
    }

    @Test
    void byRef_keepsTheFutureAliveAcrossSelects() {
        ControlledFuture<String> timer = ControlledFuture.pending("timer");
        Future<String> timerRef = Futures.byRef(timer);
        int received = 0;
        for (int i = 0; i < 3; i++) {
            String r = Select.<String>select().biased()
                    .on(Futures.ready("msg"), m -> m)
                    .on(timerRef, t -> "timeout")
                    .poll(cx).value();
            if (r.equals("msg")) received++;
        }
        assertThat(received).isEqualTo(3);
        assertThat(timer.cancels()).isZero();
        timer.complete("t");
        String r = Select.<String>select().on(ControlledFuture.<String>pending("recv"), m -> m)
                .on(timerRef, t -> "timeout").poll(cx).value();
        assertThat(r).isEqualTo("timeout");
    }

    private static Optional<String> asText(Object o) {
        return o instanceof String s ? Optional.of(s) : Optional.empty();
    }

    @Test
    void firstOf_infersTheResultTypeFromTheFirstHandler_noWitness() {
        ControlledFuture<String> slow = ControlledFuture.pending("slow");
        ControlledFuture<Integer> fast = ControlledFuture.ready("fast", 7);
        Select<String> select = Select.firstOf()
                .on(slow, s -> "slow " + s)
                .on(fast, n -> "fast " + n);
        String result = select.poll(cx).value(); // typed: no cast, no witness
        assertThat(result).isEqualTo("fast 7");
        assertThat(slow.cancels()).isEqualTo(1);
    }

    @Test
    void firstOf_everyKindOfFirstBranch_startsATypedSelect() {
        boolean some = Select.firstOf().onSome(ControlledFuture.ready("o", Optional.of(1)), v -> v == 1)
                .poll(cx).value();
        int matched = Select.firstOf().onMatch(ControlledFuture.ready("m", 4), v -> v > 3, v -> v * 2)
                .poll(cx).value();
        String bound = Select.firstOf()
                .onPattern(ControlledFuture.ready("p", "k=v"), v -> Optional.of(v.substring(2)), b -> "bound " + b)
                .poll(cx).value();
        String otherwise = Select.firstOf().otherwise(() -> "else").poll(cx).value();
        String disabled = Select.firstOf().on(false, ControlledFuture.ready("d", 1), v -> "d")
                .otherwise(() -> "else").poll(cx).value();
        boolean someDisabled = Select.firstOf().onSome(false, ControlledFuture.ready("o", Optional.of(1)), v -> true)
                .otherwise(() -> false).poll(cx).value();
        assertThat(some).isTrue();
        assertThat(matched).isEqualTo(8);
        assertThat(bound).isEqualTo("bound v");
        assertThat(otherwise).isEqualTo("else");
        assertThat(disabled).isEqualTo("else");
        assertThat(someDisabled).isFalse();
    }

    @Test
    void firstOf_biased_pollsInDeclarationOrder() {
        List<String> log = new ArrayList<>();
        ControlledFuture<Integer> a = new ControlledFuture<Integer>("a", log);
        ControlledFuture<Integer> b = ControlledFuture.ready("b", 2);
        ControlledFuture<Integer> c = ControlledFuture.ready("c", 3);
        int w = Select.firstOf().biased().on(a, v -> v).on(b, v -> v).on(c, v -> v).poll(cx).value();
        assertThat(w).isEqualTo(2);
        assertThat(c.cancels()).isEqualTo(1);
    }

    @Test
    void firstOf_cancelled_cancelsEveryBranch() {
        ControlledFuture<String> a = ControlledFuture.pending("a");
        ControlledFuture<String> b = ControlledFuture.pending("b");
        Select<String> select = Select.firstOf().on(a, v -> v).on(b, v -> v);
        assertThat(select.poll(cx).isPending()).isTrue();
        select.cancel();
        assertThat(a.cancels()).isEqualTo(1);
        assertThat(b.cancels()).isEqualTo(1);
    }

    @Test
    void actions_runTheWinnersHandler_whichReturnsNothing_andCancelTheLosers() {
        List<String> printed = new ArrayList<>();
        ControlledFuture<String> slow = ControlledFuture.pending("slow");
        ControlledFuture<Integer> fast = ControlledFuture.ready("fast", 7);
        Select.Actions select = Select.actions()
                .on(slow, s -> printed.add("slow " + s))
                .on(fast, n -> printed.add("fast " + n));
        Poll<Void> p = select.poll(cx);
        assertThat(p.isReady()).isTrue();
        assertThat(p.value()).isNull();
        assertThat(printed).containsExactly("fast 7");
        assertThat(slow.cancels()).isEqualTo(1);
        assertThat(fast.cancels()).isZero();
    }

    @Test
    void actions_patternsPreconditionsAndOtherwise() {
        List<String> printed = new ArrayList<>();
        Select.actions()
                .onSome(ControlledFuture.ready("none", Optional.<String>empty()), v -> printed.add("some " + v))
                .onSome(false, ControlledFuture.ready("off", Optional.of("x")), v -> printed.add("off " + v))
                .on(false, ControlledFuture.ready("off2", 1), v -> printed.add("off2"))
                .onMatch(ControlledFuture.ready("odd", 3), v -> v % 2 == 0, v -> printed.add("even " + v))
                .onPattern(ControlledFuture.ready("pat", "a"), v -> Optional.<String>empty(), v -> printed.add("pat"))
                .otherwise(() -> printed.add("nothing left"))
                .poll(cx);
        assertThat(printed).containsExactly("nothing left");
        List<String> biased = new ArrayList<>();
        Select.actions().biased()
                .onSome(ControlledFuture.ready("s", Optional.of("m")), v -> biased.add("some " + v))
                .onMatch(ControlledFuture.ready("e", 2), v -> v % 2 == 0, v -> biased.add("even " + v))
                .poll(cx);
        assertThat(biased).containsExactly("some m");
    }

    @Test
    void actions_cancelled_cancelsEveryPendingBranch() {
        ControlledFuture<String> a = ControlledFuture.pending("a");
        ControlledFuture<String> b = ControlledFuture.pending("b");
        Select.Actions select = Select.actions().on(a, v -> { }).on(b, v -> { });
        assertThat(select.poll(cx).isPending()).isTrue();
        select.cancel();
        assertThat(a.cancels()).isEqualTo(1);
        assertThat(b.cancels()).isEqualTo(1);
        assertThatThrownBy(() -> select.poll(cx)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void actions_misuse_failsFastNamingTheParameter() {
        ControlledFuture<String> a = ControlledFuture.pending("a");
        assertThatThrownBy(() -> Select.actions().on(a, (java.util.function.Consumer<String>) null))
                .isInstanceOf(NullPointerException.class).hasMessage("handler");
        assertThatThrownBy(() -> Select.actions().otherwise(null)).isInstanceOf(NullPointerException.class)
                .hasMessage("handler");
        assertThatThrownBy(() -> Select.firstOf().on(null, v -> v)).isInstanceOf(NullPointerException.class)
                .hasMessage("future");
        Select.Actions started = Select.actions().on(a, v -> { });
        started.poll(cx);
        assertThatThrownBy(() -> started.on(ControlledFuture.pending("late"), v -> { }))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("after the select was first polled");
    }
}
