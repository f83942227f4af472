package dev.weft.bench.weft;

import dev.weft.bench.Outcome;
import dev.weft.bench.Workload;
import dev.weft.future.Context;
import dev.weft.future.Future;
import dev.weft.future.Futures;
import dev.weft.future.Poll;
import dev.weft.sync.Mutex;
import dev.weft.task.JoinHandle;
import dev.weft.task.Tasks;

/** W9 weft-poll: exercises the async Mutex (lock future per increment) under N/1000 contending tasks. */
public final class W9WeftPoll extends WeftRow {
    public W9WeftPoll() {
        super(Workload.W9, "weft-poll", "Mutex<Counter>; N/1000 hand-written tasks: 1000 x (lock() future, ++, unlock)");
    }

    /** The protected state. */
    static final class Counter {
        long value;
    }

    @Override
    public Outcome run(long n) {
        int tasks = Math.toIntExact(n / Workload.INCREMENTS);
        Mutex<Counter> mutex = Mutex.of(new Counter());
        onRuntime(Futures.lazy(() -> {
            @SuppressWarnings("unchecked")
            JoinHandle<Void>[] handles = new JoinHandle[tasks];
            for (int t = 0; t < tasks; t++) handles[t] = Tasks.spawn(new Incrementer(mutex));
            return handles;
        }).then(JoinInOrder::counting));
        try (Mutex.Guard<Counter> g = mutex.tryLock().orElseThrow()) {
            return Outcome.of(g.get().value);
        }
    }

    /** Increments the counter {@code INCREMENTS} times, each under its own lock(). */
    static final class Incrementer implements Future<Void> {
        private final Mutex<Counter> mutex;
        private Future<Mutex.Guard<Counter>> locking;
        private int done;

        Incrementer(Mutex<Counter> mutex) {
            this.mutex = mutex;
        }

        @Override
        public Poll<Void> poll(Context cx) {
            while (done < Workload.INCREMENTS) {
                if (locking == null) locking = mutex.lock();
                Poll<Mutex.Guard<Counter>> p = locking.poll(cx); // consumes budget when acquired
                if (p.isPending()) return Poll.pending();
                locking = null;
                try (Mutex.Guard<Counter> g = p.value()) {
                    g.get().value++;
                }
                done++;
            }
            return Poll.ready(null);
        }

        @Override
        public void cancel() {
            if (locking != null) locking.cancel();
        }
    }
}
