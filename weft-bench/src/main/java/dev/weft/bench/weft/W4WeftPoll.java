package dev.weft.bench.weft;

import dev.weft.bench.Outcome;
import dev.weft.bench.Workload;
import dev.weft.sync.Mpsc;
import dev.weft.task.JoinHandle;

/** W4 weft-poll: exercises the bounded Mpsc under 4 contending producer tasks and one batching consumer. */
public final class W4WeftPoll extends WeftRow {
    public W4WeftPoll() {
        super(Workload.W4, "weft-poll", "Mpsc.bounded(1024); 4 producer tasks trySend loop (reserve() when full),"
                + " consumer task pollRecvMany into a reused buffer");
    }

    @Override
    public Outcome run(long n) {
        long per = n / Workload.PRODUCERS;
        Mpsc.Channel<Long> ch = Mpsc.bounded(Workload.CHANNEL_CAPACITY);
        JoinHandle<Long> consumer = rt.spawn(new MpscSumConsumer(ch.receiver()));
        for (int p = 0; p < Workload.PRODUCERS; p++) {
            rt.spawn(new MpscProducer(ch.sender().clone(), p * per, per, true));
        }
        ch.sender().close(); // each producer closes its own clone
        return Outcome.of(rt.blockOn(consumer));
    }
}
