package dev.weft.sync;

import com.google.errorprone.annotations.CanIgnoreReturnValue;
import dev.weft.future.Context;
import dev.weft.future.Future;
import dev.weft.future.Poll;
import dev.weft.internal.context.Waits;
import dev.weft.internal.sync.Arguments;
import dev.weft.internal.sync.ChannelWaiters;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A multi-producer, multi-consumer channel where every receiver sees every message: Tokio's
 * {@code tokio::sync::broadcast}.
 * {@snippet class=dev.weft.sync.snippets.ChannelSnippets region=broadcast}
 *
 * <p>The channel retains at most the last {@code capacity} messages, and releases each one as soon as every
 * receiver has read it, lagged past it or closed (Tokio's per-slot remaining-readers count), so delivered messages
 * are not kept alive. A receiver that falls further behind is told so explicitly: its next {@code recv()}
 * completes with {@link Recv.Lagged} (how many messages it missed) and it continues from the oldest retained
 * message. Nothing is lost silently.
 *
 * <p><b>Locking.</b> Sends, subscribes and closes take one short {@code ReentrantLock} (never
 * {@code synchronized}, which pins virtual threads on JDK 21); receives are lock-free.
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

    /** The largest capacity {@link #channel(int)} accepts: 2^30. */
    public static final int MAX_CAPACITY = 1 << 30;

    /**
     * A channel retaining the last {@code capacity} messages, with one sender and one receiver: Tokio's
     * {@code broadcast::channel(capacity)}.
     * {@snippet class=dev.weft.sync.snippets.ChannelSnippets region=broadcast}
     *
     * @param capacity how many messages are retained for receivers that lag, at least 1
     * @param <T> the message type
     * @return the two ends
     * @throws IllegalArgumentException when {@code capacity} is not in [1, {@link #MAX_CAPACITY}]; the message for
     *     0 names the rendezvous alternative
     */
    public static <T> Channel<T> channel(int capacity) {
        Arguments.capacity("Broadcast.channel", capacity, MAX_CAPACITY);
        Shared<T> s = new Shared<>(capacity);
        Sender<T> tx = new Sender<>(s);
        return new Channel<>(tx, tx.subscribe());
    }

    /**
     * The old name of {@link #channel(int)}.
     *
     * @param capacity how many messages are retained, at least 1
     * @param <T> the message type
     * @return the two ends
     * @throws IllegalArgumentException when {@code capacity} is not in [1, {@link #MAX_CAPACITY}]
     * @deprecated use {@link #channel(int)}: every channel factory is named {@code channel} (Mpsc names its two
     *     flavours, {@code bounded} and {@code unbounded})
     */
    @Deprecated(since = "0.1")
    public static <T> Channel<T> withCapacity(int capacity) {
        return channel(capacity);
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
    public sealed interface SendResult<T> permits SendResult.Sent, SendResult.Closed {
        /** The message was stored for {@code receivers} receivers. */
        record Sent<T>(int receivers) implements SendResult<T> {}

        /**
         * The channel is closed on the receiving side: every receiver is closed, so the message could never be
         * received; it was not stored and comes back. (A receiver subscribed later through
         * {@link Sender#subscribe()} opens it again.) Named {@code NoReceivers} before 0.1.
         */
        record Closed<T>(T value) implements SendResult<T> {}
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

    /** The ring and its bookkeeping: sends under a lock, receives lock-free. */
    static final class Shared<T> {
        /*
         * Implementation notes
         *
         * Tokio's broadcast (tokio/src/sync/broadcast.rs) re-expressed for the JVM: the send side (tail, receiver
         * count, closed flag) is guarded by one ReentrantLock, as Tokio guards its tail with a mutex; never
         * `synchronized`, which pins a virtual thread on JDK 21. Each send publishes a fresh immutable-position
         * Entry (message number, value, remaining-readers count) into slot pos % capacity, so a receiver reads
         * without the lock and the entry it reads can never be reused for another message (no ABA, no seqlock).
         *
         * I1. Message number n lives in slot n % capacity while n >= tail - capacity; the entry records n in
         *     `pos`. A receiver at `next` that finds entry.pos == next has its message; entry.pos < next (or no
         *     entry) means "not sent yet"; entry.pos > next means it was overwritten: the receiver lagged.
         * I2. Lag is exact: a lagged receiver is told (oldest - next) with oldest = max(tail, entry.pos + 1) -
         *     capacity and moved to oldest. If that slot is overwritten again before it reads it, the next read
         *     reports the further skip; the skips add up to exactly the messages it never receives. A send
         *     stores its entry BEFORE it advances tail, so every message below a tail a reader has seen is
         *     already readable: a lag computed from tail never skips to a message that then reads as "not sent
         *     yet" (BroadcastLincheckTest caught that order reversed: lag 3, one message, then Pending).
         * I3. Retention: entry.rem starts at the receiver count of the send (under the lock, so it counts
         *     exactly the receivers whose position is <= pos). A receiver decrements it after reading the value;
         *     the decrement that reaches 0 clears entry.value. A receiver that closes decrements every retained
         *     entry it had not read (under the lock, so no send overwrites them meanwhile); resubscribe() at an
         *     unread position increments every retained entry from that position (its rem is >= 1 then: the
         *     resubscribing receiver has not read it). An overwritten entry is unreachable. Hence a value is
         *     referenced only while some receiver may still read it.
         * I4. No lost wake-up: a receiver registers in `waiters` (volatile size write inside its lock), then
         *     re-reads the slot (volatile); a send stores the entry (volatile), then reads the waiter count
         *     (volatile) and wakes all waiters after releasing the send lock. Closing sets `closed` (volatile)
         *     after the last send; a receiver that reads closed == true re-reads its slot before reporting Closed.
         * I5. Wakers are called outside every lock, through SafeWake (a throwing waker is logged, the send
         *     returns normally and the other receivers are still woken).
         *
         * Ordering:      write                         mode         matching read
         *   publish      slot setVolatile(entry)       volatile     slot getVolatile in receive
         *   tail         tail = pos + 1 (under lock,   volatile     tail read in the lag path, length()
         *                after the entry)
         *   closed       closed = true (under lock)    volatile     closed read after an empty slot
         * Progress: send blocking (the lock, held for a few stores); receive lock-free.
         */
        private static final VarHandle SLOTS = MethodHandles.arrayElementVarHandle(Entry[].class);

        final Entry<T>[] slots;
        final int capacity;
        final ReentrantLock lock = new ReentrantLock();
        /** Next message number; written under the lock (volatile), read anywhere. */
        volatile long tail;
        /** Open receivers; guarded by lock. */
        int receivers;
        /** Open sender handles; guarded by lock. */
        int senders = 1;
        /** Set under the lock when the last sender handle closes; read anywhere. */
        volatile boolean closed;
        final ChannelWaiters waiters = new ChannelWaiters();

        @SuppressWarnings("unchecked")
        Shared(int capacity) {
            this.capacity = capacity;
            this.slots = (Entry<T>[]) new Entry<?>[capacity];
        }

        @SuppressWarnings("unchecked")
        Entry<T> slot(long pos) {
            return (Entry<T>) SLOTS.getVolatile(slots, (int) (pos % capacity));
        }

        /** Under the lock: stores message {@code pos} for {@code n} readers (I1, I3). */
        void publish(long pos, T value, int n) {
            SLOTS.setVolatile(slots, (int) (pos % capacity), new Entry<>(pos, value, n)); // I4
            tail = pos + 1; // volatile, after the entry: a reader that sees this tail sees every entry below it (I2)
        }

        /** Under the lock: adds {@code delta} readers to every retained entry from {@code from} on (I3). */
        void adjustRetained(long from, int delta) {
            long t = tail;
            for (long p = Math.max(from, t - capacity); p < t; p++) {
                Entry<T> e = slot(p);
                if (e != null && e.pos == p) {
                    if (delta > 0) e.retain();
                    else e.release();
                }
            }
        }
    }

    /** One message in the ring: its number, its value until every reader is done, the readers left (I3). */
    static final class Entry<T> {
        private static final VarHandle REM;
        private static final VarHandle VALUE;

        static {
            try {
                MethodHandles.Lookup l = MethodHandles.lookup();
                REM = l.findVarHandle(Entry.class, "rem", int.class);
                VALUE = l.findVarHandle(Entry.class, "value", Object.class);
            } catch (ReflectiveOperationException e) {
                throw new ExceptionInInitializerError(e);
            }
        }

        final long pos;
        /** The message; cleared (release) by the reader whose decrement of rem reaches 0. */
        private Object value;
        /** Receivers that have not read this message yet; getAndAdd by receivers. */
        @SuppressWarnings("unused")
        private volatile int rem;

        Entry(long pos, T value, int rem) {
            this.pos = pos;
            this.value = value;
            this.rem = rem;
        }

        @SuppressWarnings("unchecked")
        T value() {
            return (T) value; // published with the entry (volatile slot store); this reader has not released
        }

        void retain() {
            REM.getAndAdd(this, 1);
        }

        /** One reader is done with this message; the last one clears the value (I3). */
        void release() {
            if ((int) REM.getAndAdd(this, -1) == 1) VALUE.setRelease(this, (Object) null);
        }
    }

    /** A handle for sending to every receiver; thread-safe. Clone it for more producers; close each handle. */
    public static final class Sender<T> implements AutoCloseable {
        private final Shared<T> s;
        private boolean handleClosed; // guarded by s.lock

        Sender(Shared<T> s) {
            this.s = s;
        }

        /**
         * Stores {@code value} for every current receiver, without waiting (the oldest message is overwritten
         * when the ring is full; receivers that had not seen it get {@link Recv.Lagged}). The channel releases
         * the message as soon as every receiver has read it, lagged past it, or closed.
         *
         * @return {@code Sent(receivers)}, or {@code Closed(value)} when no receiver is subscribed
         * @throws NullPointerException when {@code value} is null
         * @throws IllegalStateException when this handle was closed
         */
        @CanIgnoreReturnValue
        public SendResult<T> send(T value) {
            Objects.requireNonNull(value, "value");
            int n;
            s.lock.lock();
            try {
                ensureOpen("send()");
                n = s.receivers;
                if (n == 0) return new SendResult.Closed<>(value);
                s.publish(s.tail, value, n);
            } finally {
                s.lock.unlock();
            }
            s.waiters.wakeAll(); // I4, I5: after the lock
            return new SendResult.Sent<>(n);
        }

        /** A new receiver that sees every message sent from now on. */
        public Receiver<T> subscribe() {
            s.lock.lock();
            try {
                s.receivers++;
                return new Receiver<>(s, s.tail);
            } finally {
                s.lock.unlock();
            }
        }

        /** The number of open receivers. */
        public int receiverCount() {
            s.lock.lock();
            try {
                return s.receivers;
            } finally {
                s.lock.unlock();
            }
        }

        /**
         * A new sender handle for the same channel.
         *
         * @throws IllegalStateException when this handle was closed
         */
        @Override
        public Sender<T> clone() {
            s.lock.lock();
            try {
                ensureOpen("clone()");
                s.senders++;
                return new Sender<>(s);
            } finally {
                s.lock.unlock();
            }
        }

        /** Closes this handle (idempotent); when it was the last, receivers get {@code Closed} after draining. */
        @Override
        public void close() {
            boolean last;
            s.lock.lock();
            try {
                if (handleClosed) return;
                handleClosed = true;
                last = --s.senders == 0;
                if (last) s.closed = true;
            } finally {
                s.lock.unlock();
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
        private static final int EMPTY = 0;
        private static final int MESSAGE = 1;
        private static final int LAGGED = 2;
        private static final int ENDED = 3;

        private final Shared<T> s;
        private final ChannelWaiters.Node node = new ChannelWaiters.Node();
        /** Next message number to read; owner only. */
        private long next;
        /** Owner only (a receiver is used by one task at a time). */
        private boolean receiverClosed;
        /** The outcome of the last tryTake(): the message, or the lag. Owner only. */
        private T taken;
        private long skipped;

        Receiver(Shared<T> s, long next) {
            this.s = s;
            this.next = next;
        }

        /** One lock-free receive attempt (I1-I4): EMPTY, MESSAGE (in taken), LAGGED (in skipped) or ENDED. */
        private int tryTake() {
            long n = next;
            Entry<T> e = s.slot(n);
            if (e == null || e.pos < n) { // not sent yet
                if (!s.closed) return EMPTY;
                e = s.slot(n); // I4: closed was set after the last send: re-read
                if (e == null || e.pos < n) return ENDED;
            }
            if (e.pos == n) {
                taken = e.value();
                e.release(); // I3
                next = n + 1;
                return MESSAGE;
            }
            long oldest = Math.max(s.tail, e.pos + 1) - s.capacity; // I2: e.pos > n, so oldest > n
            skipped = oldest - n;
            next = oldest;
            return LAGGED;
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
            if (receiverClosed) throw new IllegalStateException("recv() on a closed Broadcast.Receiver");
            if (cx.remainingBudget() == 0) {
                cx.consumeBudget(); // spent: wakes the task, which yields
                return Poll.pending();
            }
            int r = tryTake();
            if (r == EMPTY) {
                Waits.record(cx.waker(), s); // task dump
                s.waiters.register(node, cx.waker()); // I4: register, then re-check
                r = tryTake();
                if (r == EMPTY) return Poll.pending();
            }
            s.waiters.remove(node);
            cx.consumeBudget();
            return Poll.ready(switch (r) {
                case MESSAGE -> new Recv.Message<>(take());
                case LAGGED -> new Recv.Lagged<>(skipped);
                default -> (Recv<T>) CLOSED;
            });
        }

        private T take() {
            T v = taken;
            taken = null;
            return v;
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
            if (receiverClosed) throw new IllegalStateException("tryRecv() on a closed Broadcast.Receiver");
            return switch (tryTake()) {
                case MESSAGE -> new TryRecv.Received<>(take());
                case LAGGED -> new TryRecv.Lagged<>(skipped);
                case EMPTY -> (TryRecv<T>) TRY_EMPTY;
                default -> (TryRecv<T>) TRY_CLOSED;
            };
        }

        /** The number of retained messages this receiver has not seen yet (capped at the capacity). */
        public long length() {
            long t = s.tail;
            return t - Math.max(next, t - s.capacity);
        }

        /** A new receiver at this receiver's position. */
        public Receiver<T> resubscribe() {
            s.lock.lock();
            try {
                s.receivers++;
                s.adjustRetained(next, +1); // I3: the new receiver will read them too
                return new Receiver<>(s, next);
            } finally {
                s.lock.unlock();
            }
        }

        /**
         * Unsubscribes (idempotent): this receiver no longer counts toward {@link Sender#receiverCount()}, and
         * the messages it had not read are released as soon as the other receivers have read them.
         */
        @Override
        public void close() {
            if (receiverClosed) return;
            receiverClosed = true;
            s.lock.lock();
            try {
                s.receivers--;
                s.adjustRetained(next, -1); // I3
            } finally {
                s.lock.unlock();
            }
            s.waiters.remove(node);
        }
    }
}
