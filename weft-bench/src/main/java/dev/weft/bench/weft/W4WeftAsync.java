package dev.weft.bench.weft;

import dev.weft.bench.Outcome;
import dev.weft.bench.Workload;
import dev.weft.future.Async;
import dev.weft.sync.Mpsc;
import dev.weft.task.JoinHandle;

/** W4 weft-async: exercises the bounded Mpsc with 4 producer async blocks and one consumer async block. */
public final class W4WeftAsync extends WeftRow {
    public W4WeftAsync() {
        super(Workload.W4, "weft-async", "Mpsc.bounded(1024); 4 async producers trySend, send().await() when full;"
                + " async consumer recvMany(buf, 1024).await()");
    }

    @Override
    public Outcome run(long n) {
        long per = n / Workload.PRODUCERS;
        Mpsc.Channel<Long> ch = Mpsc.bounded(Workload.CHANNEL_CAPACITY);
        JoinHandle<Long> consumer = rt.spawn(Async.async(() -> W3WeftAsync.sumAll(ch.receiver())));
        for (int p = 0; p < Workload.PRODUCERS; p++) {
            long base = p * per;
            Mpsc.Sender<Long> mine = ch.sender().clone();
            rt.spawn(Async.async(() -> {
                try (mine) {
                    for (long i = 0; i < per; i++) sendAwait(mine, base + i);
                }
            }));
        }
        ch.sender().close();
        return Outcome.of(rt.blockOn(consumer));
    }
}
