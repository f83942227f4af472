package dev.weft.internal.scheduler;

import dev.weft.future.Context;
import dev.weft.internal.context.ThreadContext;
import dev.weft.internal.future.Contexts;
import dev.weft.internal.task.Logging;
import dev.weft.internal.task.Task;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A short-lived thread that keeps a blocked worker's tasks running ({@code WeftRuntime.Builder.compensateBlocking}):
 * while the worker is stuck in one poll, the spare takes the tasks queued on it (its LIFO slot and local queue)
 * and the injection queue, and polls them; it retires as soon as the worker's poll returns.
 */
final class SpareWorker implements Runnable, BlockingWatchdog.Target {
    /*
     * Implementation notes
     *
     * The anchors hand the blocked thread's run queue to another thread: Go's sysmon retakes the P of a thread
     * stuck in a syscall and gives it to another M; Cats Effect's `blocking` hands the worker's local queue to
     * a fresh worker thread. Both can do it because the blocked thread cooperates (it entered the syscall, or
     * called `blocking`). A Weft worker stuck in poll() does not cooperate: it may still push to its own queue
     * while "blocked" (a long loop that wakes tasks fills its LIFO slot, and its queue when the slot was full)
     * and it will push again as soon as the poll returns (a reschedule, a LIFO displacement). Taking over its
     * queue would need a check on every push of the hot path. So the spare takes NO ownership: it is one more
     * stealer that targets the blocked worker first, using only operations that stealers already use.
     *
     * I1. The spare never writes to the blocked worker's `queue` or `lifo` slot. It takes from them only with
     *     LocalQueue.stealInto (the stealer side: LocalQueue I1-I3 hold with the worker still their only
     *     pusher) and the LIFO slot's getAndSet (Worker I2: every task taken out of the slot is taken exactly
     *     once, whoever takes it). The slot is taken even when the runtime does not make LIFO slots stealable:
     *     that setting keeps ping-pong pairs on one warm worker; a stuck worker runs nothing.
     * I2. The spare owns its own LocalQueue `queue`: it is its only pusher (as the destination of stealInto) and
     *     its only popper; nobody steals from it (it is not in `workers`). A task stolen into it is polled by the
     *     spare or handed back (I4), never both.
     * I3. Task I2 (a task is in at most one run queue) and Task.run's NOTIFIED check make every take here a
     *     take of a task nobody else holds: the spare polls a task exactly when a worker would have.
     * I4. Retirement: before every take the spare checks that the blocked worker is still in the same poll
     *     (same poll count, a poll in progress: BlockingWatchdog I2). Once not, it stops taking and hands every
     *     task left in its own queue to the injection queue, then notifies a parked worker. A push refused by a
     *     closed injection queue (the runtime stopped) is cancelled by the spare itself (InjectQueue I3). So a
     *     task stolen by the spare ends polled, handed back, or cancelled: never stranded in a queue nobody
     *     serves.
     * I5. Stop: the loop also ends on stopRequested, and the hand-back of I4 runs; the stopping thread joins the
     *     spares it knows of after the workers (MultiThreadScheduler I4). A spare started while the stop began
     *     (BlockingWatchdog I7) takes nothing, or hands back what it took: I4 either way.
     * I6. Wake-ups: the spare's thread is not a WorkerThread, so tasks its polls wake go to the injection queue
     *     followed by notifyParked (MultiThreadScheduler I1, "any other wake-up"); a yield too. Scheduler.current()
     *     finds the runtime through the ambient installed on the thread, and await() is refused on it (marked
     *     non-blocking), as on a worker. No task runs on a worker and a spare at once (Task I1).
     * I7. Parking: Idle does not count the spare, so no notification targets it. When it finds nothing it parks
     *     for at most PARK_NANOS, in the driver when the driver is free (timers and I/O keep firing when the
     *     blocked worker is the only one), then looks again; busy, it polls the driver every EVENT_INTERVAL
     *     polls as workers do. This bounded polling lasts only while an episode lasts (>= the threshold).
     *     The workers rely on "whoever holds the driver parks again later" (a worker that finds the driver held
     *     parks on its thread, trusting the holder to keep driving): a spare breaks that when it retires. So on
     *     retiring, after its last release of the driver, it unparks every worker (Parker I1: none is lost); a
     *     parked worker with nothing to do parks again and, the driver being free, parks in it. Without this a
     *     one-worker runtime whose worker parked while the spare held the driver never fired a timer again.
     * I8. One spare per reported episode of a worker. The spare of an episode that just ended may still be
     *     finishing a poll when the worker's next episode gets its own spare: both only steal (I1), so two at once
     *     are as safe as two stealers. Its poll counter and `currentId` follow BlockingWatchdog I1, so the
     *     watchdog reports a spare stuck in a poll of its own; it starts no spare for a spare.
     */
    static final long PARK_NANOS = 1_000_000L;

    private static final VarHandle POLLS;
    private static final VarHandle CURRENT;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            POLLS = l.findVarHandle(SpareWorker.class, "polls", long.class);
            CURRENT = l.findVarHandle(SpareWorker.class, "currentId", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final MultiThreadScheduler shared;
    private final Worker blocked;
    /** The blocked worker's poll count in the poll it is stuck in (I4). */
    private final long episode;
    /** I2: owned by the spare's thread. */
    final LocalQueue queue;
    private final Parker parker;
    private final Context cx;
    private final Thread thread;
    private int tick;
    /** I8: written by the spare's thread (opaque / release), read by the watchdog. */
    private long polls;
    @SuppressWarnings("unused")
    private long currentId;
    /** Set by the spare's thread last thing; read by the watchdog to stop watching it. */
    private volatile boolean retired;

    SpareWorker(MultiThreadScheduler shared, Worker blocked, long episode, Parker parker) {
        this.shared = shared;
        this.blocked = blocked;
        this.episode = episode;
        this.queue = new LocalQueue(blocked.queue.capacity());
        this.parker = parker;
        this.cx = Contexts.create(dev.weft.future.Waker.noop(), Context.DEFAULT_BUDGET, shared.ambient());
        this.thread = new Thread(this, shared.name() + "-spare-" + blocked.index);
        thread.setDaemon(true);
        parker.bind(thread);
    }

    void start() {
        thread.start();
    }

    Thread thread() {
        return thread;
    }

    String threadName() {
        return thread.getName();
    }

    /** True once the spare has handed back its tasks and its thread is about to end. */
    boolean isRetired() {
        return retired;
    }

    @Override
    public long pollCountOpaque() {
        return (long) POLLS.getOpaque(this);
    }

    @Override
    public long pollingIdAcquire() {
        return (long) CURRENT.getAcquire(this);
    }

    @Override
    public Object pollingRacy() {
        return cx.waker();
    }

    @Override
    public Thread watchedThread() {
        return thread;
    }

    @Override
    public String describe() {
        return "spare thread for worker " + blocked.index;
    }

    /** I4: the blocked worker is still inside the poll this spare compensates for. */
    private boolean stillBlocked() {
        return blocked.pollingIdAcquire() != BlockingWatchdog.NONE && blocked.pollCountOpaque() == episode;
    }

    @Override
    public void run() {
        String prevMark = ThreadContext.setNonBlocking("the Weft runtime '" + shared.name() + "' (a spare thread)");
        dev.weft.internal.context.Ambient prevAmbient = ThreadContext.setAmbient(shared.ambient()); // I6
        try {
            loop();
        } finally {
            try {
                handBack(); // I4, I5
            } finally {
                for (Worker w : shared.workers) w.parker.unpark(); // I7: someone must take the driver again
                ThreadContext.setAmbient(prevAmbient);
                ThreadContext.setNonBlocking(prevMark);
                retired = true;
                shared.spareRetired(this);
            }
        }
    }

    private void loop() {
        while (!shared.isStopRequested() && stillBlocked()) {
            try {
                tick++;
                if (tick % Worker.EVENT_INTERVAL == 0) parker.pollDriver();
                Task<?> t = next();
                if (t != null) {
                    poll(t);
                    continue;
                }
                Thread.interrupted(); // Worker I6: a set flag would make the park return at once
                parker.park(PARK_NANOS); // I7
            } catch (Throwable e) { // as Worker I7: log, carry on
                CURRENT.setOpaque(this, 0L);
                Logging.userHookFailed("an engine step of " + threadName(), e);
            }
        }
    }

    /** Own queue, the blocked worker's LIFO slot, its queue, the injection queue (fairness: that first, every 61). */
    private Task<?> next() {
        InjectQueue inject = shared.inject;
        if (tick % Worker.GLOBAL_QUEUE_INTERVAL == 0) {
            Task<?> t = inject.pop();
            if (t != null) return t;
        }
        Task<?> t = queue.pop();
        if (t != null) return t;
        t = blocked.stealLifo(); // I1
        if (t != null) return t;
        t = blocked.queue.stealInto(queue); // I1, I2
        if (t != null) return t;
        return inject.pop();
    }

    private void poll(Task<?> t) {
        Contexts.reset(cx, t, Context.DEFAULT_BUDGET);
        POLLS.setOpaque(this, polls + 1);
        CURRENT.setRelease(this, t.taskId()); // I8, BlockingWatchdog I2
        try {
            t.run(cx); // Task.run catches everything the future throws
        } finally {
            CURRENT.setOpaque(this, 0L);
            shared.sparePolled();
        }
        Thread.interrupted(); // Worker I6
    }

    /** I4: every task still in the spare's queue goes to the injection queue, or is cancelled when refused. */
    private void handBack() {
        InjectQueue inject = shared.inject;
        boolean pushed = false;
        for (Task<?> t; (t = queue.pop()) != null; ) {
            if (inject.push(t)) pushed = true;
            else t.cancelRejected(); // InjectQueue I3: the runtime stopped
        }
        if (pushed) shared.notifyParked();
    }
}
