package dev.weft.examples;

import dev.weft.future.Futures;
import dev.weft.sync.Mutex;
import dev.weft.task.JoinHandle;
import dev.weft.task.Tasks;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/**
 * The seed's pitfall 3, "Shared Mutable State Without Synchronization": ten tasks increment one counter
 * through a mutex.
 *
 * <pre>{@code
 * let counter = Arc::new(Mutex::new(0));
 * for _ in 0..10 {
 *     let cnt = counter.clone();
 *     tokio::spawn(async move {
 *         let mut guard = cnt.lock().await;
 *         *guard += 1;
 *     });
 * }
 * }</pre>
 *
 * <p>The bad version ({@code counter += 1} from every task) does not compile in Rust; in Java a lambda cannot
 * assign a captured local either, and the usual escape (a shared {@code int[]} or field) races silently, so only
 * the good version is shown. The guard is released by {@code try}-with-resources (Rust drops it at the end of
 * the block). The seed drops the join handles; the example keeps them to wait for the tasks before it prints
 * the count.
 */
public final class PitfallSharedCounter implements Example {

    @Override
    public String name() {
        return "pitfall-shared-counter";
    }

    @Override
    public String summary() {
        return "Pitfall 3: shared mutable state - 10 tasks increment a Mutex-protected counter";
    }

    @Override
    public void run(PrintStream out, Clock clock) {
        clock.main(() -> {
            Mutex<Integer> counter = new Mutex<>(0);
            List<JoinHandle<Void>> handles = new ArrayList<>();
            for (int t = 0; t < 10; t++) {
                Mutex<Integer> cnt = counter; // Arc::clone: Java shares the reference
                handles.add(Tasks.spawnAsync(() -> {
                    try (Mutex.Guard<Integer> guard = cnt.lock().await()) {
                        guard.update(n -> n + 1); // *guard += 1
                    }
                    return null;
                }));
            }
            Futures.joinAll(handles).await();
            try (Mutex.Guard<Integer> guard = counter.lock().await()) {
                out.println("counter = " + guard.get());
            }
        });
    }

    public static void main(String[] args) {
        new PitfallSharedCounter().run(System.out, Clock.REAL);
    }
}
