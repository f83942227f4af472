package dev.weft.time;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.future.Future;
import dev.weft.time.PausedRuntime.TestTask;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class IntervalTest {
    private final PausedRuntime rt = new PausedRuntime();

    @AfterEach
    void closeRuntime() {
        rt.close();
    }
    private final MonotonicInstant t0 = rt.now();

    private MonotonicInstant at(long ms) {
        return t0.plus(Duration.ofMillis(ms));
    }

    /** Polls one tick future once; returns its instant or null when pending. */
    private MonotonicInstant tickNow(Interval iv) {
        TestTask<MonotonicInstant> t = rt.task(iv.tick());
        return t.poll().isReady() ? t.value() : null;
    }

    @Test
    void interval_firstTickAtOnce_thenEveryPeriod() {
        Interval iv = Time.interval(Duration.ofMillis(10));
        assertThat(tickNow(iv)).isEqualTo(at(0));
        assertThat(tickNow(iv)).isNull();
        rt.advance(Duration.ofMillis(9));
        assertThat(tickNow(iv)).isNull();
        rt.advance(Duration.ofMillis(1));
        assertThat(tickNow(iv)).isEqualTo(at(10));
        rt.advance(Duration.ofMillis(10));
        assertThat(tickNow(iv)).isEqualTo(at(20));
        assertThat(rt.timeDriver().entryCount()).as("the next deadline registers on the next poll").isZero();
        assertThat(tickNow(iv)).isNull();
        assertThat(rt.timeDriver().entryCount()).isOne();
        iv.cancel();
        assertThat(rt.timeDriver().entryCount()).isZero();
    }

    @Test
    void burst_catchesUpWithEveryMissedTick() {
        Interval iv = Time.interval(Duration.ofMillis(10));
        assertThat(iv.missedTickBehavior()).isEqualTo(MissedTickBehavior.BURST);
        assertThat(tickNow(iv)).isEqualTo(at(0));
        rt.advance(Duration.ofMillis(35));
        assertThat(tickNow(iv)).isEqualTo(at(10));
        assertThat(tickNow(iv)).isEqualTo(at(20));
        assertThat(tickNow(iv)).isEqualTo(at(30));
        assertThat(tickNow(iv)).isNull();
        rt.advance(Duration.ofMillis(5));
        assertThat(tickNow(iv)).isEqualTo(at(40));
    }

    @Test
    void delay_shiftsTheSchedule() {
        Interval iv = Time.interval(Duration.ofMillis(10));
        iv.setMissedTickBehavior(MissedTickBehavior.DELAY);
        assertThat(tickNow(iv)).isEqualTo(at(0));
        rt.advance(Duration.ofMillis(35));
        assertThat(tickNow(iv)).isEqualTo(at(10));
        assertThat(tickNow(iv)).isNull();
        rt.advance(Duration.ofMillis(9));
        assertThat(tickNow(iv)).isNull();
        rt.advance(Duration.ofMillis(1));
        assertThat(tickNow(iv)).isEqualTo(at(45));
        rt.advance(Duration.ofMillis(10));
        assertThat(tickNow(iv)).isEqualTo(at(55));
    }

    @Test
    void skip_dropsMissedTicks_keepingTheOriginalGrid() {
        Interval iv = Time.interval(Duration.ofMillis(10));
        iv.setMissedTickBehavior(MissedTickBehavior.SKIP);
        assertThat(tickNow(iv)).isEqualTo(at(0));
        rt.advance(Duration.ofMillis(35));
        assertThat(tickNow(iv)).isEqualTo(at(10));
        assertThat(tickNow(iv)).isNull();
        rt.advance(Duration.ofMillis(4));
        assertThat(tickNow(iv)).isNull();
        rt.advance(Duration.ofMillis(1));
        assertThat(tickNow(iv)).isEqualTo(at(40));
        rt.advance(Duration.ofMillis(10));
        assertThat(tickNow(iv)).isEqualTo(at(50));
    }

    @Test
    void lateByAtMost5ms_isNotAMissedTick() {
        Interval iv = Time.interval(Duration.ofMillis(10));
        iv.setMissedTickBehavior(MissedTickBehavior.DELAY);
        tickNow(iv);
        rt.advance(Duration.ofMillis(15));
        assertThat(tickNow(iv)).isEqualTo(at(10));
        rt.advance(Duration.ofMillis(5));
        assertThat(tickNow(iv)).as("the schedule did not shift").isEqualTo(at(20));
    }

    @Test
    void intervalAt_startsAtTheGivenInstant() {
        Interval iv = Time.intervalAt(at(25), Duration.ofMillis(100));
        assertThat(tickNow(iv)).isNull();
        rt.advance(Duration.ofMillis(25));
        assertThat(tickNow(iv)).isEqualTo(at(25));
        rt.advance(Duration.ofMillis(100));
        assertThat(tickNow(iv)).isEqualTo(at(125));
    }

    @Test
    void resets_restartTheSchedule() {
        Interval iv = Time.interval(Duration.ofMillis(10));
        tickNow(iv);
        rt.advance(Duration.ofMillis(4));
        iv.reset();
        rt.advance(Duration.ofMillis(9));
        assertThat(tickNow(iv)).isNull();
        rt.advance(Duration.ofMillis(1));
        assertThat(tickNow(iv)).isEqualTo(at(14));
        iv.resetImmediately();
        assertThat(tickNow(iv)).isEqualTo(at(14));
        iv.resetAfter(Duration.ofMillis(3));
        rt.advance(Duration.ofMillis(3));
        assertThat(tickNow(iv)).isEqualTo(at(17));
        iv.resetAt(at(100));
        rt.advance(Duration.ofMillis(82));
        assertThat(tickNow(iv)).isNull();
        rt.advance(Duration.ofMillis(1));
        assertThat(tickNow(iv)).isEqualTo(at(100));
        Interval fresh = Time.interval(Duration.ofMillis(10));
        fresh.reset(); // before any poll: one period after the first poll
        assertThat(tickNow(fresh)).isNull();
        rt.advance(Duration.ofMillis(10));
        assertThat(tickNow(fresh)).isEqualTo(at(110));
    }

    @Test
    void tick_isCancelSafe() {
        Interval iv = Time.interval(Duration.ofMillis(10));
        tickNow(iv);
        TestTask<MonotonicInstant> loser = rt.task(iv.tick());
        assertThat(loser.poll().isPending()).isTrue();
        loser.cancel(); // lost a select
        rt.advance(Duration.ofMillis(10));
        assertThat(tickNow(iv)).as("the tick was not consumed").isEqualTo(at(10));
    }

    @Test
    void blockOn_ticksAutoAdvance() {
        Interval iv = Time.interval(Duration.ofSeconds(1));
        Future<MonotonicInstant> three = iv.tick().then(a -> iv.tick()).then(b -> iv.tick());
        assertThat(rt.blockOn(three)).isEqualTo(at(2000));
        assertThat(rt.now()).isEqualTo(at(2000));
    }

    @Test
    void badArguments_failFast() {
        assertThatThrownBy(() -> Time.interval(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("period: PT0S (expected: > 0)");
        assertThatThrownBy(() -> Time.intervalAt(null, Duration.ofMillis(1))).isInstanceOf(NullPointerException.class);
        Interval iv = Time.interval(Duration.ofMillis(1));
        assertThatThrownBy(() -> iv.setMissedTickBehavior(null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> iv.resetAfter(Duration.ofMillis(-1))).isInstanceOf(IllegalArgumentException.class);
        assertThat(iv.period()).isEqualTo(Duration.ofMillis(1));
    }
}
