package dev.weft.internal.task;

import dev.weft.future.AsyncException;
import dev.weft.future.Context;
import dev.weft.future.Draining;
import dev.weft.future.Future;
import dev.weft.future.Poll;
import dev.weft.future.Waker;
import dev.weft.internal.context.WaitRecorder;
import dev.weft.internal.context.WaitScratch;
import dev.weft.internal.context.Waits;
import dev.weft.internal.future.Contexts;
import dev.weft.task.JoinHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A spawned future together with its scheduling state and its outcome. The task is its own {@link Waker}:
 * waking allocates nothing and repeated wake-ups coalesce into one scheduling.
 *
 * <p>Open for one kind of subclass only: a thread-backed task (I7), which overrides {@link #onAbortRequested()}.
 * The task is also its own {@link JoinHandle} (the handle class is sealed and has no fields), so a spawn allocates
 * the task and its future only. A poll-based task is 56 bytes (compressed oops): header, state, id and eight
 * references; its four flags are bits of the state word (I12).
 */
public non-sealed class Task<T> extends JoinHandle<T> implements Waker, WaitRecorder {
    /*
     * Implementation notes
     *
     * Modelled on tokio/src/runtime/task/state.rs, without the reference count (the GC owns lifetimes).
     *
     *   state (int):  [ FAILURE_TAKEN | FAILURE_HANDLED | DETACHED | DRAINING |
     *                        512            256            128        64
     *                   OUTCOME_FAILED | OUTCOME_CANCELLED | CANCELLED | COMPLETE | RUNNING | NOTIFIED ]
     *                        32              16               8          4          2         1
     *
     * NOTIFIED   the task is in a run queue, or must be put back in one when the current poll ends.
     * RUNNING    one thread owns `future` (polls it, cancels it or drains it).
     * COMPLETE   the outcome is published; terminal.
     * CANCELLED  abort() was requested; the owner of RUNNING acts on it.
     * OUTCOME_CANCELLED  with COMPLETE: the task ended cancelled rather than with a value or failure.
     * OUTCOME_FAILED     with COMPLETE: `result` holds the failure (a Throwable) rather than the value.
     *
     * I1. Only the thread that set RUNNING touches `future`, `result` and the DRAINING bit.
     * I2. A task is in at most one run queue: it is queued only by its spawner (it is born NOTIFIED), by the
     *     wake() that sets NOTIFIED on a task that is neither RUNNING nor NOTIFIED, or by the runner when it
     *     clears RUNNING while NOTIFIED is set (reschedule). abort() never queues: it marks a queued or running
     *     task CANCELLED and cancels an idle one in place.
     * I3. wake() on a RUNNING task only sets NOTIFIED; the runner sees it when its poll returns Pending and
     *     requeues the task (no lost wake-up, no double poll).
     * I4. `result` is written before the CAS that sets COMPLETE (and OUTCOME_FAILED when it is a failure);
     *     readers check COMPLETE with an acquire load first. One field for both saves a reference per task.
     * I5. The join waker is registered by the JoinHandle owner, then COMPLETE is re-checked; the completer
     *     sets COMPLETE, then reads the join waker. Both sides use volatile accesses, so at least one of them
     *     sees the other (Dekker), and the joiner is never left unwoken.
     * I6. onComplete() is called exactly once, by the thread whose CAS set COMPLETE.
     * I7. A thread-backed task (Tasks.spawnAsync) is born RUNNING and owned by its own virtual thread, which
     *     completes it; it is never queued or polled. abort() sets CANCELLED and calls onAbortRequested() (the
     *     subclass interrupts that thread); the task completes (cancelled) only when the body has unwound.
     * I8. Unobserved failures. A task that ends with a failure (OUTCOME_FAILED) while nobody has registered
     *     interest in its outcome is reported exactly once through TaskScheduler.onUnobservedFailure. "Interest"
     *     is a join waker present when the completer takes it (I5: a JoinHandle or JoinSet that polled for the
     *     outcome and was not detached since). So the failure is reported when: the task completes failed with no
     *     join waker registered (a handle never polled, detached, or polled only later), or the handle is
     *     detached after the task completed failed and before anyone took the failure. FAILURE_HANDLED is
     *     claimed by an atomic OR (report) or set by takeFailure (observed): the first wins, so a failure is reported at
     *     most once, and not at all once taken through the handle. A failure reported because nobody waited
     *     can still be taken through the handle later (it is then both reported and observed, as in Tokio,
     *     whose panic hook runs whether or not the JoinHandle is awaited later).
     *     FAILURE_TAKEN records the second case (takeFailure handed the failure to a joiner), so the test kit can
     *     tell a failure that was reported but then awaited from one nobody ever saw.
     * I9. A task refused by a closed run queue (InjectQueue I3) is still NOTIFIED and owned by the refused
     *     pusher, who runs its cancellation in place (cancelRejected): abort sets CANCELLED, run() then cancels.
     * I10. Diagnostics (the task dump). `diag` holds either the wait record of the last poll (null, one resource,
     *     or Waits.SEVERAL), cleared by the next poll when set, or a TaskDiag attached by the spawner before the
     *     task is published (runtime built with diagnostics, or a named task), which then holds the record, the
     *     poll times and the spawn site. It is written by the thread that polls the task (recordWait runs inside
     *     poll) and read racily by dumps (Waits I1). A field of its own, not shared with `result`: a waker can be
     *     used to poll on another thread (Handle.newContext), and a stray record must never overwrite an outcome;
     *     at worst it garbles the record. It makes the task 64 bytes instead of 56.
     *     On a thread that keeps a scratch record (WaitScratch: the multi-thread workers), a poll that starts with
     *     a record (and no TaskDiag) collects its new record in the thread and writes `diag` once at its end, only
     *     when the record changed (a poll that starts with none records directly: its first write is needed).
     *     `diag` shares a cache line with `state`, which wakers on other threads CAS during the poll, so the
     *     steady state of a loop that waits on the same resources every poll writes nothing to the task.
     *     Elsewhere (the current-thread flavour, a spare, a context made by Handle.newContext) the poll clears
     *     `diag` first and each registration merges into it, as before.
     * I11. `result` holds the body's own failure: an AsyncException wrapping a checked exception (what a future
     *     throws from poll for it) is unwrapped in finish() (bodyFailure), so both spawn paths report the same.
     * I12. The flags DRAINING, DETACHED, FAILURE_HANDLED and FAILURE_TAKEN are bits of `state`, not fields of
     *     their own (four boolean fields made the task 64 bytes instead of 56). Every transition preserves them:
     *     the CAS loops compute the next state from the one they read (finish keeps FLAGS), and the flags are
     *     set and cleared with atomic bitwise RMWs (getAndBitwiseOr/And), never with a plain store, so a flag
     *     never overwrites a concurrent wake-up or abort and vice versa. DRAINING is still written only by the
     *     thread holding RUNNING (I1); the RMW is for the other threads' CASes on the same word.
     *
     * Transitions (all CAS loops on `state`):
     *   wake:    idle -> NOTIFIED (+queue) | RUNNING -> RUNNING|NOTIFIED | otherwise no-op
     *   run:     NOTIFIED[|CANCELLED] -> RUNNING[|CANCELLED] (then polls, or cancels when CANCELLED)
     *   pending: RUNNING -> idle | RUNNING|NOTIFIED -> NOTIFIED (+requeue)
     *   abort:   idle -> RUNNING|CANCELLED (the aborting thread cancels in place)
     *            RUNNING or NOTIFIED -> +CANCELLED (the runner cancels)
     *   finish:  RUNNING[|CANCELLED] -> COMPLETE [|OUTCOME_CANCELLED | OUTCOME_FAILED] (CANCELLED is kept: an
     *            abort requested while the last poll returned Ready does not change the outcome)
     *
     * The flag bits (I12): DRAINING (I1: cancel() was called on a Draining future that has not finished
     * unwinding; the task stays CANCELLED and idle between drain polls), DETACHED (the JoinHandle gave up
     * interest), FAILURE_HANDLED and FAILURE_TAKEN (I8).
     */
    public static final int NOTIFIED = 1;
    public static final int RUNNING = 2;
    public static final int COMPLETE = 4;
    public static final int CANCELLED = 8;
    public static final int OUTCOME_CANCELLED = 16;
    public static final int OUTCOME_FAILED = 32;
    /** I1, I12: cancel() was called and the future is Draining (it has not finished unwinding). */
    static final int DRAINING = 64;
    /** I12: the JoinHandle gave up interest (detachHandle); read for unobserved-failure reports (I8). */
    static final int DETACHED = 128;
    /** I8, I12: the failure was reported or taken through the handle. */
    static final int FAILURE_HANDLED = 256;
    /** I8, I12: the failure was handed to a joiner by takeFailure (read by the test kit through LiveTasks). */
    static final int FAILURE_TAKEN = 512;
    /** I12: the flags every transition keeps. */
    private static final int FLAGS = DRAINING | DETACHED | FAILURE_HANDLED | FAILURE_TAKEN;

    private static final VarHandle STATE;
    private static final VarHandle JOIN_WAKER;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            STATE = l.findVarHandle(Task.class, "state", int.class);
            JOIN_WAKER = l.findVarHandle(Task.class, "joinWaker", Waker.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final TaskScheduler scheduler;
    private final long id;
    @SuppressWarnings("unused")
    private volatile int state;
    private Future<T> future; // I1
    /** The value, or the failure when OUTCOME_FAILED is set (I4). */
    private Object result;
    /** Written by the JoinHandle owner, read by the completer (I5). */
    @SuppressWarnings("unused")
    private volatile Waker joinWaker;
    /** Intrusive links, owned by the scheduler: run-queue link, and the live-task registry links. */
    public Task<?> queueNext;
    public Task<?> ownedPrev;
    public Task<?> ownedNext;
    /** I10: the last poll's wait record, or this task's TaskDiag; plain, read racily by dumps. */
    private Object diag;

    /** Creates a task in the NOTIFIED state, ready to be queued by the spawner. */
    public Task(TaskScheduler scheduler, Future<T> future, long id) {
        this.scheduler = scheduler;
        this.future = future;
        this.id = id;
        STATE.setRelease(this, NOTIFIED);
    }

    /**
     * Creates a thread-backed task (I7): RUNNING from the start, owned by a thread of its own that completes it
     * with {@link #completeExternally}; never queued. The subclass overrides {@link #onAbortRequested()}.
     */
    protected Task(TaskScheduler scheduler, long id) {
        this.scheduler = scheduler;
        this.future = null;
        this.id = id;
        STATE.setRelease(this, RUNNING);
    }

    /**
     * I7: called once by {@link #abort()} on a thread-backed task (RUNNING, owned by its thread) after CANCELLED
     * was set; the subclass interrupts its thread. Poll-based tasks never get here with anything to do.
     */
    protected void onAbortRequested() {}

    /**
     * I7: the owning thread of a thread-backed task reports its outcome (value, or failure, or cancelled when
     * {@code failure} is non-null and an abort was requested).
     */
    public void completeExternally(T v, Throwable failure) {
        boolean aborted = ((int) STATE.getVolatile(this) & CANCELLED) != 0;
        if (failure != null && aborted) finish(null, null, true);
        else finish(v, failure, false);
    }

    /** The task's id as a number ({@link JoinHandle#id()} wraps it). */
    public long taskId() {
        return id;
    }

    /**
     * The failure as the task's body threw it: an {@link AsyncException} wrapping a checked exception (what an
     * async block throws from {@code poll}) is unwrapped, so JoinError.Failed carries the body's own exception
     * whichever way the body was spawned (spawnAsync, spawn(Async.async(..)), spawnBlocking).
     */
    static Throwable bodyFailure(Throwable t) {
        if (t instanceof AsyncException a) {
            Throwable c = a.getCause();
            if (c != null && !(c instanceof RuntimeException) && !(c instanceof Error)) return c;
        }
        return t;
    }

    /** The state word (acquire). */
    public int stateAcquire() {
        return (int) STATE.getAcquire(this);
    }

    /** True once abort() was requested (a volatile read: it may complete a Dekker pair with abort's CAS). */
    public boolean isCancelRequested() {
        return ((int) STATE.getVolatile(this) & CANCELLED) != 0;
    }

    public boolean isComplete() {
        return (stateAcquire() & COMPLETE) != 0;
    }

    // ---------------------------------------------------------------- waking

    @Override
    public void wake() {
        for (;;) {
            int s = (int) STATE.getVolatile(this);
            if ((s & (COMPLETE | NOTIFIED)) != 0) return;
            if (STATE.compareAndSet(this, s, s | NOTIFIED)) {
                if ((s & RUNNING) == 0) scheduler.schedule(this); // I2
                return; // I3: the runner requeues
            }
        }
    }

    // ---------------------------------------------------------------- running

    /**
     * Polls the task once (or acts on a pending abort); called by a worker that took the task from a queue.
     *
     * @param cx the worker's context, already reset with this task as waker and a fresh budget
     */
    public void run(Context cx) {
        int s;
        for (;;) {
            s = (int) STATE.getVolatile(this);
            if ((s & (COMPLETE | RUNNING)) != 0 || (s & NOTIFIED) == 0) return; // not ours to run (defensive)
            if (STATE.compareAndSet(this, s, (s & ~NOTIFIED) | RUNNING)) break;
        }
        if ((s & (CANCELLED | DRAINING)) != 0) {
            cancelOwned(cx);
            return;
        }
        Poll<T> p;
        try {
            p = pollFuture(cx);
        } catch (Throwable t) {
            future = null;
            finish(null, t, false);
            return;
        }
        if (p instanceof Poll.Ready<T> r) {
            future = null;
            finish(r.value(), null, false);
            return;
        }
        afterPending(cx);
    }

    /** Polls the future; the wait record of this poll replaces the last one (I10); with a TaskDiag, tracks the poll. */
    private Poll<T> pollFuture(Context cx) {
        Object d = diag; // I10
        if (d == null) return future.poll(cx); // nothing to replace: a first record is written directly
        if (!(d instanceof TaskDiag td)) {
            if (Thread.currentThread() instanceof WaitScratch ws) { // I10: the record collects in the thread
                ws.beginWaitRecord(this);
                try {
                    return future.poll(cx);
                } finally {
                    Object r = ws.endWaitRecord();
                    if (r != diag) diag = r; // written only when it changed
                }
            }
            diag = null;
            return future.poll(cx);
        }
        Object prevOwner = td.beginPoll(this);
        try {
            return future.poll(cx);
        } finally {
            td.endPoll(prevOwner);
        }
    }

    /** RUNNING -> idle, or requeue when woken meanwhile, or cancel when aborted meanwhile. */
    private void afterPending(Context cx) {
        for (;;) {
            int s = (int) STATE.getVolatile(this);
            if ((s & CANCELLED) != 0) {
                cancelOwned(cx);
                return;
            }
            if ((s & NOTIFIED) != 0) {
                if (STATE.compareAndSet(this, s, s & ~RUNNING)) {
                    scheduler.reschedule(this);
                    return;
                }
            } else if (STATE.compareAndSet(this, s, s & ~RUNNING)) {
                return;
            }
        }
    }

    /** With RUNNING held: cancel the future (once), drain it if needed, then finish as cancelled. */
    private void cancelOwned(Context cx) {
        Future<T> f = future;
        boolean draining = ((int) STATE.getVolatile(this) & DRAINING) != 0;
        if (!draining) {
            if (f != null) {
                try {
                    f.cancel();
                } catch (Throwable t) {
                    Logging.userHookFailed("Future.cancel() of task " + id, t);
                }
            }
            if (f instanceof Draining) {
                draining = true;
                STATE.getAndBitwiseOr(this, DRAINING); // I12
            }
        }
        if (draining) {
            Poll<Void> d;
            try {
                d = ((Draining) f).pollDrained(cx);
            } catch (Throwable t) {
                d = Poll.ready(null);
            }
            if (d.isPending()) {
                // wait for the thread to unwind; stay cancelled, go idle until woken
                for (;;) {
                    int s = (int) STATE.getVolatile(this);
                    if ((s & NOTIFIED) != 0) {
                        if (STATE.compareAndSet(this, s, s & ~RUNNING)) {
                            scheduler.reschedule(this);
                            return;
                        }
                    } else if (STATE.compareAndSet(this, s, s & ~RUNNING)) {
                        return;
                    }
                }
            }
        }
        future = null;
        if (draining) STATE.getAndBitwiseAnd(this, ~DRAINING); // I12
        finish(null, null, true);
    }

    private void finish(T v, Throwable error, boolean cancelled) {
        error = bodyFailure(error);
        result = error != null ? error : v;
        int outcome = cancelled ? OUTCOME_CANCELLED : error != null ? OUTCOME_FAILED : 0;
        for (;;) {
            int s = (int) STATE.getVolatile(this);
            int next = COMPLETE | (s & (CANCELLED | FLAGS)) | outcome; // I12: the flags stay
            if (STATE.compareAndSet(this, s, next)) break; // I4, I6
        }
        scheduler.onComplete(this); // before the joiner runs: it may count live tasks right away
        Waker w = (Waker) JOIN_WAKER.getAndSet(this, (Waker) null); // I5
        if (w != null) {
            try {
                w.wake();
            } catch (Throwable t) { // a throwing join waker must not take the completing worker down
                Logging.userHookFailed("join waker of task " + id, t);
            }
        } else if (error != null) {
            reportUnobserved(error); // I8: nobody registered interest
        }
    }

    /** I8: reports {@code error} unless it was reported or taken already. */
    private void reportUnobserved(Throwable error) {
        if (((int) STATE.getAndBitwiseOr(this, FAILURE_HANDLED) & FAILURE_HANDLED) != 0) return; // I8, I12
        try {
            scheduler.onUnobservedFailure(this, error);
        } catch (Throwable t) {
            Logging.userHookFailed("the unobserved-failure report of task " + id, t);
        }
    }

    /**
     * I9: this task was refused by a closed run queue, so it will never run there; the caller, which holds it
     * (NOTIFIED, not RUNNING), cancels it on its own thread.
     */
    public void cancelRejected() {
        abort(); // NOTIFIED: only marks CANCELLED
        run(Contexts.create(this, Context.UNCONSTRAINED, scheduler.ambient()));
    }

    // ---------------------------------------------------------------- abort

    /**
     * Requests cancellation. An idle task is cancelled on the calling thread at once; a queued or running one
     * is cancelled by the worker that owns it next.
     *
     * @param cx a context for draining when cancelled in place (may be a fresh one with this task as waker)
     */
    @Override
    public void abort() {
        for (;;) {
            int s = (int) STATE.getVolatile(this);
            if ((s & (COMPLETE | CANCELLED)) != 0) return;
            if ((s & (RUNNING | NOTIFIED)) != 0) {
                if (STATE.compareAndSet(this, s, s | CANCELLED)) {
                    onAbortRequested(); // I7: a thread-backed task is cancelled by interrupting its thread
                    return;
                }
            } else if (STATE.compareAndSet(this, s, s | CANCELLED | RUNNING)) {
                cancelOwned(Contexts.create(this, Context.UNCONSTRAINED, scheduler.ambient()));
                return;
            }
        }
    }

    // ---------------------------------------------------------------- joining

    /**
     * Registers the joiner's waker, then re-checks completion (I5). Returns true when the task is complete.
     */
    public boolean registerJoinWaker(Waker w) {
        if (isComplete()) return true;
        JOIN_WAKER.setVolatile(this, w);
        // I5: a volatile (not merely acquire) re-read, so it cannot move before the volatile store above
        return ((int) STATE.getVolatile(this) & COMPLETE) != 0;
    }

    /** True once {@link #detachHandle()} was called (the handle's detached flag). */
    public boolean isDetached() {
        return ((int) STATE.getVolatile(this) & DETACHED) != 0;
    }

    /** The joiner lost interest (its handle future was cancelled): the task runs on, detached. */
    public void detachHandle() {
        JOIN_WAKER.setVolatile(this, (Waker) null);
        int s = (int) STATE.getAndBitwiseOr(this, DETACHED); // I12; the state as it was, COMPLETE included
        if ((s & COMPLETE) != 0 && (s & OUTCOME_FAILED) != 0) reportUnobserved((Throwable) result); // I8
    }

    /** After COMPLETE: true when the task ended cancelled. */
    public boolean outcomeCancelled() {
        return (stateAcquire() & OUTCOME_CANCELLED) != 0;
    }

    /** After COMPLETE: true when the task ended failed (does not mark the failure observed). */
    public boolean outcomeFailed() {
        return (stateAcquire() & OUTCOME_FAILED) != 0;
    }

    /** After COMPLETE: the failure, or null. Marks it observed. */
    public Throwable takeFailure() {
        int s = stateAcquire();
        if ((s & OUTCOME_FAILED) == 0) {
            // I8: a successful join: nothing to mark (only a failed outcome is ever reported)
            return null;
        }
        STATE.getAndBitwiseOr(this, FAILURE_HANDLED | FAILURE_TAKEN); // I8, I12: observed, and by a joiner
        return (Throwable) result;
    }

    /** I8: true once {@link #takeFailure()} handed this task's failure to a joiner. */
    public boolean isFailureTaken() {
        return (stateAcquire() & FAILURE_TAKEN) != 0;
    }

    /** After COMPLETE: the value (null when the task failed or was cancelled). */
    @SuppressWarnings("unchecked")
    public T value() {
        return (stateAcquire() & OUTCOME_FAILED) != 0 ? null : (T) result;
    }

    /**
     * What the task runs, for diagnostics (the JFR long-poll event, blocking reports): the future's class name, or
     * "-" once the future was released. Read by the thread about to poll the task (the future's owner, I1), or
     * racily by the blocking watchdog while the task is in a poll: a reference read never tears, and the
     * watchdog's acquire of the worker's `current` orders it after the spawn that wrote the field; the worst it
     * sees is the null written when the poll completed the task ("-").
     */
    public String futureName() {
        Future<T> f = future;
        return f == null ? "-" : f.getClass().getName();
    }

    // ---------------------------------------------------------------- diagnostics (I10)

    /** Attaches the diagnostics record; called by the spawner before the task is published (I10). */
    public void attachDiag(TaskDiag d) {
        this.diag = d;
    }

    /** This task's diagnostics record, or null (read racily by dumps, I10). */
    public TaskDiag diagRecord() {
        return diag instanceof TaskDiag td ? td : null;
    }

    /** I10: called by {@code Waits.record} on the polling thread while this task is polled. */
    @Override
    public void recordWait(Object resource) {
        Object d = diag;
        if (d instanceof TaskDiag td) td.waits = Waits.merge(td.waits, resource, true);
        else if (Thread.currentThread() instanceof WaitScratch ws && ws.waitRecordOwner() == this) ws.addWait(resource);
        else diag = Waits.merge(d, resource, false);
    }

    /** I10: the last poll's wait record; meaningful only while the task is live and idle (read racily). */
    @Override
    public Object recordedWaits() {
        Object d = diag;
        return d instanceof TaskDiag td ? td.waits : d;
    }

    /** The future this task polls, read racily for a dump (null once released, or for a thread-backed task). */
    public Object futureForDiagnostics() {
        return future;
    }

    @Override
    public String toString() {
        int s = stateAcquire();
        return "Task[" + id + ((s & ~FLAGS) == 0 ? " idle" : "") + ((s & NOTIFIED) != 0 ? " notified" : "")
                + ((s & RUNNING) != 0 ? " running" : "") + ((s & COMPLETE) != 0 ? " complete" : "")
                + ((s & CANCELLED) != 0 ? " cancel-requested" : "") + "]";
    }
}
