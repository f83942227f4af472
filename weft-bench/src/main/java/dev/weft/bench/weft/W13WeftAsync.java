package dev.weft.bench.weft;

import dev.weft.bench.Outcome;
import dev.weft.bench.Workload;
import dev.weft.future.Async;
import dev.weft.future.Select;
import dev.weft.sync.Mpsc;
import dev.weft.task.JoinHandle;
import dev.weft.time.Time;

/** W13 weft-async: exercises the seed's select loop in an async block: a fresh Select + Sleep awaited per message. */
public final class W13WeftAsync extends WeftRow {
    public W13WeftAsync() {
        super(Workload.W13, "weft-async", "async consumer loops Select.onSome(rx.recv()).on(Time.sleep(1s)).await(),"
                + " a new sleep per iteration as the seed writes it; async producer trySend, send().await() when full");
    }

    @Override
    public Outcome run(long n) {
        Mpsc.Channel<Long> ch = Mpsc.bounded(Workload.CHANNEL_CAPACITY);
        JoinHandle<Long> consumer = rt.spawn(Async.async(() -> {
            long[] sum = {0};
            boolean more = true;
            while (more) {
                more = Select.<Boolean>select()
                        .onSome(ch.receiver().recv(), v -> {
                            sum[0] += v;
                            return true;
                        })
                        .on(Time.sleep(W13WeftPoll.TIMEOUT), timedOut -> false)
                        .await();
            }
            return sum[0];
        }));
        rt.spawn(Async.async(() -> {
            for (long i = 0; i < n; i++) sendAwait(ch.sender(), i); // never closes: the channel stays open
        }));
        long sum = rt.blockOn(consumer);
        ch.sender().close();
        return Outcome.of(sum);
    }
}
