package dev.weft.bench.weft;

import dev.weft.bench.Outcome;
import dev.weft.bench.Workload;
import dev.weft.future.Context;
import dev.weft.future.Future;
import dev.weft.future.Poll;
import dev.weft.sync.Mpsc;
import dev.weft.task.JoinHandle;
import java.util.Optional;

/** W5 weft-poll: exercises cross-task wake-up latency: two hand-written tasks bouncing a counter over bounded(1). */
public final class W5WeftPoll extends WeftRow {
    public W5WeftPoll() {
        super(Workload.W5, "weft-poll", "two Mpsc.bounded(1); hand-written ping/pong futures: trySend + pollRecv");
    }

    @Override
    public Outcome run(long n) {
        Mpsc.Channel<Long> ping = Mpsc.bounded(1);
        Mpsc.Channel<Long> pong = Mpsc.bounded(1);
        JoinHandle<Long> a = rt.spawn(new Hop(ping.sender(), pong.receiver(), n, true));
        JoinHandle<Long> b = rt.spawn(new Hop(pong.sender(), ping.receiver(), n, false));
        long result = rt.blockOn(a);
        rt.blockOn(b);
        return Outcome.of(result);
    }

    /**
     * One side of the rally, {@code rounds} times: the initiator sends its counter then receives the reply + 1;
     * the responder receives and sends back the value + 1. With capacity 1 a send finds the slot free (the peer
     * took the previous message before replying), so {@code trySend} never waits; {@code send()} is the fallback.
     */
    static final class Hop implements Future<Long> {
        private final Mpsc.Sender<Long> tx;
        private final Mpsc.Receiver<Long> rx;
        private final long rounds;
        private final boolean initiator;
        private long done;
        private long counter;
        private boolean mustSend;
        private Future<Void> sending; // the fallback send, while pending

        Hop(Mpsc.Sender<Long> tx, Mpsc.Receiver<Long> rx, long rounds, boolean initiator) {
            this.tx = tx;
            this.rx = rx;
            this.rounds = rounds;
            this.initiator = initiator;
            this.mustSend = initiator;
        }

        @Override
        public Poll<Long> poll(Context cx) {
            while (done < rounds) {
                if (mustSend) {
                    if (sending == null) {
                        if (tx.trySend(counter) instanceof Mpsc.TrySend.Sent) {
                            sent();
                            continue;
                        }
                        sending = tx.send(counter);
                    }
                    if (sending.poll(cx).isPending()) return Poll.pending();
                    sending = null;
                    sent();
                } else {
                    Poll<Optional<Long>> p = rx.pollRecv(cx); // consumes budget: yields every 128 receives
                    if (p.isPending()) return Poll.pending();
                    counter = p.value().orElseThrow() + 1;
                    mustSend = true;
                    if (initiator) done++; // the initiator's round ends with the reply
                }
            }
            return Poll.ready(counter);
        }

        private void sent() {
            mustSend = false;
            if (!initiator) done++; // the responder's round ends with its reply
        }

        @Override
        public void cancel() {
            if (sending != null) sending.cancel();
            rx.close();
        }
    }
}
