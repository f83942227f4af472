package dev.weft.stream;

/**
 * Two values side by side: the elements of {@link Stream#zip}, and the {@code (item, state)} step of
 * {@link Streams#unfold}.
 *
 * @param first the first value
 * @param second the second value
 * @param <A> the type of the first value
 * @param <B> the type of the second value
 */
public record Pair<A, B>(A first, B second) {

    /** Returns {@code Pair(first, second)}; shorthand for the constructor. */
    public static <A, B> Pair<A, B> of(A first, B second) {
        return new Pair<>(first, second);
    }
}
