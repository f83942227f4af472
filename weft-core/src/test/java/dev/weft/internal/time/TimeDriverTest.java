package dev.weft.internal.time;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.internal.util.Driver;
import dev.weft.testkit.TestWaker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TimeDriverTest {
    private static final long MS = 1_000_000L;

    /**
     * An inner driver that records how it was parked and never blocks; {@code duringPark}, when set, runs inside
     * each park, standing in for another thread acting while the driver sleeps.
     */
    static final class RecordingDriver implements Driver {
        final List<Long> parks = new ArrayList<>();
        final AtomicInteger unparks = new AtomicInteger();
        Runnable duringPark;

        @Override
        public void park(long timeoutNanos) {
            parks.add(timeoutNanos);
            if (duringPark != null) duringPark.run();
        }

        @Override
        public void unpark() {
            unparks.incrementAndGet();
        }
    }

    /**
     * A real thread parker with a sticky permit. A park without a timeout gives up after 30 s and records it in
     * {@code lostWakeUp}: a driver sleeping that long in these tests missed an unpark.
     */
    static final class ThreadParker implements Driver {
        private final AtomicBoolean permit = new AtomicBoolean();
        private volatile Thread parked;
        volatile boolean lostWakeUp;

        @Override
        public void park(long timeoutNanos) {
            if (permit.getAndSet(false) || timeoutNanos == 0) return;
            parked = Thread.currentThread();
            long end = System.nanoTime() + (timeoutNanos < 0 ? TimeUnit.SECONDS.toNanos(30) : timeoutNanos);
            try {
                while (!permit.getAndSet(false)) {
                    long left = end - System.nanoTime();
                    if (left <= 0) {
                        if (timeoutNanos < 0) lostWakeUp = true;
                        return;
                    }
                    LockSupport.parkNanos(this, left);
                }
            } finally {
                parked = null;
            }
        }

        @Override
        public void unpark() {
            permit.set(true);
            Thread t = parked;
            if (t != null) LockSupport.unpark(t);
        }
    }

    private final Clock clock = Clock.pausable(true);
    private final RecordingDriver inner = new RecordingDriver();
    private final TimeDriver driver = new TimeDriver(inner, clock);

    private TimerEntry entryWithWaker(TestWaker w) {
        TimerEntry e = new TimerEntry();
        e.registerWaker(w);
        return e;
    }

    @Test
    void timer_neverFiresBeforeItsDeadline() {
        TestWaker w = new TestWaker();
        TimerEntry e = entryWithWaker(w);
        long deadline = clock.nowNanos() + 10 * MS + MS / 2; // 10.5 ms: rounds up to tick 11
        driver.register(e, deadline);
        clock.advanceNanos(10 * MS);
        driver.processExpired();
        assertThat(e.isFired()).isFalse();
        clock.advanceNanos(MS / 2 - 1); // 1 ns before the deadline
        driver.processExpired();
        assertThat(e.isFired()).isFalse();
        clock.advanceNanos(1); // exactly the deadline, but mid-tick: still not fired (1 ms resolution)
        driver.processExpired();
        assertThat(clock.nowNanos()).isGreaterThanOrEqualTo(deadline);
        clock.advanceNanos(MS / 2); // tick 11
        assertThat(driver.processExpired()).isOne();
        assertThat(e.isFired()).isTrue();
        assertThat(w.wakeCount()).isEqualTo(1);
        assertThat(driver.entryCount()).isZero();
    }

    @Test
    void register_pastDeadline_firesAtOnceAndWakes() {
        clock.advanceNanos(5 * MS);
        driver.processExpired();
        TestWaker w = new TestWaker();
        TimerEntry e = entryWithWaker(w);
        driver.register(e, clock.nowNanos() - MS);
        assertThat(e.isFired()).isTrue();
        assertThat(w.wakeCount()).isEqualTo(1);
        assertThat(driver.entryCount()).isZero();
    }

    @Test
    void processExpired_wakerThrowsAnError_otherTimersStillFireAndTheDriverCarriesOn() {
        TimerEntry bad = new TimerEntry();
        bad.registerWaker(() -> {
            throw new AssertionError("deliberately thrown from wake()");
        });
        TestWaker w = new TestWaker();
        TimerEntry good = entryWithWaker(w);
        driver.register(bad, clock.nowNanos() + 2 * MS);
        driver.register(good, clock.nowNanos() + 2 * MS);
        clock.advanceNanos(2 * MS);
        assertThat(driver.processExpired()).isEqualTo(2);
        assertThat(w.wakeCount()).isEqualTo(1);
        // the driver still works
        TestWaker later = new TestWaker();
        driver.register(entryWithWaker(later), clock.nowNanos() + MS);
        clock.advanceNanos(MS);
        driver.processExpired();
        assertThat(later.wakeCount()).isEqualTo(1);
    }

    @Test
    void register_pastDeadline_wakerThrows_registerDoesNotThrow() {
        TimerEntry bad = new TimerEntry();
        bad.registerWaker(() -> {
            throw new StackOverflowError("deliberately thrown from wake()");
        });
        driver.register(bad, clock.nowNanos() - MS);
        assertThat(bad.isFired()).isTrue();
    }

    @Test
    void cancel_removesSynchronously_andTheWakerIsNeverCalled() {
        TestWaker w = new TestWaker();
        TimerEntry e = entryWithWaker(w);
        driver.register(e, clock.nowNanos() + 3 * MS);
        assertThat(driver.entryCount()).isOne();
        assertThat(driver.cancel(e)).isTrue();
        assertThat(driver.entryCount()).isZero();
        assertThat(driver.cancel(e)).as("second cancel").isFalse();
        clock.advanceNanos(10 * MS);
        assertThat(driver.processExpired()).isZero();
        assertThat(w.wakeCount()).isEqualTo(0);
        assertThat(e.isFired()).isFalse();
    }

    @Test
    void reset_movesTheSameEntry() {
        TestWaker w = new TestWaker();
        TimerEntry e = entryWithWaker(w);
        long t0 = clock.nowNanos();
        driver.register(e, t0 + 100 * MS);
        driver.reset(e, t0 + 5 * MS);
        assertThat(driver.entryCount()).isOne();
        clock.advanceNanos(5 * MS);
        assertThat(driver.processExpired()).isOne();
        assertThat(w.wakeCount()).isEqualTo(1);
        e.registerWaker(w);
        driver.reset(e, t0 + 7 * MS); // after firing: registers again
        assertThat(e.isRegistered()).isTrue();
        clock.advanceNanos(200 * MS);
        assertThat(driver.processExpired()).as("the old 100 ms deadline is gone").isOne();
        assertThat(w.wakeCount()).isEqualTo(2);
    }

    @Test
    void registrationsWhileNobodyParks_unparkNothing_andTheNextParkStillSeesThem() {
        // W13: a select loop on a running worker registers (and cancels) a fresh sleep per message; each one used
        // to write the driver's eventfd, and the worker's next park returned at once only to park again
        for (int i = 0; i < 100; i++) {
            TimerEntry e = new TimerEntry();
            driver.register(e, clock.nowNanos() + 1000 * MS);
            driver.cancel(e);
        }
        TestWaker w = new TestWaker();
        long t0 = clock.nowNanos();
        driver.register(entryWithWaker(w), t0 + 5 * MS);
        assertThat(inner.unparks).as("nobody sleeps in the driver").hasValue(0);
        driver.park(-1); // reads the wheel under the lock: auto-advances to the timer and fires it
        assertThat(clock.nowNanos()).isEqualTo(t0 + 5 * MS);
        assertThat(w.wakeCount()).isOne();
        assertThat(inner.unparks).hasValue(0);
    }

    @Test
    void earlierRegistration_whileTheDriverSleeps_unparksIt_laterOnesDoNot() {
        driver.register(new TimerEntry(), clock.nowNanos() + 1000 * MS); // the sleeper's next wake-up
        inner.duringPark = () -> {
            driver.register(new TimerEntry(), clock.nowNanos() + 2000 * MS);
            assertThat(inner.unparks).as("later than the sleeper's wake-up: no unpark").hasValue(0);
            driver.register(new TimerEntry(), clock.nowNanos() + 10 * MS);
            assertThat(inner.unparks).as("earlier: the sleeper must re-compute its timeout").hasValue(1);
            driver.register(new TimerEntry(), clock.nowNanos() + 20 * MS);
            assertThat(inner.unparks).as("after the pending unpark's deadline: covered by it").hasValue(1);
        };
        driver.park(-1);
        inner.duringPark = null;
        assertThat(inner.parks).as("the hook ran inside the park").hasSize(1);
        driver.register(new TimerEntry(), clock.nowNanos() + 1 * MS);
        assertThat(inner.unparks).as("the driver has left park: nobody to unpark").hasValue(1);
    }

    @Test
    void registrationsIntoAnEmptyWheel_whileTheDriverSleeps_unparkOnce() {
        inner.duringPark = () -> {
            TimerEntry first = new TimerEntry();
            driver.register(first, clock.nowNanos() + 1000 * MS);
            assertThat(inner.unparks).as("the sleeper saw an empty wheel: any registration unparks").hasValue(1);
            driver.cancel(first);
            for (int i = 0; i < 100; i++) { // the sleeper has not looked again since: one unpark covers them
                TimerEntry e = new TimerEntry();
                driver.register(e, clock.nowNanos() + 1000 * MS);
                driver.cancel(e);
            }
            assertThat(inner.unparks).as("later registrations, unpark pending").hasValue(1);
            driver.register(new TimerEntry(), clock.nowNanos() + 500 * MS);
            assertThat(inner.unparks).as("earlier than the pending unpark's deadline").hasValue(2);
        };
        driver.park(-1); // an empty wheel and no timeout: the inner driver parks without one
        inner.duringPark = null;
        assertThat(inner.parks).containsExactly(-1L);
        assertThat(inner.unparks).hasValue(2);
    }

    @Test
    void zeroTimeoutPoll_isNotASleep_registrationsDuringItUnparkNothing() {
        inner.duringPark = () -> driver.register(new TimerEntry(), clock.nowNanos() + 5 * MS);
        driver.park(0); // a busy worker's maintenance poll
        assertThat(inner.parks).containsExactly(0L);
        assertThat(inner.unparks).hasValue(0);
    }

    @Test
    void sleepingDriverOnARealThread_firesTimersRegisteredFromAnotherThread() throws Exception {
        ThreadParker parker = new ThreadParker();
        TimeDriver d = new TimeDriver(parker, Clock.system());
        TestWaker w1 = new TestWaker();
        TestWaker w2 = new TestWaker();
        AtomicBoolean stop = new AtomicBoolean();
        Thread sleeper = Thread.ofPlatform().name("time-driver-sleeper").start(() -> {
            while (!stop.get() && (w1.wakeCount() == 0 || w2.wakeCount() == 0)) d.park(-1);
        });
        try {
            while (parker.parked == null) Thread.onSpinWait(); // the sleeper blocks on an empty wheel, no timeout
            d.register(entryWithWaker(w1), d.nowNanos() + 30 * MS); // unparks: earlier than "never"
            d.register(entryWithWaker(w2), d.nowNanos() + 40 * MS); // covered by that unpark
            sleeper.join(Duration.ofSeconds(60));
            assertThat(parker.lostWakeUp).as("the sleeper waited out a park without a timeout").isFalse();
            assertThat(sleeper.isAlive()).as("both timers fired and the sleeper left").isFalse();
            assertThat(w1.wakeCount()).isEqualTo(1);
            assertThat(w2.wakeCount()).isEqualTo(1);
        } finally {
            stop.set(true);
            d.unpark();
            sleeper.join(Duration.ofSeconds(30));
        }
    }

    @Test
    void registrationsRacingTheDriversPark_neverLeaveATimerUnfired() throws Exception {
        // the race I3 closes: a registration between the sleeper's look at the wheel and its block must unpark
        // it; one made while nobody sleeps must be read by the next park. A lost registration would leave the
        // sleeper blocked with no deadline and this test waiting on the join below.
        ThreadParker parker = new ThreadParker();
        TimeDriver d = new TimeDriver(parker, Clock.system());
        int timers = 2_000;
        AtomicInteger fired = new AtomicInteger();
        dev.weft.future.Waker counting = fired::incrementAndGet;
        AtomicBoolean stop = new AtomicBoolean();
        Thread sleeper = Thread.ofPlatform().name("time-driver-sleeper").start(() -> {
            while (!stop.get() && fired.get() < timers) d.park(-1);
        });
        try {
            for (int i = 0; i < timers; i++) {
                TimerEntry e = new TimerEntry();
                e.registerWaker(counting);
                d.register(e, d.nowNanos() + ThreadLocalRandom.current().nextInt(3) * MS);
                if ((i & 63) == 0) LockSupport.parkNanos(MS); // let the sleeper block now and then
            }
            sleeper.join(Duration.ofSeconds(120));
            assertThat(parker.lostWakeUp).as("a registration was lost: the sleeper waited out its 30 s").isFalse();
            assertThat(sleeper.isAlive()).as("the sleeper fired every timer and left").isFalse();
            assertThat(fired).hasValue(timers);
        } finally {
            stop.set(true);
            d.unpark();
            sleeper.join(Duration.ofSeconds(30));
        }
    }

    @Test
    void park_pausedClock_autoAdvancesToTheNextTimer() {
        TestWaker w = new TestWaker();
        TimerEntry e = entryWithWaker(w);
        long t0 = clock.nowNanos();
        driver.register(e, t0 + 5000 * MS);
        driver.park(-1);
        assertThat(inner.parks).as("polls the inner driver without waiting").containsExactly(0L);
        assertThat(clock.nowNanos()).as("first stop: the level-2 slot boundary, to cascade").isEqualTo(t0 + 4096 * MS);
        assertThat(e.isFired()).isFalse();
        driver.park(-1);
        assertThat(clock.nowNanos()).as("then the level-1 slot boundary").isEqualTo(t0 + 4992 * MS);
        assertThat(e.isFired()).isFalse();
        driver.park(-1);
        assertThat(clock.nowNanos()).isEqualTo(t0 + 5000 * MS);
        assertThat(e.isFired()).isTrue();
        assertThat(w.wakeCount()).isEqualTo(1);
    }

    @Test
    void park_pausedClock_cascadingTimer_advancesInSteps_andFiresExactlyAtDeadline() {
        TimerEntry e = new TimerEntry();
        long t0 = clock.nowNanos();
        long deadline = t0 + 3 * 3_600_000L * MS + 7 * MS; // 3 h 7 ms: starts on level 3
        driver.register(e, deadline);
        int parks = 0;
        while (!e.isFired()) {
            driver.park(-1);
            assertThat(++parks).isLessThan(10);
            assertThat(clock.nowNanos()).isLessThanOrEqualTo(deadline);
        }
        assertThat(clock.nowNanos()).isEqualTo(deadline);
    }

    @Test
    void park_afterUnpark_doesNotAdvanceTheClock() {
        long t0 = clock.nowNanos();
        driver.register(new TimerEntry(), t0 + 50 * MS);
        driver.unpark();
        driver.park(-1);
        assertThat(clock.nowNanos()).as("a wake-up means the runtime is not idle").isEqualTo(t0);
        driver.park(-1);
        assertThat(clock.nowNanos()).isEqualTo(t0 + 50 * MS);
    }

    @Test
    void park_inhibitedAutoAdvance_parksTheInnerDriverForTheRemainingTime() {
        long t0 = clock.nowNanos();
        driver.register(new TimerEntry(), t0 + 50 * MS);
        clock.inhibitAutoAdvance();
        driver.park(-1);
        assertThat(inner.parks).containsExactly(50 * MS);
        assertThat(clock.nowNanos()).isEqualTo(t0);
        clock.allowAutoAdvance();
        assertThatThrownBy(clock::allowAutoAdvance).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void park_timeoutShorterThanNextTimer_isHonoured() {
        long t0 = clock.nowNanos();
        driver.register(new TimerEntry(), t0 + 50 * MS);
        clock.inhibitAutoAdvance();
        driver.park(7 * MS);
        driver.park(0);
        driver.park(-1);
        assertThat(inner.parks).containsExactly(7 * MS, 0L, 50 * MS);
        RecordingDriver inner2 = new RecordingDriver();
        new TimeDriver(inner2, Clock.system()).park(-1);
        assertThat(inner2.parks).as("no timers, no timeout: park indefinitely").containsExactly(-1L);
    }

    @Test
    void park_systemClock_sleepsUntilTheTimer() {
        ThreadParker parker = new ThreadParker();
        TimeDriver d = new TimeDriver(parker, Clock.system());
        TimerEntry e = new TimerEntry();
        long deadline = d.nowNanos() + 3 * MS;
        d.register(e, deadline);
        while (!e.isFired()) d.park(-1);
        assertThat(d.nowNanos()).isGreaterThanOrEqualTo(deadline);
    }

    @Test
    void registrationFromAnotherThread_wakesAnIndefinitelyParkedDriver() throws Exception {
        ThreadParker parker = new ThreadParker();
        TimeDriver d = new TimeDriver(parker, Clock.system());
        TestWaker w = new TestWaker();
        TimerEntry e = entryWithWaker(w);
        CountDownLatch fired = new CountDownLatch(1);
        Thread drv = Thread.ofPlatform().start(() -> {
            while (!e.isFired()) d.park(-1);
            fired.countDown();
        });
        d.register(e, d.nowNanos() + MS);
        assertThat(fired.await(10, TimeUnit.SECONDS)).isTrue();
        drv.join();
        assertThat(w.wakeCount()).isEqualTo(1);
    }

    @Test
    void manyFiringAtOnce_wakesInBatches_withoutHoldingTheLock() {
        int n = 1000;
        List<TimerEntry> entries = new ArrayList<>();
        AtomicInteger wakes = new AtomicInteger();
        AtomicInteger heldWhileWaking = new AtomicInteger();
        for (int i = 0; i < n; i++) {
            TimerEntry e = new TimerEntry();
            e.registerWaker(() -> {
                wakes.incrementAndGet();
                if (driver.lockHeldByCurrentThread()) heldWhileWaking.incrementAndGet();
                driver.register(new TimerEntry(), clock.nowNanos() + 1000 * MS); // a waker may re-enter the driver
            });
            driver.register(e, clock.nowNanos() + (1 + i % 3) * MS);
            entries.add(e);
        }
        clock.advanceNanos(3 * MS);
        assertThat(driver.processExpired()).isEqualTo(n);
        assertThat(wakes).hasValue(n);
        assertThat(heldWhileWaking).as("wakers run after the lock is released").hasValue(0);
        assertThat(entries).allMatch(TimerEntry::isFired);
        assertThat(driver.entryCount()).isEqualTo(n);
    }

    @Test
    void pause_onSystemClock_failsWithAHowToFixMessage() {
        Clock sys = Clock.system();
        assertThatThrownBy(sys::pause).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("current-thread runtime");
        Clock c = Clock.pausable(false);
        assertThatThrownBy(c::resume).hasMessageContaining("not paused");
        assertThatThrownBy(() -> c.advance(Duration.ofMillis(1))).hasMessageContaining("not paused");
        c.pause();
        assertThatThrownBy(c::pause).hasMessageContaining("already paused");
        long t = c.nowNanos();
        c.advance(Duration.ofSeconds(1));
        assertThat(c.nowNanos()).isEqualTo(t + 1_000_000_000L);
        assertThatThrownBy(() -> c.advance(Duration.ofMillis(-1))).hasMessage("duration: PT-0.001S (expected: >= 0)");
        c.resume();
        assertThat(c.nowNanos()).isGreaterThanOrEqualTo(t + 1_000_000_000L);
    }

    /**
     * Several platform threads register and cancel timers while another thread drives park/processExpired:
     * every timer whose cancel lost the race (or was not cancelled) fires exactly once, and no timer whose
     * cancel succeeded ever fires.
     */
    @ParameterizedTest
    @CsvSource({"6,6", "3,2"})
    void stress_concurrentRegisterCancel_whileDriving(int levels, int bits) throws Exception {
        ThreadParker parker = new ThreadParker();
        TimeDriver d = new TimeDriver(parker, Clock.system(), levels, bits);
        int threads = 4;
        int perThread = 20_000;
        TestWaker[][] wakers = new TestWaker[threads][perThread];
        TimerEntry[][] entries = new TimerEntry[threads][perThread];
        int[][] cancelled = new int[threads][perThread]; // 0 not tried, 1 cancel succeeded, 2 cancel too late
        AtomicBoolean stop = new AtomicBoolean();
        Thread drv = Thread.ofPlatform().name("driver").start(() -> {
            int i = 0;
            while (!stop.get()) {
                if (i++ % 2 == 0) d.park(MS);
                else d.processExpired();
            }
        });
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int tt = t;
            workers.add(Thread.ofPlatform().name("registrar-" + t).start(() -> {
                ThreadLocalRandom rnd = ThreadLocalRandom.current();
                try {
                    start.await();
                } catch (InterruptedException e) {
                    throw new AssertionError(e);
                }
                List<Integer> live = new ArrayList<>();
                for (int i = 0; i < perThread; i++) {
                    TestWaker w = new TestWaker();
                    TimerEntry e = new TimerEntry();
                    e.registerWaker(w);
                    wakers[tt][i] = w;
                    entries[tt][i] = e;
                    long delay = rnd.nextInt(4) == 0 ? rnd.nextLong(150 * MS) : rnd.nextLong(3 * MS);
                    d.register(e, d.nowNanos() + delay);
                    live.add(i);
                    if (rnd.nextBoolean() && !live.isEmpty()) {
                        int victim = live.remove(rnd.nextInt(live.size()));
                        cancelled[tt][victim] = d.cancel(entries[tt][victim]) ? 1 : 2;
                    }
                }
            }));
        }
        start.countDown();
        for (Thread w : workers) w.join();
        long giveUp = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (d.entryCount() > 0 && System.nanoTime() < giveUp) Thread.onSpinWait();
        stop.set(true);
        d.unpark();
        drv.join();
        assertThat(d.entryCount()).isZero();
        int succeeded = 0;
        for (int t = 0; t < threads; t++) {
            for (int i = 0; i < perThread; i++) {
                int fires = wakers[t][i].wakeCount();
                if (cancelled[t][i] == 1) {
                    succeeded++;
                    assertThat(fires).as("cancelled timer %d/%d fired", t, i).isZero();
                    assertThat(entries[t][i].isFired()).isFalse();
                } else {
                    assertThat(fires).as("timer %d/%d fires exactly once", t, i).isOne();
                    assertThat(entries[t][i].isFired()).isTrue();
                }
            }
        }
        assertThat(succeeded).as("the test exercised successful cancels").isGreaterThan(1000);
    }
}
