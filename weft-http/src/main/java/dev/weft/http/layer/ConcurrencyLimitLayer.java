package dev.weft.http.layer;

import dev.weft.future.Context;
import dev.weft.future.Future;
import dev.weft.future.Poll;
import dev.weft.future.Waker;
import dev.weft.http.service.Layer;
import dev.weft.http.service.Service;
import java.util.Iterator;
import java.util.LinkedHashSet;

/**
 * At most {@code max} calls in flight through the wrapped service: tower's {@code ConcurrencyLimitLayer}.
 * Readiness is the limit: {@code pollReady} reserves a permit (or returns {@code Pending} and wakes the caller
 * when one is free), the call's future holds it, and it comes back when that future completes, fails or is
 * cancelled, or through {@code releaseReady} when the reservation is not used.
 * {@snippet :
 * Service<Request, Response> limited = ServiceBuilder.<Request, Response>create()
 *         .layer(LoadShedLayer.create())                  // answer 503 instead of waiting
 *         .layer(ConcurrencyLimitLayer.of(256))
 *         .service(router);
 * }
 *
 * <p>Each service this layer makes has its own limit. The permit is held until the response future completes,
 * not until its body is written: a streamed body does not count against the limit.
 *
 * <p><b>Shared by many callers.</b> One instance serves every connection, so a reservation is a count, not an
 * object owned by a caller: a {@code Ready} adds one, {@link Service#call} turns one into an in-flight call, and
 * {@link Service#releaseReady} gives one back. Each caller must follow the protocol (one {@code call} or one
 * {@code releaseReady} per {@code Ready}); a {@code call} with no reservation outstanding fails fast with
 * {@link IllegalStateException}.
 *
 * @param <Req> the request type
 * @param <Res> the response type
 */
public final class ConcurrencyLimitLayer<Req, Res> implements Layer<Req, Res> {

    private final int max;

    private ConcurrencyLimitLayer(int max) {
        this.max = max;
    }

    /**
     * A layer allowing {@code max} calls in flight per service.
     *
     * @throws IllegalArgumentException when {@code max} is less than 1
     */
    public static <Req, Res> ConcurrencyLimitLayer<Req, Res> of(int max) {
        if (max < 1) throw new IllegalArgumentException("max: " + max + " (expected: >= 1)");
        return new ConcurrencyLimitLayer<>(max);
    }

    @Override
    public ConcurrencyLimit<Req, Res> layer(Service<Req, Res> inner) {
        return new ConcurrencyLimit<>(java.util.Objects.requireNonNull(inner, "inner"), max);
    }

    /**
     * The service a {@link ConcurrencyLimitLayer} makes; its counters are exposed for metrics and tests.
     *
     * @param <Req> the request type
     * @param <Res> the response type
     */
    public static final class ConcurrencyLimit<Req, Res> implements Service<Req, Res> {

        /*
         * Implementation notes
         *
         * All state is guarded by `this`; wakers are woken after the monitor is released (STYLE 3.4 rule 5).
         * I1. available + reserved + inFlight == max at every release of the monitor.
         * I2. A waker is in `waiters` only while its caller's last pollReady returned Pending; releasing a permit
         *     (call completed/failed/cancelled, or releaseReady) removes and wakes the oldest waiter, which then
         *     competes for the permit on its next pollReady (no hand-off, so a permit is never parked on a caller
         *     that went away).
         * I3. The inner service's readiness is polled before a permit is taken: when inner is Ready but no permit
         *     is free, inner's reservation is given back at once (inner.releaseReady()), so this layer never
         *     holds inner capacity while it is not ready itself.
         * I4. Each call's permit is released exactly once, by PermitFuture: on Ready, on failure, or on cancel
         *     (guarded by `done`; poll and cancel are owner-confined per the Future contract).
         * I5. Waker.noop() is never registered (LoadShed polls with it and never waits), so it can never absorb
         *     the one wake-up a real waiter needs.
         * Accepted limit: a caller whose task is cancelled while its pollReady is Pending may still be in
         * `waiters` and absorb one wake-up; the permit then stays available for the next pollReady of anyone, and
         * the next release wakes the next waiter. Waiters are deduplicated by waker identity (LinkedHashSet).
         */

        private final Service<Req, Res> inner;
        private final int max;
        private int available;
        private int reserved;
        private int inFlight;
        private final LinkedHashSet<Waker> waiters = new LinkedHashSet<>();

        ConcurrencyLimit(Service<Req, Res> inner, int max) {
            this.inner = inner;
            this.max = max;
            this.available = max;
        }

        @Override
        public Poll<Void> pollReady(Context cx) {
            if (inner.pollReady(cx).isPending()) return Poll.pending(); // I3
            synchronized (this) {
                if (available > 0) {
                    available--;
                    reserved++;
                    return Poll.ready(null);
                }
                Waker w = cx.waker();
                if (w != Waker.noop()) waiters.add(w); // I2, I5
            }
            inner.releaseReady(); // I3
            return Poll.pending();
        }

        @Override
        public void releaseReady() {
            Waker wake;
            synchronized (this) {
                if (reserved == 0) return;
                reserved--;
                available++;
                wake = pollWaiter();
            }
            if (wake != null) wake.wake();
            inner.releaseReady();
        }

        /**
         * Calls the inner service with the permit reserved by the last {@code Ready}.
         *
         * <p><b>Cancel safety:</b> as the inner call's; cancelling releases the permit at once.
         *
         * @throws IllegalStateException when no reservation is outstanding (pollReady was not Ready)
         */
        @Override
        public Future<Res> call(Req request) {
            synchronized (this) {
                if (reserved == 0) {
                    throw new IllegalStateException("ConcurrencyLimit.call without a reservation (expected: "
                            + "pollReady returned Ready before call; limit " + max + ")");
                }
                reserved--;
                inFlight++;
            }
            Future<Res> f;
            try {
                f = inner.call(request);
            } catch (Throwable t) {
                releasePermit();
                throw t;
            }
            return new PermitFuture<>(this, f);
        }

        void releasePermit() {
            Waker wake;
            synchronized (this) {
                inFlight--;
                available++;
                wake = pollWaiter();
            }
            if (wake != null) wake.wake();
        }

        private Waker pollWaiter() {
            Iterator<Waker> it = waiters.iterator();
            if (!it.hasNext()) return null;
            Waker w = it.next();
            it.remove();
            return w;
        }

        /** Permits neither reserved nor in flight. */
        public synchronized int available() {
            return available;
        }

        /** Reservations made by {@code Ready} and not yet called or released. */
        public synchronized int reserved() {
            return reserved;
        }

        /** Calls whose future has not completed or been cancelled. */
        public synchronized int inFlight() {
            return inFlight;
        }

        /** Callers waiting for a permit. */
        public synchronized int waiting() {
            return waiters.size();
        }

        /** The limit. */
        public int max() {
            return max;
        }

        @Override
        public synchronized String toString() {
            return "ConcurrencyLimit[max " + max + ", in flight " + inFlight + ", reserved " + reserved + "]";
        }
    }

    /** A call's future holding its permit until it completes or is cancelled (I4). */
    private static final class PermitFuture<Res> implements Future<Res> {
        private final ConcurrencyLimit<?, ?> limit;
        private final Future<Res> inner;
        private boolean done;

        PermitFuture(ConcurrencyLimit<?, ?> limit, Future<Res> inner) {
            this.limit = limit;
            this.inner = inner;
        }

        @Override
        public Poll<Res> poll(Context cx) {
            Poll<Res> p;
            try {
                p = inner.poll(cx);
            } catch (Throwable t) {
                release();
                throw t;
            }
            if (p.isReady()) release();
            return p;
        }

        @Override
        public void cancel() {
            if (done) return;
            try {
                inner.cancel();
            } finally {
                release();
            }
        }

        private void release() {
            if (done) return;
            done = true;
            limit.releasePermit();
        }
    }
}
