package dev.weft.signal;

import dev.weft.future.Future;
import dev.weft.sync.CancellationToken;
import java.lang.System.Logger.Level;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Ctrl-C (SIGINT) and SIGTERM as futures: tokio's {@code signal::ctrl_c()} and
 * {@code signal::unix::signal(SignalKind::terminate())}. Use them in a {@code select} with the server's work to
 * shut down gracefully.
 *
 * {@snippet class=dev.weft.signal.snippets.SignalSnippets region=shutdown}
 *
 * <p><b>Broadcast.</b> Every future returned by {@link #ctrlC()} (or {@link #terminate()}) before a signal
 * arrives completes once when it arrives, however many there are; a future created after a signal waits for
 * the next one. Creating the future is what subscribes (it captures the current "generation"), so create it
 * before the work it guards, not lazily at first poll.
 *
 * <p><b>How signals are caught.</b> Java has no supported signal API. The first call for a signal installs a
 * handler through {@code sun.misc.Signal} (module {@code jdk.unsupported}, part of every JDK); as in Tokio,
 * from then on the JVM's default reaction (exit) is replaced for the rest of the process: the program must
 * exit on its own. The handler runs on a JVM-created thread and only completes futures. When the handler
 * cannot be installed (the JVM runs with {@code -Xrs}, or the OS refuses), Weft falls back to a JVM shutdown
 * hook: the futures then complete when the JVM starts shutting down for any reason (SIGINT, SIGTERM, SIGHUP,
 * {@code System.exit}, the last non-daemon thread ending), and the JVM exits as soon as the hooks return, so
 * the grace period is whatever the hook thread waits; {@link #mechanism(SignalKind)} says which is in force.
 */
public final class Signals {
    private static final System.Logger LOG = System.getLogger(Signals.class.getName());

    private Signals() {}

    /** A signal Weft can deliver as a future. */
    public enum SignalKind {
        /** SIGINT: Ctrl-C in a terminal. */
        INTERRUPT("INT"),
        /** SIGTERM: the polite termination request of service managers and {@code kill}. */
        TERMINATE("TERM");

        final String osName;

        SignalKind(String osName) {
            this.osName = osName;
        }
    }

    /** How a signal is being caught. */
    public enum Mechanism {
        /** Not subscribed yet: nothing installed. */
        NONE,
        /** A real signal handler: the future completes on the signal and the JVM keeps running. */
        SIGNAL_HANDLER,
        /** A shutdown hook: the future completes when the JVM starts shutting down, for any reason. */
        SHUTDOWN_HOOK,
        /**
         * The process ignores the signal: it was started with the signal ignored (as {@code nohup} and the
         * background jobs of a non-interactive shell start their commands, for SIGINT), and the JVM then installs
         * no handler, so the signal never reaches the process and the future completes only at the next JVM
         * shutdown (a shutdown hook is added). Logged as a warning when the first subscription finds it.
         */
        IGNORED_BY_PROCESS
    }

    private static final Channel INTERRUPT = new Channel(SignalKind.INTERRUPT);
    private static final Channel TERMINATE = new Channel(SignalKind.TERMINATE);

    /**
     * A future that completes at the next SIGINT (Ctrl-C) after this call.
     *
     * <p><b>Cancel safety:</b> cancel-safe: cancelling only drops this waiter; the handler stays installed and
     * other waiters are still woken.
     *
     * <p><b>Memory effects:</b> actions of the signal handler before completing the waiters happen-before
     * the future completes.
     */
    public static Future<Void> ctrlC() {
        return INTERRUPT.subscribe();
    }

    /**
     * A future that completes at the next SIGTERM after this call.
     *
     * <p><b>Cancel safety:</b> cancel-safe, as {@link #ctrlC()}.
     */
    public static Future<Void> terminate() {
        return TERMINATE.subscribe();
    }

    /**
     * A future that completes at the next {@code kind} signal after this call.
     *
     * <p><b>Cancel safety:</b> cancel-safe, as {@link #ctrlC()}.
     */
    public static Future<Void> signal(SignalKind kind) {
        return channel(Objects.requireNonNull(kind, "kind")).subscribe();
    }

    /** How {@code kind} is being caught: {@link Mechanism#NONE} until its first subscription. */
    public static Mechanism mechanism(SignalKind kind) {
        return channel(Objects.requireNonNull(kind, "kind")).mechanism;
    }

    /** Delivers {@code kind} to its waiters as if the signal had arrived (tests of the hook path). */
    static void deliverForTest(SignalKind kind) {
        channel(kind).deliver();
    }

    private static Channel channel(SignalKind kind) {
        return kind == SignalKind.INTERRUPT ? INTERRUPT : TERMINATE;
    }

    /** One signal's subscription state. */
    private static final class Channel {
        /*
         * Implementation notes
         *
         * I1. `current` holds the token of the generation waiting for the next signal; deliver() swaps in a
         *     fresh token, then cancels the old one, so every future subscribed before the swap completes and
         *     every one subscribed after waits for the next signal.
         * I2. The handler is installed once, under the class lock of `install`, before the first subscriber
         *     reads `current` (subscribe installs, then reads), so no subscriber can miss a signal that arrives
         *     after its subscribe() returned.
         */
        private final SignalKind kind;
        private final AtomicReference<CancellationToken> current = new AtomicReference<>(new CancellationToken());
        private volatile Mechanism mechanism = Mechanism.NONE;

        Channel(SignalKind kind) {
            this.kind = kind;
        }

        Future<Void> subscribe() {
            if (mechanism == Mechanism.NONE) install();
            return current.get().cancelled();
        }

        void deliver() {
            CancellationToken old = current.getAndSet(new CancellationToken());
            old.cancel();
        }

        private synchronized void install() {
            if (mechanism != Mechanism.NONE) return;
            try {
                sun.misc.SignalHandler previous =
                        sun.misc.Signal.handle(new sun.misc.Signal(kind.osName), sig -> deliver());
                if (previous == sun.misc.SignalHandler.SIG_IGN) {
                    // the JVM leaves a signal ignored at start-up ignored (it installs nothing): say so, never wait
                    // silently for a signal that cannot arrive
                    LOG.log(Level.WARNING, "SIG" + kind.osName + " is ignored by this process (it was started with"
                            + " the signal ignored, as nohup and background jobs of non-interactive shells are), so"
                            + " the JVM delivers none: the future will complete when the JVM shuts down");
                    Runtime.getRuntime().addShutdownHook(new Thread(this::deliver, "weft-signal-SIG" + kind.osName));
                    mechanism = Mechanism.IGNORED_BY_PROCESS;
                } else {
                    mechanism = Mechanism.SIGNAL_HANDLER;
                }
            } catch (IllegalArgumentException | UnsupportedOperationException | LinkageError e) {
                LOG.log(Level.WARNING, "cannot handle SIG" + kind.osName + " (" + e + "); falling back to a"
                        + " shutdown hook: the future will complete when the JVM shuts down");
                Runtime.getRuntime().addShutdownHook(new Thread(this::deliver, "weft-signal-SIG" + kind.osName));
                mechanism = Mechanism.SHUTDOWN_HOOK;
            }
        }
    }
}
