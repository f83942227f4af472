package dev.weft.runtime;

import dev.weft.internal.jfr.WeftEvents;
import dev.weft.internal.scheduler.Scheduler;
import dev.weft.task.TaskId;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.concurrent.locks.LockSupport;

/**
 * The periodic deadlock check of {@link WeftRuntime.Builder#detectDeadlocks(Duration)}: a daemon platform thread that
 * takes a dump every period and reports each confirmed cycle once, through {@link System.Logger} (WARNING, logger
 * {@code dev.weft.runtime.deadlock}), a {@code dev.weft.DeadlockDetected} JFR event and the builder's listener.
 *
 * <p>A platform thread of its own rather than a task or a timer: it must keep checking when every worker is stuck
 * and when the current-thread flavour is not being driven, and it reads paused clocks' runtimes in real time.
 */
final class DeadlockDetector implements Runnable {
    /*
     * Implementation notes
     *
     * I1. Only the detector thread reads or writes `previous`, `reported` and calls the listener; `checks` is
     *     volatile (written by that thread, read by tests and toString), `stopped` is volatile (written by stop()).
     * I2. Confirmation: a cycle is reported when the same cycle (same tasks, same resources: Deadlock.key) is found
     *     in two consecutive checks and every one of its tasks has the same progress stamp in both (DumpBuilder
     *     I3: not polled, still parked on the same await()). A real deadlock passes at the second check; a cycle
     *     made up by the dump's racy reads of tasks that are moving does not survive a period of not moving.
     * I3. Once: a reported key stays in `reported` while all of its tasks are still live, so a cycle that briefly
     *     drops out of a check (a task aborted and re-spawned cannot reuse an id) is never reported twice; keys are
     *     forgotten when one of their tasks is gone, so `reported` does not grow without bound.
     * I4. Stop: stop() sets `stopped` and unparks the thread; the loop also ends when the runtime starts shutting
     *     down. The listener and the logger are called on the detector thread; what they throw is logged, and the
     *     detector goes on.
     */
    private static final System.Logger LOG = System.getLogger("dev.weft.runtime.deadlock");

    private final Scheduler scheduler;
    private final long periodNanos;
    private final Consumer<Deadlock> listener;
    private final Thread thread;
    private volatile boolean stopped;
    private volatile long checks;
    /** I1, I2: cycle key -> the stamps of its tasks at the last check. */
    private Map<String, Map<Long, Object>> previous = Map.of();
    /** I1, I3: reported cycle key -> its task ids. */
    private final Map<String, Set<Long>> reported = new HashMap<>();

    DeadlockDetector(Scheduler scheduler, Duration period, Consumer<Deadlock> listener) {
        this.scheduler = scheduler;
        this.periodNanos = period.toNanos();
        this.listener = listener;
        this.thread = Thread.ofPlatform().daemon().name(scheduler.name() + "-deadlock-detector").unstarted(this);
    }

    void start() {
        thread.start();
    }

    /** I4: stops the checks; idempotent. */
    void stop() {
        stopped = true;
        LockSupport.unpark(thread);
    }

    /** Checks done so far (for tests: wait for a few more checks, then assert nothing more was reported). */
    long checks() {
        return checks;
    }

    @Override
    public void run() {
        long next = System.nanoTime() + periodNanos;
        while (!stopped && !scheduler.isShuttingDown()) {
            long wait = next - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(this, wait);
                continue; // re-check stop and the deadline (spurious wake-ups)
            }
            next = System.nanoTime() + periodNanos;
            try {
                check();
            } catch (Throwable t) { // I4: a diagnostic never takes anything down
                LOG.log(System.Logger.Level.ERROR, "the deadlock check of runtime '" + scheduler.name() + "' failed",
                        t);
            }
            checks = checks + 1; // only this thread writes it (I1)
        }
    }

    /** One check (I2, I3). */
    void check() {
        DumpBuilder.Snapshot snap = DumpBuilder.take(scheduler);
        Set<Long> live = new HashSet<>();
        for (TaskInfo t : snap.dump().tasks()) live.add(t.id().value());
        reported.values().removeIf(ids -> !live.containsAll(ids)); // I3
        Map<String, Map<Long, Object>> now = new HashMap<>();
        for (Deadlock d : snap.dump().deadlocks()) {
            String key = d.key();
            Map<Long, Object> stamps = new HashMap<>();
            for (TaskId id : d.taskIds()) stamps.put(id.value(), snap.stamps().get(id.value()));
            now.put(key, stamps);
            if (reported.containsKey(key) || !stamps.equals(previous.get(key))) continue; // I2, I3
            Set<Long> ids = new HashSet<>(stamps.keySet());
            reported.put(key, ids);
            report(d);
        }
        previous = now;
    }

    private void report(Deadlock d) {
        String text = d.toString();
        try {
            LOG.log(System.Logger.Level.WARNING, text);
        } catch (Throwable t) {
            // a broken logging backend must not stop the JFR event and the listener
        }
        WeftEvents.deadlockDetected(d.runtime(), String.join(", ", d.taskIds().stream().map(TaskId::toString)
                .toList()), String.join(", ", d.resources()), text);
        if (listener != null) {
            try {
                listener.accept(d);
            } catch (Throwable t) { // I4
                LOG.log(System.Logger.Level.ERROR, "the deadlock listener of runtime '" + scheduler.name()
                        + "' threw", t);
            }
        }
    }

    @Override
    public String toString() {
        return "DeadlockDetector[" + scheduler.name() + ", checks=" + checks + "]";
    }
}
