package dev.weft.bench.weft;

import dev.weft.bench.Outcome;
import dev.weft.bench.Probes;
import dev.weft.runtime.WeftRuntime;
import dev.weft.sync.Oneshot;
import dev.weft.task.JoinHandle;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

/**
 * The W7 measurement both Weft rows share: N tasks, each idle on its own {@link Oneshot.Receiver}; memory is
 * measured once every task has counted itself parked, then every sender fires and the tasks are joined in order.
 * The rows differ only in the task they spawn.
 */
final class IdleOneshotTasks {
    private IdleOneshotTasks() {}

    /** Spawns the task that awaits {@code rx}, incrementing {@code parked} once it is (about to be) parked. */
    @FunctionalInterface
    interface Spawner {
        JoinHandle<Boolean> spawn(Oneshot.Receiver<Boolean> rx, LongAdder parked);
    }

    /** Every task counts itself parked through {@code parked} (the spawner arranges it). */
    static Outcome run(WeftRuntime rt, long n, Spawner spawner) {
        return run(rt, n, spawner, (parked, count) -> parked.sum() >= count);
    }

    /** When the tasks cannot count themselves: {@code allParked} decides from the runtime (or the counter). */
    @FunctionalInterface
    interface ParkedCheck {
        boolean allParked(LongAdder parked, long count);
    }

    static Outcome run(WeftRuntime rt, long n, Spawner spawner, ParkedCheck check) {
        Probes.MemoryBaseline base = Probes.MemoryBaseline.take();
        int count = Math.toIntExact(n);
        LongAdder parked = new LongAdder();
        @SuppressWarnings("unchecked")
        Oneshot.Sender<Boolean>[] signals = new Oneshot.Sender[count];
        @SuppressWarnings("unchecked")
        JoinHandle<Boolean>[] handles = new JoinHandle[count];
        for (int i = 0; i < count; i++) {
            Oneshot.Channel<Boolean> ch = Oneshot.channel();
            signals[i] = ch.sender();
            handles[i] = spawner.spawn(ch.receiver(), parked);
        }
        while (!check.allParked(parked, count)) LockSupport.parkNanos(100_000);
        Probes.Parked measured = base.measureParked(n);
        for (Oneshot.Sender<Boolean> s : signals) s.send(Boolean.TRUE);
        long completed = rt.blockOn(JoinInOrder.counting(handles));
        return measured.outcome(completed);
    }
}
