package dev.weft.examples;

import dev.weft.future.Async;
import dev.weft.future.Future;
import dev.weft.future.Futures;
import dev.weft.runtime.BlockingReport;
import dev.weft.runtime.WeftRuntime;
import dev.weft.task.Tasks;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The seed's pitfall 1, "Blocking the WeftRuntime": a blocking call inside async code stalls the thread that runs
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
 * every task queued behind it). It still returns the right data, which is what makes the bug easy to miss. The
 * example reads through a {@link SlowDisk} that takes 600 ms to answer, as a busy network file system might.
 * (In a Weft async block the same call blocks only that block's virtual thread, which is acceptable; the pitfall
 * is the poll-based kind.)
 *
 * <p><b>Diagnosed.</b> Weft's blocking detector ({@code WeftRuntime.Builder.detectBlocking}, on by default at
 * 100 ms) notices the poll that holds its thread past the threshold and reports it once, with the task and the
 * thread's stack, while the poll still runs. By default the report goes to {@code System.Logger}; this example
 * hands it to a {@code blockingHandler} that prints its first line and the frame of the example where the
 * thread is stuck.
 *
 * <p><b>Good.</b> {@code Tasks.spawnBlocking(() -> Files.readString(path))} runs the read on the runtime's
 * blocking pool and gives back a future to await: no runtime thread waits, so the detector stays quiet. This is
 * exactly what {@code tokio::fs::read_to_string} does inside (Tokio's fs module is {@code spawn_blocking} around
 * {@code std::fs}); Weft's {@code dev.weft.fs} wraps it the same way.
 *
 * <p>The example writes its own {@code file.txt} into a temporary directory first and deletes it afterwards.
 */
public final class PitfallBlocking implements Example {

    /** A disk that takes {@link #LATENCY} to answer each read (a blocking call, like any file read). */
    static final class SlowDisk {
        static final Duration LATENCY = Duration.ofMillis(600);

        static String readString(Path path) throws java.io.IOException {
            try {
                Thread.sleep(LATENCY); // the disk is busy
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return Files.readString(path);
        }
    }

    /** Bad: a poll-based future that reads the file inside {@code poll()}, blocking the worker polling it. */
    static Future<String> readInsidePoll(Path path) {
        return Futures.lazy(() -> {
            try {
                return SlowDisk.readString(path); // Blocks! (the worker)
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
    }

    /** Prints what the detector reports: its first line, and where in this example the thread is stuck. */
    static void printReport(PrintStream out, BlockingReport report) {
        out.println("Detector: " + report.toString().lines().findFirst().orElse(""));
        report.stack().stream().filter(f -> f.getClassName().startsWith("dev.weft.examples.")).findFirst()
                .ifPresent(f -> out.println("          stuck in " + f.getClassName() + "." + f.getMethodName()));
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
        // blocking detection is on by default (100 ms); the handler prints the report here instead of logging it
        try (WeftRuntime rt = clock.runtime().blockingHandler(r -> printReport(out, r)).build()) {
            rt.blockOn(Async.run(() -> {
                // Bad: blocking operations in async code
                String bad = Tasks.spawn(readInsidePoll(path)).await();
                out.println("Bad:  read \"" + bad + "\" inside poll(), blocking a runtime worker meanwhile");

                // Good: the read runs on the blocking pool; this task only awaits it
                String data = Tasks.spawnBlocking(() -> SlowDisk.readString(path)).await();
                out.println("Good: read \"" + data + "\" on the blocking pool (what tokio::fs does)");
            }));
        } finally {
            Files.deleteIfExists(path);
            Files.deleteIfExists(dir);
        }
    }

    public static void main(String[] args) throws Exception {
        new PitfallBlocking().run(System.out, Clock.REAL);
    }
}
