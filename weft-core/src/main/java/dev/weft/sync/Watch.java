package dev.weft.sync;

import com.google.errorprone.annotations.CanIgnoreReturnValue;
import dev.weft.future.Context;
import dev.weft.future.Future;
import dev.weft.future.Poll;
import dev.weft.internal.context.Waits;
import dev.weft.internal.sync.ChannelWaiters;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.UnaryOperator;

/**
 * A single-value channel that keeps only the latest value, for configuration and state that many tasks
 * observe: Tokio's {@code tokio::sync::watch}.
 * {@snippet class=dev.weft.sync.snippets.ChannelSnippets region=watch}
 *
 * <p>Receivers read the current value at any time ({@link Receiver#borrow()}) and wait for a newer one
 * ({@link Receiver#changed()}). Intermediate values may be skipped; the latest is never missed.
 *
 * <p><b>Values are shared.</b> Every receiver gets the same object: send immutable values (records, immutable
 * collections). {@link Sender#sendModify} computes the next value from the current one.
 *
 * <p><b>Memory effects.</b> Actions before a {@code send} happen-before actions after a {@code borrow} or
 * {@code changed} that observes the value.
 */
public final class Watch {
    private Watch() {}

    /**
     * A channel holding {@code initial}, with one sender and one receiver (which counts {@code initial} as
     * seen): Tokio's {@code watch::channel(initial)}.
     * {@snippet class=dev.weft.sync.snippets.ChannelSnippets region=watch}
     *
     * @param initial the first value
     * @param <T> the value type
     * @return the two ends
     * @throws NullPointerException when {@code initial} is null
     */
    public static <T> Channel<T> channel(T initial) {
        Objects.requireNonNull(initial, "initial");
        Shared<T> s = new Shared<>(initial);
        Sender<T> tx = new Sender<>(s);
        return new Channel<>(tx, tx.subscribe());
    }

    /**
     * The old name of {@link #channel(Object)}.
     *
     * @param initial the first value
     * @param <T> the value type
     * @return the two ends
     * @throws NullPointerException when {@code initial} is null
     * @deprecated use {@link #channel(Object)}: every channel factory is named {@code channel} (Mpsc names its two
     *     flavours, {@code bounded} and {@code unbounded})
     */
    @Deprecated(since = "0.1")
    public static <T> Channel<T> of(T initial) {
        return channel(initial);
    }

    /**
     * The two ends of a new watch channel.
     *
     * @param sender the only sender
     * @param receiver the first receiver; clone it or {@link Sender#subscribe()} for more
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
        /** The value is now the current one. */
        record Sent<T>() implements SendResult<T> {}

        /**
         * The channel is closed on the receiving side (every receiver is closed, {@link Sender#isClosed()}): the
         * value was not stored and comes back (use {@link Sender#sendReplace} to store it anyway). Named
         * {@code NoReceivers} before 0.1.
         */
        record Closed<T>(T value) implements SendResult<T> {}
    }

    private static final SendResult.Sent<?> SENT = new SendResult.Sent<>();

    /** A value with its version; replaced as a whole, read lock-free. */
    private record Versioned<T>(T value, long version) {}

    /** State shared by the ends. */
    static final class Shared<T> {
        /*
         * Implementation notes
         *
         * Writes happen under `lock`, a ReentrantLock (never `synchronized`, which pins a virtual thread on
         * JDK 21); reads are lock-free.
         * I1. `current` is an immutable (value, version) pair replaced under the lock and read lock-free
         *     (volatile): a reader always sees a value together with its own version.
         * I2. Receivers register in `waiters` and then re-read `current` and `senderClosed` (volatile); the
         *     sender writes them (volatile) and then wakes all waiters, after releasing the lock.
         * I3. Sender.closed() futures register in `closedWaiters` (a volatile write of its size) and then
         *     re-read `receivers` (volatile); Receiver.close() writes `receivers` (volatile, under the lock)
         *     and then, after releasing the lock, wakes `closedWaiters` when the count reached zero (a volatile
         *     read of its size): one side sees the other, so no wake-up is lost.
         */
        volatile Versioned<T> current;
        volatile boolean senderClosed;
        /** Guards every write below (a ReentrantLock, never synchronized: no virtual-thread pinning). */
        final ReentrantLock lock = new ReentrantLock();
        /** Open receivers; written under the lock, read anywhere (volatile, I3). */
        volatile int receivers;
        final ChannelWaiters waiters = new ChannelWaiters();
        /** Futures returned by Sender.closed() (I3). */
        final ChannelWaiters closedWaiters = new ChannelWaiters();

        Shared(T initial) {
            current = new Versioned<>(initial, 0);
        }

        void store(T value) {
            current = new Versioned<>(value, current.version() + 1); // under the lock
        }
    }

    /** The sending end; thread-safe. */
    public static final class Sender<T> implements AutoCloseable {
        private final Shared<T> s;

        Sender(Shared<T> s) {
            this.s = s;
        }

        /**
         * Makes {@code value} the current value and notifies the receivers, unless there is none.
         *
         * @return {@code Sent}, or {@code Closed(value)} (value not stored) when no receiver is open
         * @throws NullPointerException when {@code value} is null
         * @throws IllegalStateException when the sender was closed
         */
        @SuppressWarnings("unchecked")
        @CanIgnoreReturnValue
        public SendResult<T> send(T value) {
            Objects.requireNonNull(value, "value");
            s.lock.lock();
            try {
                ensureOpen("send()");
                if (s.receivers == 0) return new SendResult.Closed<>(value);
                s.store(value);
            } finally {
                s.lock.unlock();
            }
            s.waiters.wakeAll(); // I2
            return (SendResult<T>) SENT;
        }

        /**
         * Makes {@code value} the current value whether or not anyone receives, notifies, and returns the
         * previous value.
         *
         * @throws NullPointerException when {@code value} is null
         * @throws IllegalStateException when the sender was closed
         */
        @CanIgnoreReturnValue
        public T sendReplace(T value) {
            Objects.requireNonNull(value, "value");
            T prev;
            s.lock.lock();
            try {
                ensureOpen("sendReplace()");
                prev = s.current.value();
                s.store(value);
            } finally {
                s.lock.unlock();
            }
            s.waiters.wakeAll();
            return prev;
        }

        /**
         * Replaces the current value with {@code modify.apply(current)} atomically and notifies the receivers.
         * {@code modify} runs under the channel's lock: keep it short and never block in it.
         *
         * @throws NullPointerException when {@code modify} is null or returns null
         * @throws IllegalStateException when the sender was closed
         */
        public void sendModify(UnaryOperator<T> modify) {
            Objects.requireNonNull(modify, "modify");
            s.lock.lock();
            try {
                ensureOpen("sendModify()");
                T next = modify.apply(s.current.value());
                Objects.requireNonNull(next, "modify returned null (expected: the new value)");
                s.store(next);
            } finally {
                s.lock.unlock();
            }
            s.waiters.wakeAll();
        }

        /** The current value. */
        public T borrow() {
            return s.current.value();
        }

        /** A new receiver that has seen the current value. */
        public Receiver<T> subscribe() {
            s.lock.lock();
            try {
                s.receivers++;
                return new Receiver<>(s, s.current.version());
            } finally {
                s.lock.unlock();
            }
        }

        /** The number of open receivers. */
        public int receiverCount() {
            return s.receivers;
        }

        /** True when no receiver is open, i.e. a {@link #send} now would hand its value back. */
        public boolean isClosed() {
            return s.receivers == 0;
        }

        /**
         * A future that completes when no receiver is open (every receiver and clone was closed): Tokio's
         * {@code watch::Sender::closed}, e.g. to stop producing values nobody observes. It completes at once
         * when there is no receiver at its poll. A receiver made by {@link #subscribe()} afterwards does not
         * un-complete it.
         * {@snippet class=dev.weft.sync.snippets.ChannelSnippets region=watchClosed}
         *
         * <p><b>Cancel safety.</b> Cancel-safe: it consumes nothing, and cancelling removes its wait-list entry.
         *
         * <p><b>Memory effects.</b> Actions of a receiver before its {@link Receiver#close()} happen-before
         * actions after this future completes because of that close.
         */
        public Future<Void> closed() {
            ChannelWaiters.Node node = new ChannelWaiters.Node();
            return new Future<>() {
                @Override
                public Poll<Void> poll(Context cx) {
                    if (s.receivers == 0) return ready();
                    Waits.record(cx.waker(), s); // task dump
                    s.closedWaiters.register(node, cx.waker()); // I3: then re-read the count
                    if (s.receivers == 0) return ready();
                    return Poll.pending();
                }

                private Poll<Void> ready() {
                    s.closedWaiters.remove(node);
                    return Poll.ready(null);
                }

                @Override
                public void cancel() {
                    s.closedWaiters.remove(node);
                }
            };
        }

        /** Closes the sender (idempotent): waiting and later {@code changed()} calls fail with {@link RecvException}. */
        @Override
        public void close() {
            s.lock.lock();
            try {
                if (s.senderClosed) return;
                s.senderClosed = true;
            } finally {
                s.lock.unlock();
            }
            s.waiters.wakeAll();
        }

        private void ensureOpen(String op) {
            if (s.senderClosed) {
                throw new IllegalStateException(op + " on a closed Watch.Sender (expected: an open sender)");
            }
        }
    }

    /** An observer of the value; owned by one task at a time; clone it for another task; close it when done. */
    public static final class Receiver<T> implements AutoCloseable {
        private final Shared<T> s;
        private final ChannelWaiters.Node node = new ChannelWaiters.Node();
        private long seen;
        private boolean receiverClosed;

        Receiver(Shared<T> s, long seen) {
            this.s = s;
            this.seen = seen;
        }

        /** The current value, without marking it seen. */
        public T borrow() {
            return s.current.value();
        }

        /** The current value, marking it seen. */
        public T borrowAndUpdate() {
            Versioned<T> c = s.current;
            seen = c.version();
            return c.value();
        }

        /** True when a value newer than the last one seen was sent. */
        public boolean hasChanged() {
            return s.current.version() != seen;
        }

        /** True when the sender was closed (no newer value will come). */
        public boolean isClosed() {
            return s.senderClosed;
        }

        /**
         * A future that completes once a value newer than the last one seen was sent, and marks it seen; it
         * fails with {@link RecvException} when the sender closed and there is no unseen value.
         * Read the value with {@link #borrow()}.
         *
         * <p><b>Cancel safety.</b> Cancel-safe: nothing is marked seen unless the future completes.
         *
         * <p><b>Memory effects.</b> Actions before the {@code send} happen-before actions after
         * {@code changed()} completes.
         */
        public Future<Void> changed() {
            return new Future<>() {
                @Override
                public Poll<Void> poll(Context cx) {
                    return pollChanged(cx);
                }

                @Override
                public void cancel() {
                    s.waiters.remove(node);
                }
            };
        }

        /** The poll-level form of {@link #changed()}; consumes one unit of budget when ready. */
        public Poll<Void> pollChanged(Context cx) {
            if (cx.remainingBudget() == 0) {
                cx.consumeBudget();
                return Poll.pending();
            }
            for (int attempt = 0; ; attempt++) {
                Versioned<T> c = s.current;
                if (c.version() != seen) {
                    seen = c.version();
                    s.waiters.remove(node);
                    cx.consumeBudget();
                    return Poll.ready(null);
                }
                if (s.senderClosed) {
                    s.waiters.remove(node);
                    throw new RecvException("Watch: the sender was closed and no unseen value is left");
                }
                if (attempt > 0) return Poll.pending();
                Waits.record(cx.waker(), s); // task dump
                s.waiters.register(node, cx.waker()); // I2: then re-read
            }
        }

        /** A new receiver that has seen what this one has seen. */
        @Override
        public Receiver<T> clone() {
            s.lock.lock();
            try {
                s.receivers++;
                return new Receiver<>(s, seen);
            } finally {
                s.lock.unlock();
            }
        }

        /**
         * Closes this receiver (idempotent). When it was the last open one, {@link Sender#closed()} completes.
         */
        @Override
        public void close() {
            int left;
            s.lock.lock();
            try {
                if (receiverClosed) return;
                receiverClosed = true;
                left = --s.receivers;
            } finally {
                s.lock.unlock();
            }
            s.waiters.remove(node);
            if (left == 0) s.closedWaiters.wakeAll(); // I3: after the lock
        }
    }
}
