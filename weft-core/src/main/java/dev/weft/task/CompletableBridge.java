package dev.weft.task;

import dev.weft.future.Context;
import dev.weft.future.Poll;
import dev.weft.future.Waker;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;

/**
 * Drives a {@link JoinHandle} to a {@link CompletableFuture} without a thread: the handle is polled on the
 * thread that wakes it (the thread that finished the task), and cancelling the {@code CompletableFuture}
 * aborts the task.
 */
final class CompletableBridge<T> implements Waker {
    /*
     * Implementation notes
     *
     * state: IDLE -> POLLING (a thread polls the handle) -> IDLE, or POLLING -> REPOLL (a wake arrived during
     * the poll) -> POLLING (the poller polls again) ...; DONE once the handle completed.
     *
     * I1. Exactly one thread polls the handle at a time: the one that moved IDLE -> POLLING (the JoinHandle's
     *     single-owner contract). A wake during the poll sets REPOLL and returns; the poller sees it when it
     *     tries POLLING -> IDLE and polls again, so no wake-up is lost.
     * I2. The CompletableFuture is completed at most once by this bridge (DONE); a user completing or
     *     cancelling it first just makes our complete* calls no-ops.
     * I3. Cancellation of the CompletableFuture (whenComplete with a CancellationException) aborts the task;
     *     abort() is idempotent and harmless after the task finished. The task then completes cancelled, the
     *     handle is polled once more and the bridge reaches DONE, releasing the handle.
     */
    private static final int IDLE = 0;
    private static final int POLLING = 1;
    private static final int REPOLL = 2;
    private static final int DONE = 3;
    private static final VarHandle STATE;

    static {
        try {
            STATE = MethodHandles.lookup().findVarHandle(CompletableBridge.class, "state", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final JoinHandle<T> handle;
    private final CompletableFuture<T> target = new CompletableFuture<>();
    @SuppressWarnings("unused")
    private volatile int state;

    private CompletableBridge(JoinHandle<T> handle) {
        this.handle = handle;
    }

    static <T> CompletableFuture<T> start(JoinHandle<T> handle) {
        CompletableBridge<T> b = new CompletableBridge<>(handle);
        b.target.whenComplete((v, e) -> {
            if (e instanceof CancellationException) handle.abort(); // I3
        });
        b.wake(); // first poll on the calling thread
        return b.target;
    }

    @Override
    public void wake() {
        for (;;) {
            int s = (int) STATE.getVolatile(this);
            if (s == DONE || s == REPOLL) return;
            if (s == POLLING) {
                if (STATE.compareAndSet(this, POLLING, REPOLL)) return; // I1: the poller polls again
            } else if (STATE.compareAndSet(this, IDLE, POLLING)) {
                drive();
                return;
            }
        }
    }

    private void drive() {
        Context cx = new Context(this, Context.UNCONSTRAINED);
        for (;;) {
            Poll<T> p;
            try {
                p = handle.poll(cx);
            } catch (JoinError.Cancelled c) {
                STATE.setVolatile(this, DONE);
                CancellationException ce = new CancellationException("task " + c.id() + " was cancelled");
                ce.initCause(c);
                target.completeExceptionally(ce); // I2
                return;
            } catch (JoinError.Failed f) {
                STATE.setVolatile(this, DONE);
                target.completeExceptionally(f.getCause() != null ? f.getCause() : f);
                return;
            } catch (Throwable t) {
                STATE.setVolatile(this, DONE);
                target.completeExceptionally(t);
                return;
            }
            if (p instanceof Poll.Ready<T> r) {
                STATE.setVolatile(this, DONE);
                target.complete(r.value());
                return;
            }
            if (STATE.compareAndSet(this, POLLING, IDLE)) return;
            STATE.setVolatile(this, POLLING); // was REPOLL: a wake arrived during the poll (I1)
        }
    }

    @Override
    public String toString() {
        return "CompletableBridge[" + handle.id() + "]";
    }
}
