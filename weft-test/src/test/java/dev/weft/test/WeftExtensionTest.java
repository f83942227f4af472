package dev.weft.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import dev.weft.runtime.Handle;
import dev.weft.runtime.WeftRuntime;
import dev.weft.task.JoinHandle;
import dev.weft.task.Tasks;
import dev.weft.time.MonotonicInstant;
import dev.weft.time.Time;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;
import org.junit.platform.testkit.engine.Events;

class WeftExtensionTest {

    /** What a test sees: the injected runtime, paused and auto-advancing. */
    @Nested
    @WeftTest
    class Injection {
        private WeftRuntime fromBeforeEach;

        @BeforeEach
        void setUp(WeftRuntime rt) {
            fromBeforeEach = rt;
        }

        @AfterEach
        void tearDown(WeftRuntime rt) {
            assertThat(rt).as("@AfterEach gets the test's runtime").isSameAs(fromBeforeEach);
        }

        @Test
        void runtimeParameter_inTestAndBeforeEach_isOneCurrentThreadRuntime(WeftRuntime rt, Handle handle) {
            assertThat(rt).isSameAs(fromBeforeEach);
            assertThat(handle.name()).isEqualTo(rt.handle().name());
            assertThat(rt.metrics().workers()).isOne();
        }

        @Test
        void clock_startsPaused_soPausingAgainFails(WeftRuntime rt) {
            assertThatThrownBy(() -> rt.blockOn(Time.pause())).isInstanceOf(IllegalStateException.class);
        }

        @Test
        @Timeout(60) // a hang guard, not a timing assertion: in real time this test would take an hour
        void sleep_oneHour_completesInVirtualTime(WeftRuntime rt) {
            MonotonicInstant start = rt.blockOn(Time.now());
            rt.blockOn(Time.sleep(Duration.ofHours(1)));
            assertThat(rt.blockOn(Time.now()).durationSince(start)).isEqualTo(Duration.ofHours(1));
        }

        @Test
        void advance_firesDueTimers_andWakesTheirTasks(WeftRuntime rt) {
            JoinHandle<Void> sleeper = rt.spawn(Time.sleep(Duration.ofSeconds(30)));
            rt.blockOn(Tasks.yieldNow()); // the sleeper registers its timer at t0
            rt.blockOn(Time.advance(Duration.ofSeconds(30)));
            assertThat(sleeper.isFinished()).isTrue();
            rt.blockOn(sleeper);
        }
    }

    /** Registered with @ExtendWith alone: the defaults of @WeftTest. */
    @Nested
    @ExtendWith(WeftExtension.class)
    class PlainRegistration {
        @Test
        void runtime_withoutTheAnnotation_isPausedCurrentThread(WeftRuntime rt) {
            assertThat(rt.metrics().workers()).isOne();
            assertThatThrownBy(() -> rt.blockOn(Time.pause())).isInstanceOf(IllegalStateException.class);
        }
    }

    /** The multi-thread flavour on demand, on real time. */
    @Nested
    class MultiThread {
        @WeftTest(flavor = WeftTest.Flavor.MULTI_THREAD, workerThreads = 3)
        void flavor_multiThread_hasTheWorkersAsked(WeftRuntime rt) {
            assertThat(rt.metrics().workers()).isEqualTo(3);
            int seven = rt.blockOn(rt.spawn(cx -> dev.weft.future.Poll.ready(7)));
            assertThat(seven).isEqualTo(7);
        }
    }

    /** How the extension judges whole tests, run through the engine test kit. */
    @Nested
    class Verdicts {
        @Test
        void cleanTest_passes() {
            assertPassed(ExtensionFixtures.Clean.class);
        }

        @Test
        void leakedPollTask_failsTheTest_namingTheTask() {
            Throwable t = failureOf(ExtensionFixtures.LeakedSleep.class);
            assertThat(t).isInstanceOf(AssertionError.class)
                    .hasMessageContaining("1 task leaked")
                    .hasMessageMatching("(?s).*task-\\d+: idle, dev\\.weft\\.time\\.Sleep"
                            + " \\(waiting for a wake-up\\).*")
                    .hasMessageContaining("failOnLeakedTasks = false");
        }

        @Test
        void leakedAsyncBlock_failsTheTest_withTheLineItWaitsOn() {
            Throwable t = failureOf(ExtensionFixtures.LeakedAsyncBlock.class);
            assertThat(t).hasMessageContaining("1 task leaked")
                    .hasMessageContaining("async block dev.weft.test.ExtensionFixtures$LeakedAsyncBlock$$Lambda")
                    .hasMessageContaining("at dev.weft.test.ExtensionFixtures$LeakedAsyncBlock.lambda$leaks$");
        }

        @Test
        void neverCompletingFuture_failsTheTest() {
            assertThat(failureOf(ExtensionFixtures.LeakedPending.class)).hasMessageContaining("1 task leaked");
        }

        @Test
        void unobservedFailure_failsTheTest_withTheFailureAsCause() {
            Throwable t = failureOf(ExtensionFixtures.UnobservedFailure.class);
            assertThat(t).isInstanceOf(AssertionError.class)
                    .hasMessageContaining("1 task failure was never observed")
                    .hasMessageContaining("boom in a detached task")
                    .hasMessageNotContaining("leaked");
            assertThat(t.getCause()).isInstanceOf(IllegalStateException.class)
                    .hasMessage("boom in a detached task");
        }

        @Test
        void failureTakenFromTheHandleLater_passes() {
            assertPassed(ExtensionFixtures.FailureTakenLater.class);
        }

        @Test
        void taskReadyAtTheEnd_isRunBySettle_andPasses() {
            assertPassed(ExtensionFixtures.ReadyAtTheEnd.class);
        }

        @Test
        void leakCheckOff_passes() {
            assertPassed(ExtensionFixtures.LeakAllowed.class);
        }

        @Test
        void multiThreadLeak_failsTheTest() {
            assertThat(failureOf(ExtensionFixtures.MultiThreadLeak.class)).hasMessageContaining("1 task leaked")
                    .hasMessageContaining("dev.weft.time.Sleep");
        }

        @Test
        void failingTest_keepsItsOwnFailure_withoutLeakNoise() {
            Throwable t = failureOf(ExtensionFixtures.FailingTestThatLeaks.class);
            assertThat(t).hasMessageContaining("the test's own assertion");
            assertThat(t.getSuppressed()).isEmpty();
        }

        @Test
        void pausedMultiThread_failsFast_sayingWhy() {
            assertThat(failureOf(ExtensionFixtures.PausedMultiThread.class))
                    .hasMessageContaining("startPaused = TRUE")
                    .hasMessageContaining("current-thread flavour");
        }

        private static Events run(Class<?> fixture) {
            return EngineTestKit.engine("junit-jupiter").selectors(selectClass(fixture)).execute().testEvents();
        }

        private static void assertPassed(Class<?> fixture) {
            Events events = run(fixture);
            List<Throwable> failures = events.failed().stream().map(WeftExtensionTest::throwable).toList();
            assertThat(failures).as("failures of " + fixture.getSimpleName()).isEmpty();
            assertThat(events.succeeded().count()).isOne();
        }

        private static Throwable failureOf(Class<?> fixture) {
            Events events = run(fixture);
            assertThat(events.succeeded().count()).as("tests of " + fixture.getSimpleName() + " that passed")
                    .isZero();
            List<Event> failed = events.failed().list();
            assertThat(failed).hasSize(1);
            return throwable(failed.get(0));
        }
    }

    private static Throwable throwable(Event e) {
        return e.getPayload(TestExecutionResult.class).flatMap(TestExecutionResult::getThrowable).orElseThrow();
    }
}
