package dev.weft.future;

import org.jspecify.annotations.Nullable;

/**
 * The three values of {@link Futures#join(Future, Future, Future)} (Tokio's {@code join!(a, b, c)} tuple), in
 * argument order.
 *
 * <p>Take it apart with a record pattern ({@code if (j instanceof Join3(var a, var b, var c))}), or hand the
 * values to a constructor with {@link #apply}.
 *
 * @param first the value of the first future
 * @param second the value of the second future
 * @param third the value of the third future
 * @param <A> the first value's type
 * @param <B> the second value's type
 * @param <C> the third value's type
 */
public record Join3<A extends @Nullable Object, B extends @Nullable Object, C extends @Nullable Object>(
        A first, B second, C third) {

    /**
     * A function of three values, for {@link #apply}.
     *
     * @param <A> the first argument's type
     * @param <B> the second argument's type
     * @param <C> the third argument's type
     * @param <R> the result type
     */
    @FunctionalInterface
    public interface Function3<A, B, C, R> {
        /**
         * Applies this function to the three values.
         *
         * @param a the first value
         * @param b the second value
         * @param c the third value
         * @return the result
         */
        R apply(A a, B b, C c);
    }

    /**
     * Applies {@code f} to the three values.
     *
     * @param f the function of all three values
     * @param <R> its result type
     * @return {@code f.apply(first, second, third)}
     */
    public <R> R apply(Function3<? super A, ? super B, ? super C, ? extends R> f) {
        return f.apply(first, second, third);
    }
}
