package dev.weft.bench.weft;

import dev.weft.bench.Outcome;
import dev.weft.bench.Workload;
import dev.weft.future.Async;
import dev.weft.sync.Mutex;
import dev.weft.task.JoinHandle;
import dev.weft.task.Tasks;

/** W9 weft-async: exercises the async Mutex with N/1000 async blocks: try (g = lock().await()) { ++ }. */
public final class W9WeftAsync extends WeftRow {
    public W9WeftAsync() {
        super(Workload.W9, "weft-async", "Mutex<Counter>; N/1000 async blocks: 1000 x try (g = lock().await()) ++");
    }

    @Override
    public Outcome run(long n) {
        int tasks = Math.toIntExact(n / Workload.INCREMENTS);
        Mutex<W9WeftPoll.Counter> mutex = Mutex.of(new W9WeftPoll.Counter());
        onRuntime(Async.async(() -> {
            @SuppressWarnings("unchecked")
            JoinHandle<Void>[] handles = new JoinHandle[tasks];
            for (int t = 0; t < tasks; t++) {
                handles[t] = Tasks.spawn(Async.async(() -> {
                    for (int i = 0; i < Workload.INCREMENTS; i++) {
                        try (Mutex.Guard<W9WeftPoll.Counter> g = mutex.lock().await()) {
                            g.get().value++;
                        }
                    }
                }));
            }
            for (JoinHandle<Void> h : handles) h.await();
        }));
        try (Mutex.Guard<W9WeftPoll.Counter> g = mutex.tryLock().orElseThrow()) {
            return Outcome.of(g.get().value);
        }
    }
}
