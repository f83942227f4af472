package dev.weft.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.future.Poll;
import dev.weft.runtime.WeftRuntime;
import dev.weft.sync.Oneshot;
import dev.weft.task.JoinError;
import dev.weft.task.JoinHandle;
import dev.weft.task.Tasks;
import dev.weft.time.Time;
import java.time.Duration;

/**
 * Tests that {@link WeftExtensionTest} runs through JUnit's EngineTestKit to check how the extension judges them.
 * Several fail on purpose, so the file name matches no surefire include (not {@code *Test}) and the classes are
 * selected only by the engine test kit; running them from an IDE shows the intended failures.
 */
final class ExtensionFixtures {
    private ExtensionFixtures() {}

    /** A test that joins what it spawns: passes. */
    static class Clean {
        @WeftTest
        void clean(WeftRuntime rt) {
            JoinHandle<Void> h = rt.spawn(Time.sleep(Duration.ofSeconds(1)));
            rt.blockOn(h);
        }
    }

    /** A poll-based task left sleeping for an hour: leaked. */
    static class LeakedSleep {
        @WeftTest
        void leaks(WeftRuntime rt) {
            rt.spawn(Time.sleep(Duration.ofHours(1)));
            rt.blockOn(Tasks.yieldNow());
        }
    }

    /** An async block parked in await(): leaked, reported with the line it waits on. */
    static class LeakedAsyncBlock {
        @WeftTest
        void leaks(WeftRuntime rt) {
            rt.spawnAsync(() -> {
                Time.sleep(Duration.ofHours(1)).await(); // the leak report points here
                return null;
            });
            rt.blockOn(Tasks.yieldNow());
        }
    }

    /** A detached task that fails, its handle never awaited: an unobserved failure. */
    static class UnobservedFailure {
        @WeftTest
        void failsUnseen(WeftRuntime rt) {
            rt.spawn(cx -> {
                throw new IllegalStateException("boom in a detached task");
            });
            rt.blockOn(Tasks.yieldNow());
        }
    }

    /** The failure is reported while nobody waits, but the test takes it from the handle later: passes. */
    static class FailureTakenLater {
        @WeftTest
        void takesTheFailure(WeftRuntime rt) {
            JoinHandle<Object> h = rt.spawn(cx -> {
                throw new IllegalStateException("expected");
            });
            rt.blockOn(Tasks.yieldNow()); // the task fails here, with nobody polling its handle
            assertThatThrownBy(() -> rt.blockOn(h)).isInstanceOf(JoinError.Failed.class)
                    .hasRootCauseMessage("expected");
        }
    }

    /** A task that becomes ready as the test returns: the settle step runs it to completion, so it passes. */
    static class ReadyAtTheEnd {
        @WeftTest
        void sendsAndReturns(WeftRuntime rt) {
            Oneshot.Channel<String> ch = Oneshot.channel();
            rt.spawn(ch.receiver().map(v -> v.length()));
            rt.blockOn(Tasks.yieldNow()); // the task polls the receiver and waits
            ch.sender().send("done"); // wakes it; nothing runs it before the test returns
        }
    }

    /** The leak check turned off for one test: passes, and the runtime still shuts down. */
    static class LeakAllowed {
        @WeftTest(failOnLeakedTasks = false)
        void leaksOnPurpose(WeftRuntime rt) {
            rt.spawn(Time.sleep(Duration.ofHours(1)));
            rt.blockOn(Tasks.yieldNow());
        }
    }

    /** The multi-thread flavour reports a leak the same way. */
    static class MultiThreadLeak {
        @WeftTest(flavor = WeftTest.Flavor.MULTI_THREAD)
        void leaks(WeftRuntime rt) {
            rt.spawn(Time.sleep(Duration.ofHours(1)));
        }
    }

    /** A test that fails on its own: the leak it also has is not added to its failure. */
    static class FailingTestThatLeaks {
        @WeftTest
        void failsAndLeaks(WeftRuntime rt) {
            rt.spawn(Time.sleep(Duration.ofHours(1)));
            rt.blockOn(Tasks.yieldNow());
            assertThat(1).as("the test's own assertion").isEqualTo(2);
        }
    }

    /** A paused clock asked of the multi-thread flavour: the parameter cannot be resolved. */
    static class PausedMultiThread {
        @WeftTest(flavor = WeftTest.Flavor.MULTI_THREAD, startPaused = WeftTest.StartPaused.TRUE)
        void neverRuns(WeftRuntime rt) {}
    }

    /** A poll-based future that never completes and never registers: idle at once, reported as leaked. */
    static class LeakedPending {
        @WeftTest
        void leaks(WeftRuntime rt) {
            rt.spawn(cx -> Poll.pending());
            rt.blockOn(Tasks.yieldNow());
        }
    }
}
