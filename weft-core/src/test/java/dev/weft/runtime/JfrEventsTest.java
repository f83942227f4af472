package dev.weft.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.future.Futures;
import dev.weft.task.JoinError;
import dev.weft.task.JoinHandle;
import dev.weft.time.Time;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The JFR events of dev.weft.internal.jfr, recorded, dumped and parsed. */
class JfrEventsTest {

    @Test
    void recording_runtimeWork_recordsSpawnFinishLongPollParkAndHandoff(@TempDir Path dir) throws Exception {
        long okId;
        long failedId;
        long cancelledId;
        Path file = dir.resolve("weft.jfr");
        try (Recording r = new Recording()) {
            r.enable("dev.weft.TaskSpawned");
            r.enable("dev.weft.TaskFinished");
            r.enable("dev.weft.LongPoll").withThreshold(Duration.ZERO); // every poll counts as long here
            r.enable("dev.weft.WorkerPark").withThreshold(Duration.ZERO);
            r.enable("dev.weft.BlockingHandoff");
            r.start();
            try (WeftRuntime rt = WeftRuntime.builder().workerThreads(1).name("jfr-rt").build()) {
                JoinHandle<Integer> ok = rt.spawn(Time.sleep(Duration.ofMillis(1)).map(v -> 1)); // parks the worker
                okId = ok.id().value();
                assertThat(rt.blockOn(ok)).isEqualTo(1);
                JoinHandle<Integer> failed = rt.spawn(Futures.failed(new IllegalStateException("x")));
                failedId = failed.id().value();
                assertThatThrownBy(() -> rt.blockOn(failed)).isInstanceOf(JoinError.Failed.class);
                JoinHandle<Object> cancelled = rt.spawn(Futures.pending());
                cancelledId = cancelled.id().value();
                cancelled.abort();
                assertThatThrownBy(() -> rt.blockOn(cancelled)).isInstanceOf(JoinError.Cancelled.class);
                assertThat(rt.blockOn(rt.spawnBlocking(() -> 2))).isEqualTo(2);
            }
            r.stop();
            r.dump(file);
        }
        List<RecordedEvent> events = RecordingFile.readAllEvents(file).stream()
                .filter(e -> "jfr-rt".equals(e.getString("runtime"))).toList();
        var byName = events.stream().collect(Collectors.groupingBy(e -> e.getEventType().getName()));
        assertThat(byName.get("dev.weft.TaskSpawned")).extracting(e -> e.getLong("taskId"))
                .contains(okId, failedId, cancelledId);
        assertThat(byName.get("dev.weft.TaskFinished"))
                .extracting(e -> e.getLong("taskId") + ":" + e.getString("outcome"))
                .contains(okId + ":succeeded", failedId + ":failed", cancelledId + ":cancelled");
        assertThat(byName.get("dev.weft.LongPoll")).extracting(e -> e.getLong("taskId")).contains(okId);
        assertThat(byName.get("dev.weft.LongPoll")).allSatisfy(e -> assertThat(e.getString("taskName")).isNotBlank());
        assertThat(byName.get("dev.weft.WorkerPark")).isNotEmpty();
        assertThat(byName.get("dev.weft.BlockingHandoff")).isNotEmpty();
        assertThat(Files.size(file)).isPositive();
    }

    @Test
    void noRecording_runtimeWork_emitsNothingAndRuns() {
        // with JFR off every instrumentation point is a branch: the runtime works as before
        try (WeftRuntime rt = WeftRuntime.builder().workerThreads(1).build()) {
            assertThat(rt.blockOn(rt.spawn(Futures.lazy(() -> 3)))).isEqualTo(3);
        }
    }
}
