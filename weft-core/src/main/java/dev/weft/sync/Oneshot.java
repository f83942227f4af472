package dev.weft.sync;

import com.google.errorprone.annotations.CanIgnoreReturnValue;
import dev.weft.future.AtomicWaker;
import dev.weft.future.Context;
import dev.weft.future.Future;
import dev.weft.future.Poll;
import dev.weft.internal.context.Waits;
import dev.weft.internal.sync.SafeWake;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Objects;

/**
 * A channel for sending exactly one value from one task to another: Tokio's {@code tokio::sync::oneshot}.
 * {@snippet class=dev.weft.sync.snippets.ChannelSnippets region=oneshot}
 *
 * <p>The {@link Receiver} is itself the future of the value. Java has no drop, so each end is closed
 * explicitly: a sender closed without sending makes the receiver fail with {@link RecvException}; a closed (or
 * cancelled) receiver makes {@link Sender#send} hand the value back and completes {@link Sender#closed()}.
 *
 * <p><b>Memory effects.</b> Actions before {@code send} happen-before actions after the receiver completes
 * with the value.
 */
public final class Oneshot {
    private Oneshot() {}

    /** A new channel. */
    public static <T> Channel<T> channel() {
        Shared<T> s = new Shared<>();
        return new Channel<>(new Sender<>(s), new Receiver<>(s));
    }

    /**
     * The two ends of a oneshot channel.
     *
     * @param sender the end that sends the value
     * @param receiver the end that awaits it
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
        /** The value is now the receiver's. */
        record Sent<T>() implements SendResult<T> {}

        /** The receiver was closed; the value comes back. Named {@code ReceiverGone} before 0.1. */
        record Closed<T>(T value) implements SendResult<T> {}
    }

    /** The result of {@link Receiver#tryRecv}. */
    public sealed interface TryRecv<T> permits TryRecv.Received, TryRecv.Empty, TryRecv.Closed {
        /** The value was taken. */
        record Received<T>(T value) implements TryRecv<T> {}

        /** Nothing was sent yet. */
        record Empty<T>() implements TryRecv<T> {}

        /** No value will come: the sender closed without sending, the receiver was closed, or the value was taken. */
        record Closed<T>() implements TryRecv<T> {}
    }

    /** The state shared by the two ends. */
    static final class Shared<T> extends AtomicWaker {
        /*
         * Implementation notes
         *
         * One int state, moved out of EMPTY by exactly one CAS: to SENT (send), TX_CLOSED (sender closed without
         * sending) or RX_CLOSED (receiver closed first). SENT may later move to TAKEN (the receiver took the
         * value) by the receiver alone.
         * I1. `value` is written before the CAS EMPTY -> SENT and read only after observing SENT (the CAS
         *     publishes it; the receiver's volatile read acquires it).
         * I2. Each side registers its waker in an AtomicWaker and then re-reads the state; the other side CASes
         *     the state and then wakes: no lost wake-up (AtomicWaker's own protocol). The receiver's slot is this
         *     object itself (Shared extends AtomicWaker: an idle oneshot is one object of 32 bytes plus its ends).
         */
        static final int EMPTY = 0;
        static final int SENT = 1;
        static final int TX_CLOSED = 2;
        static final int RX_CLOSED = 3;
        static final int TAKEN = 4;

        private static final VarHandle STATE;
        private static final VarHandle TX_WAKER;

        static {
            try {
                STATE = MethodHandles.lookup().findVarHandle(Shared.class, "state", int.class);
                TX_WAKER = MethodHandles.lookup().findVarHandle(Shared.class, "txWaker", AtomicWaker.class);
            } catch (ReflectiveOperationException e) {
                throw new ExceptionInInitializerError(e);
            }
        }

        @SuppressWarnings("unused")
        private volatile int state;
        /** Written by the sender before SENT, read by the receiver after (I1). */
        private T value;
        /**
         * The sender's closed() waker, created on first use (most senders never await closed(); this keeps an idle
         * oneshot 24 bytes smaller). Created with a CAS by the sender's poll; read (volatile) by the closing
         * receiver after its state CAS: a Dekker pair, so the receiver either sees the waker or the sender's
         * re-check sees the closed state.
         */
        private volatile AtomicWaker txWaker;

        AtomicWaker txWaker() {
            AtomicWaker w = txWaker;
            if (w != null) return w;
            w = new AtomicWaker();
            return TX_WAKER.compareAndSet(this, null, w) ? w : txWaker;
        }

        void wakeTx() {
            AtomicWaker w = txWaker;
            if (w != null) SafeWake.wake(w.take()); // a throwing waker is logged: the closer still returns
        }

        void clearTx() {
            AtomicWaker w = txWaker;
            if (w != null) w.clear();
        }

        int state() {
            return state;
        }

        boolean cas(int expected, int next) {
            return STATE.compareAndSet(this, expected, next);
        }
    }

    private static final SendResult.Sent<?> SENT = new SendResult.Sent<>();
    private static final TryRecv.Empty<?> EMPTY = new TryRecv.Empty<>();
    private static final TryRecv.Closed<?> CLOSED = new TryRecv.Closed<>();

    /** The sending end: sends once, or is closed. Thread-safe. */
    public static final class Sender<T> implements AutoCloseable {
        private final Shared<T> s;

        Sender(Shared<T> s) {
            this.s = s;
        }

        /**
         * Sends {@code value} to the receiver, without waiting.
         *
         * @return {@code Sent}, or {@code Closed} holding {@code value} when the receiver was closed
         * @throws NullPointerException when {@code value} is null
         * @throws IllegalStateException when this sender already sent or was closed
         */
        @SuppressWarnings("unchecked")
        @CanIgnoreReturnValue
        public SendResult<T> send(T value) {
            Objects.requireNonNull(value, "value");
            int st = s.state();
            if (st == Shared.SENT || st == Shared.TX_CLOSED || st == Shared.TAKEN) {
                throw new IllegalStateException("Oneshot.Sender.send() after the sender already sent or was closed"
                        + " (expected: exactly one send per channel)");
            }
            s.value = value;
            if (s.cas(Shared.EMPTY, Shared.SENT)) { // I1: publishes value
                SafeWake.wake(s.take()); // a throwing waker is logged: send still succeeds
                return (SendResult<T>) SENT;
            }
            s.value = null;
            if (s.state() == Shared.TX_CLOSED) { // the sender was closed concurrently: still a second use
                throw new IllegalStateException("Oneshot.Sender.send() after the sender was closed"
                        + " (expected: exactly one send per channel)");
            }
            return new SendResult.Closed<>(value);
        }

        /** Closes the sender without sending (idempotent); the receiver then fails with {@link RecvException}. */
        @Override
        public void close() {
            if (s.cas(Shared.EMPTY, Shared.TX_CLOSED)) SafeWake.wake(s.take());
        }

        /** True when the receiver was closed (a send would hand the value back). */
        public boolean isClosed() {
            return s.state() == Shared.RX_CLOSED;
        }

        /**
         * A future that completes when the receiver is closed (or cancelled), e.g. to stop computing a value
         * nobody waits for. At most one such future may wait at a time.
         *
         * <p><b>Cancel safety.</b> Cancel-safe; cancelling unregisters its waker.
         */
        public Future<Void> closed() {
            return new Future<>() {
                @Override
                public Poll<Void> poll(Context cx) {
                    if (isClosed()) return Poll.ready(null);
                    Waits.record(cx.waker(), s); // task dump
                    s.txWaker().register(cx.waker());
                    return isClosed() ? Poll.ready(null) : Poll.pending(); // I2
                }

                @Override
                public void cancel() {
                    s.clearTx();
                }
            };
        }
    }

    /**
     * The receiving end, and the future of the value: it completes with the value, or fails with
     * {@link RecvException} when the sender was closed without sending.
     *
     * <p><b>Cancel safety.</b> Cancelling the receiver closes it (Rust's drop): the sender's {@code send} then
     * hands the value back. A value sent before the cancel is dropped with the receiver.
     */
    public static final class Receiver<T> implements Future<T>, AutoCloseable {
        private final Shared<T> s;

        Receiver(Shared<T> s) {
            this.s = s;
        }

        /**
         * Polls for the value.
         *
         * @throws RecvException (from poll) when the sender was closed without sending
         * @throws IllegalStateException (from poll) when the receiver was closed or the value already taken
         */
        @Override
        public Poll<T> poll(Context cx) {
            for (int attempt = 0; ; attempt++) {
                int st = s.state();
                switch (st) {
                    case Shared.SENT -> {
                        if (!cx.consumeBudget()) return Poll.pending();
                        return Poll.ready(take());
                    }
                    case Shared.TX_CLOSED -> throw new RecvException(
                            "Oneshot: the sender was closed without sending a value");
                    case Shared.RX_CLOSED, Shared.TAKEN -> throw new IllegalStateException(
                            "Oneshot.Receiver polled after it was closed or its value was taken");
                    default -> {
                        if (attempt > 0) return Poll.pending();
                        Waits.record(cx.waker(), s); // task dump
                        s.register(cx.waker()); // I2: then re-read the state
                    }
                }
            }
        }

        /** The shared state (package-private, for tests). */
        Shared<T> shared() {
            return s;
        }

        private T take() {
            T v = s.value;
            s.value = null;
            s.cas(Shared.SENT, Shared.TAKEN);
            return v;
        }

        /** Closes the receiver (Rust's drop). */
        @Override
        public void cancel() {
            s.clear();
            closeInternal(true);
        }

        /**
         * Takes the value if it was sent, without waiting.
         *
         * @return {@code Received}, {@code Empty}, or {@code Closed} when no value will come
         */
        @SuppressWarnings("unchecked")
        public TryRecv<T> tryRecv() {
            return switch (s.state()) {
                case Shared.SENT -> new TryRecv.Received<>(take());
                case Shared.EMPTY -> (TryRecv<T>) EMPTY;
                default -> (TryRecv<T>) CLOSED;
            };
        }

        /**
         * Closes the receiver (idempotent): a later {@code send} hands its value back and
         * {@link Sender#closed()} completes. A value sent before the close can still be taken with
         * {@link #tryRecv()}.
         */
        @Override
        public void close() {
            closeInternal(false);
        }

        private void closeInternal(boolean dropValue) {
            if (s.cas(Shared.EMPTY, Shared.RX_CLOSED)) {
                s.wakeTx();
            } else if (dropValue && s.cas(Shared.SENT, Shared.RX_CLOSED)) {
                s.value = null;
                s.wakeTx(); // a closed() future made before the send now sees isClosed()
            }
        }
    }
}
