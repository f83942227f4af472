package dev.weft.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Runs every example on the paused clock ({@link Clock#PAUSED}: every sleep completes at once, in deadline
 * order) and checks what it printed.
 */
class ExamplesTest {

    static List<String> run(Example e) throws Exception {
        return run(e, Clock.PAUSED);
    }

    static List<String> run(Example e, Clock clock) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
            e.run(out, clock);
        }
        return bytes.toString(StandardCharsets.UTF_8).lines().toList();
    }

    static List<String> lines(String format, int from, int to) {
        return IntStream.range(from, to).mapToObj(i -> String.format(format, i)).toList();
    }

    @Test
    void futuresLazy_runsTheBodyOnlyWhenAwaited() throws Exception {
        assertThat(run(new FuturesLazy())).containsExactly(
                "created the future: nothing has run yet",
                "  fetch_user(42) is running now",
                "awaited: User[id=42, name=user-42]");
    }

    @Test
    void contextWaker_completesFromAnotherThread() throws Exception {
        for (Clock clock : Clock.values()) {
            List<String> lines = run(new ContextWaker(), clock);
            assertThat(lines.get(0)).isEqualTo("polled 1 time(s): pending, waker stored");
            assertThat(lines.get(1)).isEqualTo("resource thread completed the future and woke the task");
            assertThat(lines.get(2)).startsWith("task finished with: value from another thread (polled ");
        }
    }

    @Test
    void selectTimeout_fetchDataWinsAt500ms() throws Exception {
        assertThat(run(new SelectTimeout())).containsExactly("Got data: \"data\"");
    }

    @Test
    void selectLoop_receivesFiveThenTimesOut() throws Exception {
        List<String> expected = new ArrayList<>(lines("Received: Message %d", 0, 5));
        expected.add("Timeout - no message received");
        assertThat(run(new SelectLoop())).containsExactlyElementsOf(expected);
    }

    @Test
    void selectLoopReset_printsTheSameAsSelectLoop() throws Exception {
        assertThat(run(new SelectLoopReset())).containsExactlyElementsOf(run(new SelectLoop()));
    }

    @Test
    void spawnJoin_printsWorkingThenResults() throws Exception {
        assertThat(run(new SpawnJoin())).containsExactly("Working...", "Results: 499999500000, \"data\"");
    }

    @Test
    void manyTasks_joinsAllInOrder() throws Exception {
        assertThat(run(new ManyTasks())).containsExactly(
                "Processed 1", "Processed 2", "Processed 3", "Processed 4", "Processed 5", "5 items processed");
    }

    @Test
    void producerConsumer_consumesZeroToNineInOrder() throws Exception {
        assertThat(run(new ProducerConsumer())).containsExactlyElementsOf(lines("Consumed: %d", 0, 10));
    }

    @Test
    void broadcast_eachSubscriberGetsEveryMessageInOrder() throws Exception {
        List<String> lines = run(new BroadcastFanOut());
        assertThat(lines).hasSize(10);
        for (int s = 1; s <= 2; s++) {
            String prefix = "Subscriber " + s + ": ";
            assertThat(lines.stream().filter(l -> l.startsWith(prefix)))
                    .containsExactlyElementsOf(lines(prefix + "Message %d", 0, 5));
        }
        // message i reaches both subscribers before message i + 1 is sent, 100 ms later
        for (int i = 0; i < 5; i++) {
            assertThat(lines.subList(2 * i, 2 * i + 2))
                    .containsExactlyInAnyOrder("Subscriber 1: Message " + i, "Subscriber 2: Message " + i);
        }
    }

    @Test
    void gracefulShutdown_runsUntilTheSignal() throws Exception {
        List<String> lines = run(new GracefulShutdown());
        // two ticks before the 3 s shutdown; a third when the tick at exactly 3 s wins the tie (see the javadoc)
        assertThat(lines.size()).isBetween(3, 4);
        assertThat(lines.subList(0, lines.size() - 1)).containsOnly("Server running...");
        assertThat(lines.getLast()).isEqualTo("Shutting down...");
    }

    @Test
    void streamPipeline_printsOddResults() throws Exception {
        assertThat(run(new StreamPipeline())).containsExactly("Results: [1, 3, 5, 7, 9]");
    }

    @Test
    void streamFromChannel_processesDoubledValues() throws Exception {
        assertThat(run(new StreamFromChannel())).containsExactlyElementsOf(
                IntStream.range(0, 10).mapToObj(i -> "Processed: " + i * 2).toList());
    }

    @Test
    void timeout_riskyOperationTimesOut() throws Exception {
        assertThat(run(new TimeoutWrapper())).containsExactly("Operation timed out!");
    }

    @Test
    void cancelWithSelect_abortsAfterOneSecond() throws Exception {
        List<String> lines = run(new CancelWithSelect());
        int cancelled = lines.indexOf("Cancelled!");
        // steps 0..9 at 0, 100, ..., 900 ms; step 10 (due at exactly 1 s) only if it wins the tie (see the javadoc)
        assertThat(cancelled).isBetween(10, 11);
        assertThat(lines.subList(0, cancelled)).containsExactlyElementsOf(lines("Working on step %d", 0, cancelled));
        List<String> after = lines.subList(cancelled + 1, lines.size());
        assertThat(after.getLast()).isEqualTo("task stopped by abort: true");
        // at most the step already under way when the abort landed (see the javadoc: a core accounting gap)
        assertThat(after.subList(0, after.size() - 1)).isSubsetOf("Working on step " + cancelled);
        assertThat(lines).doesNotContain("Task completed");
    }

    @Test
    void pitfallBlocking_detectorReportsTheBadReadOnly_bothWaysReadTheFile() throws Exception {
        for (Clock clock : Clock.values()) { // the current-thread flavour (PAUSED) and the multi-thread one (REAL)
            List<String> lines = run(new PitfallBlocking(), clock);
            assertThat(lines).as("%s: %s", clock, lines).hasSize(4);
            // reported once, while the bad read still ran (so before the "Bad:" line), never for the good read
            assertThat(lines.get(0)).startsWith("Detector: Blocked ")
                    .contains(clock == Clock.PAUSED ? "Blocked the thread of runtime" : "Blocked worker ")
                    .contains("has run for").contains("(threshold 100 ms)");
            assertThat(lines.get(1)).isEqualTo("          stuck in dev.weft.examples.PitfallBlocking$SlowDisk.readString");
            assertThat(lines.subList(2, 4)).containsExactly(
                    "Bad:  read \"hello from file.txt\" inside poll(), blocking a runtime worker meanwhile",
                    "Good: read \"hello from file.txt\" on the blocking pool (what tokio::fs does)");
        }
    }

    @Test
    void pitfallUnboundedSpawn_semaphoreBoundsConcurrencyJoinSetBoundsTasks() throws Exception {
        assertThat(run(new PitfallUnboundedSpawn())).containsExactly(
                "Semaphore(100), spawn per item: 2000 items, at most 100 process() at once, 2000 live tasks",
                "JoinSet of 100, spawn when one finishes: 2000 items, at most 100 process() at once,"
                        + " at most 100 live tasks");
    }

    @Test
    void pitfallSharedCounter_countsTen() throws Exception {
        assertThat(run(new PitfallSharedCounter())).containsExactly("counter = 10");
    }

    @Test
    void pitfallForgetAwait_badNeverRuns() throws Exception {
        List<String> lines = run(new PitfallForgetAwait());
        assertThat(lines.get(0)).startsWith("Bad:  result = AsyncBlock[new]").endsWith("fetch_data ran 0 times");
        assertThat(lines.get(1)).isEqualTo("Good: data; fetch_data ran 1 time");
    }

    @Test
    void pitfallCollectResults_collectsAll() throws Exception {
        assertThat(run(new PitfallCollectResults())).containsExactly(
                "collected 1000 results", "results[0..4] = [0, 1, 4, 9, 16]", "sum = 332833500");
    }

    @Test
    void pitfallLockAcrossAwait_goodLetsAnotherTaskIn() throws Exception {
        assertThat(run(new PitfallLockAcrossAwait())).containsExactly(
                "Bad:  lock held across long_operation().await - another task got the lock only after"
                        + " long_operation finished",
                "Good: lock released before long_operation(&data).await - another task got the lock while"
                        + " long_operation was running");
    }

    @Test
    void boundedPipeline_atMostEightInFlight() throws Exception {
        assertThat(run(new BoundedPipeline())).containsExactly("Sum: 332833500", "Max in flight: 8");
    }

    @Test
    void tcpEcho_echoesThreeLinesOnOneConnection() throws Exception {
        assertThat(run(new TcpEcho())).containsExactly(
                "echoed: hello", "echoed: weft", "echoed: bye", "server: served 1 connection(s), stopped");
    }

    @Test
    void tcpEcho_realClock_printsTheSame() throws Exception {
        assertThat(run(new TcpEcho(), Clock.REAL)).containsExactlyElementsOf(run(new TcpEcho()));
    }

    @Test
    void tcpEchoPoll_pollBasedServer_printsWhatTheAsyncServerPrints() throws Exception {
        assertThat(run(new TcpEchoPoll(), Clock.REAL)).containsExactlyElementsOf(run(new TcpEcho()));
    }

    @Test
    void gracefulServer_realClock_printsTheSame() throws Exception { // about 2 s: the real path of ./weft example
        assertThat(run(new GracefulServer(), Clock.REAL)).containsExactlyElementsOf(run(new GracefulServer()));
    }

    @Test
    void gracefulServer_drainsTwoAndCancelsTheSlowOne() throws Exception {
        assertThat(run(new GracefulServer())).containsExactly(
                "shutdown signal (simulated: this run signals itself 1000 ms after the last request arrived;"
                        + " run GracefulServer --signals to wait for ctrl-c or SIGTERM)",
                "stopped accepting; waiting up to 1000 ms for 3 connection(s) in flight",
                "deadline passed: cancelling the connections still running",
                "2 finished, 1 aborted",
                "client 1 (work 1500 ms): done after 1500 ms",
                "client 2 (work 1500 ms): done after 1500 ms",
                "client 3 (work 10000 ms): aborted: server shutting down");
    }

    @Test
    void tour_runsEveryExample() throws Exception {
        List<String> lines = run(new Tour());
        long sections = lines.stream().filter(l -> l.startsWith("== ")).count();
        assertThat(sections).isEqualTo(Examples.ALL.size() - 1);
        assertThat(lines.getLast()).isEqualTo("Tour complete: " + sections + " examples ran.");
    }

    @Test
    void everyExampleHasAUniqueName() {
        assertThat(Examples.ALL.stream().map(Example::name)).doesNotHaveDuplicates();
        for (Example e : Examples.ALL) assertThat(Examples.find(e.name())).isSameAs(e);
    }
}
