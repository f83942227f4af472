package dev.weft.internal;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.jetbrains.kotlinx.lincheck.Actor;
import org.jetbrains.kotlinx.lincheck.execution.ExecutionScenario;

/**
 * Shared pieces of the engine's Lincheck model checks (internal.task, internal.scheduler, internal.io,
 * internal.time): fixed scenarios, a counting waker, and violations recorded outside Lincheck's result comparison.
 *
 * <p>Why violations: an exception thrown by an operation is a <em>result</em> to Lincheck, so a bug that also
 * shows up when the scenario runs sequentially would pass. Operations and {@code @Validate} functions record
 * what they find with {@link #violation}; the JUnit test then calls {@link #checked}. A system property carries
 * the record because Lincheck loads the test class in a transforming class loader of its own (a static field of
 * the JUnit-side class is not the one the operations see).
 *
 * <p>Why fixed scenarios: protocols where an operation legitimately blocks until another thread acts (a worker
 * parks until a task is pushed) deadlock in a random scenario that lacks the other thread's operation. A fixed
 * scenario ({@link #scenario}) states who does what; the model checker then explores its interleavings.
 */
public final class ModelChecks {
    private static final String KEY = "weft.lincheck.engine.violation";

    private ModelChecks() {}

    /** Records the first violation. */
    public static synchronized void violation(String what) {
        if (System.getProperty(KEY) == null) System.setProperty(KEY, what);
    }

    /** Clears the record, runs {@code lincheckRun} (a Lincheck check), then fails if a violation was recorded. */
    public static void checked(Runnable lincheckRun) {
        System.clearProperty(KEY);
        try {
            lincheckRun.run();
        } finally {
            String v = System.getProperty(KEY);
            System.clearProperty(KEY);
            if (v != null) throw new AssertionError("model check found: " + v);
        }
    }

    /**
     * A scenario of {@code test}'s no-argument operations: {@code init} run first, then each of {@code threads}
     * in parallel, then {@code post}, each given as method names.
     */
    public static ExecutionScenario scenario(Class<?> test, List<String> init, List<List<String>> threads,
            List<String> post) {
        List<List<Actor>> parallel = new ArrayList<>();
        for (List<String> t : threads) parallel.add(actors(test, t));
        return new ExecutionScenario(actors(test, init), parallel, actors(test, post), null);
    }

    /** Shorthand for a list of method names. */
    public static List<String> ops(String... names) {
        return Arrays.asList(names);
    }

    private static List<Actor> actors(Class<?> test, List<String> names) {
        List<Actor> out = new ArrayList<>();
        for (String n : names) {
            try {
                Method m = test.getMethod(n);
                out.add(new Actor(m, List.of()));
            } catch (NoSuchMethodException e) {
                throw new IllegalArgumentException("operation: " + n + " (expected: a public no-argument method)", e);
            }
        }
        return out;
    }
}
