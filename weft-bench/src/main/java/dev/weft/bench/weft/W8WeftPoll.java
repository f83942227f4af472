package dev.weft.bench.weft;

import dev.weft.bench.Outcome;
import dev.weft.bench.Probes;
import dev.weft.bench.Workload;
import dev.weft.future.Context;
import dev.weft.future.Future;
import dev.weft.future.Futures;
import dev.weft.future.Poll;
import dev.weft.sync.Semaphore;
import dev.weft.task.JoinHandle;
import dev.weft.task.Tasks;

/** W8 weft-poll: exercises the async Semaphore's FIFO wait queue under N tasks: acquire, yield once, release. */
public final class W8WeftPoll extends WeftRow {
    public W8WeftPoll() {
        super(Workload.W8, "weft-poll", "Semaphore(100); N hand-written tasks: acquire(), yield (wake + pending),"
                + " release");
    }

    @Override
    public Outcome run(long n) {
        int count = Math.toIntExact(n);
        Semaphore permits = new Semaphore(Workload.PERMITS);
        Probes.PermitProbe probe = new Probes.PermitProbe(Workload.PERMITS);
        onRuntime(Futures.lazy(() -> {
            @SuppressWarnings("unchecked")
            JoinHandle<Void>[] handles = new JoinHandle[count];
            for (int i = 0; i < count; i++) handles[i] = Tasks.spawn(new PermitTask(permits, probe));
            return handles;
        }).then(JoinInOrder::counting));
        return probe.outcome();
    }

    /** acquire -> probe.enter -> yield once -> probe.exit -> release, as a three-state future. */
    static final class PermitTask implements Future<Void> {
        private final Semaphore semaphore;
        private final Probes.PermitProbe probe;
        private Future<Semaphore.Permit> acquiring;
        private Semaphore.Permit permit;

        PermitTask(Semaphore semaphore, Probes.PermitProbe probe) {
            this.semaphore = semaphore;
            this.probe = probe;
        }

        @Override
        public Poll<Void> poll(Context cx) {
            if (permit == null) {
                if (acquiring == null) acquiring = semaphore.acquire();
                Poll<Semaphore.Permit> p = acquiring.poll(cx);
                if (p.isPending()) return Poll.pending();
                acquiring = null;
                permit = p.value();
                probe.enter();
                cx.waker().wake(); // yield once, holding the permit: back of the run queue
                return Poll.pending();
            }
            probe.exit();
            permit.close();
            return Poll.ready(null);
        }

        @Override
        public void cancel() {
            if (acquiring != null) acquiring.cancel();
            if (permit != null) permit.close();
        }
    }
}
