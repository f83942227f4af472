package dev.weft.future;

import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

/**
 * A Weft future of a {@link CompletionStage}: completes through the waker from a {@code whenComplete} callback
 * on the thread that completes the stage (no thread of its own).
 */
final class StageFuture<T> implements Future<T> {
    /*
     * Implementation notes
     *
     * I1. The callback is registered once, at the first poll (futures are lazy: an unpolled adapter leaves the
     *     stage untouched). It may run inside that very poll (stage complete already) or on any thread later.
     * I2. The callback writes `value`/`failure` and then the volatile `done`; poll reads `done` and then the
     *     fields (release/acquire through the volatile).
     * I3. poll registers the waker before reading `done`; the callback writes `done` before waking: Dekker, no
     *     lost wake-up (AtomicWaker's contract).
     * I4. cancel() clears the registered waker and sets `cancelled`; the callback of a cancelled adapter does
     *     nothing but drop its references. The stage keeps its callback node (and this adapter) until it
     *     completes: a CompletionStage cannot unregister a dependent. With cancelStage the adapter also calls
     *     stage.toCompletableFuture().cancel(false).
     */
    private final CompletionStage<? extends T> stage;
    private final boolean cancelStage;
    private final AtomicWaker waker = new AtomicWaker();
    private boolean subscribed; // owner only
    private volatile boolean done;
    private volatile boolean cancelled;
    private T value;
    private Throwable failure;

    StageFuture(CompletionStage<? extends T> stage, boolean cancelStage) {
        this.stage = stage;
        this.cancelStage = cancelStage;
    }

    @Override
    public Poll<T> poll(Context cx) {
        if (cancelled) throw new IllegalStateException("future of a CompletionStage polled after cancel()");
        if (!done) {
            waker.register(cx.waker()); // I3
            if (!subscribed) {
                subscribed = true;
                stage.whenComplete(this::complete); // I1
            }
            if (!done) return Poll.pending();
        }
        Throwable f = failure;
        if (f != null) throw Combinators.rethrow(f);
        return Poll.ready(value);
    }

    private void complete(T v, Throwable e) {
        if (cancelled) return; // I4
        if (e instanceof CompletionException && e.getCause() != null) e = e.getCause();
        value = v;
        failure = e;
        done = true; // I2
        waker.wake();
    }

    @Override
    public void cancel() {
        if (cancelled) return;
        cancelled = true;
        waker.clear(); // I4
        if (cancelStage && !done) stage.toCompletableFuture().cancel(false);
    }

    @Override
    public String toString() {
        return "StageFuture[" + (done ? "done" : cancelled ? "cancelled" : "pending") + "]";
    }
}
