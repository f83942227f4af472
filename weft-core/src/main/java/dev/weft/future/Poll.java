package dev.weft.future;

import org.jspecify.annotations.Nullable;

/**
 * The result of one {@link Future#poll(Context) poll}: either {@link Ready} with the value, or {@link Pending}.
 *
 * <p>This is Rust's {@code std::task::Poll}. A future that returns {@code Pending} must have arranged for
 * {@code cx.waker().wake()} to be called when it can make progress (see {@link Future}).
 *
 * <p>{@snippet :
 * Poll<String> p = Poll.ready("data");
 * if (p instanceof Poll.Ready<String>(var value)) System.out.println(value);
 * }
 *
 * <p><b>Allocation.</b> {@link #pending()} is a shared constant. {@link #ready(Object)} returns shared
 * instances for {@code null}, {@code Boolean} and small {@code Integer}s/{@code Long}s in [-128, 1023], and
 * a fresh {@code Ready} otherwise; when the poll is inlined into its caller (the normal case for the
 * combinators of this package) C2's escape analysis removes that allocation. The JMH benchmark
 * {@code PollBenchmark} in weft-bench measures both paths.
 *
 * @param <T> the value type
 */
public sealed interface Poll<T extends @Nullable Object> permits Poll.Ready, Poll.Pending {

    /** A completed poll carrying its value (which may be {@code null}, e.g. for {@code Future<Void>}). */
    record Ready<T extends @Nullable Object>(T value) implements Poll<T> {}

    /** A poll that could not complete; the future has stored the waker. */
    record Pending<T extends @Nullable Object>() implements Poll<T> {}

    /** Returns a {@code Ready} poll of {@code value}. */
    @SuppressWarnings("unchecked")
    static <T extends @Nullable Object> Poll<T> ready(T value) {
        if (value == null) return (Poll<T>) Shared.READY_NULL;
        if (value instanceof Boolean b) return (Poll<T>) (b ? Shared.READY_TRUE : Shared.READY_FALSE);
        if (value instanceof Integer i && i >= Shared.LOW && i <= Shared.HIGH) {
            return (Poll<T>) Shared.INTS[i - Shared.LOW];
        }
        if (value instanceof Long l && l >= Shared.LOW && l <= Shared.HIGH) {
            return (Poll<T>) Shared.LONGS[(int) (l - Shared.LOW)];
        }
        return new Ready<>(value);
    }

    /** Returns the shared {@code Pending} poll. */
    @SuppressWarnings("unchecked")
    static <T extends @Nullable Object> Poll<T> pending() {
        return (Poll<T>) Shared.PENDING;
    }

    /** True when this poll is {@code Ready}. */
    default boolean isReady() {
        return this instanceof Ready;
    }

    /** True when this poll is {@code Pending}. */
    default boolean isPending() {
        return this instanceof Pending;
    }

    /**
     * The value of a {@code Ready} poll.
     *
     * @throws IllegalStateException when this poll is {@code Pending}
     */
    default T value() {
        if (this instanceof Ready<T> r) return r.value();
        throw new IllegalStateException("value() called on Poll.Pending (expected: Poll.Ready; check isReady() first)");
    }

    /** Shared instances, held apart so the interface exposes no constants. */
    final class Shared {
        static final int LOW = -128;
        static final int HIGH = 1023;
        static final Poll<?> PENDING = new Pending<>();
        static final Poll<?> READY_NULL = new Ready<>(null);
        static final Poll<?> READY_TRUE = new Ready<>(Boolean.TRUE);
        static final Poll<?> READY_FALSE = new Ready<>(Boolean.FALSE);
        static final Poll<?>[] INTS = new Poll<?>[HIGH - LOW + 1];
        static final Poll<?>[] LONGS = new Poll<?>[HIGH - LOW + 1];

        static {
            for (int i = LOW; i <= HIGH; i++) {
                INTS[i - LOW] = new Ready<>(i);
                LONGS[i - LOW] = new Ready<>((long) i);
            }
        }

        private Shared() {}
    }
}
