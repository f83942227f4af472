package dev.weft.internal.sync;

/**
 * The argument checks of {@code dev.weft.sync}'s factories and methods, so every primitive words the same
 * misuse the same way: the parameter, the value, and the bound it broke ({@code capacity: 0 (expected: > 0)},
 * {@code capacity: 1073741825 (expected: <= 1073741824)}).
 */
public final class Arguments {
    private Arguments() {}

    /**
     * Returns {@code value} when it is in {@code [1, max]}.
     *
     * @throws IllegalArgumentException naming {@code name}, the value and the broken bound
     */
    public static int positive(String name, int value, int max) {
        if (value < 1) throw new IllegalArgumentException(name + ": " + value + " (expected: > 0)");
        if (value > max) throw new IllegalArgumentException(name + ": " + value + " (expected: <= " + max + ")");
        return value;
    }

    /**
     * Returns {@code value} when it is in {@code [0, max]}.
     *
     * @throws IllegalArgumentException naming {@code name}, the value and the broken bound
     */
    public static int nonNegative(String name, int value, int max) {
        if (value < 0) throw new IllegalArgumentException(name + ": " + value + " (expected: >= 0)");
        if (value > max) throw new IllegalArgumentException(name + ": " + value + " (expected: <= " + max + ")");
        return value;
    }
}
