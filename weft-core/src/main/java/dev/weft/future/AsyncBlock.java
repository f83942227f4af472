package dev.weft.future;

import dev.weft.internal.context.Ambient;
import dev.weft.internal.context.ThreadBacked;
import dev.weft.internal.context.ThreadContext;
import dev.weft.internal.context.Waits;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.Callable;
import java.util.concurrent.Executor;

/**
 * The future of an async block: a body run on a thread of its own, started at first poll.
 */
final class AsyncBlock<T> implements Future<T>, Draining, ThreadBacked {
    /*
     * Implementation notes
     *
     * phase: NEW -> STARTED (first poll, polling thread) -> DONE (body thread, after writing the outcome).
     * cancelled: set once by cancel() (the owner).
     *
     * I1. `value`/`failure` are written by the body thread before the release of phase = DONE; the poller reads
     *     them after an acquire of DONE.
     * I2. The runner thread is interrupted only under `this` monitor while `runner` is that thread; the body
     *     thread clears `runner` under the same monitor and then clears its interrupt flag, so a pool thread
     *     is never interrupted on behalf of a later job.
     * I3. A body not yet running when cancelled never runs: runBody() sees `cancelled` and finishes at once.
     * I4. `completion` is registered by the owner (poll or pollDrained) and woken after DONE is published.
     * I5. Runnable/idle accounting with the ambient: +1 when the thread is started, -1 when the body ends;
     *     cancel() adds +1 for the unwinding (taken back when the body ends), so a paused clock never jumps
     *     between the interrupt and the thread noticing it.
     * I6. The body thread also sets the inheritable ambient (ThreadContext I3), so virtual threads it creates
     *     (plain or StructuredTaskScope subtasks) see the runtime; restored when the body ends.
     * I7. The body runs between ambient.enterThread() and ambient.exitThread(token), on the body thread, before
     *     the outcome is published: the tracing span current where the block was first polled is entered there
     *     (and left before the owner can see DONE). Both calls never throw.
     * I8. Task dump: `diagOwner` is the task that first polled this block, captured from the polling thread when
     *     diagnostics track holders (ThreadContext I4), and installed on the body's thread for the body's duration;
     *     runnerThread() reads `runner` under the monitor (I2).
     * I9. `failure` keeps what the body threw; poll() throws it as it is when unchecked and wrapped in an
     *     AsyncException when checked (Combinators.rethrow), a new wrapper per poll that reports it (one, since
     *     a future is not polled after it failed). The task harness unwraps it again (Task I11).
     */
    private static final int NEW = 0;
    private static final int STARTED = 1;
    private static final int DONE = 2;
    private static final VarHandle PHASE;

    static {
        try {
            PHASE = MethodHandles.lookup().findVarHandle(AsyncBlock.class, "phase", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final Callable<? extends T> body;
    private final Executor executor; // null: a new virtual thread
    private final String threadName;
    private final AtomicWaker completion = new AtomicWaker();

    @SuppressWarnings("unused")
    private volatile int phase;
    private volatile boolean cancelled;
    /** Guarded by this (I2). */
    private Thread runner;
    /** Guarded by this: cancel() counted the thread runnable for its unwinding (I5). */
    private boolean cancelCounted;
    private Ambient ambient;
    /** I8: written by the first poll before the thread starts (Thread.start publishes it). */
    private Object diagOwner;
    private T value; // I1
    private Throwable failure; // I1

    AsyncBlock(Callable<? extends T> body, Executor executor, String threadName) {
        this.body = body;
        this.executor = executor;
        this.threadName = threadName;
    }

    @Override
    public Poll<T> poll(Context cx) {
        int p = (int) PHASE.getAcquire(this);
        if (p == DONE) return outcome();
        completion.register(cx.waker());
        if (p == NEW) {
            PHASE.setRelease(this, STARTED);
            Ambient a = cx.ambient();
            ambient = a == null ? null : a.capture(); // the runtime and task locals, installed by runBody
            if (ambient != null) ambient.threadRunnable(); // balanced by threadIdle() when the body ends
            if (Waits.tracking()) diagOwner = ThreadContext.diagOwner(); // I8
            Runnable r = this::runBody;
            try {
                if (executor == null) {
                    Thread.ofVirtual().name(threadName).start(r);
                } else {
                    executor.execute(r);
                }
            } catch (RuntimeException | Error e) {
                // no thread to run the body (pool shut down, out of threads): the block fails with the reason
                failure = e;
                PHASE.setRelease(this, DONE);
                if (ambient != null) ambient.threadIdle();
                throw e;
            }
        }
        if ((int) PHASE.getVolatile(this) == DONE) return outcome(); // Dekker with runBody's DONE store + wake
        return Poll.pending();
    }

    private Poll<T> outcome() {
        Throwable f = failure;
        if (f != null) throw Combinators.rethrow(f);
        return Poll.ready(value);
    }

    @Override
    public void cancel() {
        cancelled = true;
        synchronized (this) {
            Thread t = runner;
            if (t != null) {
                // I5: the interrupted thread has unwinding to do; count it runnable now, before it wakes, so a
                // paused clock cannot jump (and complete what it awaits) in between
                if (ambient != null && !cancelCounted) {
                    cancelCounted = true;
                    ambient.threadRunnable();
                }
                t.interrupt(); // I2
            }
        }
    }

    @Override
    public Poll<Void> pollDrained(Context cx) {
        if ((int) PHASE.getAcquire(this) != STARTED) return Poll.ready(null);
        completion.register(cx.waker());
        if ((int) PHASE.getVolatile(this) != STARTED) return Poll.ready(null);
        return Poll.pending();
    }

    private void runBody() {
        Thread self = Thread.currentThread();
        synchronized (this) {
            runner = self;
        }
        Ambient prevAmbient = ThreadContext.setAmbient(ambient);
        Ambient prevInherited = ThreadContext.setInherited(ambient); // I6
        Object owner = diagOwner;
        Object prevOwner = owner != null ? ThreadContext.setDiagOwner(owner) : null; // I8
        Object entered = ambient != null ? ambient.enterThread() : null; // I7
        try {
            if (cancelled) {
                failure = new CancelledException("async block cancelled before it started");
            } else {
                value = body.call();
            }
        } catch (Throwable t) {
            failure = t;
        } finally {
            if (ambient != null) ambient.exitThread(entered); // I7
            ThreadContext.setAmbient(prevAmbient);
            ThreadContext.setInherited(prevInherited);
            if (owner != null) ThreadContext.setDiagOwner(prevOwner); // I8
            boolean extraCount;
            synchronized (this) {
                runner = null;
                extraCount = cancelCounted;
            }
            if (executor != null) Thread.interrupted(); // I2: a pool thread leaves clean
            PHASE.setVolatile(this, DONE); // volatile: ordered before wake()'s read of the waker slot (Dekker)
            completion.wake(); // first: the owner is runnable before this thread stops counting as runnable
            if (ambient != null) {
                ambient.threadIdle();
                if (extraCount) ambient.threadIdle(); // I5
            }
        }
    }

    /** I8: the body's thread while it runs, for the task dump. */
    @Override
    public Thread runnerThread() {
        synchronized (this) {
            return runner;
        }
    }

    @Override
    public boolean isBlockingBody() {
        return executor != null;
    }

    @Override
    public String toString() {
        return "AsyncBlock[" + switch ((int) PHASE.getAcquire(this)) {
            case NEW -> "new";
            case STARTED -> cancelled ? "cancelling" : "running";
            default -> "done";
        } + "]";
    }
}
