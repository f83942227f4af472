package dev.weft.internal.time;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class TimerWheelTest {

    @Test
    void levelFor_matchesTokiosTable() {
        TimerWheel w = new TimerWheel();
        for (long pos = 0; pos < 64; pos++) assertThat(w.levelFor(0, pos)).isZero();
        for (int level = 1; level < 5; level++) {
            for (long pos = level; pos < 64; pos++) {
                long a = pos * (1L << (6 * level));
                assertThat(w.levelFor(0, a)).as("level_for(%d)", a).isEqualTo(level);
                if (pos > level) assertThat(w.levelFor(0, a - 1)).isEqualTo(level);
                assertThat(w.levelFor(0, a + 1)).isEqualTo(level);
            }
        }
        assertThat(w.levelFor(0, 1L << 40)).as("beyond the range: top level").isEqualTo(5);
    }

    @Test
    void constructor_rejectsBadSizes() {
        assertThatThrownBy(() -> new TimerWheel(0, 6)).hasMessage("levels: 0 (expected: >= 1)");
        assertThatThrownBy(() -> new TimerWheel(6, 7)).hasMessage("slotBits: 7 (expected: 1..6)");
        assertThatThrownBy(() -> new TimerWheel(11, 6)).hasMessage("levels * slotBits: 66 (expected: <= 60)");
    }

    @Test
    void insert_atOrBeforeElapsed_isRefused() {
        TimerWheel w = new TimerWheel();
        w.poll(10);
        assertThat(w.insert(new TimerEntry(), 10)).isFalse();
        assertThat(w.insert(new TimerEntry(), 3)).isFalse();
        assertThat(w.size()).isZero();
        assertThat(w.insert(new TimerEntry(), 11)).isTrue();
        assertThat(w.size()).isOne();
    }

    /** Deadlines across every level boundary and beyond the range, each firing exactly at its tick. */
    @ParameterizedTest
    @ValueSource(longs = {1, 2, 63, 64, 65, 4095, 4096, 4097, 262_143, 262_144, 3 * 3_600_000L, 16_777_216,
            1L << 30, (1L << 36) - 1, 1L << 36, (1L << 36) + 5, 3 * (1L << 36) + 12_345})
    void cascading_firesExactlyAtDeadline(long deadline) {
        TimerWheel w = new TimerWheel();
        TimerEntry e = new TimerEntry();
        assertThat(w.insert(e, deadline)).isTrue();
        int steps = 0;
        long fireTick = -1;
        while (fireTick < 0) {
            long next = w.nextExpirationTick();
            assertThat(next).as("the wheel never asks to wake after the deadline").isLessThanOrEqualTo(deadline);
            assertThat(w.poll(next - 1)).as("never early").isNull();
            TimerEntry fired = w.poll(next);
            if (fired != null) {
                assertThat(fired).isSameAs(e);
                fireTick = next;
            }
            assertThat(++steps).as("cascades are bounded").isLessThan(6 * 8);
        }
        assertThat(fireTick).isEqualTo(deadline);
        assertThat(w.size()).isZero();
        assertThat(w.nextExpirationTick()).isEqualTo(TimerWheel.NONE);
    }

    @Test
    void poll_withLargeJump_firesEverythingDue_andKeepsTheRest() {
        TimerWheel w = new TimerWheel();
        long[] deadlines = {1, 63, 64, 4095, 4096, 10_800_000, 1L << 37};
        List<TimerEntry> entries = new ArrayList<>();
        for (long d : deadlines) {
            TimerEntry e = new TimerEntry();
            w.insert(e, d);
            entries.add(e);
        }
        Set<TimerEntry> fired = new HashSet<>();
        for (TimerEntry e; (e = w.poll(10_800_000)) != null; ) fired.add(e);
        assertThat(fired).containsExactlyInAnyOrderElementsOf(entries.subList(0, 6));
        assertThat(w.size()).isOne();
        assertThat(w.elapsed()).isEqualTo(10_800_000);
        for (TimerEntry e; (e = w.poll((1L << 37) - 1)) != null; ) fired.add(e);
        assertThat(fired).hasSize(6);
        assertThat(w.poll(1L << 37)).isSameAs(entries.get(6));
    }

    @Test
    void remove_fromSlotAndFromPending() {
        TimerWheel w = new TimerWheel();
        TimerEntry a = new TimerEntry();
        TimerEntry b = new TimerEntry();
        TimerEntry c = new TimerEntry();
        w.insert(a, 5);
        w.insert(b, 5);
        w.insert(c, 100);
        w.remove(b);
        assertThat(w.size()).isEqualTo(2);
        // a poll takes the slot of tick 5 into the pending list and hands out one entry; remove the rest there
        TimerEntry d = new TimerEntry();
        w.insert(d, 5);
        TimerEntry first = w.poll(5);
        TimerEntry other = first == a ? d : a;
        w.remove(other);
        assertThat(w.poll(5)).isNull();
        assertThat(w.size()).isOne();
        assertThat(w.poll(100)).isSameAs(c);
    }

    /** Random deadlines, removals and clock steps on several wheel shapes, checked against a plain map. */
    @ParameterizedTest
    @CsvSource({"6,6", "3,2", "2,1", "4,3"})
    void randomized_matchesReferenceModel(int levels, int bits) {
        Random rnd = new Random(42 + levels * 31L + bits);
        TimerWheel w = new TimerWheel(levels, bits);
        long range = w.range();
        Map<TimerEntry, Long> live = new HashMap<>();
        long now = 0;
        for (int round = 0; round < 4000; round++) {
            int op = rnd.nextInt(10);
            if (op < 5) {
                long delta = switch (rnd.nextInt(4)) {
                    case 0 -> 1 + rnd.nextInt(8);
                    case 1 -> 1 + rnd.nextInt((int) Math.min(range, 1 << 20));
                    case 2 -> 1 + (long) (rnd.nextDouble() * range * 3); // often beyond the range
                    default -> 1 + rnd.nextInt(200);
                };
                TimerEntry e = new TimerEntry();
                assertThat(w.insert(e, now + delta)).isTrue();
                e.setState(TimerEntry.REGISTERED);
                live.put(e, now + delta);
            } else if (op < 7 && !live.isEmpty()) {
                TimerEntry victim = live.keySet().iterator().next();
                w.remove(victim);
                live.remove(victim);
            } else {
                long step = rnd.nextBoolean() ? rnd.nextInt(5) : (long) (rnd.nextDouble() * range / 2);
                if (rnd.nextInt(20) == 0) step = range * 2;
                now += step;
                Set<TimerEntry> fired = new HashSet<>();
                for (TimerEntry e; (e = w.poll(now)) != null; ) {
                    assertThat(fired.add(e)).as("fired once").isTrue();
                    Long when = live.remove(e);
                    assertThat(when).as("a fired entry was live").isNotNull();
                    assertThat(when).as("never early").isLessThanOrEqualTo(now);
                }
                final long t = now;
                assertThat(live.values()).as("everything due fired").allMatch(when -> when > t);
            }
            assertThat(w.size()).isEqualTo(live.size());
            long next = w.nextExpirationTick();
            if (live.isEmpty()) assertThat(next).isEqualTo(TimerWheel.NONE);
            else assertThat(next).as("wakes no later than the earliest deadline")
                    .isLessThanOrEqualTo(live.values().stream().mapToLong(Long::longValue).min().orElseThrow());
        }
    }
}
