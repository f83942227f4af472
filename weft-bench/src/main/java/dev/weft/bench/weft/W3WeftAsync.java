package dev.weft.bench.weft;

import dev.weft.bench.Outcome;
import dev.weft.bench.Workload;
import dev.weft.future.Async;
import dev.weft.sync.Mpsc;
import dev.weft.task.JoinHandle;
import java.util.ArrayList;

/** W3 weft-async: exercises bounded Mpsc send/recvMany awaited from two async blocks (parking virtual threads). */
public final class W3WeftAsync extends WeftRow {
    public W3WeftAsync() {
        super(Workload.W3, "weft-async", "Mpsc.bounded(1024); async producer trySend, send().await() when full;"
                + " async consumer recvMany(buf, 1024).await()");
    }

    @Override
    public Outcome run(long n) {
        Mpsc.Channel<Long> ch = Mpsc.bounded(Workload.CHANNEL_CAPACITY);
        JoinHandle<Long> consumer = rt.spawn(Async.async(() -> sumAll(ch.receiver())));
        rt.spawn(Async.async(() -> {
            try (Mpsc.Sender<Long> tx = ch.sender()) {
                for (long i = 0; i < n; i++) sendAwait(tx, i);
            }
        }));
        return Outcome.of(rt.blockOn(consumer));
    }

    /** Sums every message until the channel is closed and drained (shared with W4). */
    static long sumAll(Mpsc.Receiver<Long> rx) {
        ArrayList<Long> batch = new ArrayList<>(Workload.CHANNEL_CAPACITY);
        long sum = 0;
        while (rx.recvMany(batch, Workload.CHANNEL_CAPACITY).await() > 0) {
            for (int i = 0, k = batch.size(); i < k; i++) sum += batch.get(i);
            batch.clear();
        }
        return sum;
    }
}
