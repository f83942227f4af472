package dev.weft.bench.weft;

import dev.weft.bench.Outcome;
import dev.weft.bench.Workload;
import dev.weft.future.Context;
import dev.weft.future.Future;
import dev.weft.future.Poll;
import dev.weft.future.Select;
import dev.weft.sync.Mpsc;
import dev.weft.task.JoinHandle;
import dev.weft.time.Time;
import java.time.Duration;

/** W13 weft-poll: exercises Select + a fresh Sleep per iteration (timer register/cancel) against a busy channel. */
public final class W13WeftPoll extends WeftRow {
    static final Duration TIMEOUT = Duration.ofMillis(Workload.SELECT_TIMEOUT_MS);

    public W13WeftPoll() {
        super(Workload.W13, "weft-poll", "consumer future loops Select.onSome(rx.recv()).on(Time.sleep(1s)), a new"
                + " select and sleep per iteration as the seed writes it (a variant reusing one Sleep via reset()"
                + " would skip the per-message timer allocation); producer trySend loop, reserve() when full");
    }

    @Override
    public Outcome run(long n) {
        Mpsc.Channel<Long> ch = Mpsc.bounded(Workload.CHANNEL_CAPACITY);
        JoinHandle<Long> consumer = rt.spawn(new SelectLoop(ch.receiver()));
        rt.spawn(new MpscProducer(ch.sender(), 0, n, false)); // keeps the channel open
        long sum = rt.blockOn(consumer);
        ch.sender().close();
        return Outcome.of(sum);
    }

    /** {@code loop { select { Some(v) = rx.recv() => sum += v, _ = sleep(1s) => break } }} as a future. */
    static final class SelectLoop implements Future<Long> {
        private final Mpsc.Receiver<Long> rx;
        private Select<Boolean> select; // the current iteration's select, while pending
        private long sum;

        SelectLoop(Mpsc.Receiver<Long> rx) {
            this.rx = rx;
        }

        @Override
        public Poll<Long> poll(Context cx) {
            for (;;) {
                if (select == null) {
                    select = Select.<Boolean>select()
                            .onSome(rx.recv(), v -> {
                                sum += v;
                                return true;
                            })
                            .on(Time.sleep(TIMEOUT), timedOut -> false);
                }
                Poll<Boolean> p = select.poll(cx);
                if (p.isPending()) return Poll.pending();
                select = null;
                if (!p.value()) return Poll.ready(sum);
            }
        }

        @Override
        public void cancel() {
            if (select != null) select.cancel();
        }
    }
}
