package dev.weft.examples;

import dev.weft.future.Async;
import dev.weft.future.Future;
import dev.weft.future.Futures;
import dev.weft.runtime.Handle;
import dev.weft.sync.Semaphore;
import dev.weft.task.JoinHandle;
import dev.weft.task.JoinSet;
import dev.weft.task.Tasks;
import dev.weft.time.Time;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

/**
 * The seed's pitfall 2, "Unbounded Spawning": limit how much work runs at once.
 *
 * <pre>{@code
 * // Bad: spawning too many tasks without limit
 * for item in huge_list {
 *     tokio::spawn(async move { process(item).await; });  // OOM if huge_list is millions!
 * }
 *
 * // Good: limit concurrency with semaphore or bounded stream
 * let semaphore = Arc::new(Semaphore::new(100)); // Max 100 concurrent
 * for item in huge_list {
 *     let sem = semaphore.clone();
 *     tokio::spawn(async move {
 *         let _permit = sem.acquire().await.unwrap();
 *         process(item).await;
 *     });
 * }
 * }</pre>
 *
 * <p>The seed's "good" version bounds <em>concurrency</em> (at most 100 {@code process} calls at a time) but
 * not <em>memory</em>: it still spawns a task per item up front, and they all exist at once, most of them
 * waiting for a permit; with millions of items that is the OOM the bad version risks. The example runs it, then a
 * version that waits <em>before</em> spawning, so at most 100 tasks ever exist: a {@link JoinSet} holds them and
 * the loop takes one finished task out before it spawns the next (a semaphore acquired before spawning, its
 * permit moved into the task, bounds it the same way up to a task that has released its permit but not yet
 * finished). For both it prints the largest number of {@code process} calls running at once and the largest
 * number of live tasks reported by {@code Handle.current().metrics().liveTasks()}. The seed drops its handles;
 * the example keeps them to wait for the end. ({@code stream::iter(huge_list).map(process).buffer_unordered(100)},
 * the other "bounded stream" answer, needs no tasks at all: see {@link BoundedPipeline}.)
 */
public final class PitfallUnboundedSpawn implements Example {
    private static final int ITEMS = 2_000;

    private final AtomicInteger running = new AtomicInteger();
    private final AtomicInteger maxRunning = new AtomicInteger();

    /** {@code async fn process(item)}: 50 ms of simulated I/O; records how many calls run at once. */
    Future<Void> process(int item) {
        return Async.async(() -> {
            maxRunning.accumulateAndGet(running.incrementAndGet(), Math::max);
            try {
                Time.sleep(Duration.ofMillis(50)).await();
            } finally {
                running.decrementAndGet();
            }
        });
    }

    @Override
    public String name() {
        return "pitfall-unbounded-spawn";
    }

    @Override
    public String summary() {
        return "Pitfall 2: unbounded spawning - Semaphore(100) bounds concurrency; a JoinSet bound also bounds tasks";
    }

    @Override
    public void run(PrintStream out, Clock clock) {
        List<Integer> hugeList = IntStream.range(0, ITEMS).boxed().toList();
        clock.main(() -> {
            // The seed's good version: every item spawned at once, each task waits for a permit
            maxRunning.set(0);
            Semaphore semaphore = new Semaphore(100); // Max 100 concurrent
            List<JoinHandle<Void>> handles = new ArrayList<>();
            for (int item : hugeList) {
                Semaphore sem = semaphore; // Arc::clone
                handles.add(Tasks.spawnAsync(() -> {
                    try (Semaphore.Permit permit = sem.acquire().await()) {
                        process(item).await();
                    }
                    return null;
                }));
            }
            long liveAfterSpawning = Handle.current().metrics().liveTasks();
            Futures.joinAll(handles).await();
            out.println("Semaphore(100), spawn per item: " + ITEMS + " items, at most " + maxRunning.get()
                    + " process() at once, " + liveAfterSpawning + " live tasks");

            // Bounded: wait for a task to finish before spawning the next, so at most 100 tasks exist
            maxRunning.set(0);
            long maxLive = 0;
            try (JoinSet<Void> set = new JoinSet<>()) {
                for (int item : hugeList) {
                    if (set.size() == 100) set.joinNext().await();
                    set.spawn(process(item));
                    maxLive = Math.max(maxLive, Handle.current().metrics().liveTasks());
                }
                while (!set.isEmpty()) set.joinNext().await(); // the last tasks
            }
            out.println("JoinSet of 100, spawn when one finishes: " + ITEMS + " items, at most " + maxRunning.get()
                    + " process() at once, at most " + maxLive + " live tasks");
        });
    }

    public static void main(String[] args) {
        new PitfallUnboundedSpawn().run(System.out, Clock.REAL);
    }
}
