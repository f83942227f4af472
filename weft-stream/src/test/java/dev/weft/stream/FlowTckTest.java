package dev.weft.stream;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.testng.ITestResult;
import org.testng.TestListenerAdapter;
import org.testng.TestNG;

/**
 * Runs the Reactive Streams TCK (TestNG) on both Flow adapters through TestNG's API, so the JUnit platform run
 * reports it: StreamPublisherTck, TimerStreamPublisherTck (toPublisher over a timer stream) and
 * PublisherStreamTck (fromPublisher's subscriber). No TCK test may fail; optional ones the adapters cannot
 * support are skipped by the TCK itself (the reasons are in those classes).
 */
class FlowTckTest {
    /** Generous: 2 shared cores run several builds at once. */
    static final long TIMEOUT_MILLIS = 2_000;
    static final long NO_SIGNAL_MILLIS = 100;

    @Test
    void reactiveStreamsTck_bothAdapters_noFailures() {
        TestNG ng = new TestNG(false);
        ng.setUseDefaultListeners(false);
        ng.setVerbose(0);
        ng.setTestClasses(new Class<?>[] {StreamPublisherTck.class, TimerStreamPublisherTck.class,
                PublisherStreamTck.class});
        TestListenerAdapter results = new TestListenerAdapter();
        ng.addListener(results);
        ng.run();
        List<String> failed = results.getFailedTests().stream().map(FlowTckTest::describe).toList();
        assertThat(failed).as("TCK failures").isEmpty();
        assertThat(results.getConfigurationFailures()).as("TCK configuration failures").isEmpty();
        assertThat(results.getPassedTests()).hasSizeGreaterThanOrEqualTo(59); // TCK 1.0.4: 59 pass, the rest skip
        System.out.println("Reactive Streams TCK: " + results.getPassedTests().size() + " passed, "
                + results.getSkippedTests().size() + " skipped: " + results.getSkippedTests().stream()
                        .map(r -> r.getTestClass().getRealClass().getSimpleName() + "." + r.getName())
                        .collect(Collectors.joining(", ")));
    }

    private static String describe(ITestResult r) {
        return r.getTestClass().getRealClass().getSimpleName() + "." + r.getName() + ": " + r.getThrowable();
    }
}
