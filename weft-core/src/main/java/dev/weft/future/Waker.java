package dev.weft.future;

/**
 * A handle that tells an executor a future can make progress and should be polled again.
 *
 * <p>This is Rust's {@code std::task::Waker}. A future that returns {@link Poll#pending()} keeps
 * {@code cx.waker()} and calls {@link #wake()} once the event it waits for has happened. Java has garbage
 * collection, so there is no clone or drop: keep the reference as long as needed.
 *
 * <p>Rules for implementations: {@code wake()} may be called from any thread, any number of times, also after
 * the future completed; it must be cheap, must never block and must never throw. In Weft's runtime the task
 * itself is the waker, so waking allocates nothing and extra wake-ups coalesce.
 */
@FunctionalInterface
public interface Waker {

    /** Asks the executor to poll the owning future again. Idempotent while the poll is still pending. */
    void wake();

    /**
     * True when waking {@code other} would wake the same task as waking this waker; lets a future skip
     * re-registering an unchanged waker (Rust's {@code will_wake}).
     */
    default boolean willWake(Waker other) {
        return this == other;
    }

    /** A waker that does nothing, for polling by hand where no wake-up is expected. */
    static Waker noop() {
        return NoopWaker.INSTANCE;
    }
}

/** The shared no-op waker. */
final class NoopWaker implements Waker {
    static final NoopWaker INSTANCE = new NoopWaker();

    private NoopWaker() {}

    @Override
    public void wake() {}

    @Override
    public String toString() {
        return "Waker.noop()";
    }
}
