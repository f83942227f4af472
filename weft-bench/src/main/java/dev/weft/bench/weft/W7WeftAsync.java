package dev.weft.bench.weft;

import dev.weft.bench.Outcome;
import dev.weft.bench.Probes;
import dev.weft.bench.Workload;
import dev.weft.future.Async;
import dev.weft.sync.Oneshot;
import dev.weft.task.JoinHandle;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

/** W7 weft-async: exercises the memory of an idle async block: N virtual threads parked in rx.await(). */
public final class W7WeftAsync extends WeftRow {
    public W7WeftAsync() {
        super(Workload.W7, "weft-async", "N async blocks each in its own Oneshot.Receiver.await(); parked ="
                + " every block entered await (counted just before)");
    }

    @Override
    public Outcome run(long n) {
        Probes.MemoryBaseline base = Probes.MemoryBaseline.take();
        int count = Math.toIntExact(n);
        LongAdder entered = new LongAdder();
        @SuppressWarnings("unchecked")
        Oneshot.Sender<Boolean>[] signals = new Oneshot.Sender[count];
        @SuppressWarnings("unchecked")
        JoinHandle<Boolean>[] handles = new JoinHandle[count];
        for (int i = 0; i < count; i++) {
            Oneshot.Channel<Boolean> ch = Oneshot.channel();
            signals[i] = ch.sender();
            Oneshot.Receiver<Boolean> rx = ch.receiver();
            handles[i] = rt.spawn(Async.async(() -> {
                entered.increment();
                return rx.await();
            }));
        }
        while (entered.sum() < count) LockSupport.parkNanos(100_000);
        Probes.Parked measured = base.measureParked(n);
        for (Oneshot.Sender<Boolean> s : signals) s.send(Boolean.TRUE);
        long completed = rt.blockOn(JoinInOrder.counting(handles));
        return measured.outcome(completed);
    }
}
