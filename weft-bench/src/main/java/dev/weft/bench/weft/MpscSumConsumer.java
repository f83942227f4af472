package dev.weft.bench.weft;

import dev.weft.bench.Workload;
import dev.weft.future.Context;
import dev.weft.future.Future;
import dev.weft.future.Poll;
import dev.weft.sync.Mpsc;
import java.util.ArrayList;

/**
 * A poll-based consumer task: drains the channel in batches with {@code pollRecvMany} into one reusable buffer
 * and sums the values until the channel is closed and drained.
 */
public final class MpscSumConsumer implements Future<Long> {
    private final Mpsc.Receiver<Long> rx;
    private final ArrayList<Long> batch = new ArrayList<>(Workload.CHANNEL_CAPACITY);
    private long sum;

    public MpscSumConsumer(Mpsc.Receiver<Long> rx) {
        this.rx = rx;
    }

    @Override
    public Poll<Long> poll(Context cx) {
        for (;;) {
            Poll<Integer> p = rx.pollRecvMany(cx, batch, Workload.CHANNEL_CAPACITY);
            if (p.isPending()) return Poll.pending();
            if (p.value() == 0) return Poll.ready(sum); // closed and drained
            for (int i = 0, k = batch.size(); i < k; i++) sum += batch.get(i);
            batch.clear();
        }
    }

    @Override
    public void cancel() {
        rx.close();
    }
}
