package dev.weft.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Runs every example and checks what it printed. */
class ExamplesTest {

    static List<String> run(Example e) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
            e.run(out);
        }
        return bytes.toString(StandardCharsets.UTF_8).lines().toList();
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
        List<String> lines = run(new ContextWaker());
        assertThat(lines.get(0)).isEqualTo("polled 1 time(s): pending, waker stored");
        assertThat(lines.get(1)).isEqualTo("resource thread completed the future and woke the task");
        assertThat(lines.get(2)).startsWith("task finished with: value from another thread (polled ");
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
