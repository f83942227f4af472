package dev.weft.test;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A test that gets a fresh Weft runtime and fails when it leaks tasks or failures: Weft's
 * {@code #[tokio::test(start_paused = true)]} and kotlinx-coroutines-test's {@code runTest}.
 *
 * {@snippet class=dev.weft.test.snippets.WeftTestSnippets region=basic}
 *
 * <p>On a method, {@code @WeftTest} is the test annotation (it is meta-annotated with {@link Test}). On a class it
 * configures every test of the class (and of its {@code @Nested} classes), which then use {@code @Test},
 * {@code @ParameterizedTest}, {@code @RepeatedTest} or {@code @WeftTest}; an annotation on the method wins over
 * the one on the class. Do not put {@code @WeftTest} on a method that has another test annotation (JUnit would see
 * two): put it on the class instead.
 *
 * <p>What the test gets, through {@link WeftExtension}:
 * <ul>
 *   <li>A parameter of type {@link dev.weft.runtime.WeftRuntime} or {@link dev.weft.runtime.Handle}, in the test
 *       method and in its {@code @BeforeEach} and {@code @AfterEach} methods: one runtime per test, built on first
 *       use. The default is the current-thread flavour with its clock paused: timers fire in virtual time, and
 *       when every task is idle the clock jumps to the next timer (auto-advance), so a test that sleeps an hour
 *       finishes at once and always sees the same order of events. {@link #flavor()} selects the multi-thread
 *       flavour, which runs on real time.</li>
 *   <li>At the end of the test (after {@code @AfterEach} methods): the runtime runs every task that is ready,
 *       without moving the clock; a task still live then is <em>leaked</em> (it waits on a timer, a channel, a
 *       socket or a task that will never come). Then the runtime is shut down (cancelling what is left), and the
 *       test fails when tasks leaked ({@link #failOnLeakedTasks()}) or when a task failed while nobody was
 *       awaiting it ({@link #failOnUnobservedFailures()}: what {@link dev.weft.runtime.UnhandledFailureHandler}
 *       would receive). The message names each task (id, state, what it runs; an async block's stack).</li>
 * </ul>
 *
 * <p>Parameters of other types are left to other resolvers. A test that takes no runtime parameter gets no runtime
 * and no checks.
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@Test
@ExtendWith(WeftExtension.class)
public @interface WeftTest {

    /** The runtime flavour; current-thread by default (deterministic, and the one whose clock can be paused). */
    Flavor flavor() default Flavor.CURRENT_THREAD;

    /**
     * Worker threads of the multi-thread flavour; must be left at its default on the current-thread flavour.
     * The default, 0, means 2 workers: enough to exercise stealing, few enough for a shared CI machine.
     */
    int workerThreads() default 0;

    /**
     * Whether the runtime's clock starts paused. {@link StartPaused#DEFAULT} means paused on the current-thread
     * flavour and real time on the multi-thread one; {@link StartPaused#TRUE} on the multi-thread flavour is
     * rejected (with several workers "every task is idle" is not well defined, the same rule as Tokio's).
     */
    StartPaused startPaused() default StartPaused.DEFAULT;

    /** Fail the test when a task is still live at its end. On by default. */
    boolean failOnLeakedTasks() default true;

    /** Fail the test when a task failed and nobody awaited its outcome. On by default. */
    boolean failOnUnobservedFailures() default true;

    /**
     * How long, in wall-clock milliseconds, the end-of-test check waits for tasks that are still running (async
     * blocks on their virtual threads, tasks on multi-thread workers) to finish or go idle before it counts them
     * as leaked. A test whose tasks all finished pays nothing.
     */
    long settleMillis() default 1000;

    /** How long, in wall-clock milliseconds, the shutdown at the end of the test waits for cancelled tasks. */
    long shutdownTimeoutMillis() default 5000;

    /** A runtime flavour. */
    enum Flavor {
        /** {@code WeftRuntime.currentThread()}: tasks run on the test's thread inside {@code blockOn}. */
        CURRENT_THREAD,
        /** {@code WeftRuntime.multiThread()} with {@link #workerThreads()} workers. */
        MULTI_THREAD
    }

    /** Whether the clock starts paused. */
    enum StartPaused {
        /** Paused on the current-thread flavour, real time on the multi-thread flavour. */
        DEFAULT,
        /** Paused (current-thread flavour only). */
        TRUE,
        /** Real time. */
        FALSE
    }
}
