package dev.weft.internal.scheduler;

import dev.weft.internal.jfr.WeftEvents;
import dev.weft.internal.task.Logging;
import dev.weft.internal.task.Task;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/**
 * Notices a thread of the runtime stuck in one poll past a threshold (a blocking call, a long loop, a wait on a
 * platform lock inside {@code poll()}) and reports it once per episode, with the task and the thread's stack;
 * optionally starts a {@link SpareWorker} that runs the stuck worker's queued tasks meanwhile.
 */
public final class BlockingWatchdog implements Runnable {
    /*
     * Implementation notes
     *
     * Go's sysmon (runtime/proc.go, retake): every P has a `schedtick` bumped per schedule; sysmon samples it,
     * and a P whose schedtick has not moved since a sample more than 10 ms ago is running one goroutine for too
     * long. Weft does the same with the poll counter its workers keep for metrics anyway, plus one reference
     * saying a poll is in progress, so the polling threads pay two plain stores per poll and never a
     * timestamp, a lock or a fence. Tokio never built this (tokio#6315).
     *
     * I1. Per poll, the polling thread (a Worker, the current-thread flavour's owner, a SpareWorker) writes two
     *     long fields it alone owns: the poll counter (opaque) and then `currentId` = the task's id (release;
     *     MAIN_FUTURE for the current-thread flavour's blockOn future). When its chain of polls ends it writes
     *     `currentId` = NONE (opaque). That is the whole cost on the hot path, paid whether the watchdog runs or
     *     not (unconditional stores are cheaper than a branch on a flag). Ids, not references: a reference store
     *     into the long-lived worker would pay a GC write barrier (with G1, a StoreLoad fence) on every poll.
     * I2. A sample reads `currentId` (acquire) and then the counter (opaque). Because the count of a poll is
     *     stored before its id (release/acquire), a sample that sees an id sees a count at least as new as that
     *     poll's. So two samples that both see a poll in progress with the same count saw one and the same
     *     poll, and the time between them is a LOWER bound on its duration: a poll shorter than the threshold is
     *     never reported, however the watchdog thread is scheduled (a late watchdog only reports late). A sample
     *     that sees no poll in progress forgets the count (count = -1), so the next poll's first sample starts a
     *     new measurement.
     * I3. One report per episode: `reported` is set when the report is made and cleared only by a sample that
     *     sees the count move or no poll in progress (the episode ended). A poll that lasts minutes is reported
     *     once; the end of a reported episode is logged at DEBUG with its approximate length.
     * I4. The stack is taken (Thread.getStackTrace, a handshake with that thread) after the threshold check,
     *     and the report is made only when a re-read shows the same `currentId` and count: the stack was taken
     *     inside the stuck poll (I2). Otherwise the episode just ended and the next sample resets.
     * I5. Everything here (probes, the decision to compensate, starting spares) is confined to the watchdog
     *     thread: no locks. Spares are started only by it, at most one per reported episode of a worker
     *     (SpareWorker I8); a spare is watched and reported like a worker but gets no spare of its own.
     * I6. Nothing escapes the loop: a handler that throws is logged (the runtime carries on), and so is anything
     *     else a sample throws; the watchdog thread never dies while the runtime runs.
     * I7. Stop (Scheduler step 4, first thing): `stopped` is set, the thread unparked and joined (bounded), so
     *     no spare is started once the workers stop (SpareWorker I5 covers a racing one).
     * I8. The task object, for its name and spawn site only, is read racily from the polling thread's context
     *     (the waker it was reset with) and used only when its id (a final field) equals the sampled id; the
     *     poll is stuck, so that context no longer changes. Otherwise the report names the id alone.
     * Sampling period: threshold / 4, at least 1 ms; a report comes between threshold and threshold + 2
     * periods after the poll began. The watchdog wakes every period even when the runtime is idle (40 times a
     * second at the default 100 ms) and reads 2 fields per watched thread: microseconds per second of CPU.
     */
    private static final System.Logger LOG = System.getLogger("dev.weft.runtime");
    /** `currentId` when no poll is in progress (task ids start at 1). */
    static final long NONE = 0;
    /** `currentId` while the current-thread flavour polls the future passed to blockOn. */
    static final long MAIN_FUTURE = -1;

    /** A thread that polls tasks, as the watchdog samples it (I1, I2). */
    interface Target {
        /** Polls begun on this target so far (opaque read of a counter its thread alone writes). */
        long pollCountOpaque();

        /** Id of the task in poll now, MAIN_FUTURE for the blockOn future, or NONE (I1, I2). */
        long pollingIdAcquire();

        /** The Task (or blockOn future) last polled, read racily: for naming only, checked against the id (I8). */
        Object pollingRacy();

        /** The polling thread, or null when none is bound. */
        Thread watchedThread();

        /** For reports: "worker 2". */
        String describe();
    }

    /**
     * One report: a thread of {@code runtime} has spent {@code blockedNanos} (a lower bound, I2) inside one poll.
     *
     * @param runtime the runtime's name
     * @param thread the blocked thread's name
     * @param where the target, e.g. "worker 1"
     * @param taskId the polled task's id, or 0 when the future passed to blockOn is being polled
     * @param what what the task runs (the class of its future; tasks have no other name)
     * @param blockedNanos how long the poll had run when detected (>= thresholdNanos)
     * @param thresholdNanos the runtime's threshold
     * @param stack the blocked thread's stack, taken inside the poll (I4)
     * @param spawnSite where the task was spawned, or empty when spawn sites are not captured
     * @param spare the name of the spare thread started to compensate, or null
     */
    public record BlockedPoll(String runtime, String thread, String where, long taskId, String what,
            long blockedNanos, long thresholdNanos, StackTraceElement[] stack, StackTraceElement[] spawnSite,
            String spare) {
        /** The human-readable report (what the default handler logs). */
        public String text() {
            StringBuilder sb = new StringBuilder(512);
            String task = taskId == 0 ? "the future passed to blockOn (" + what + ")" : "task-" + taskId + " (" + what + ")";
            sb.append("Blocked ").append(where).append(" of runtime '").append(runtime).append("' (thread ")
                    .append(thread).append("): one poll of ").append(task).append(" has run for ")
                    .append(blockedNanos / 1_000_000).append(" ms (threshold ").append(thresholdNanos / 1_000_000)
                    .append(" ms). No other task runs on this thread until it returns: move blocking calls and long"
                            + " computations out of poll() (Tasks.spawnBlocking, or an async block) and never wait"
                            + " on a platform lock there.");
            if (spare != null) {
                sb.append("\nCompensating: spare thread ").append(spare).append(" runs the tasks queued on ")
                        .append(where).append(" until the poll returns.");
            }
            if (spawnSite.length > 0) {
                sb.append("\nTask spawned at:");
                appendStack(sb, spawnSite);
            }
            sb.append("\nStack of ").append(thread).append(':');
            appendStack(sb, stack);
            return sb.toString();
        }
    }

    private static void appendStack(StringBuilder sb, StackTraceElement[] stack) {
        for (StackTraceElement e : stack) sb.append("\n\tat ").append(e);
    }

    /** What the watchdog knows of one target (I5: watchdog thread only). */
    private static final class Probe {
        final Target target;
        /** Non-null when the target is a spare (no compensation for it, I5). */
        final SpareWorker spare;
        long count = -1;
        long since;
        boolean reported;

        Probe(Target target, SpareWorker spare) {
            this.target = target;
            this.spare = spare;
        }
    }

    private final Scheduler scheduler;
    private final long thresholdNanos;
    private final long periodNanos;
    private final boolean compensate;
    /** Null: log at WARNING. */
    private final Consumer<BlockedPoll> handler;
    private final List<Probe> probes = new ArrayList<>();
    private final Thread thread;
    private volatile boolean stopped;

    BlockingWatchdog(Scheduler scheduler, List<? extends Target> targets, long thresholdNanos, boolean compensate,
            Consumer<BlockedPoll> handler) {
        this.scheduler = scheduler;
        this.thresholdNanos = thresholdNanos;
        this.periodNanos = Math.max(1_000_000L, thresholdNanos / 4);
        this.compensate = compensate;
        this.handler = handler;
        for (Target t : targets) probes.add(new Probe(t, null));
        this.thread = new Thread(this, scheduler.name() + "-blocking-watchdog");
        thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    /** I7. */
    void stop() {
        stopped = true;
        LockSupport.unpark(thread);
        if (Thread.currentThread() == thread) return;
        try {
            thread.join(1_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    long thresholdNanos() {
        return thresholdNanos;
    }

    @Override
    public void run() {
        while (!stopped) {
            LockSupport.parkNanos(this, periodNanos);
            if (stopped) return;
            try {
                sampleAll(System.nanoTime());
            } catch (Throwable e) { // I6
                Logging.userHookFailed("the blocking watchdog of runtime '" + scheduler.name() + "'", e);
            }
        }
    }

    private void sampleAll(long now) {
        for (int i = 0; i < probes.size(); i++) {
            Probe p = probes.get(i);
            if (p.spare != null && p.spare.isRetired()) {
                probes.remove(i--);
                continue;
            }
            sample(p, now);
        }
    }

    private void sample(Probe p, long now) {
        Target t = p.target;
        long id = t.pollingIdAcquire(); // I2: the id first ...
        if (id == NONE) {
            endEpisode(p, now);
            p.count = -1;
            return;
        }
        long c = t.pollCountOpaque(); // ... then the count
        if (c != p.count) {
            endEpisode(p, now);
            p.count = c;
            p.since = now;
            return;
        }
        if (p.reported || now - p.since < thresholdNanos) return;
        Thread th = t.watchedThread();
        if (th == null) return;
        StackTraceElement[] stack = th.getStackTrace();
        if (t.pollingIdAcquire() != id || t.pollCountOpaque() != c) return; // I4
        p.reported = true; // I3
        SpareWorker spare = null;
        if (compensate && p.spare == null && !stopped) {
            spare = scheduler.startSpare(t, c);
            if (spare != null) probes.add(new Probe(spare, spare)); // sampled from the next round on
        }
        Object polled = t.pollingRacy(); // I8
        String what = "-";
        StackTraceElement[] spawnSite = NO_STACK;
        if (id == MAIN_FUTURE) {
            if (polled != null && !(polled instanceof Task<?>)) {
                what = HIDDEN_CLASS_SUFFIX.matcher(polled.getClass().getName()).replaceFirst("");
            }
        } else if (polled instanceof Task<?> task && task.taskId() == id) {
            what = HIDDEN_CLASS_SUFFIX.matcher(task.futureName()).replaceFirst(""); // Futures$$Lambda, not /0x7f..
            spawnSite = spawnSiteOf(task);
        }
        report(new BlockedPoll(scheduler.name(), th.getName(), t.describe(), id == MAIN_FUTURE ? 0 : id, what,
                now - p.since, thresholdNanos, stack, spawnSite, spare != null ? spare.threadName() : null));
    }

    private static final StackTraceElement[] NO_STACK = new StackTraceElement[0];
    /** The per-run address of a hidden class's name (a lambda's class): noise in a report. */
    private static final java.util.regex.Pattern HIDDEN_CLASS_SUFFIX = java.util.regex.Pattern.compile("/0x\\p{XDigit}+$");

    /**
     * Where {@code task} was spawned (its TaskDiag's frames, captured with {@code captureSpawnSites(true)}), or
     * empty. Read racily like the task dump does (Task I10): the record is final once the task is published.
     */
    private static StackTraceElement[] spawnSiteOf(Task<?> task) {
        dev.weft.internal.task.TaskDiag d = task.diagRecord();
        StackTraceElement[] site = d == null ? null : d.spawnSite();
        return site == null ? NO_STACK : site;
    }

    private void endEpisode(Probe p, long now) {
        if (!p.reported) return;
        p.reported = false;
        if (LOG.isLoggable(System.Logger.Level.DEBUG)) {
            LOG.log(System.Logger.Level.DEBUG, "Blocked " + p.target.describe() + " of runtime '" + scheduler.name()
                    + "' returned from its poll after about " + (now - p.since) / 1_000_000 + " ms");
        }
    }

    private void report(BlockedPoll r) {
        if (WeftEvents.blockedWorkerEnabled()) {
            WeftEvents.blockedWorker(r.runtime(), r.where(), r.thread(), r.taskId(), r.what(), r.blockedNanos(),
                    r.thresholdNanos(), r.spare() != null, stackText(r.spawnSite()), stackText(r.stack()));
        }
        try {
            if (handler == null) LOG.log(System.Logger.Level.WARNING, r.text());
            else handler.accept(r);
        } catch (Throwable e) { // I6
            Logging.userHookFailed("the blocking-report handler of runtime '" + scheduler.name() + "'", e);
        }
    }

    private static String stackText(StackTraceElement[] stack) {
        StringBuilder sb = new StringBuilder(stack.length * 64);
        for (StackTraceElement e : stack) sb.append(e).append('\n');
        return sb.toString();
    }
}
