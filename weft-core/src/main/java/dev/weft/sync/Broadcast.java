package dev.weft.sync;

import dev.weft.future.Context;
import dev.weft.future.Future;
import dev.weft.future.Poll;
import dev.weft.internal.sync.ChannelWaiters;
import java.util.Objects;

/**
 * A multi-producer, multi-consumer channel where every receiver sees every message: Tokio's
 * {@code tokio::sync::broadcast}.
 * {@snippet class=dev.weft.sync.snippets.ChannelSnippets region=broadcast}
 *
 * <p>The channel retains the last {@code capacity} messages. A receiver that falls further behind is told so
 * explicitly: its next {@code recv()} completes with {@link Recv.Lagged} (how many messages it missed) and it
 * continues from the oldest retained message. Nothing is lost silently.
 *
 * <p><b>Closing.</b> When every sender handle is closed, receivers drain what they have not seen and then get
 * {@link Recv.Closed}. Receivers are closed explicitly too (Java has no drop), so {@link Sender#receiverCount()}
 * stays accurate.
 *
 * <p><b>Memory effects.</b> Actions before {@code send} happen-before actions after a {@code recv} that returns
 * the message.
 */
public final class Broadcast {
    private Broadcast() {}

    /**
     * A channel retaining the last {@code capacity} messages, with one sender and one receiver.
     *
     * @throws IllegalArgumentException when {@code capacity} is not in [1, 2^30]
     */
    public static <T> Channel<T> withCapacity(int capacity) {
        if (capacity < 1 || capacity > (1 << 30)) {
            throw new IllegalArgumentException("capacity: " + capacity + " (expected: in [1, 2^30])");
        }
        Shared<T> s = new Shared<>(capacity);
        Sender<T> tx = new Sender<>(s);
        return new Channel<>(tx, tx.subscribe());
    }

    /**
     * The two ends of a new broadcast channel.
     *
     * @param sender the first sender handle
     * @param receiver the first receiver; {@link Sender#subscribe()} makes more
     */
    public record Channel<T>(Sender<T> sender, Receiver<T> receiver) {
        /** Checks that both ends are present. */
        public Channel {
            Objects.requireNonNull(sender, "sender");
            Objects.requireNonNull(receiver, "receiver");
        }
    }

    /** The result of {@link Sender#send}. */
    public sealed interface SendResult<T> permits SendResult.Sent, SendResult.NoReceivers {
        /** The message was stored for {@code receivers} receivers. */
        record Sent<T>(int receivers) implements SendResult<T> {}

        /** There is no receiver; the message was not stored and comes back. */
        record NoReceivers<T>(T value) implements SendResult<T> {}
    }

    /** The result of {@link Receiver#recv()}. */
    public sealed interface Recv<T> permits Recv.Message, Recv.Lagged, Recv.Closed {
        /** The next message. */
        record Message<T>(T value) implements Recv<T> {}

        /** The receiver fell behind by {@code skipped} messages; the next recv returns the oldest retained one. */
        record Lagged<T>(long skipped) implements Recv<T> {}

        /** Every sender is closed and this receiver has seen every message. */
        record Closed<T>() implements Recv<T> {}
    }

    /**
     * The result of {@link Receiver#tryRecv()} (Tokio's {@code Result<T, TryRecvError>}).
     */
    public sealed interface TryRecv<T> permits TryRecv.Received, TryRecv.Lagged, TryRecv.Empty, TryRecv.Closed {
        /** The next message was taken. */
        record Received<T>(T value) implements TryRecv<T> {}

        /**
         * The receiver fell behind by {@code skipped} messages and was moved to the oldest retained one, which
         * the next receive returns.
         */
        record Lagged<T>(long skipped) implements TryRecv<T> {}

        /** This receiver has seen every message sent so far; more may come. */
        record Empty<T>() implements TryRecv<T> {}

        /** Every sender is closed and this receiver has seen every message. */
        record Closed<T>() implements TryRecv<T> {}
    }

    private static final Recv.Closed<?> CLOSED = new Recv.Closed<>();
    private static final TryRecv.Empty<?> TRY_EMPTY = new TryRecv.Empty<>();
    private static final TryRecv.Closed<?> TRY_CLOSED = new TryRecv.Closed<>();

    /** The ring and its bookkeeping, all guarded by {@code this}. */
    static final class Shared<T> {
        /*
         * Implementation notes
         *
         * A ring of `capacity` slots and a global message counter `tail`, guarded by one lock (Tokio guards its
         * tail with a mutex too; receivers here also read under it, which keeps the code small; a per-slot
         * sequence number would make receives lock-free and is the next step if profiles ask for it).
         * I1. Message number n lives in slot n % capacity while n >= tail - capacity.
         * I2. A receiver with next < tail - capacity has lagged: it is told tail - capacity - next and moved
         *     to tail - capacity.
         * I3. Receivers register in `waiters` under the lock; send stores under the lock and wakes all waiters
         *     after releasing it, so a registered receiver is either woken or sees the message.
         */
        final Object[] slots;
        final int capacity;
        long tail;
        int receivers;
        int senders = 1;
        boolean closed;
        final ChannelWaiters waiters = new ChannelWaiters();

        Shared(int capacity) {
            this.capacity = capacity;
            this.slots = new Object[capacity];
        }
    }

    /** A handle for sending to every receiver; thread-safe. Clone it for more producers; close each handle. */
    public static final class Sender<T> implements AutoCloseable {
        private final Shared<T> s;
        private boolean handleClosed; // guarded by s

        Sender(Shared<T> s) {
            this.s = s;
        }

        /**
         * Stores {@code value} for every current receiver, without waiting (the oldest message is overwritten
         * when the ring is full; receivers that had not seen it get {@link Recv.Lagged}).
         *
         * @return {@code Sent(receivers)}, or {@code NoReceivers(value)} when nobody subscribes
         * @throws NullPointerException when {@code value} is null
         * @throws IllegalStateException when this handle was closed
         */
        public SendResult<T> send(T value) {
            Objects.requireNonNull(value, "value");
            int n;
            synchronized (s) {
                ensureOpen("send()");
                n = s.receivers;
                if (n == 0) return new SendResult.NoReceivers<>(value);
                s.slots[(int) (s.tail % s.capacity)] = value;
                s.tail++;
            }
            s.waiters.wakeAll(); // I3: after the lock
            return new SendResult.Sent<>(n);
        }

        /** A new receiver that sees every message sent from now on. */
        public Receiver<T> subscribe() {
            synchronized (s) {
                s.receivers++;
                return new Receiver<>(s, s.tail);
            }
        }

        /** The number of open receivers. */
        public int receiverCount() {
            synchronized (s) {
                return s.receivers;
            }
        }

        /**
         * A new sender handle for the same channel.
         *
         * @throws IllegalStateException when this handle was closed
         */
        @Override
        public Sender<T> clone() {
            synchronized (s) {
                ensureOpen("clone()");
                s.senders++;
                return new Sender<>(s);
            }
        }

        /** Closes this handle (idempotent); when it was the last, receivers get {@code Closed} after draining. */
        @Override
        public void close() {
            boolean last;
            synchronized (s) {
                if (handleClosed) return;
                handleClosed = true;
                last = --s.senders == 0;
                if (last) s.closed = true;
            }
            if (last) s.waiters.wakeAll();
        }

        private void ensureOpen(String op) {
            if (handleClosed) {
                throw new IllegalStateException(op + " on a closed Broadcast.Sender handle (expected: an open handle)");
            }
        }
    }

    /** One subscriber's position in the channel. Owned by one task at a time; close it when done. */
    public static final class Receiver<T> implements AutoCloseable {
        private final Shared<T> s;
        private final ChannelWaiters.Node node = new ChannelWaiters.Node();
        private long next; // guarded by s
        private boolean receiverClosed; // guarded by s

        Receiver(Shared<T> s, long next) {
            this.s = s;
            this.next = next;
        }

        /**
         * A future of the next message, a {@code Lagged} notice when this receiver fell behind, or
         * {@code Closed} once every sender closed and every message was seen.
         *
         * <p><b>Cancel safety.</b> Cancel-safe: the position advances only in the poll that completes, so a
         * cancelled recv loses nothing.
         *
         * <p><b>Memory effects.</b> Actions before {@code send} happen-before actions after the {@code recv}
         * that returns the message.
         *
         * @throws IllegalStateException (from poll) when this receiver was closed
         */
        public Future<Recv<T>> recv() {
            return new Future<>() {
                @Override
                public Poll<Recv<T>> poll(Context cx) {
                    return pollRecv(cx);
                }

                @Override
                public void cancel() {
                    s.waiters.remove(node);
                }
            };
        }

        /** The poll-level form of {@link #recv()}; consumes one unit of budget when ready. */
        @SuppressWarnings("unchecked")
        public Poll<Recv<T>> pollRecv(Context cx) {
            if (cx.remainingBudget() == 0) {
                cx.consumeBudget(); // spent: wakes the task, which yields
                return Poll.pending();
            }
            Recv<T> result;
            synchronized (s) {
                if (receiverClosed) throw new IllegalStateException("recv() on a closed Broadcast.Receiver");
                long oldest = s.tail - s.capacity;
                if (next < oldest) {
                    result = new Recv.Lagged<>(oldest - next); // I2
                    next = oldest;
                } else if (next < s.tail) {
                    result = new Recv.Message<>((T) s.slots[(int) (next % s.capacity)]);
                    next++;
                } else if (s.closed) {
                    result = (Recv<T>) CLOSED;
                } else {
                    s.waiters.register(node, cx.waker()); // I3
                    return Poll.pending();
                }
            }
            s.waiters.remove(node);
            cx.consumeBudget();
            return Poll.ready(result);
        }

        /**
         * Takes the next message if there is one, without waiting: the non-waiting form of {@link #recv()},
         * with the same lag rule (a receiver that fell behind gets {@code Lagged} once, then continues from
         * the oldest retained message).
         * {@snippet class=dev.weft.sync.snippets.ChannelSnippets region=broadcastTryRecv}
         *
         * @return {@code Received}, {@code Lagged}, {@code Empty}, or {@code Closed} once every sender is closed
         *     and every message was seen
         * @throws IllegalStateException when this receiver was closed
         */
        @SuppressWarnings("unchecked")
        public TryRecv<T> tryRecv() {
            synchronized (s) {
                if (receiverClosed) throw new IllegalStateException("tryRecv() on a closed Broadcast.Receiver");
                long oldest = s.tail - s.capacity;
                if (next < oldest) {
                    long skipped = oldest - next; // I2
                    next = oldest;
                    return new TryRecv.Lagged<>(skipped);
                }
                if (next < s.tail) {
                    T v = (T) s.slots[(int) (next % s.capacity)];
                    next++;
                    return new TryRecv.Received<>(v);
                }
                return (TryRecv<T>) (s.closed ? TRY_CLOSED : TRY_EMPTY);
            }
        }

        /** The number of retained messages this receiver has not seen yet (capped at the capacity). */
        public long length() {
            synchronized (s) {
                return s.tail - Math.max(next, s.tail - s.capacity);
            }
        }

        /** A new receiver at this receiver's position. */
        public Receiver<T> resubscribe() {
            synchronized (s) {
                s.receivers++;
                return new Receiver<>(s, next);
            }
        }

        /** Unsubscribes (idempotent): this receiver no longer counts toward {@link Sender#receiverCount()}. */
        @Override
        public void close() {
            synchronized (s) {
                if (receiverClosed) return;
                receiverClosed = true;
                s.receivers--;
            }
            s.waiters.remove(node);
        }
    }
}
