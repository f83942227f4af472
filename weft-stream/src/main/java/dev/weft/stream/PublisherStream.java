package dev.weft.stream;

import dev.weft.future.AtomicWaker;
import dev.weft.future.Context;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicReference;

/** {@link FlowAdapters#fromPublisher(Flow.Publisher, int)}: a stream that subscribes at its first poll. */
final class PublisherStream<T> implements Stream<T>, Flow.Subscriber<T> {
    /*
     * Implementation notes
     *
     * Producer side: the publisher's signals (onSubscribe, onNext, onError, onComplete; serialised by rule 1.3).
     * Consumer side: pollNext and cancel (the stream's single owner).
     *
     * I1. Outstanding demand never exceeds `prefetch`: the first request is `prefetch`, and the consumer requests
     *     `limit` more only after it has taken `limit` elements, so the queue holds at most `prefetch` elements
     *     from a publisher that honours demand.
     * I2. onNext enqueues before onComplete/onError sets `done` (rule 1.3 orders them). pollNext reads `done`
     *     before it polls the queue, so when it sees done it also sees every element, and ends only when the
     *     queue is empty.
     * I3. pollNext registers the waker, then re-checks queue and done; every producer signal enqueues or sets
     *     `done`, then wakes. No wake-up is lost.
     * I4. `subscription` moves null -> s (onSubscribe) or null/s -> CANCELLED (cancel) and never back; a second
     *     onSubscribe, or one after cancel, cancels its argument (rule 2.5).
     *
     * Ordering: ConcurrentLinkedQueue offer/poll and the volatile `done`/`error` give happens-before from the
     * producer's signal to the consumer's poll.
     */
    private static final Flow.Subscription CANCELLED = new Flow.Subscription() {
        @Override
        public void request(long n) {}

        @Override
        public void cancel() {}
    };

    private final Flow.Publisher<? extends T> publisher;
    private final int prefetch;
    private final int limit;
    private final ConcurrentLinkedQueue<T> queue = new ConcurrentLinkedQueue<>();
    private final AtomicReference<Flow.Subscription> subscription = new AtomicReference<>();
    private final AtomicWaker waker = new AtomicWaker();
    private volatile boolean done;
    private volatile Throwable error;
    private boolean subscribed; // consumer only
    private boolean ended; // consumer only
    private int consumed; // consumer only: taken since the last request

    PublisherStream(Flow.Publisher<? extends T> publisher, int prefetch) {
        this.publisher = publisher;
        this.prefetch = prefetch;
        this.limit = Math.max(1, prefetch - (prefetch >> 2));
    }

    @Override
    public StreamPoll<T> pollNext(Context cx) {
        if (ended) return StreamPoll.end();
        if (!subscribed) {
            subscribed = true;
            publisher.subscribe(this);
        }
        StreamPoll<T> p = tryTake(cx);
        if (p != null) return p;
        waker.register(cx.waker()); // I3
        p = tryTake(cx);
        return p != null ? p : StreamPoll.pending();
    }

    /** An item or the end when one is available, else null. */
    private StreamPoll<T> tryTake(Context cx) {
        boolean d = done; // I2: read before the queue
        if (!queue.isEmpty()) {
            if (!cx.consumeBudget()) return StreamPoll.pending();
            T v = queue.poll();
            if (++consumed == limit) {
                consumed = 0;
                Flow.Subscription s = subscription.get();
                if (s != null) s.request(limit); // I1
            }
            return new StreamPoll.Item<>(v);
        }
        if (!d) return null;
        ended = true;
        Throwable e = error;
        if (e == null) return StreamPoll.end();
        if (e instanceof RuntimeException re) throw re;
        if (e instanceof Error er) throw er;
        throw new CompletionException("the publisher signalled onError", e);
    }

    @Override
    public void cancel() {
        ended = true;
        Flow.Subscription s = subscription.getAndSet(CANCELLED); // I4
        if (s != null) s.cancel();
        queue.clear();
        waker.clear();
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
        if (s == null) throw new NullPointerException("subscription"); // rule 2.13
        if (!subscription.compareAndSet(null, s)) { // I4
            s.cancel();
            return;
        }
        s.request(prefetch);
    }

    @Override
    public void onNext(T item) {
        if (item == null) throw new NullPointerException("onNext(null) (rule 2.13)");
        queue.offer(item);
        waker.wake();
    }

    @Override
    public void onError(Throwable t) {
        if (t == null) throw new NullPointerException("onError(null) (rule 2.13)");
        error = t;
        done = true;
        waker.wake();
    }

    @Override
    public void onComplete() {
        done = true;
        waker.wake();
    }
}
