package dev.weft.service.db.pg;

import dev.weft.future.AtomicWaker;
import dev.weft.future.Context;
import dev.weft.future.Future;
import dev.weft.future.Poll;

/**
 * One query's future: lazy (it is handed to a connection at its first poll, from the task that polls it), then
 * completed once by that connection's driver.
 *
 * <p>Implementation notes
 * <ol>
 * <li>{@code outcome} goes from null to a {@link PgRows} or a {@link PgException} exactly once, by
 *     {@link #complete} (a CAS), from the driver's thread or, when it cannot be submitted, from the poller's.</li>
 * <li>No lost wake-up: the poller registers its waker and then re-reads {@code outcome}; {@link #complete}
 *     publishes {@code outcome} (volatile) and then wakes. Either the re-read sees the outcome or the wake
 *     finds the registered waker (AtomicWaker's contract).</li>
 * <li>{@code cancelled} is written once (volatile) by the owner, then the driver of {@code connection} is woken;
 *     the driver reads it before it encodes the query, and skips a cancelled one. For one already sent it may
 *     send a cancel request (PgConnection's note 6); otherwise the query runs to its end and its outcome is
 *     dropped (the pipeline's order cannot skip a reply).</li>
 * <li>{@code submitted} is touched by the owning task only (the poll contract: one poller at a time).</li>
 * </ol>
 */
final class PgQuery implements Future<PgRows> {
    private static final java.lang.invoke.VarHandle OUTCOME;

    static {
        try {
            OUTCOME = java.lang.invoke.MethodHandles.lookup().findVarHandle(PgQuery.class, "outcome", Object.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    final String sql;
    /** Parameter values in PostgreSQL's text format; a null element is SQL NULL. */
    final String[] params;
    private final PgClient client;
    private final AtomicWaker waker = new AtomicWaker();
    @SuppressWarnings("unused") // written through OUTCOME
    private volatile Object outcome;
    volatile boolean cancelled;
    /** The connection it was handed to (written before the hand-off), so cancel() can wake its driver. */
    volatile @org.jspecify.annotations.Nullable PgConnection connection;
    private boolean submitted;

    PgQuery(PgClient client, String sql, String[] params) {
        this.client = client;
        this.sql = sql;
        this.params = params;
    }

    @Override
    public Poll<PgRows> poll(Context cx) {
        if (!submitted) {
            submitted = true;
            client.submit(this);
        }
        Object o = outcome;
        if (o == null) {
            waker.register(cx.waker());
            o = outcome;
            if (o == null) return Poll.pending();
        }
        if (o instanceof PgException e) throw e;
        return Poll.ready((PgRows) o);
    }

    /**
     * Drops interest in the result. Cancel safety: a query not yet written to the server is never sent; one
     * already sent is cancelled on the server when every query pipelined behind it was cancelled too, and
     * otherwise runs to its end with its result discarded.
     */
    @Override
    public void cancel() {
        cancelled = true;
        PgConnection c = connection;
        if (c != null && !isDone()) c.wakeDriver();
    }

    /** Completes the query once; later calls are ignored. Returns whether this call completed it. */
    boolean complete(Object rowsOrFailure) {
        if (!OUTCOME.compareAndSet(this, null, rowsOrFailure)) return false;
        waker.wake();
        return true;
    }

    boolean isDone() {
        return outcome != null;
    }
}
