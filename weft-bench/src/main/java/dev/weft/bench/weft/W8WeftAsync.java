package dev.weft.bench.weft;

import dev.weft.bench.Outcome;
import dev.weft.bench.Probes;
import dev.weft.bench.Workload;
import dev.weft.future.Async;
import dev.weft.sync.Semaphore;
import dev.weft.task.JoinHandle;
import dev.weft.task.Tasks;

/** W8 weft-async: exercises the async Semaphore with N async blocks: acquire().await(), yieldNow().await(). */
public final class W8WeftAsync extends WeftRow {
    public W8WeftAsync() {
        super(Workload.W8, "weft-async", "Semaphore(100); N async blocks: try (permit = acquire().await())"
                + " { Tasks.yieldNow().await() }");
    }

    @Override
    public Outcome run(long n) {
        int count = Math.toIntExact(n);
        Semaphore permits = new Semaphore(Workload.PERMITS);
        Probes.PermitProbe probe = new Probes.PermitProbe(Workload.PERMITS);
        onRuntime(Async.async(() -> {
            @SuppressWarnings("unchecked")
            JoinHandle<Void>[] handles = new JoinHandle[count];
            for (int i = 0; i < count; i++) {
                handles[i] = Tasks.spawn(Async.async(() -> {
                    try (Semaphore.Permit p = permits.acquire().await()) {
                        probe.enter();
                        Tasks.yieldNow().await();
                        probe.exit();
                    }
                }));
            }
            for (JoinHandle<Void> h : handles) h.await();
        }));
        return probe.outcome();
    }
}
