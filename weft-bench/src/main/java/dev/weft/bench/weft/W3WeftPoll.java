package dev.weft.bench.weft;

import dev.weft.bench.Outcome;
import dev.weft.bench.Workload;
import dev.weft.sync.Mpsc;
import dev.weft.task.JoinHandle;

/** W3 weft-poll: exercises the bounded Mpsc fast paths (trySend loop, pollRecvMany batches) with 1 producer. */
public final class W3WeftPoll extends WeftRow {
    public W3WeftPoll() {
        super(Workload.W3, "weft-poll", "Mpsc.bounded(1024); producer task trySend loop (reserve() when full),"
                + " consumer task pollRecvMany into a reused buffer");
    }

    @Override
    public Outcome run(long n) {
        Mpsc.Channel<Long> ch = Mpsc.bounded(Workload.CHANNEL_CAPACITY);
        JoinHandle<Long> consumer = rt.spawn(new MpscSumConsumer(ch.receiver()));
        rt.spawn(new MpscProducer(ch.sender(), 0, n, true));
        return Outcome.of(rt.blockOn(consumer));
    }
}
