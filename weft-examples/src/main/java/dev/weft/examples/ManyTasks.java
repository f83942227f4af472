package dev.weft.examples;

import dev.weft.future.Futures;
import dev.weft.task.JoinHandle;
import dev.weft.task.Tasks;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/**
 * The seed's "Managing Many Tasks": spawn one task per item and wait for all of them with {@code join_all}.
 *
 * <pre>{@code
 * for item in items { handles.push(tokio::spawn(async move { process_item(item).await })); }
 * let results: Vec<_> = futures::future::join_all(handles).await.into_iter().map(|r| r.unwrap()).collect();
 * }</pre>
 */
public final class ManyTasks implements Example {

    static String processItem(long id) {
        return "Processed " + id;
    }

    /** {@code process_many_items}: spawns a task per item and joins them all, in item order. */
    static List<String> processManyItems(List<Long> items) {
        List<JoinHandle<String>> handles = new ArrayList<>();
        for (long item : items) {
            handles.add(Tasks.spawnAsync(() -> processItem(item)));
        }
        // join_all: waits for every handle; a failed task would fail the join with its JoinError
        return Futures.joinAll(handles).await();
    }

    @Override
    public String name() {
        return "many-tasks";
    }

    @Override
    public String summary() {
        return "Managing many tasks - spawn per item, then join_all in order";
    }

    @Override
    public void run(PrintStream out, Clock clock) {
        List<String> results = clock.call(() -> processManyItems(List.of(1L, 2L, 3L, 4L, 5L)));
        results.forEach(out::println);
        out.println(results.size() + " items processed");
    }

    public static void main(String[] args) throws Exception {
        new ManyTasks().run(System.out, Clock.REAL);
    }
}
