package dev.weft.bench.weft;

import dev.weft.bench.Outcome;
import dev.weft.bench.Probes;
import dev.weft.bench.Workload;
import dev.weft.future.Context;
import dev.weft.future.Future;
import dev.weft.future.Poll;
import dev.weft.sync.Broadcast;
import dev.weft.task.JoinHandle;

/** W10 weft-poll: exercises Broadcast fan-out to 8 hand-written subscriber tasks, lag reported as Recv.Lagged. */
public final class W10WeftPoll extends WeftRow {
    public W10WeftPoll() {
        super(Workload.W10, "weft-poll", "Broadcast.channel(65536); producer task yields (wake + pending) every"
                + " 256 sends; 8 subscriber tasks loop pollRecv");
    }

    @Override
    public Outcome run(long n) {
        Broadcast.Channel<Long> ch = Broadcast.channel(Workload.BROADCAST_CAPACITY);
        Probes.Tally[] tallies = new Probes.Tally[Workload.SUBSCRIBERS];
        @SuppressWarnings("unchecked")
        JoinHandle<Void>[] subscribers = new JoinHandle[Workload.SUBSCRIBERS];
        for (int s = 0; s < tallies.length; s++) {
            tallies[s] = new Probes.Tally();
            Broadcast.Receiver<Long> rx = s == 0 ? ch.receiver() : ch.sender().subscribe();
            subscribers[s] = rt.spawn(new Subscriber(rx, tallies[s], n));
        }
        rt.spawn(new Producer(ch.sender(), n));
        rt.blockOn(JoinInOrder.counting(subscribers));
        return Probes.Tally.outcome(tallies);
    }

    /** Sends 0..n-1, yielding to the scheduler after every {@code YIELD_EVERY} sends; closes the sender at the end. */
    static final class Producer implements Future<Void> {
        private final Broadcast.Sender<Long> tx;
        private final long n;
        private long next;

        Producer(Broadcast.Sender<Long> tx, long n) {
            this.tx = tx;
            this.n = n;
        }

        @Override
        public Poll<Void> poll(Context cx) {
            while (next < n) {
                tx.send(next++);
                if (next % Workload.YIELD_EVERY == 0 && next < n) {
                    cx.waker().wake(); // yield: let the subscribers on this worker run
                    return Poll.pending();
                }
            }
            tx.close();
            return Poll.ready(null);
        }

        @Override
        public void cancel() {
            tx.close();
        }
    }

    /** Tallies every message until the channel closes; lag shows up as a gap at the next message. */
    static final class Subscriber implements Future<Void> {
        private final Broadcast.Receiver<Long> rx;
        private final Probes.Tally tally;
        private final long n;

        Subscriber(Broadcast.Receiver<Long> rx, Probes.Tally tally, long n) {
            this.rx = rx;
            this.tally = tally;
            this.n = n;
        }

        @Override
        public Poll<Void> poll(Context cx) {
            for (;;) {
                Poll<Broadcast.Recv<Long>> p = rx.pollRecv(cx); // consumes budget: yields every 128
                if (p.isPending()) return Poll.pending();
                switch (p.value()) {
                    case Broadcast.Recv.Message<Long> m -> tally.received(m.value());
                    case Broadcast.Recv.Lagged<Long> l -> { } // the Tally counts the gap at the next message
                    case Broadcast.Recv.Closed<Long> c -> {
                        tally.end(n);
                        return Poll.ready(null);
                    }
                }
            }
        }

        @Override
        public void cancel() {
            rx.close();
        }
    }
}
