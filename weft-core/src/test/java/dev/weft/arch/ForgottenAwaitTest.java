package dev.weft.arch;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * "Forgetting to await is caught": user code compiled with Error Prone against weft-core fails when it creates a
 * future and drops it (the packages are {@code @CheckReturnValue}), and compiles when it awaits, spawns or
 * composes it, or ignores a result Weft marks {@code @CanIgnoreReturnValue}. Runs the JDK's javac in a child
 * process with Error Prone (a test dependency) as its plugin, only its CheckReturnValue check enabled.
 */
@Timeout(180)
class ForgottenAwaitTest {

    record Compiled(int exit, String output) {}

    /** Compiles {@code sources} (class name to text, package demo) in one javac run with Error Prone. */
    private static Compiled javac(Path dir, Map<String, String> sources) throws Exception {
        String cp = System.getProperty("java.class.path");
        Path javac = Path.of(System.getProperty("java.home"), "bin", "javac");
        List<String> cmd = new ArrayList<>(List.of(javac.toString()));
        for (String p : List.of("api", "file", "main", "model", "parser", "processing", "tree", "util")) {
            cmd.add("-J--add-exports=jdk.compiler/com.sun.tools.javac." + p + "=ALL-UNNAMED");
        }
        cmd.add("-J--add-opens=jdk.compiler/com.sun.tools.javac.code=ALL-UNNAMED");
        cmd.add("-J--add-opens=jdk.compiler/com.sun.tools.javac.comp=ALL-UNNAMED");
        cmd.addAll(List.of("-XDcompilePolicy=simple", "--should-stop=ifError=FLOW", "-proc:none",
                "-processorpath", cp, "-cp", cp, "-d", dir.resolve("out").toString(),
                "-Xplugin:ErrorProne -XepDisableAllChecks -Xep:CheckReturnValue:ERROR"));
        for (Map.Entry<String, String> e : sources.entrySet()) {
            Path src = dir.resolve("src/demo/" + e.getKey() + ".java");
            Files.createDirectories(src.getParent());
            Files.writeString(src, e.getValue());
            cmd.add(src.toString());
        }
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(150, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("javac did not finish: " + out);
        }
        return new Compiled(p.exitValue(), out);
    }

    /**
     * One javac run (Error Prone's start-up is the cost) over two files: every dropped future in {@code Forget} is
     * an error, nothing in {@code Fine} is.
     */
    @Test
    void droppedFutures_areCompileErrors_awaitedSpawnedOrIgnorableResultsAreNot(@TempDir Path dir) throws Exception {
        Compiled c = javac(dir, Map.of("Forget", FORGET, "Fine", FINE));
        assertThat(c.exit()).as(c.output()).isNotZero();
        assertThat(c.output()).contains("Forget.java:9: error: [CheckReturnValue]")
                .contains("Forget.java:10: error: [CheckReturnValue]")
                .doesNotContain("Fine.java");
    }

    private static final String FORGET = """
            package demo;

            import dev.weft.sync.Mpsc;
            import dev.weft.time.Time;
            import java.time.Duration;

            class Forget {
                void oops(Mpsc.Sender<String> tx) {
                    Time.sleep(Duration.ofSeconds(1)); // created, never awaited: never runs
                    tx.send("lost");                  // the same: the message is never sent
                }
            }
            """;

    private static final String FINE = """
            package demo;

            import dev.weft.future.Async;
            import dev.weft.future.Futures;
            import dev.weft.sync.Oneshot;
            import dev.weft.task.Tasks;
            import dev.weft.time.Time;
            import java.time.Duration;

            class Fine {
                void ok(Oneshot.Sender<String> reply) {
                    Time.sleep(Duration.ofMillis(1)).await();
                    Tasks.spawn(Futures.ready(1));            // a task runs whether or not it is awaited
                    Tasks.spawnAsync(() -> { reply.send("x"); });
                    reply.send("y");                          // Oneshot send: the result may be ignored
                    Async.async(() -> 1).map(v -> v + 1).await();
                }
            }
            """;
}
