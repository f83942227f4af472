package dev.weft.bench.weft;

import dev.weft.bench.Workload;
import dev.weft.bench.WorkloadImpl;
import dev.weft.future.Future;
import dev.weft.runtime.IoDriverKind;
import dev.weft.runtime.WeftRuntime;
import dev.weft.sync.Mpsc;

/**
 * The common shape of Weft's rows: a 2-worker multi-thread {@link WeftRuntime} built in {@link #setUp()} and closed in
 * {@link #tearDown()} (both untimed), and {@link #onRuntime} to run a round's root future as a task on it.
 */
abstract class WeftRow implements WorkloadImpl {
    /** The harness's rule: exactly 2 worker threads. */
    static final int WORKERS = 2;

    private final Workload workload;
    private final String impl;
    private final String notes;
    /** The runtime's I/O driver; null: the default (the weft.io.driver property, else NIO). */
    private final IoDriverKind ioDriver;
    /** The runtime of the current run; set in setUp, read by run (same harness thread). */
    WeftRuntime rt;

    WeftRow(Workload workload, String impl, String notes) {
        this(workload, impl, notes, null);
    }

    WeftRow(Workload workload, String impl, String notes, IoDriverKind ioDriver) {
        this.workload = workload;
        this.impl = impl;
        this.notes = notes;
        this.ioDriver = ioDriver;
    }

    @Override public final Workload workload() { return workload; }
    @Override public final String impl() { return impl; }
    @Override public final String notes() { return notes; }

    @Override
    public void setUp() {
        WeftRuntime.Builder b = WeftRuntime.builder().workerThreads(WORKERS);
        if (ioDriver != null) b.ioDriver(ioDriver);
        rt = b.build();
    }

    @Override
    public void tearDown() {
        if (rt != null) rt.close();
        rt = null;
    }

    /**
     * Spawns {@code root} as a task (so it runs on a worker, never on the harness thread) and blocks the harness
     * thread until it completes.
     */
    <T> T onRuntime(Future<T> root) {
        return rt.blockOn(rt.spawn(root));
    }

    /**
     * Sends {@code v} from an async block: {@code trySend} first (no future, no park), {@code send(v).await()}
     * only when the channel is full.
     */
    static <T> void sendAwait(Mpsc.Sender<T> tx, T v) {
        if (!(tx.trySend(v) instanceof Mpsc.TrySend.Sent)) tx.send(v).await();
    }
}
