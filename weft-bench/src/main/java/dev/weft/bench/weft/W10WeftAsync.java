package dev.weft.bench.weft;

import dev.weft.bench.Outcome;
import dev.weft.bench.Probes;
import dev.weft.bench.Workload;
import dev.weft.future.Async;
import dev.weft.sync.Broadcast;
import dev.weft.task.JoinHandle;
import dev.weft.task.Tasks;

/** W10 weft-async: exercises Broadcast fan-out to 8 async blocks looping recv().await(). */
public final class W10WeftAsync extends WeftRow {
    public W10WeftAsync() {
        super(Workload.W10, "weft-async", "Broadcast.channel(65536); async producer Tasks.yieldNow().await()"
                + " every 256 sends; 8 async subscribers loop recv().await()");
    }

    @Override
    public Outcome run(long n) {
        Broadcast.Channel<Long> ch = Broadcast.channel(Workload.BROADCAST_CAPACITY);
        Probes.Tally[] tallies = new Probes.Tally[Workload.SUBSCRIBERS];
        @SuppressWarnings("unchecked")
        JoinHandle<Void>[] subscribers = new JoinHandle[Workload.SUBSCRIBERS];
        for (int s = 0; s < tallies.length; s++) {
            Probes.Tally tally = tallies[s] = new Probes.Tally();
            Broadcast.Receiver<Long> rx = s == 0 ? ch.receiver() : ch.sender().subscribe();
            subscribers[s] = rt.spawn(Async.async(() -> {
                for (;;) {
                    switch (rx.recv().await()) {
                        case Broadcast.Recv.Message<Long> m -> tally.received(m.value());
                        case Broadcast.Recv.Lagged<Long> l -> { } // the Tally counts the gap at the next message
                        case Broadcast.Recv.Closed<Long> c -> {
                            tally.end(n);
                            return;
                        }
                    }
                }
            }));
        }
        rt.spawn(Async.async(() -> {
            try (Broadcast.Sender<Long> tx = ch.sender()) {
                for (long i = 0; i < n; i++) {
                    tx.send(i);
                    if ((i + 1) % Workload.YIELD_EVERY == 0) Tasks.yieldNow().await();
                }
            }
        }));
        rt.blockOn(JoinInOrder.counting(subscribers));
        return Probes.Tally.outcome(tallies);
    }
}
