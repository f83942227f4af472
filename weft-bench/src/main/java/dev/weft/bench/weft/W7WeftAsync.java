package dev.weft.bench.weft;

import dev.weft.bench.Outcome;
import dev.weft.bench.Workload;

/** W7 weft-async: exercises the memory of an idle async block: N virtual threads parked in rx.await(). */
public final class W7WeftAsync extends WeftRow {
    public W7WeftAsync() {
        super(Workload.W7, "weft-async", "N rt.spawnAsync blocks each in its own Oneshot.Receiver.await(); parked ="
                + " every block entered await (counted just before)");
    }

    @Override
    public Outcome run(long n) {
        // parked = every block entered await (counted just before)
        return IdleOneshotTasks.run(rt, n, (rx, entered) -> rt.spawnAsync(() -> {
            entered.increment();
            return rx.await();
        }));
    }
}
