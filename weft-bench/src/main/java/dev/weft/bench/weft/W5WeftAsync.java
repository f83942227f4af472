package dev.weft.bench.weft;

import dev.weft.bench.Outcome;
import dev.weft.bench.Workload;
import dev.weft.future.Async;
import dev.weft.sync.Mpsc;
import dev.weft.task.JoinHandle;

/** W5 weft-async: exercises park/unpark latency of two async blocks bouncing a counter over bounded(1) channels. */
public final class W5WeftAsync extends WeftRow {
    public W5WeftAsync() {
        super(Workload.W5, "weft-async", "two Mpsc.bounded(1); two async blocks: send().await(), recv().await()");
    }

    @Override
    public Outcome run(long n) {
        Mpsc.Channel<Long> ping = Mpsc.bounded(1);
        Mpsc.Channel<Long> pong = Mpsc.bounded(1);
        JoinHandle<Long> a = rt.spawn(Async.async(() -> {
            long c = 0;
            for (long i = 0; i < n; i++) {
                ping.sender().send(c).await();
                c = pong.receiver().recv().await().orElseThrow() + 1;
            }
            return c;
        }));
        JoinHandle<Void> b = rt.spawn(Async.async(() -> {
            for (long i = 0; i < n; i++) {
                pong.sender().send(ping.receiver().recv().await().orElseThrow() + 1).await();
            }
        }));
        long result = rt.blockOn(a);
        rt.blockOn(b);
        return Outcome.of(result);
    }
}
