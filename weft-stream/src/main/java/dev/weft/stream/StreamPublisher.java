package dev.weft.stream;

import dev.weft.future.Context;
import dev.weft.future.Waker;
import dev.weft.runtime.Handle;
import java.util.concurrent.Executor;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/** {@link FlowAdapters#toPublisher(Stream, Executor)}: a single-subscriber publisher driving a stream. */
final class StreamPublisher<T> implements Flow.Publisher<T> {
    private final Stream<T> stream;
    private final Executor executor;
    private final Handle runtime; // null: take the runtime current at subscribe(), if any
    private final AtomicBoolean subscribed = new AtomicBoolean();

    StreamPublisher(Stream<T> stream, Executor executor, Handle runtime) {
        this.stream = stream;
        this.executor = executor;
        this.runtime = runtime;
    }

    @Override
    public void subscribe(Flow.Subscriber<? super T> subscriber) {
        if (subscriber == null) throw new NullPointerException("subscriber"); // rule 1.9
        if (!subscribed.compareAndSet(false, true)) {
            subscriber.onSubscribe(new Flow.Subscription() {
                @Override
                public void request(long n) {}

                @Override
                public void cancel() {}
            });
            subscriber.onError(new IllegalStateException("this publisher wraps a single Stream and already has a "
                    + "subscriber (expected: one subscriber; a stream can be consumed once)"));
            return;
        }
        Handle rt = runtime != null ? runtime : Handle.tryCurrent().orElse(null);
        Drain<T> d = new Drain<>(stream, subscriber, executor, rt);
        subscriber.onSubscribe(d); // I6: wip is held at 1, so a request() inside cannot start a drain yet
        d.afterOnSubscribe();
    }

    /** The subscription: a drain loop on the executor, serialised by a work-in-progress counter. */
    static final class Drain<T> implements Flow.Subscription, Waker, Runnable {
        /*
         * Implementation notes
         *
         * I1. run() is the only code that polls or cancels the stream and the only code that signals the
         *     subscriber; it runs while `wip` > 0 and exactly one run() is scheduled per 0 -> 1 transition of
         *     `wip` (the "missed" counter idiom), or by afterOnSubscribe (I6), so signals are serialised (rule 1.3).
         * I2. request(), cancel() and wake() only record their intent (demand, cancelled, badRequest) and then
         *     schedule(); a schedule() that finds wip > 0 makes the running drain loop once more.
         * I3. At most `demand` onNext signals are made (rule 1.1): demand is decremented by what was emitted after
         *     each pass, and only the drain decrements it. Long.MAX_VALUE means unbounded (rule 3.17).
         * I4. Once `terminated` is set (end, failure, cancel, bad request) the stream is no longer polled and no
         *     signal follows the terminal one.
         *
         * I5. The stream is polled with a context carrying `runtime` (the one given to toPublisher, or current
         *     at toPublisher()/subscribe()), made fresh for each pass, so timers and sockets in the stream
         *     register with that runtime and wake this drain; without a runtime the context carries none and
         *     such a stream fails with the runtime's "outside a Weft runtime" error, signalled as onError.
         *
         * I6. `wip` starts at 1, held by subscribe() while it calls onSubscribe: a request() made inside
         *     onSubscribe only records itself, and no onNext can overtake onSubscribe (rule 1.3; the TCK's
         *     stochastic_spec103 caught the race). afterOnSubscribe() then releases the hold: 1 -> 0 when nothing
         *     was requested, else it schedules the drain, whose first pass also takes the hold back.
         *
         * Ordering: every recorded intent is a volatile write or an atomic update before wip.getAndIncrement();
         * the drain reads them after its own atomic update of wip, which gives happens-before. The stream's
         * waker is this object, so wake-ups from any thread schedule the drain.
         */
        private final Stream<T> stream;
        private final Flow.Subscriber<? super T> subscriber;
        private final Executor executor;
        private final AtomicInteger wip = new AtomicInteger(1); // I6: held until onSubscribe returned
        private final AtomicLong demand = new AtomicLong();
        private final Handle runtime; // I5, may be null
        private volatile boolean cancelled;
        private volatile IllegalArgumentException badRequest;
        private boolean terminated; // drain only (I4)

        Drain(Stream<T> stream, Flow.Subscriber<? super T> subscriber, Executor executor, Handle runtime) {
            this.stream = stream;
            this.subscriber = subscriber;
            this.executor = executor;
            this.runtime = runtime;
        }

        @Override
        public void request(long n) {
            if (n <= 0) {
                if (badRequest == null) {
                    badRequest = new IllegalArgumentException("request(n): " + n
                            + " (expected: > 0; Reactive Streams rule 3.9)");
                }
            } else {
                demand.getAndUpdate(d -> {
                    long sum = d + n;
                    return sum < 0 ? Long.MAX_VALUE : sum; // saturate (rule 3.17)
                });
            }
            schedule();
        }

        @Override
        public void cancel() {
            cancelled = true;
            schedule();
        }

        @Override
        public void wake() {
            schedule();
        }

        /** Releases the hold of I6 after onSubscribe returned. */
        void afterOnSubscribe() {
            if (wip.compareAndSet(1, 0)) return; // nothing happened inside onSubscribe
            execute();
        }

        private void schedule() {
            if (wip.getAndIncrement() == 0) execute();
        }

        private void execute() {
            try {
                executor.execute(this);
            } catch (RuntimeException e) { // rejected: terminate here; wip > 0 keeps others out (I1)
                if (!terminated) {
                    terminated = true;
                    Terminals.cancelAfterFailure(stream, e);
                    subscriber.onError(e);
                }
            }
        }

        @Override
        public void run() {
            int missed = 1;
            for (;;) {
                if (!terminated) drainOnce();
                missed = wip.addAndGet(-missed);
                if (missed == 0) return;
            }
        }

        private void drainOnce() {
            long wanted = demand.get();
            long emitted = 0;
            Context cx = runtime != null ? runtime.newContext(this, Context.UNCONSTRAINED) : new Context(this); // I5
            for (;;) {
                if (cancelled) {
                    terminate();
                    stream.cancel();
                    return;
                }
                IllegalArgumentException bad = badRequest;
                if (bad != null) {
                    terminate();
                    stream.cancel();
                    subscriber.onError(bad);
                    return;
                }
                if (emitted == wanted) break;
                StreamPoll<T> p;
                try {
                    p = stream.pollNext(cx);
                } catch (Throwable t) {
                    terminate();
                    Terminals.cancelAfterFailure(stream, t);
                    subscriber.onError(t);
                    return;
                }
                if (p instanceof StreamPoll.Item<T> item) {
                    try {
                        subscriber.onNext(item.value());
                    } catch (Throwable t) { // rule 2.13: a throwing subscriber is treated as cancelled
                        terminate();
                        Terminals.cancelAfterFailure(stream, t);
                        return;
                    }
                    emitted++;
                } else if (p instanceof StreamPoll.End) {
                    terminate();
                    subscriber.onComplete();
                    return;
                } else {
                    break; // pending: the stream will wake this drain
                }
            }
            if (emitted > 0 && wanted != Long.MAX_VALUE) {
                demand.addAndGet(-emitted); // a request() that raced with this pass has bumped wip: we loop (I2)
            }
        }

        private void terminate() {
            terminated = true;
        }
    }
}
