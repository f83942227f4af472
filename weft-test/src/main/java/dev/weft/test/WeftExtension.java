package dev.weft.test;

import dev.weft.future.Context;
import dev.weft.future.Waker;
import dev.weft.internal.scheduler.LiveTasks;
import dev.weft.runtime.Handle;
import dev.weft.runtime.WeftRuntime;
import dev.weft.runtime.ShutdownReport;
import dev.weft.task.Tasks;
import java.lang.reflect.AnnotatedElement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * The JUnit Jupiter extension behind {@link WeftTest}: gives each test a fresh runtime (current-thread with a
 * paused, auto-advancing clock unless configured otherwise), and at the end of the test fails it when tasks leaked
 * or task failures went unobserved. See {@link WeftTest} for what a test sees; register it with
 * {@code @WeftTest} (preferred), or with {@code @ExtendWith(WeftExtension.class)}, which applies the defaults of
 * {@code @WeftTest}.
 *
 * <p>The end of a test, step by step (after the test's {@code @AfterEach} methods):
 * <ol>
 *   <li><b>Settle.</b> On the current-thread flavour the extension runs every task that is ready (rounds of
 *       {@code blockOn(Tasks.yieldNow())}); the clock does not move, so a task waiting on a timer stays waiting.
 *       On both flavours it then waits, up to {@link WeftTest#settleMillis()} of wall-clock time, for tasks that
 *       are still running (an async block on its virtual thread, a task on a worker) to finish or go idle. It
 *       stops early once every live task is idle three rounds in a row.</li>
 *   <li><b>Leak check.</b> Each task still live is leaked. (Skipped when the test already failed: its leaked
 *       tasks are usually a consequence.)</li>
 *   <li><b>Shutdown.</b> {@code runtime.shutdown(shutdownTimeoutMillis)} cancels what is left; a task that did not
 *       finish unwinding by then counts as leaked too.</li>
 *   <li><b>Unobserved failures.</b> A failure the runtime reported to its unhandled-failure handler (see
 *       {@link dev.weft.runtime.UnhandledFailureHandler}: the task failed while nobody awaited it) is unobserved
 *       unless the test took it later through the task's handle. Checked after the shutdown, so a task that fails
 *       while it unwinds is caught too, and reported even when the test failed (it is often the cause).</li>
 *   <li>One {@link AssertionError} names every leaked task and every unobserved failure; the first unobserved
 *       failure is its cause and the others are suppressed. When the test itself failed, JUnit attaches this error
 *       to the test's as suppressed.</li>
 * </ol>
 *
 * <p>Why "still live at the end" and not "still live after the clock ran out" (kotlinx-coroutines-test's
 * {@code runTest} waits for its children): Weft's tasks are not scoped to the test, so a task waiting for a timer
 * or a message at the end is, in a test, a task nobody will stop. Letting the clock run until it finishes would
 * hide the loop that never does (an interval ticker) behind a timeout. Await such tasks, abort them, or close what
 * they wait on, or turn the check off for one test with {@code @WeftTest(failOnLeakedTasks = false)}.
 *
 * <p>With {@code failOnUnobservedFailures} on, the extension takes the runtime's unhandled-failure handler (the
 * default one logs); with it off, the runtime keeps its default.
 */
public final class WeftExtension implements ParameterResolver, AfterEachCallback {
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(WeftExtension.class);
    private static final String KEY = "runtime";

    /** The defaults of {@link WeftTest}, for a test that registered the extension without the annotation. */
    @WeftTest
    private static final class Defaults {}

    /** Creates the extension (JUnit does, through {@link WeftTest} or {@code @ExtendWith}). */
    public WeftExtension() {}

    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        Class<?> type = parameterContext.getParameter().getType();
        return type == WeftRuntime.class || type == Handle.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        if (extensionContext.getTestMethod().isEmpty()) {
            throw new ParameterResolutionException("WeftExtension gives a runtime to test methods and their"
                    + " @BeforeEach and @AfterEach methods only: " + parameterContext.getDeclaringExecutable()
                    + " runs outside a test (a @BeforeAll method or a constructor?). Take the WeftRuntime as a parameter"
                    + " of the test or of @BeforeEach instead: each test gets its own.");
        }
        State state = extensionContext.getStore(NAMESPACE)
                .computeIfAbsent(KEY, k -> new State(config(extensionContext)), State.class);
        Class<?> type = parameterContext.getParameter().getType();
        return type == Handle.class ? state.runtime.handle() : state.runtime;
    }

    @Override
    public void afterEach(ExtensionContext context) {
        State state = context.getStore(NAMESPACE).remove(KEY, State.class);
        if (state == null) return; // the test took no runtime
        state.finish(context.getExecutionException().isPresent());
    }

    /** The nearest {@code @WeftTest}: the method's, else its class's or an enclosing class's, else the defaults. */
    static WeftTest config(ExtensionContext context) {
        Optional<WeftTest> onMethod = context.getTestMethod().flatMap(m -> find(m));
        if (onMethod.isPresent()) return onMethod.get();
        for (Class<?> c = context.getTestClass().orElse(null); c != null; c = c.getEnclosingClass()) {
            Optional<WeftTest> onClass = find(c);
            if (onClass.isPresent()) return onClass.get();
        }
        return Defaults.class.getAnnotation(WeftTest.class);
    }

    private static Optional<WeftTest> find(AnnotatedElement element) {
        WeftTest direct = element.getAnnotation(WeftTest.class);
        if (direct != null) return Optional.of(direct);
        for (var a : element.getAnnotations()) { // one level of meta-annotation: a team's own @MyWeftTest
            WeftTest meta = a.annotationType().getAnnotation(WeftTest.class);
            if (meta != null) return Optional.of(meta);
        }
        return Optional.empty();
    }

    /** Builds the runtime {@code config} describes; fails fast on contradictory settings. */
    static WeftRuntime build(WeftTest config, ConcurrentLinkedQueue<LiveTasks.UnobservedFailure> failures) {
        boolean multi = config.flavor() == WeftTest.Flavor.MULTI_THREAD;
        if (!multi && config.workerThreads() != 0) {
            throw new ParameterResolutionException("@WeftTest(workerThreads = " + config.workerThreads() + ")"
                    + " (expected: 0 on the current-thread flavour; set flavor = MULTI_THREAD for workers)");
        }
        if (config.workerThreads() < 0) {
            throw new ParameterResolutionException("@WeftTest(workerThreads = " + config.workerThreads() + ")"
                    + " (expected: >= 1, or 0 for the default of 2)");
        }
        if (multi && config.startPaused() == WeftTest.StartPaused.TRUE) {
            throw new ParameterResolutionException("@WeftTest(flavor = MULTI_THREAD, startPaused = TRUE): a paused"
                    + " clock needs the current-thread flavour (with several workers 'every task is idle' is not"
                    + " well defined); drop startPaused or use flavor = CURRENT_THREAD");
        }
        if (config.settleMillis() < 0 || config.shutdownTimeoutMillis() < 0) {
            throw new ParameterResolutionException("@WeftTest(settleMillis = " + config.settleMillis()
                    + ", shutdownTimeoutMillis = " + config.shutdownTimeoutMillis() + ") (expected: >= 0)");
        }
        WeftRuntime.Builder b = multi
                ? WeftRuntime.multiThread().workerThreads(config.workerThreads() == 0 ? 2 : config.workerThreads())
                : WeftRuntime.currentThread().startPaused(config.startPaused() != WeftTest.StartPaused.FALSE);
        b.name("weft-test");
        if (config.failOnUnobservedFailures()) {
            // the extension reports them at the end of the test; the handler keeps them out of the log meanwhile
            b.unhandledFailureHandler((task, failure) -> {});
        }
        WeftRuntime rt = b.build();
        if (config.failOnUnobservedFailures()) LiveTasks.watchUnobservedFailures(context(rt), failures::add);
        return rt;
    }

    private static Context context(WeftRuntime rt) {
        return rt.handle().newContext(Waker.noop(), Context.UNCONSTRAINED);
    }

    /** One test's runtime and what it recorded. */
    static final class State implements AutoCloseable {
        final WeftTest config;
        final ConcurrentLinkedQueue<LiveTasks.UnobservedFailure> failures = new ConcurrentLinkedQueue<>();
        final WeftRuntime runtime;

        State(WeftTest config) {
            this.config = config;
            this.runtime = build(config, failures);
        }

        /** JUnit closes what is left in the store: a runtime whose afterEach never ran is still shut down. */
        @Override
        public void close() {
            runtime.shutdown(Duration.ofMillis(config.shutdownTimeoutMillis()));
        }

        /** Steps 1-5 of the class comment. */
        void finish(boolean testFailed) {
            List<LiveTasks.Info> leaked = List.of();
            ShutdownReport report;
            try {
                if (config.failOnLeakedTasks() && !testFailed) leaked = settle();
            } finally {
                report = runtime.shutdown(Duration.ofMillis(config.shutdownTimeoutMillis()));
            }
            List<LiveTasks.UnobservedFailure> unobserved = new ArrayList<>();
            for (LiveTasks.UnobservedFailure f : failures) if (!f.isTakenLater()) unobserved.add(f);
            boolean unfinished = config.failOnLeakedTasks() && !testFailed && !report.isClean();
            if (leaked.isEmpty() && !unfinished && unobserved.isEmpty()) return;
            throw failure(leaked, unfinished ? report : null, unobserved);
        }

        /** Step 1: runs what is ready, waits for running tasks; returns the tasks still live. */
        List<LiveTasks.Info> settle() {
            Context cx = context(runtime);
            boolean currentThread = config.flavor() == WeftTest.Flavor.CURRENT_THREAD;
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(config.settleMillis());
            int quietRounds = 0;
            if (LiveTasks.snapshot(cx).isEmpty()) return List.of(); // also when the test shut the runtime down
            for (;;) {
                if (currentThread) runtime.blockOn(Tasks.yieldNow()); // every ready task runs once; no time moves
                List<LiveTasks.Info> live = LiveTasks.snapshot(cx);
                live.removeIf(i -> i.state().equals("complete"));
                if (live.isEmpty()) return live;
                if (live.stream().allMatch(LiveTasks.Info::isQuiescent)) {
                    if (++quietRounds >= 3) return live;
                } else {
                    quietRounds = 0;
                }
                if (System.nanoTime() - deadline >= 0) return live;
                // a running async block or worker needs the CPU (2 cores may be shared by many JVMs): step aside
                LockSupport.parkNanos(TimeUnit.MICROSECONDS.toNanos(200));
            }
        }

        private AssertionError failure(List<LiveTasks.Info> leaked, ShutdownReport unfinished,
                List<LiveTasks.UnobservedFailure> unobserved) {
            StringBuilder sb = new StringBuilder("@WeftTest");
            if (!leaked.isEmpty()) {
                sb.append(": ").append(leaked.size()).append(leaked.size() == 1 ? " task" : " tasks")
                        .append(config.flavor() == WeftTest.Flavor.CURRENT_THREAD
                                ? " leaked (still live when the test ended, after every ready task ran, at the same"
                                        + " instant of the test clock):"
                                : " leaked (still live when the test ended, " + config.settleMillis()
                                        + " ms after it at most):");
                for (LiveTasks.Info i : leaked) describe(sb, i);
                sb.append("\n  Await them (JoinHandle, JoinSet, TaskTracker), abort them, or close what they wait on;"
                        + " or use @WeftTest(failOnLeakedTasks = false).");
            }
            if (unfinished != null) {
                sb.append(leaked.isEmpty() ? ": " : "\n").append(unfinished.unfinished())
                        .append(unfinished.unfinished() == 1 ? " task" : " tasks")
                        .append(" did not finish within ").append(config.shutdownTimeoutMillis())
                        .append(" ms of being cancelled at shutdown (an async block that ignores interruption?).");
            }
            if (!unobserved.isEmpty()) {
                sb.append(leaked.isEmpty() && unfinished == null ? ": " : "\n").append(unobserved.size())
                        .append(unobserved.size() == 1 ? " task failure was" : " task failures were")
                        .append(" never observed (the task failed while nobody awaited its handle, and nobody"
                                + " took the failure later):");
                for (LiveTasks.UnobservedFailure f : unobserved) {
                    sb.append("\n  task-").append(f.id()).append(" failed: ").append(f.failure());
                }
                sb.append("\n  ").append(unobserved.size() == 1 ? "It is the cause of this error."
                        : "The first is the cause of this error, the others are suppressed.")
                        .append(" Await the handles, or use @WeftTest(failOnUnobservedFailures = false).");
            }
            AssertionError e = new AssertionError(sb.toString(), unobserved.isEmpty() ? null
                    : unobserved.get(0).failure());
            for (int i = 1; i < unobserved.size(); i++) e.addSuppressed(unobserved.get(i).failure());
            return e;
        }

        private static void describe(StringBuilder sb, LiveTasks.Info i) {
            sb.append("\n  task-").append(i.id()).append(": ");
            if (i.asyncBlock()) {
                sb.append("async block ").append(shortName(i.what()));
                if (i.threadState() == null) {
                    sb.append(" (not started)");
                } else {
                    sb.append(" (thread ").append(i.threadState()).append(')');
                    int shown = 0;
                    boolean skipping = true;
                    for (StackTraceElement f : i.stack()) {
                        String c = f.getClassName();
                        if (skipping && (c.startsWith("java.") || c.startsWith("jdk.") || c.startsWith("sun.")
                                || c.startsWith("dev.weft.internal.") || c.startsWith("dev.weft.future."))) {
                            continue; // the park and await machinery above the body's own frames
                        }
                        if (!skipping
                                && (c.startsWith("dev.weft.internal.") || c.equals("java.lang.VirtualThread"))) {
                            break; // below the body: the thread's own start-up
                        }
                        skipping = false;
                        sb.append("\n      at ").append(c).append('.').append(f.getMethodName()).append('(')
                                .append(f.getFileName()).append(':').append(f.getLineNumber()).append(')');
                        if (++shown == 8) break;
                    }
                }
            } else {
                sb.append(i.state()).append(", ").append(shortName(i.what()));
                if (i.state().equals("idle")) sb.append(" (waiting for a wake-up)");
            }
        }

        /** Drops the hidden-class suffix of a lambda's class name ({@code Foo$$Lambda/0x...}). */
        private static String shortName(String className) {
            int lambda = className.indexOf("$$Lambda");
            return lambda < 0 ? className : className.substring(0, lambda) + "$$Lambda";
        }
    }
}
