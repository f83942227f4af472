package dev.weft.sync;

import dev.weft.future.Context;
import dev.weft.future.Future;
import dev.weft.future.Poll;
import dev.weft.internal.context.Waits;
import dev.weft.internal.sync.Arguments;
import dev.weft.internal.sync.BatchSemaphore;
import dev.weft.internal.sync.ChannelWaiters;
import dev.weft.time.Sleep;
import dev.weft.time.Time;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Multi-producer, single-consumer channels: Tokio's {@code tokio::sync::mpsc}.
 *
 * <p>{@link #bounded(int)} makes a channel whose senders wait while its buffer is full (backpressure);
 * {@link #unbounded()} one whose sends always succeed at once. Both return a {@link Channel} of one
 * {@link Sender} and one {@link Receiver}.
 * {@snippet class=dev.weft.sync.snippets.ChannelSnippets region=mpscBounded}
 *
 * <p><b>Closing.</b> Java has no destructors, so ends are closed explicitly: the channel ends for the receiver
 * once every sender handle (each {@link Sender#clone() clone} and each outstanding {@link Permit}) has been
 * closed and the buffer has drained; then {@code recv()} completes with {@code Optional.empty()}. Use
 * try-with-resources on senders. {@link Receiver#close()} stops the senders (their sends fail and hand the
 * value back) while buffered messages can still be received.
 *
 * <p><b>Memory effects.</b> Actions in a thread before it sends a message happen-before actions in the
 * receiving thread after the {@code recv} that returns that message completes.
 *
 * <p><b>Fairness.</b> Waiting senders of a bounded channel are served first come, first served, as in Tokio:
 * while a sender waits, a slot the receiver frees is handed to the oldest waiting sender, and {@code trySend},
 * a fresh {@code send} or {@code reserve} queue behind it (or report {@code Full}) rather than take it.
 *
 * <p><b>Performance.</b> A bounded channel is a fair semaphore of {@code capacity} permits (Tokio's batch
 * semaphore) plus an array ring; an unbounded one is a list of 32-slot array segments. While nobody waits,
 * neither takes a lock on the send or receive path (a bounded send is one CAS on the permit word, which also
 * claims the ring slot, plus the slot's volatile store), and neither allocates per message beyond the
 * {@code Optional} of {@code recv()} (use
 * {@link Receiver#recvMany} to avoid that); a waiting send is its own wait-queue node.
 * {@link Receiver#recvMany} gives the slots of the messages it takes back in groups of 64 (and all of them
 * before it returns), so the receiver does not contend with the senders' permit word on every message.
 */
public final class Mpsc {
    private Mpsc() {}

    /** The largest capacity {@link #bounded(int)} accepts: 2^29 - 1, the permit limit of its semaphore. */
    public static final int MAX_CAPACITY = BatchSemaphore.MAX_PERMITS;

    /**
     * A channel that holds at most {@code capacity} messages; {@link Sender#send} waits while it is full.
     *
     * <p>There is no capacity 0 (a rendezvous channel, Go's unbuffered {@code chan} or Kotlin's
     * {@code Channel(RENDEZVOUS)}): {@code bounded(1)} is the tightest hand-off, and a sender that must wait
     * until the receiver has taken the message sends a {@link Oneshot.Sender} along and awaits the reply.
     *
     * @param capacity the buffer size, at least 1
     * @throws IllegalArgumentException when {@code capacity} is not in [1, {@link #MAX_CAPACITY}]; the message for
     *     0 names the rendezvous alternative
     */
    public static <T> Channel<T> bounded(int capacity) {
        Arguments.capacity("Mpsc.bounded", capacity, MAX_CAPACITY);
        MpscChan<T> chan = new MpscChan.Bounded<>(capacity);
        return new Channel<>(new Sender<>(chan), new Receiver<>(chan));
    }

    /**
     * A channel with no capacity limit: sends complete at once, and memory grows while the receiver lags.
     * {@snippet class=dev.weft.sync.snippets.ChannelSnippets region=mpscUnbounded}
     */
    public static <T> Channel<T> unbounded() {
        MpscChan<T> chan = new MpscChan.Unbounded<>();
        return new Channel<>(new Sender<>(chan), new Receiver<>(chan));
    }

    /**
     * The two ends of a new channel.
     *
     * @param sender the first sender handle; {@link Sender#clone() clone} it for more producers
     * @param receiver the only receiver
     */
    public record Channel<T>(Sender<T> sender, Receiver<T> receiver) {
        /** Checks that both ends are present. */
        public Channel {
            Objects.requireNonNull(sender, "sender");
            Objects.requireNonNull(receiver, "receiver");
        }
    }

    /**
     * The result of {@link Sender#trySend}: sent, or not sent with the value handed back.
     */
    public sealed interface TrySend<T> permits TrySend.Sent, TrySend.Full, TrySend.Closed {
        /** The message was buffered. */
        record Sent<T>() implements TrySend<T> {}

        /** The buffer was full; the message was not sent. */
        record Full<T>(T value) implements TrySend<T> {}

        /** The receiver is closed; the message was not sent. */
        record Closed<T>(T value) implements TrySend<T> {}
    }

    /**
     * The result of {@link Sender#sendTimeout}: sent, or not sent with the value handed back (Tokio's
     * {@code Result<(), SendTimeoutError<T>>}).
     */
    public sealed interface SendTimeout<T> permits SendTimeout.Sent, SendTimeout.Elapsed, SendTimeout.Closed {
        /** The message was buffered within the timeout. */
        record Sent<T>() implements SendTimeout<T> {}

        /** The channel stayed full for the whole timeout; the message was not sent. */
        record Elapsed<T>(T value) implements SendTimeout<T> {}

        /** The receiver is closed; the message was not sent. */
        record Closed<T>(T value) implements SendTimeout<T> {}
    }

    /** The result of {@link Receiver#tryRecv}. */
    public sealed interface TryRecv<T> permits TryRecv.Received, TryRecv.Empty, TryRecv.Closed {
        /** A message was taken from the buffer. */
        record Received<T>(T value) implements TryRecv<T> {}

        /** No message is buffered now, but more may come. */
        record Empty<T>() implements TryRecv<T> {}

        /** The channel is closed and drained: no message will ever come. Named {@code Disconnected} before 0.1. */
        record Closed<T>() implements TryRecv<T> {}
    }

    private static final TrySend.Sent<?> SENT = new TrySend.Sent<>();
    private static final SendTimeout.Sent<?> TIMEOUT_SENT = new SendTimeout.Sent<>();
    private static final TryRecv.Empty<?> EMPTY = new TryRecv.Empty<>();
    private static final TryRecv.Closed<?> CLOSED = new TryRecv.Closed<>();

    @SuppressWarnings("unchecked")
    private static <T> TrySend<T> sent() {
        return (TrySend<T>) SENT;
    }

    private static SendException closedException(Object value) {
        return new SendException("send on a closed channel: the receiver was closed (the value is in value())",
                value);
    }

    /**
     * A handle for sending into a channel. Thread-safe: share it, or {@link #clone()} it so each producer closes
     * its own handle.
     *
     * <p>Java has no drop: a sender must be {@linkplain #close() closed} to tell the receiver that no more
     * messages will come from it. The receiver sees the end of the stream once every handle is closed.
     */
    public static final class Sender<T> implements AutoCloseable {
        private static final VarHandle HANDLE_CLOSED;

        static {
            try {
                HANDLE_CLOSED = MethodHandles.lookup().findVarHandle(Sender.class, "handleClosed", boolean.class);
            } catch (ReflectiveOperationException e) {
                throw new ExceptionInInitializerError(e);
            }
        }

        private final MpscChan<T> chan;
        /** Set once by close(). */
        @SuppressWarnings("unused")
        private volatile boolean handleClosed;

        Sender(MpscChan<T> chan) {
            this.chan = chan;
        }

        /**
         * A new sender handle for the same channel; the channel stays open until it is closed too.
         *
         * @throws IllegalStateException when this handle was closed
         */
        @Override
        public Sender<T> clone() {
            ensureOpen("clone()");
            chan.retainSender();
            return new Sender<>(chan);
        }

        /**
         * Closes this handle (idempotent). When it was the last open handle and no {@link Permit} is
         * outstanding, the receiver sees the end of the stream once it has drained the buffer.
         */
        @Override
        public void close() {
            if (HANDLE_CLOSED.compareAndSet(this, false, true)) chan.releaseSender();
        }

        /**
         * A future that buffers {@code value}, first waiting for a free slot while the channel is full. It fails
         * with {@link SendException} (holding {@code value}) when the receiver is closed.
         * {@snippet class=dev.weft.sync.snippets.ChannelSnippets region=mpscBounded}
         *
         * <p><b>Cancel safety.</b> Cancelling a pending send drops it without sending; the message is not
         * delivered, and the slot it may already have been given passes to the next waiting sender at once.
         * Waiting senders are served in arrival order: a send that waits is never overtaken by a later
         * {@code send}, {@code reserve} or {@code trySend}.
         *
         * <p><b>Memory effects.</b> Actions before {@code send} happen-before actions after the {@code recv}
         * that returns the message.
         *
         * @throws NullPointerException when {@code value} is null
         * @throws IllegalStateException when this handle was closed
         */
        public Future<Void> send(T value) {
            Objects.requireNonNull(value, "value");
            ensureOpen("send()");
            if (chan instanceof MpscChan.Unbounded<T> u) return new UnboundedSend<>(u, value);
            return new BoundedSend<>(chan, value);
        }

        /**
         * A future that buffers {@code value}, waiting at most {@code timeout} (from its first poll) for a free
         * slot while the channel is full: Tokio's {@code Sender::send_timeout}. Unlike {@link #send}, it never
         * fails with an exception for a protocol outcome: it completes with {@code Sent}, or hands the value
         * back in {@code Elapsed} (still full when the timeout passed) or {@code Closed} (the receiver was
         * closed).
         * {@snippet class=dev.weft.sync.snippets.ChannelSnippets region=mpscSendTimeout}
         *
         * <p>The send is attempted before the deadline is checked, so a slot that frees up exactly when the
         * timeout passes is used. The timer is created only when the send has to wait; it runs on the clock of
         * the polling runtime (see {@link Time}), so a send that has to wait must be polled by a Weft runtime
         * task, while one that completes at once (room available, an unbounded channel, a closed receiver)
         * works under any executor.
         *
         * <p><b>Cancel safety.</b> Cancelling a pending {@code sendTimeout} drops it without sending, exactly as
         * a cancelled {@link #send}: the message is not delivered, its place in the wait list (and any wake-up
         * it was given) passes to the next waiting sender, and the timer is removed. On {@code Elapsed} the
         * send was cancelled the same way before the value is handed back, so the message is never both
         * returned and delivered.
         *
         * <p><b>Memory effects.</b> As {@link #send}.
         *
         * @param value the message
         * @param timeout the longest time to wait for a free slot, counted from the first poll
         * @return a lazy future of the outcome, carrying {@code value} when it was not sent
         * @throws NullPointerException when an argument is null
         * @throws IllegalArgumentException when {@code timeout} is negative
         * @throws IllegalStateException when this handle was closed
         */
        public Future<SendTimeout<T>> sendTimeout(T value, Duration timeout) {
            Objects.requireNonNull(value, "value");
            Objects.requireNonNull(timeout, "timeout");
            if (timeout.isNegative()) {
                throw new IllegalArgumentException("timeout: " + timeout + " (expected: >= 0)");
            }
            ensureOpen("sendTimeout()");
            return new TimedSend<>(chan, send(value), value, timeout);
        }

        /**
         * Buffers {@code value} if there is room now, without waiting.
         * {@snippet class=dev.weft.sync.snippets.ChannelSnippets region=mpscTrySend}
         *
         * @return {@code Sent}, or {@code Full}/{@code Closed} holding {@code value}
         * @throws NullPointerException when {@code value} is null
         * @throws IllegalStateException when this handle was closed
         */
        public TrySend<T> trySend(T value) {
            Objects.requireNonNull(value, "value");
            ensureOpen("trySend()");
            return switch (trySendNow(chan, value)) {
                case MpscChan.OK -> sent();
                case MpscChan.FULL -> new TrySend.Full<>(value);
                default -> new TrySend.Closed<>(value);
            };
        }

        /**
         * A future that waits for a free slot and completes with a {@link Permit} holding it; the permit's
         * {@link Permit#send} then never waits and never fails. It fails with {@link SendException} (value
         * {@code null}) when the receiver is closed. On an unbounded channel it completes at once.
         * {@snippet class=dev.weft.sync.snippets.ChannelSnippets region=mpscReserve}
         *
         * <p><b>Cancel safety.</b> Cancelling a pending reserve holds no slot; its place in the wait list (and
         * any wake-up it was given) passes to the next waiting sender at once. A permit that was delivered is
         * the caller's: close it to give the slot back.
         *
         * @throws IllegalStateException when this handle was closed
         */
        public Future<Permit<T>> reserve() {
            ensureOpen("reserve()");
            return new Reserve<>(chan);
        }

        /**
         * A future that completes when the receiver has been closed, i.e. when every later send would fail.
         *
         * <p><b>Cancel safety.</b> Cancel-safe: it consumes nothing, and cancelling removes its wait-list
         * entry.
         */
        public Future<Void> closed() {
            return new ClosedFuture(chan);
        }

        /** True when the receiver has been closed. */
        public boolean isClosed() {
            return chan.rxClosed;
        }

        /** The free slots now ({@code Integer.MAX_VALUE} for an unbounded channel); racy by nature. */
        public int capacity() {
            return chan.availablePermits();
        }

        /** The buffer size given to {@link Mpsc#bounded(int)} ({@code Integer.MAX_VALUE} when unbounded). */
        public int maxCapacity() {
            return chan.maxCapacity();
        }

        /** True when {@code other} sends into the same channel. */
        public boolean sameChannel(Sender<?> other) {
            return other != null && other.chan == chan;
        }

        /** The shared channel state (package-private, for tests). */
        MpscChan<T> chan() {
            return chan;
        }

        private void ensureOpen(String op) {
            if (handleClosed) {
                throw new IllegalStateException(op + " on a closed Sender handle (expected: an open handle; clone()"
                        + " the sender before closing it if more producers need one)");
            }
        }

        @Override
        public String toString() {
            return "Mpsc.Sender[" + (handleClosed ? "closed handle" : "open") + ", receiverClosed=" + chan.rxClosed
                    + "]";
        }
    }

    /**
     * A slot reserved in a bounded channel by {@link Sender#reserve()}: {@link #send} uses it, {@link #close}
     * gives it back. Exactly one of the two takes effect. A permit keeps the channel open like a sender handle.
     */
    public static final class Permit<T> implements AutoCloseable {
        private static final VarHandle USED;

        static {
            try {
                USED = MethodHandles.lookup().findVarHandle(Permit.class, "used", boolean.class);
            } catch (ReflectiveOperationException e) {
                throw new ExceptionInInitializerError(e);
            }
        }

        private final MpscChan<T> chan;
        @SuppressWarnings("unused")
        private volatile boolean used;

        Permit(MpscChan<T> chan) {
            this.chan = chan;
        }

        /**
         * Buffers {@code value} in the reserved slot; never waits. If the receiver of an unbounded channel was
         * closed meanwhile, the value is dropped (as Tokio's {@code Permit::send}); on a bounded channel it stays
         * receivable.
         *
         * @throws NullPointerException when {@code value} is null
         * @throws IllegalStateException when the permit was already used or closed
         */
        public void send(T value) {
            Objects.requireNonNull(value, "value");
            if (!USED.compareAndSet(this, false, true)) {
                throw new IllegalStateException("Permit.send() on a permit that was already used or closed"
                        + " (expected: one send per permit; reserve() again for the next message)");
            }
            chan.pushAcquired(value);
            chan.releaseSender();
        }

        /** Gives the slot back unused (idempotent; does nothing after {@link #send}). */
        @Override
        public void close() {
            if (USED.compareAndSet(this, false, true)) {
                chan.releaseUnused();
                chan.releaseSender();
            }
        }
    }

    /**
     * The receiving end of a channel. Owned by one task: its methods must not be called from two threads at
     * once (Rust's {@code &mut self}).
     */
    public static final class Receiver<T> implements AutoCloseable {
        private final MpscChan<T> chan;
        /** Whether chan.rxWaker may hold our waker (owner thread only). */
        private boolean registered;

        Receiver(MpscChan<T> chan) {
            this.chan = chan;
        }

        /**
         * A future that completes with the next message, or with {@code Optional.empty()} once the channel is
         * closed and drained (Rust's {@code Option<T>}).
         * {@snippet class=dev.weft.sync.snippets.ChannelSnippets region=mpscBounded}
         *
         * <p><b>Cancel safety.</b> Cancel-safe: a message is taken from the buffer only in the poll that
         * returns it, so a cancelled {@code recv} (e.g. a {@code select} loser) never loses a message.
         *
         * <p><b>Memory effects.</b> Actions before the {@code send} of a message happen-before actions after the
         * {@code recv} that returns it.
         */
        public Future<Optional<T>> recv() {
            return new Recv<>(this);
        }

        /**
         * The poll-level receive for stream and combinator authors: {@code Ready(Optional.of(message))},
         * {@code Ready(Optional.empty())} at the end of the stream, or {@code Pending} with {@code cx}'s waker
         * registered. Consumes one unit of the cooperative budget when it returns {@code Ready}.
         */
        public Poll<Optional<T>> pollRecv(Context cx) {
            for (int attempt = 0; ; attempt++) {
                boolean terminated = chan.isTerminated(); // read before peek (MpscChan I3)
                T v = chan.peek();
                if (v != null || terminated) {
                    if (!cx.consumeBudget()) return Poll.pending();
                    unregister();
                    if (v == null) return Poll.ready(Optional.empty());
                    chan.advance();
                    return Poll.ready(Optional.of(v));
                }
                if (attempt > 0) return Poll.pending();
                Waits.record(cx.waker(), chan); // task dump
                chan.registerRxWaker(cx.waker()); // then re-check (MpscChan I1)
                registered = true;
            }
        }

        /**
         * A future that moves up to {@code limit} buffered messages into {@code buffer} (waiting for at least one)
         * and completes with how many it moved; {@code 0} means the channel is closed and drained. The batch path:
         * no allocation per message.
         *
         * <p><b>Cancel safety.</b> Cancel-safe: messages are moved only in the poll that completes.
         *
         * @throws NullPointerException when {@code buffer} is null
         * @throws IllegalArgumentException when {@code limit < 1}
         */
        public Future<Integer> recvMany(List<? super T> buffer, int limit) {
            Objects.requireNonNull(buffer, "buffer");
            Arguments.positive("limit", limit, Integer.MAX_VALUE);
            return new RecvMany<>(this, buffer, limit);
        }

        /** The poll-level form of {@link #recvMany}. */
        public Poll<Integer> pollRecvMany(Context cx, List<? super T> buffer, int limit) {
            for (int attempt = 0; ; attempt++) {
                boolean terminated = chan.isTerminated();
                T v = chan.peek();
                if (v != null || terminated) {
                    if (!cx.consumeBudget()) return Poll.pending();
                    unregister();
                    int n = 0;
                    int unreleased = 0; // taken, permit not yet released (MpscChan I4)
                    try {
                        while (v != null) {
                            buffer.add(v);
                            chan.advanceDeferred();
                            n++;
                            if (++unreleased == MpscChan.RELEASE_BATCH) {
                                chan.releaseConsumed(unreleased); // and wakes senders now (MpscChan I4)
                                unreleased = 0;
                            }
                            if (n == limit) break;
                            v = chan.peek();
                        }
                    } finally {
                        if (unreleased > 0) chan.releaseConsumed(unreleased);
                    }
                    return Poll.ready(n);
                }
                if (attempt > 0) return Poll.pending();
                Waits.record(cx.waker(), chan); // task dump
                chan.registerRxWaker(cx.waker());
                registered = true;
            }
        }

        /**
         * Takes a message if one is buffered, without waiting for a sender.
         *
         * <p>A send that has already claimed its slot but not yet written it (a window of a few instructions
         * inside another thread's {@code send}) is waited for, as Tokio's {@code try_recv} does, so a message
         * whose send completed before this call is always returned, in order. The receive futures
         * ({@link #recv}, {@link #recvMany}, {@link #pollRecv}) never wait there: they return {@code Pending}
         * and the sender wakes them once the message is written.
         *
         * @return {@code Received}, {@code Empty}, or {@code Closed} once closed and drained
         */
        @SuppressWarnings("unchecked")
        public TryRecv<T> tryRecv() {
            T v = chan.peekWaiting(); // a send claimed before this call is returned (MpscChan I1), as Tokio
            if (v != null) {
                chan.advance();
                return new TryRecv.Received<>(v);
            }
            // Read after the empty peek: "terminated" means nothing is buffered or in flight (MpscChan I3), so a
            // message cannot slip in between; a failed producer's transient claim is over once peekWaiting returns.
            return (TryRecv<T>) (chan.isTerminatedWaiting() ? CLOSED : EMPTY);
        }

        /**
         * Closes the receiving end (idempotent): later sends fail and hand the value back, waiting senders are
         * woken and fail, {@link Sender#closed()} completes. Messages already buffered can still be received;
         * then {@code recv()} completes empty.
         */
        @Override
        public void close() {
            if (!chan.rxClosed) chan.closeReceiver();
        }

        /** True when the channel is closed for sending (receiver closed or every sender closed). */
        public boolean isClosed() {
            return chan.rxClosed || chan.isClosedForSending();
        }

        /** The number of buffered messages (an estimate while senders are active). */
        public long length() {
            return chan.length();
        }

        /** True when no message is buffered now. */
        public boolean isEmpty() {
            return chan.length() == 0;
        }

        /** The buffer size ({@code Integer.MAX_VALUE} when unbounded). */
        public int maxCapacity() {
            return chan.maxCapacity();
        }

        private void unregister() {
            if (registered) {
                registered = false;
                chan.clearRxWaker();
            }
        }

        void cancelWait() {
            unregister();
        }
    }

    // ---- futures ----

    /** {@link Receiver#recv()}. */
    private static final class Recv<T> implements Future<Optional<T>> {
        private final Receiver<T> rx;

        Recv(Receiver<T> rx) {
            this.rx = rx;
        }

        @Override
        public Poll<Optional<T>> poll(Context cx) {
            return rx.pollRecv(cx);
        }

        @Override
        public void cancel() {
            rx.cancelWait();
        }
    }

    /** {@link Receiver#recvMany}. */
    private static final class RecvMany<T> implements Future<Integer> {
        private final Receiver<T> rx;
        private final List<? super T> buffer;
        private final int limit;

        RecvMany(Receiver<T> rx, List<? super T> buffer, int limit) {
            this.rx = rx;
            this.buffer = buffer;
            this.limit = limit;
        }

        @Override
        public Poll<Integer> poll(Context cx) {
            return rx.pollRecvMany(cx, buffer, limit);
        }

        @Override
        public void cancel() {
            rx.cancelWait();
        }
    }

    /** {@link Sender#send} on an unbounded channel: never waits. */
    private static final class UnboundedSend<T> implements Future<Void> {
        private final MpscChan.Unbounded<T> chan;
        private final T value;

        UnboundedSend(MpscChan.Unbounded<T> chan, T value) {
            this.chan = chan;
            this.value = value;
        }

        @Override
        public Poll<Void> poll(Context cx) {
            if (!cx.consumeBudget()) return Poll.pending();
            if (!chan.offer(value)) throw closedException(value);
            return Poll.ready(null);
        }
    }

    /**
     * Waits for a permit, then runs {@link #onAcquired}: the shared logic of send and reserve. On a bounded
     * channel the future is itself the wait-queue node of the channel's fair semaphore (MpscChan I5), so a send
     * allocates nothing beyond this future, and a waiting send is served in arrival order.
     */
    private abstract static class PermitWait<T, R> extends BatchSemaphore.Waiter implements Future<R> {
        final MpscChan<T> chan;

        /** {@code claimsSlot}: the acquiring CAS also claims the ring slot (MpscChan I5), for a send used at once. */
        PermitWait(MpscChan<T> chan, boolean claimsSlot) {
            // An unbounded channel has no semaphore: its path below never touches the waiter.
            super(chan instanceof MpscChan.Bounded<T> b ? b.permits : null, 1, claimsSlot);
            this.chan = chan;
        }

        abstract R onAcquired();

        abstract RuntimeException onClosed();

        @Override
        public final Poll<R> poll(Context cx) {
            if (chan instanceof MpscChan.Bounded<T>) {
                int r = pollAcquire(cx); // FIFO among waiters; spends the budget when it acquires
                if (r == BatchSemaphore.PENDING) return Poll.pending();
                if (r == BatchSemaphore.CLOSED) throw onClosed();
                return Poll.ready(onAcquired());
            }
            if (chan.isClosedForSending()) throw onClosed();
            if (!cx.consumeBudget()) return Poll.pending(); // consumeBudget() has woken the task
            return Poll.ready(onAcquired());
        }

        @Override
        public final void cancel() {
            if (chan instanceof MpscChan.Bounded<T> b) {
                cancelAcquire(); // an assigned permit goes to the next waiter or back to the count (I5)
                b.afterExternalRelease(); // I3: that may have been the last permit after a close
            }
        }
    }

    /** {@link Sender#send} on a bounded channel. */
    private static final class BoundedSend<T> extends PermitWait<T, Void> {
        private final T value;

        BoundedSend(MpscChan<T> chan, T value) {
            super(chan, true);
            this.value = value;
        }

        @Override
        Void onAcquired() {
            long index = takeClaim(); // claimed with the permit, unless it was assigned while waiting (MpscChan I5)
            if (index == BatchSemaphore.NO_CLAIM) chan.pushAcquired(value);
            else ((MpscChan.Bounded<T>) chan).pushClaimed((int) index, value);
            return null;
        }

        @Override
        RuntimeException onClosed() {
            return closedException(value);
        }
    }

    /** {@link Sender#reserve()}. */
    private static final class Reserve<T> extends PermitWait<T, Permit<T>> {
        Reserve(MpscChan<T> chan) {
            super(chan, false); // the slot is claimed when the Permit sends, so an unused Permit claims none
        }

        @Override
        Permit<T> onAcquired() {
            chan.retainSender();
            return new Permit<>(chan);
        }

        @Override
        RuntimeException onClosed() {
            return new SendException("reserve on a closed channel: the receiver was closed", null);
        }
    }

    /** Sends {@code value} if there is room now: OK, FULL or CLOSED (MpscChan's codes). */
    private static <T> int trySendNow(MpscChan<T> chan, T value) {
        return chan.trySend(value); // bounded: permit and slot in one CAS (MpscChan I5)
    }

    /**
     * {@link Sender#sendTimeout}: a send raced against a timer that is created at the first pending poll.
     * Single-owner polling; no shared state of its own.
     */
    private static final class TimedSend<T> implements Future<SendTimeout<T>> {
        private final MpscChan<T> chan;
        private final Future<Void> send;
        private final T value;
        private final Duration timeout;
        private Sleep timer; // created when the send first has to wait
        private boolean done;

        TimedSend(MpscChan<T> chan, Future<Void> send, T value, Duration timeout) {
            this.chan = chan;
            this.send = send;
            this.value = value;
            this.timeout = timeout;
        }

        @Override
        @SuppressWarnings("unchecked")
        public Poll<SendTimeout<T>> poll(Context cx) {
            if (done) {
                throw new IllegalStateException("sendTimeout polled after it completed or was cancelled"
                        + " (expected: a future is never polled again after Ready or cancel())");
            }
            Poll<Void> p;
            try {
                p = send.poll(cx); // the send first: a slot freed at the deadline is used
            } catch (SendException e) {
                finish();
                return Poll.ready(new SendTimeout.Closed<>(value));
            }
            if (p.isReady()) {
                finish();
                return Poll.ready((SendTimeout<T>) TIMEOUT_SENT);
            }
            if (timer == null) timer = Time.sleep(timeout);
            if (timer.poll(cx).isPending()) return Poll.pending();
            timer = null; // completed: nothing to cancel
            done = true;
            send.cancel(); // passes a wake-up it was given on to the next waiting sender
            // A last attempt: a slot freed between the send's poll and the timer's is used, not wasted.
            return Poll.ready(switch (trySendNow(chan, value)) {
                case MpscChan.OK -> (SendTimeout<T>) TIMEOUT_SENT;
                case MpscChan.FULL -> new SendTimeout.Elapsed<>(value);
                default -> new SendTimeout.Closed<>(value);
            });
        }

        private void finish() {
            done = true;
            Sleep t = timer;
            timer = null;
            if (t != null) t.cancel();
        }

        @Override
        public void cancel() {
            if (done) return;
            done = true;
            send.cancel();
            Sleep t = timer;
            timer = null;
            if (t != null) t.cancel();
        }
    }

    /** {@link Sender#closed()}. */
    private static final class ClosedFuture implements Future<Void> {
        private final MpscChan<?> chan;
        private final ChannelWaiters.Node node = new ChannelWaiters.Node();

        ClosedFuture(MpscChan<?> chan) {
            this.chan = chan;
        }

        @Override
        public Poll<Void> poll(Context cx) {
            if (chan.rxClosed) return ready();
            Waits.record(cx.waker(), chan); // task dump
            chan.closedWaiters.register(node, cx.waker());
            if (chan.rxClosed) return ready(); // re-check after registering
            return Poll.pending();
        }

        private Poll<Void> ready() {
            chan.closedWaiters.remove(node);
            return Poll.ready(null);
        }

        @Override
        public void cancel() {
            chan.closedWaiters.remove(node);
        }
    }
}
