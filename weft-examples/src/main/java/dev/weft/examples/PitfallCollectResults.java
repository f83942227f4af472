package dev.weft.examples;

import dev.weft.future.Futures;
import dev.weft.task.JoinHandle;
import dev.weft.task.Tasks;
import java.io.PrintStream;
import java.util.List;
import java.util.stream.IntStream;

/**
 * The seed's pitfall 5, "Copy-Pasting async fn as Threads": tasks cannot push into a shared vector; collect their
 * results through their join handles instead.
 *
 * <pre>{@code
 * let handles: Vec<_> = (0..1000).map(|i| tokio::spawn(async move { expensive_computation(i).await })).collect();
 * let results = join_all(handles).await.into_iter().collect::<Result<Vec<_>, _>>()?;
 * }</pre>
 *
 * <p>In Java the bad version compiles (a lambda can capture an {@code ArrayList}) and races instead: that is
 * worse, so the good version is the only one shown running.
 */
public final class PitfallCollectResults implements Example {

    static long expensiveComputation(int i) {
        return (long) i * i;
    }

    @Override
    public String name() {
        return "pitfall-collect-results";
    }

    @Override
    public String summary() {
        return "Pitfall 5: tasks are not threads - collect 1000 results through join handles";
    }

    @Override
    public void run(PrintStream out, Clock clock) {
        List<Long> results = clock.call(() -> {
            List<JoinHandle<Long>> handles = IntStream.range(0, 1000)
                    .mapToObj(i -> Tasks.spawnAsync(() -> expensiveComputation(i)))
                    .toList();
            return Futures.tryJoinAll(handles).await(); // the first failed task would fail the whole join
        });
        out.println("collected " + results.size() + " results");
        out.println("results[0..4] = " + results.subList(0, 5));
        out.println("sum = " + results.stream().mapToLong(Long::longValue).sum());
    }

    public static void main(String[] args) throws Exception {
        new PitfallCollectResults().run(System.out, Clock.REAL);
    }
}
