package dev.weft.examples;

import dev.weft.future.Future;
import dev.weft.future.Futures;
import dev.weft.task.Tasks;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The seed's pitfall 1, "Blocking the Runtime": a blocking call inside async code stalls the thread that runs
 * it.
 *
 * <pre>{@code
 * // Bad: blocking operations in async code
 * let data = std::fs::read_to_string("file.txt").unwrap(); // Blocks!
 *
 * // Good: use async alternatives
 * let data = tokio::fs::read_to_string("file.txt").await?;
 * }</pre>
 *
 * <p><b>Bad.</b> In a poll-based future, {@code Files.readString} runs inside {@code poll()} on a runtime
 * worker: while the disk answers, that worker polls no other task (a slow disk or a network file system stalls
 * every task queued behind it). It still returns the right data, which is what makes the bug easy to miss; the
 * example runs it once on a file that reads fast, to show the shape, not the harm. (In a Weft async block the
 * same call blocks only that block's virtual thread, which is acceptable; the pitfall is the poll-based kind.)
 *
 * <p><b>Good.</b> {@code Tasks.spawnBlocking(() -> Files.readString(path))} runs the read on the runtime's
 * blocking pool and gives back a future to await. This is exactly what {@code tokio::fs::read_to_string} does
 * inside (Tokio's fs module is {@code spawn_blocking} around {@code std::fs}); Weft's {@code dev.weft.fs},
 * which will wrap it the same way, is not there yet.
 *
 * <p>The example writes its own {@code file.txt} into a temporary directory first and deletes it afterwards.
 */
public final class PitfallBlocking implements Example {

    /** Bad: a poll-based future that reads the file inside {@code poll()}, blocking the worker polling it. */
    static Future<String> readInsidePoll(Path path) {
        return Futures.lazy(() -> {
            try {
                return Files.readString(path); // Blocks! (the worker)
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
    }

    @Override
    public String name() {
        return "pitfall-blocking";
    }

    @Override
    public String summary() {
        return "Pitfall 1: blocking the runtime - read a file inside poll() (bad) vs spawnBlocking (good)";
    }

    @Override
    public void run(PrintStream out, Clock clock) throws Exception {
        Path dir = Files.createTempDirectory("weft-example");
        Path path = dir.resolve("file.txt");
        Files.writeString(path, "hello from file.txt");
        try {
            clock.main(() -> {
                // Bad: blocking operations in async code
                String bad = Tasks.spawn(readInsidePoll(path)).await();
                out.println("Bad:  read \"" + bad + "\" inside poll(), blocking a runtime worker meanwhile");

                // Good: the read runs on the blocking pool; this task only awaits it
                String data = Tasks.spawnBlocking(() -> Files.readString(path)).await();
                out.println("Good: read \"" + data + "\" on the blocking pool (what tokio::fs does)");
            });
        } finally {
            Files.deleteIfExists(path);
            Files.deleteIfExists(dir);
        }
    }

    public static void main(String[] args) throws Exception {
        new PitfallBlocking().run(System.out, Clock.REAL);
    }
}
