package dev.weft.stream;

import dev.weft.future.AtomicWaker;
import dev.weft.future.Context;
import dev.weft.future.Future;
import dev.weft.future.Poll;
import dev.weft.future.Waker;
import java.util.ArrayList;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A set of futures polled only when woken (futures-rs {@code FuturesUnordered}, simplified): the engine of
 * {@link Stream#buffered}, {@link Stream#bufferUnordered} and {@link Stream#forEachConcurrent}.
 */
final class FuturesSet<T> {
    /*
     * Implementation notes
     *
     * Each future lives in a Slot that is also its waker. Slot.wake() (any thread) enqueues the slot on the
     * ready queue unless it is queued already, then wakes the owner's registered waker.
     *
     * I1. A slot is in the ready queue at most once: `queued` goes false -> true only by the CAS in wake() (or at
     *     push), and true -> false only by the polling thread just before it polls the slot's future.
     * I2. Clearing `queued` happens before the poll, so a wake-up during or after the poll re-enqueues the slot
     *     (no lost wake-up); a wake-up of a completed slot enqueues it once and it is skipped (future == null).
     * I3. pollCompleted() registers the owner's waker before draining the queue; a wake() that enqueued before
     *     the registration is found by the drain, one after it wakes the owner.
     * I4. Each pollCompleted() polls at most `size()` slots, then wakes the owner if the queue is not empty and
     *     returns, so a future that wakes itself while polled cannot trap the owner in a loop.
     * I5. Slot.future, Slot.index and `live` are touched only by the polling thread (single owner); only the
     *     ready queue (ConcurrentLinkedQueue) and `queued` (AtomicBoolean) are shared.
     *
     * Ordering: ConcurrentLinkedQueue.offer/poll give happens-before from a waker's enqueue to the poll that
     * takes the slot; the AtomicWaker pairs register() with wake(). Progress: lock-free wake-ups.
     *
     * Budget: a child is polled with the slot's own Context.Child, given the owner's remaining budget and runtime;
     * whatever the child consumed is then charged to the owner's Context, one consumeBudget() per unit.
     */

    /** One future with its own waker and reusable context. */
    static final class Slot<T> implements Waker {
        private final FuturesSet<T> owner;
        private final AtomicBoolean queued = new AtomicBoolean(true);
        private final Context.Child cx = new Context.Child();
        Future<? extends T> future; // null once completed or cancelled (I5)
        final long seq;
        T value; // set when completed
        private int index; // position in `live` (I5)

        Slot(FuturesSet<T> owner, Future<? extends T> future, long seq) {
            this.owner = owner;
            this.future = future;
            this.seq = seq;
        }

        @Override
        public void wake() {
            if (!queued.get() && queued.compareAndSet(false, true)) { // I1
                owner.ready.offer(this);
                owner.parent.wake();
            }
        }
    }

    private final ConcurrentLinkedQueue<Slot<T>> ready = new ConcurrentLinkedQueue<>();
    private final AtomicWaker parent = new AtomicWaker();
    private final ArrayList<Slot<T>> live = new ArrayList<>();

    /** Number of futures not yet completed. */
    int size() {
        return live.size();
    }

    boolean isEmpty() {
        return live.isEmpty();
    }

    /** Adds {@code future}, tagged with {@code seq}; it is polled at the next {@link #pollCompleted}. */
    void push(Future<? extends T> future, long seq) {
        Slot<T> s = new Slot<>(this, future, seq);
        s.index = live.size();
        live.add(s);
        ready.offer(s);
    }

    /**
     * Polls the futures that were woken and returns the first slot whose future completed (its {@code value} and
     * {@code seq} filled in), or {@code null} when none completed in this call; then the owner's waker is
     * registered (I3) or, if work remains, already woken (I4). A future that throws is removed, then the
     * exception propagates.
     */
    Slot<T> pollCompleted(Context cx) {
        parent.register(cx.waker()); // I3
        for (int polls = live.size(); polls > 0; polls--) {
            Slot<T> s = ready.poll();
            if (s == null) return null;
            Future<? extends T> f = s.future;
            if (f == null) {
                polls++; // a stale wake-up of a completed slot costs no poll
                continue;
            }
            s.queued.set(false); // I2
            Poll<? extends T> p;
            try {
                p = f.poll(s.cx.enter(cx, s));
            } catch (Throwable t) {
                remove(s);
                throw t;
            } finally {
                s.cx.exit(cx);
            }
            if (p instanceof Poll.Ready<? extends T> r) {
                remove(s);
                s.value = r.value();
                return s;
            }
            if (cx.remainingBudget() == 0) {
                cx.waker().wake(); // budget spent: yield, come back for the rest
                return null;
            }
        }
        if (!ready.isEmpty()) cx.waker().wake(); // I4
        return null;
    }

    private void remove(Slot<T> s) {
        s.future = null;
        int i = s.index;
        Slot<T> last = live.remove(live.size() - 1);
        if (last != s) {
            live.set(i, last);
            last.index = i;
        }
    }

    /** Cancels every future not yet completed and forgets them all. */
    void cancelAll() {
        RuntimeException first = null;
        for (Slot<T> s : live) {
            Future<? extends T> f = s.future;
            s.future = null;
            try {
                if (f != null) f.cancel();
            } catch (RuntimeException e) {
                if (first == null) first = e;
                else first.addSuppressed(e);
            }
        }
        live.clear();
        ready.clear();
        parent.clear();
        if (first != null) throw first;
    }
}
