package dev.weft.future;

import java.util.function.BiFunction;
import org.jspecify.annotations.Nullable;

/**
 * The two values of {@link Futures#join(Future, Future)} (Tokio's {@code join!(a, b)} tuple), in argument order.
 *
 * <p>Take it apart with a record pattern, or hand both values to a constructor with {@link #apply}:
 * {@snippet class=dev.weft.future.snippets.SelectSnippets region=join}
 *
 * @param first the value of the first future
 * @param second the value of the second future
 * @param <A> the first value's type
 * @param <B> the second value's type
 */
public record Join2<A extends @Nullable Object, B extends @Nullable Object>(A first, B second) {

    /**
     * Applies {@code f} to the two values: {@code join(user(), orders()).map(j -> j.apply(Dashboard::new))}.
     *
     * @param f the function of both values
     * @param <R> its result type
     * @return {@code f.apply(first, second)}
     */
    public <R> R apply(BiFunction<? super A, ? super B, ? extends R> f) {
        return f.apply(first, second);
    }
}
