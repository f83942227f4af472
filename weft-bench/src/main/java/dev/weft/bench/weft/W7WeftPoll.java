package dev.weft.bench.weft;

import dev.weft.bench.Outcome;
import dev.weft.bench.Workload;
import dev.weft.future.Context;
import dev.weft.future.Future;
import dev.weft.future.Poll;
import dev.weft.sync.Oneshot;
import java.util.concurrent.atomic.LongAdder;

/** W7 weft-poll: exercises the memory of an idle poll-based task: N tasks each pending on its own Oneshot. */
public final class W7WeftPoll extends WeftRow {
    public W7WeftPoll() {
        super(Workload.W7, "weft-poll", "N tasks each polling its own Oneshot.Receiver (one small wrapper counts"
                + " the first poll); handles kept in an array");
    }

    @Override
    public Outcome run(long n) {
        // parked = every task polled once (its receiver then holds the task's waker)
        return IdleOneshotTasks.run(rt, n, (rx, parked) -> rt.spawn(new AwaitSignal(rx, parked)));
    }

    /** The task: awaits its receiver; counts itself as parked at its first poll. */
    static final class AwaitSignal implements Future<Boolean> {
        private final Oneshot.Receiver<Boolean> rx;
        private LongAdder parked;

        AwaitSignal(Oneshot.Receiver<Boolean> rx, LongAdder parked) {
            this.rx = rx;
            this.parked = parked;
        }

        @Override
        public Poll<Boolean> poll(Context cx) {
            Poll<Boolean> p = rx.poll(cx);
            if (parked != null) {
                parked.increment();
                parked = null;
            }
            return p;
        }

        @Override
        public void cancel() {
            rx.cancel();
        }
    }
}
