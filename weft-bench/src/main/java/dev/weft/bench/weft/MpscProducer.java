package dev.weft.bench.weft;

import dev.weft.future.Context;
import dev.weft.future.Future;
import dev.weft.future.Poll;
import dev.weft.sync.Mpsc;

/**
 * A poll-based producer task: sends {@code from, from+1, ..., from+count-1} into a bounded channel with
 * {@code trySend} in a loop (no future per message) and falls back to a {@code reserve()} permit only when the
 * channel is full, which registers the task's waker for the next free slot. Closes its sender when done unless
 * told to keep the channel open.
 */
public final class MpscProducer implements Future<Void> {
    private final Mpsc.Sender<Long> tx;
    private final long end;
    private final boolean closeWhenDone;
    private long next;
    private Future<Mpsc.Permit<Long>> reserving;

    public MpscProducer(Mpsc.Sender<Long> tx, long from, long count, boolean closeWhenDone) {
        this.tx = tx;
        this.next = from;
        this.end = from + count;
        this.closeWhenDone = closeWhenDone;
    }

    @Override
    public Poll<Void> poll(Context cx) {
        while (next < end) {
            if (reserving != null) {
                Poll<Mpsc.Permit<Long>> p = reserving.poll(cx);
                if (p.isPending()) return Poll.pending();
                reserving = null;
                p.value().send(next++);
                continue;
            }
            if (tx.trySend(next) instanceof Mpsc.TrySend.Sent) {
                next++;
            } else { // full (the receiver never closes first here): wait for a slot
                reserving = tx.reserve();
            }
        }
        if (closeWhenDone) tx.close();
        return Poll.ready(null);
    }

    @Override
    public void cancel() {
        if (reserving != null) reserving.cancel();
        tx.close();
    }
}
