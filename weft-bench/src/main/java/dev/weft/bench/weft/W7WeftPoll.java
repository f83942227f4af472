package dev.weft.bench.weft;

import dev.weft.bench.Outcome;
import dev.weft.bench.Probes;
import dev.weft.bench.Workload;
import dev.weft.future.Context;
import dev.weft.future.Future;
import dev.weft.future.Poll;
import dev.weft.sync.Oneshot;
import dev.weft.task.JoinHandle;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

/** W7 weft-poll: exercises the memory of an idle poll-based task: N tasks each pending on its own Oneshot. */
public final class W7WeftPoll extends WeftRow {
    public W7WeftPoll() {
        super(Workload.W7, "weft-poll", "N tasks each polling its own Oneshot.Receiver (one small wrapper counts"
                + " the first poll); handles kept in an array");
    }

    @Override
    public Outcome run(long n) {
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
            handles[i] = rt.spawn(new AwaitSignal(ch.receiver(), parked));
        }
        // parked = every task polled once (its receiver then holds the task's waker)
        while (parked.sum() < count) LockSupport.parkNanos(100_000);
        Probes.Parked measured = base.measureParked(n);
        for (Oneshot.Sender<Boolean> s : signals) s.send(Boolean.TRUE);
        long completed = rt.blockOn(JoinInOrder.counting(handles));
        return measured.outcome(completed);
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
