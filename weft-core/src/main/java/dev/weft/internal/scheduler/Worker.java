package dev.weft.internal.scheduler;

import dev.weft.internal.jfr.WeftEvents;

import dev.weft.future.Context;
import dev.weft.internal.context.ThreadContext;
import dev.weft.internal.future.Contexts;
import dev.weft.internal.task.Logging;
import dev.weft.internal.task.Task;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.ThreadLocalRandom;

/**
 * One worker of the multi-thread scheduler: its run queue, its LIFO slot, its parker, and the loop that runs
 * tasks, steals and parks.
 */
final class Worker implements Runnable, BlockingWatchdog.Target {
    /*
     * Implementation notes
     *
     * The loop of Tokio's multi_thread/worker.rs:
     *   every GLOBAL_QUEUE_INTERVAL (61) ticks take from the injection queue first (fairness), else
     *   LIFO-run chain -> local queue -> a batch from the injection queue -> steal (as a searching worker)
     *   -> park. Every EVENT_INTERVAL ticks the driver is polled without waiting (timers and I/O fire even
     *   when every worker is busy).
     *
     * The LIFO slot holds the task most recently woken by the task running on this worker (message-passing
     * latency: the receiver runs next, on a warm cache). Unlike Tokio, other workers may steal it (an atomic
     * getAndSet), so a worker stuck in a long poll cannot strand the task it woke (tokio#7431 / #8100).
     * MAX_LIFO_POLLS bounds the LIFO chain so two tasks ping-ponging cannot starve the queue.
     *
     * I1. Only this worker's thread pushes to `queue`, reads `polling`, `searching`, `tick`, `cx`.
     * I2. `lifo` is written by the owner (getAndSet when scheduling, getAndSet when taking) and by stealers
     *     (getAndSet null); each task taken out of it is taken exactly once.
     * I3. A worker parks only after re-checking, as the last searcher, that no queue has work (Idle I3).
     * I4. A worker leaving park() knows whether Idle counts it as searching: a notification that chose it counted it
     *     (Idle I2), its own unparkSelf() did not. A worker that wakes by itself (driver event) races a notification
     *     for its place on the sleepers list, so it takes unparkSelf()'s answer, never an earlier isParked(): a worker
     *     counted as searching that believes it is not leaves Idle's searching count one too high for ever, and
     *     with it no notification is ever sent again (the lost wake-up IdleAccountingStressTest catches).
     * I5. While this worker's thread runs the driver (parked in it, or polling it between tasks), the tasks that
     *     timers and I/O readiness wake go to this worker's local queue without a notification each (Tokio keeps
     *     the core in the context during park for the same reason): one futex wake per readiness event was the
     *     largest cost of the echo benchmark. When the driver returns, the worker notifies one parked worker
     *     if it now holds more than one task, so the others steal the surplus.
     * I6. The worker thread's interrupt flag belongs to the runtime, not to a task: a task that sets it (a poll
     *     calling Thread.currentThread().interrupt(), or a library doing so) must neither make the next task on
     *     this thread see it (its NIO channel operations would close with ClosedByInterruptException) nor keep
     *     the idle worker from parking (LockSupport.park, the thread park and Selector.select all return at once
     *     while it is set: the worker would spin on a core). So the flag is cleared after every poll and before
     *     every park, and not restored: no task owns this thread, so there is nobody to restore it for (Tokio
     *     has no equivalent; cancel a task with abort(), never by interrupting a worker).
     * I7. Nothing escapes the loop: tasks catch what their futures throw (Task.run), drivers and Parker contain
     *     throwing wakers, and whatever still escapes one iteration (an Error from deep inside the engine) is
     *     logged and the loop goes on, so a worker thread never dies while the runtime runs (a dead worker would
     *     strand its queue and, if it held the driver, stop timers and I/O).
     * I8. The spin before parking adapts to whether spinning pays: its rounds double (up to SPIN_ROUNDS) after
     *     a spin that found work and halve (down to MIN_SPIN_ROUNDS) after one that did not. It only decides how
     *     long the worker looks before it parks; I3's re-check still runs before every park.
     * Stop: the worker leaves its loop when stopRequested, then cancels everything in its local queue and LIFO
     * slot (drainOnStop). It polls them with `polling` false, so tasks their cancellation wakes go to the
     * injection queue, which the stopping thread drains after joining the workers (MultiThreadScheduler I3).
     * Counters (polls, steals, parks) are written by the owner only and read racily for metrics (opaque).
     * Blocking detection (BlockingWatchdog I1-I2): every poll bumps `polls` (opaque) and then stores the task's id
     * in `currentId` (release); `currentId` is cleared (opaque) when the LIFO chain ends. These two stores of longs
     * are the whole per-poll cost (no reference store, so no GC barrier), paid whether the watchdog runs or not. A spare (SpareWorker) only takes from `queue` and
     * `lifo` with the stealers' operations, so I1 and I2 are unchanged while one runs.
     */
    static final int GLOBAL_QUEUE_INTERVAL = 61;
    static final int EVENT_INTERVAL = 61;
    static final int MAX_LIFO_POLLS = 3;
    static final int MAX_INJECT_BATCH = 64;
    static final int SPIN_ROUNDS = 64;
    static final int MIN_SPIN_ROUNDS = 1;
    static final int SPIN_PAUSES = 32;

    private static final VarHandle LIFO;
    private static final VarHandle POLLS;
    private static final VarHandle STEALS;
    private static final VarHandle PARKS;
    private static final VarHandle CURRENT;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            LIFO = l.findVarHandle(Worker.class, "lifo", Task.class);
            POLLS = l.findVarHandle(Worker.class, "polls", long.class);
            STEALS = l.findVarHandle(Worker.class, "steals", long.class);
            PARKS = l.findVarHandle(Worker.class, "parks", long.class);
            CURRENT = l.findVarHandle(Worker.class, "currentId", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final MultiThreadScheduler shared;
    final int index;
    final LocalQueue queue;
    final Parker parker;
    private final Context cx;
    @SuppressWarnings("unused")
    private volatile Task<?> lifo;
    private boolean polling;
    /** True while this worker's thread runs the driver (I5). */
    private boolean driving;
    private boolean searching;
    private int tick;
    /** Rounds of the next spin before parking (I8), between MIN_SPIN_ROUNDS and SPIN_ROUNDS. */
    private int spinRounds = SPIN_ROUNDS;
    private long polls;
    private long steals;
    private long parks;
    /** Id of the task in poll, 0 between poll chains; owner writes, the watchdog reads (BlockingWatchdog I2). */
    @SuppressWarnings("unused")
    private long currentId;

    Worker(MultiThreadScheduler shared, int index, int queueCapacity, Parker parker) {
        this.shared = shared;
        this.index = index;
        this.queue = new LocalQueue(queueCapacity);
        this.parker = parker;
        this.cx = Contexts.create(dev.weft.future.Waker.noop(), Context.DEFAULT_BUDGET, shared.ambient());
    }

    MultiThreadScheduler scheduler() {
        return shared;
    }

    long pollsOpaque() {
        return (long) POLLS.getOpaque(this);
    }

    long stealsOpaque() {
        return (long) STEALS.getOpaque(this);
    }

    long parksOpaque() {
        return (long) PARKS.getOpaque(this);
    }

    @Override
    public long pollCountOpaque() {
        return (long) POLLS.getOpaque(this);
    }

    @Override
    public long pollingIdAcquire() {
        return (long) CURRENT.getAcquire(this); // pairs with the setRelease in poll()
    }

    @Override
    public Object pollingRacy() {
        return cx.waker(); // the task the context was last reset for (BlockingWatchdog I8)
    }

    @Override
    public Thread watchedThread() {
        return parker.thread();
    }

    @Override
    public String describe() {
        return "worker " + index;
    }

    /** True when the calling thread is this worker's and a task is being polled on it. */
    boolean isPollingOnThisThread() {
        return polling; // only meaningful on the owner thread (I1)
    }

    /** True when the calling thread is this worker's and it is running the driver (I5). */
    boolean isDrivingOnThisThread() {
        return driving; // only meaningful on the owner thread (I1)
    }

    /** Called on this worker's thread while it runs the driver: a task woken by a timer or I/O event (I5). */
    void scheduleFromDriver(Task<?> task) {
        queue.pushBack(task, shared.inject);
    }

    /** Runs the driver without waiting, if free; then shares the surplus it woke (I5). */
    private void pollDriver() {
        driving = true;
        boolean ran;
        try {
            ran = parker.pollDriver();
        } catch (Throwable e) { // I7: the driver layers contain wakers; anything else is logged, not fatal
            Logging.userHookFailed("the driver (polled by worker " + index + ")", e);
            ran = true;
        } finally {
            driving = false;
        }
        if (ran && !searching && queue.len() > 1) shared.notifyParked();
    }

    @Override
    public void run() {
        ThreadContext.setNonBlocking("the Weft runtime '" + shared.name() + "'");
        try {
            loop();
        } finally {
            ThreadContext.setNonBlocking(null);
        }
    }

    private void loop() {
        while (!shared.isStopRequested()) {
            try {
                tick++;
                if (tick % EVENT_INTERVAL == 0) pollDriver();
                Task<?> t = nextTask();
                if (t == null) t = stealWork();
                if (t != null) {
                    runTask(t);
                    continue;
                }
                park();
            } catch (Throwable e) { // I7
                polling = false;
                CURRENT.setOpaque(this, 0L);
                driving = false;
                Logging.userHookFailed("an engine step of worker " + index + " of runtime '" + shared.name()
                        + "'", e);
            }
        }
        drainOnStop();
    }

    private Task<?> nextTask() {
        InjectQueue inject = shared.inject;
        if (tick % GLOBAL_QUEUE_INTERVAL == 0) {
            Task<?> t = inject.pop();
            if (t != null) return t;
        }
        Task<?> t = queue.pop();
        if (t != null) return t;
        if (inject.isEmpty()) return null;
        int room = queue.capacity() - queue.len();
        int n = Math.min(Math.min(inject.len() / shared.workers.length + 1, room), MAX_INJECT_BATCH);
        Task<?> first = inject.popBatch(n);
        if (first == null) return null;
        Task<?> rest = first.queueNext;
        first.queueNext = null;
        while (rest != null) {
            Task<?> next = rest.queueNext;
            rest.queueNext = null;
            queue.pushBack(rest, inject);
            rest = next;
        }
        return first;
    }

    private void runTask(Task<?> t) {
        if (searching) {
            searching = false;
            if (shared.idle.stopSearching()) shared.notifyParked(); // keep one searcher while work may exist
        }
        polling = true;
        try {
            poll(t);
            int lifoPolls = 0;
            for (;;) {
                Task<?> next = (Task<?>) LIFO.getAndSet(this, (Task<?>) null);
                if (next == null) break;
                if (++lifoPolls > MAX_LIFO_POLLS) {
                    // this worker runs it next from its queue; waking another worker here would only make the two
                    // ping-ponging tasks migrate (Tokio does not notify here either)
                    queue.pushBack(next, shared.inject);
                    break;
                }
                poll(next);
            }
        } finally {
            polling = false;
            CURRENT.setOpaque(this, 0L); // BlockingWatchdog I1: no poll in progress
        }
    }

    private void poll(Task<?> t) {
        Contexts.reset(cx, t, Context.DEFAULT_BUDGET);
        POLLS.setOpaque(this, polls + 1);
        CURRENT.setRelease(this, t.taskId()); // BlockingWatchdog I2: after the count; pairs with pollingIdAcquire()
        if (WeftEvents.longPollEnabled()) { // JFR on: time the poll (one branch when off)
            Object e = WeftEvents.longPollBegin();
            String what = t.futureName();
            t.run(cx); // Task.run catches everything the future throws
            WeftEvents.longPollEnd(e, shared.name(), t.taskId(), what);
        } else {
            t.run(cx); // Task.run catches everything the future throws
        }
        Thread.interrupted(); // I6: a flag the poll left set is nobody's
    }

    /** Called on this worker's thread while polling: a task woken by the running task. */
    void scheduleLocal(Task<?> task) {
        if (!shared.lifoEnabled) {
            queue.pushBack(task, shared.inject);
            shared.notifyParked();
            return;
        }
        Task<?> prev = (Task<?>) LIFO.getAndSet(this, task);
        if (prev != null) {
            queue.pushBack(prev, shared.inject);
            shared.notifyParked();
        }
    }

    /** Called on this worker's thread while polling: a task that yielded goes to the back. */
    void scheduleYield(Task<?> task) {
        queue.pushBack(task, shared.inject);
        shared.notifyParked();
    }

    /**
     * Another thread takes the LIFO task (I2): a worker when the slot is stealable, or the spare compensating for
     * this worker while it is stuck in one poll (SpareWorker I1), whatever the setting.
     */
    Task<?> stealLifo() {
        if ((Task<?>) LIFO.getOpaque(this) == null) return null;
        return (Task<?>) LIFO.getAndSet(this, (Task<?>) null);
    }

    /**
     * True when another worker could take work from this one: its queue, or its LIFO slot when stealable. A
     * task in a non-stealable LIFO slot is this worker's own (it fills the slot only while polling and runs it
     * next), so it must not keep an idle worker spinning or wake a parked one: with the slot busy in every
     * message-passing loop, counting it made the idle worker spin instead of park, taking CPU and cache lines
     * from the busy one.
     */
    boolean hasStealableWork() {
        return !queue.isEmpty() || (shared.stealableLifo && (Task<?>) LIFO.getOpaque(this) != null);
    }

    boolean hasWork() {
        return !queue.isEmpty() || (Task<?>) LIFO.getOpaque(this) != null;
    }

    private Task<?> stealWork() {
        if (!searching) {
            if (!shared.idle.tryStartSearching()) return null;
            searching = true;
        }
        Worker[] workers = shared.workers;
        int n = workers.length;
        int start = n > 1 ? ThreadLocalRandom.current().nextInt(n) : 0;
        for (int i = 0; i < n; i++) {
            Worker other = workers[(start + i) % n];
            if (other == this) continue;
            Task<?> t = other.queue.stealInto(queue);
            if (t == null && shared.stealableLifo) t = other.stealLifo();
            if (t != null) {
                STEALS.setOpaque(this, steals + 1);
                return t;
            }
        }
        return shared.inject.pop();
    }

    /**
     * Before parking, look for work a little longer: a park/unpark pair costs two futex calls (microseconds),
     * far more than a short spin when work arrives within that time, as it does in spawn-heavy loops. The spin
     * adapts (I8): it doubles after a spin that found work and halves after one that did not, so a worker whose
     * work arrives through the driver (an HTTP server: readiness, not a sibling's queue) stops taking the CPU
     * time the busy worker and the client need on a shared core.
     */
    private boolean spinForWork() {
        int rounds = spinRounds;
        for (int i = 0; i < rounds; i++) {
            if (shared.isStopRequested()) return false;
            if (shared.anyWork()) {
                spinRounds = adaptSpin(rounds, true);
                return true;
            }
            for (int k = 0; k < SPIN_PAUSES; k++) Thread.onSpinWait();
        }
        spinRounds = adaptSpin(rounds, false);
        return false;
    }

    /** I8: the rounds of the next spin after one of {@code rounds} that did or did not find work. */
    static int adaptSpin(int rounds, boolean foundWork) {
        return foundWork ? Math.min(SPIN_ROUNDS, rounds * 2) : Math.max(MIN_SPIN_ROUNDS, rounds >> 1);
    }

    private void park() {
        if (spinForWork()) return;
        boolean wasSearching = searching;
        searching = false;
        boolean lastSearcher = shared.idle.park(index, wasSearching);
        if (lastSearcher || wasSearching) {
            // I3: a task may have been queued between our last look and parking
            if (shared.anyWork()) shared.notifyParked();
        }
        PARKS.setOpaque(this, parks + 1);
        for (;;) {
            if (shared.isStopRequested()) {
                searching = !shared.idle.unparkSelf(index); // I4
                return;
            }
            Thread.interrupted(); // I6: an interrupt would make every park below return at once
            driving = true;
            Object parkEvent = WeftEvents.parkBegin();
            try {
                parker.park(-1);
            } catch (Throwable e) { // I7: keep parking; the driver is released (Parker I2)
                Logging.userHookFailed("the driver (parked in by worker " + index + ")", e);
            } finally {
                driving = false;
                WeftEvents.parkEnd(parkEvent, shared.name(), index);
            }
            if (shared.isStopRequested()) {
                searching = !shared.idle.unparkSelf(index); // I4
                return;
            }
            if (!shared.idle.isParked(index)) {
                searching = true; // chosen by a notification: counted as searching already (it notifies when it
                // stops searching, runTask)
                return;
            }
            if (!shared.inject.isEmpty() || hasWork()) {
                // I4: a notification may have chosen this worker since isParked() said otherwise
                searching = !shared.idle.unparkSelf(index);
                if (!searching && queue.len() > 1) shared.notifyParked(); // I5
                return;
            }
        }
    }

    /** Cancels what is left in the local queue and the LIFO slot (see Stop in the notes). */
    private void drainOnStop() {
        polling = false; // wake-ups from the cancellations go to the injection queue
        for (;;) {
            Task<?> t = queue.pop();
            if (t == null) t = (Task<?>) LIFO.getAndSet(this, (Task<?>) null);
            if (t == null) break;
            t.abort();
            try {
                poll(t);
            } catch (Throwable e) { // I7
                Logging.userHookFailed("cancelling " + t + " on stop", e);
            }
        }
        CURRENT.setOpaque(this, 0L);
    }
}
