package dev.weft.time.snippets;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.future.Async;
import dev.weft.future.Context;
import dev.weft.future.Future;
import dev.weft.future.Waker;
import dev.weft.internal.future.Contexts;
import dev.weft.internal.time.TimeSource;
import dev.weft.runtime.WeftRuntime;
import dev.weft.time.Interval;
import dev.weft.time.MissedTickBehavior;
import dev.weft.time.MonotonicInstant;
import dev.weft.time.Time;
import dev.weft.time.TimeoutElapsedException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The examples that dev.weft.time's javadoc pulls in; each runs as a test, on the current-thread runtime with a
 * paused clock: time jumps to the next timer whenever nothing else can run.
 */
class TimeSnippets {
    private final WeftRuntime rt = WeftRuntime.currentThread().startPaused(true).build();

    @AfterEach
    void closeRuntime() {
        rt.close();
    }

    /** Timers registered with the runtime's wheel (a white-box check outside the examples). */
    private int timers() {
        Context cx = rt.handle().newContext(Waker.noop(), Context.UNCONSTRAINED);
        return ((TimeSource) Contexts.ambient(cx)).timeDriver().entryCount();
    }

    @Test
    void sleep() {
        MonotonicInstant start = rt.blockOn(Time.now());
        // @start region=sleep
        Future<String> job = Async.async(() -> {
            Time.sleep(Duration.ofMillis(100)).await(); // parks only this async block's virtual thread
            return "done";
        });
        String result = rt.blockOn(job); // with the paused test clock this returns at once
        // @end
        assertThat(result).isEqualTo("done");
        assertThat(rt.blockOn(Time.now())).isEqualTo(start.plus(Duration.ofMillis(100)));
    }

    @Test
    void instant() {
        // @start region=instant
        MonotonicInstant start = rt.blockOn(Time.now());
        MonotonicInstant deadline = start.plus(Duration.ofSeconds(2));
        rt.blockOn(Time.sleepUntil(deadline));
        Duration waited = rt.blockOn(Time.now()).durationSince(start);
        // @end
        assertThat(waited).isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void timeout() {
        // @start region=timeout
        Future<String> slowQuery = Time.sleep(Duration.ofSeconds(30)).map(v -> "rows");
        String answer;
        try {
            answer = rt.blockOn(Time.timeout(Duration.ofSeconds(1), slowQuery));
        } catch (TimeoutElapsedException e) {
            answer = "gave up after " + e.timeout(); // slowQuery has been cancelled
        }
        // @end
        assertThat(answer).isEqualTo("gave up after PT1S");
        assertThat(timers()).isZero();
    }

    @Test
    void interval() {
        MonotonicInstant start = rt.blockOn(Time.now());
        // @start region=interval
        Future<List<MonotonicInstant>> heartbeats = Async.async(() -> {
            Interval every = Time.interval(Duration.ofSeconds(1));
            List<MonotonicInstant> beats = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                beats.add(every.tick().await()); // the first tick completes at once
            }
            every.cancel(); // done with it: release its timer now
            return beats;
        });
        // @end
        assertThat(rt.blockOn(heartbeats)).containsExactly(start, start.plus(Duration.ofSeconds(1)),
                start.plus(Duration.ofSeconds(2)));
    }

    @Test
    void missedTick() {
        MonotonicInstant t0 = rt.blockOn(Time.now());
        // @start region=missedTick
        Interval iv = Time.interval(Duration.ofMillis(10));
        iv.setMissedTickBehavior(MissedTickBehavior.SKIP);
        MonotonicInstant first = rt.blockOn(iv.tick()); // t0
        rt.blockOn(Time.advance(Duration.ofMillis(35))); // the task was busy for 35 ms
        MonotonicInstant late = rt.blockOn(iv.tick()); // t0 + 10 ms, completes at once
        MonotonicInstant next = rt.blockOn(iv.tick()); // t0 + 40 ms: the ticks for 20 and 30 were skipped
        // @end
        assertThat(first).isEqualTo(t0);
        assertThat(late).isEqualTo(t0.plus(Duration.ofMillis(10)));
        assertThat(next).isEqualTo(t0.plus(Duration.ofMillis(40)));
    }

    @Test
    void pause() {
        // @start region=pause
        Future<Boolean> test = Async.async(() -> {
            MonotonicInstant start = Time.now().await();
            Future<String> reminder = Time.sleepUntil(start.plus(Duration.ofHours(1))).map(v -> "stand up");
            Time.advance(Duration.ofHours(1)).await(); // instant: the clock is paused
            return reminder.await().equals("stand up")
                    && Time.now().await().equals(start.plus(Duration.ofHours(1)));
        });
        // @end
        assertThat(rt.blockOn(test)).isTrue();
    }
}
