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
     * Returns {@code capacity} when it is in {@code [1, max]}; a capacity of 0 gets a message that points users
     * of Go's unbuffered channels and Kotlin's {@code Channel(RENDEZVOUS)} to Weft's way of doing a rendezvous.
     *
     * @param factory the factory's name as the user wrote it ({@code "Mpsc.bounded"})
     * @throws IllegalArgumentException naming the parameter, the value and the broken bound
     */
    public static int capacity(String factory, int capacity, int max) {
        if (capacity == 0) {
            throw new IllegalArgumentException("capacity: 0 (expected: > 0). " + factory + "(0) would be a"
                    + " rendezvous channel (Go's unbuffered chan, Kotlin's Channel(RENDEZVOUS)), which Weft does not"
                    + " have: use Mpsc.bounded(1) for the tightest hand-off, and send a Oneshot.Sender with the"
                    + " message when the sender must wait until the receiver has taken it");
        }
        return positive("capacity", capacity, max);
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
