package dev.weft.test.snippets;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.runtime.WeftRuntime;
import dev.weft.sync.Mpsc;
import dev.weft.task.JoinHandle;
import dev.weft.test.WeftTest;
import dev.weft.time.MonotonicInstant;
import dev.weft.time.Time;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** The examples of {@code WeftTest}, {@code WeftExtension} and the package overview; each is a test. */
class WeftTestSnippets {

    // @start region=basic
    @WeftTest
    void ticker_sendsOneTickPerMinute(WeftRuntime rt) { // a current-thread runtime whose clock starts paused
        Mpsc.Channel<Integer> ch = Mpsc.bounded(16);
        JoinHandle<Void> ticker = rt.spawnAsync(() -> {
            for (int i = 1; i <= 3; i++) {
                Time.sleep(Duration.ofMinutes(1)).await(); // virtual time: no real minute passes
                ch.sender().send(i).await();
            }
            return null;
        });
        MonotonicInstant start = rt.blockOn(Time.now());
        List<Integer> got = new ArrayList<>();
        for (int i = 0; i < 3; i++) got.add(rt.blockOn(ch.receiver().recv()).orElseThrow());
        assertThat(got).containsExactly(1, 2, 3);
        assertThat(rt.blockOn(Time.now()).durationSince(start)).isEqualTo(Duration.ofMinutes(3));
        rt.blockOn(ticker); // without this join the test would fail: the ticker task would be leaked
    }
    // @end
}
