package dev.weft.internal.sync;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A volatile {@code long} alone on its cache line(s): for a word that many threads RMW on every operation (a
 * channel's permit counter), so that those writes do not invalidate the lines neighbouring fields live on.
 */
public final class PaddedLong extends PaddedLongValue {
    /*
     * Implementation notes
     *
     * I1. Layout: 64 bytes of padding on each side of `value` (superclass fields are laid out before subclass
     *     fields, the JCTools idiom), so no other object's field shares its 64-byte line; with the object header
     *     in front, the adjacent-line prefetcher's 128-byte pairs are covered on the leading side too.
     * Every accessor is a plain VarHandle access mode on `value`: the memory semantics are the named mode's.
     */
    @SuppressWarnings("unused")
    private long p10, p11, p12, p13, p14, p15, p16, p17;

    /** A word holding {@code initial}. */
    public PaddedLong(long initial) {
        super(initial);
    }
}

/** Padding in front of {@link PaddedLong}'s value (I1). */
abstract class PaddedLongPad0 {
    @SuppressWarnings("unused")
    private long p00, p01, p02, p03, p04, p05, p06, p07;
}

/** The value of {@link PaddedLong} and its accessors. */
abstract class PaddedLongValue extends PaddedLongPad0 {
    private static final VarHandle VALUE;

    static {
        try {
            VALUE = MethodHandles.lookup().findVarHandle(PaddedLongValue.class, "value", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    @SuppressWarnings("unused")
    private volatile long value;

    PaddedLongValue(long initial) {
        VALUE.setRelease(this, initial);
    }

    /** A volatile read. */
    public final long getVolatile() {
        return (long) VALUE.getVolatile(this);
    }

    /** A volatile compare-and-set. */
    public final boolean compareAndSet(long expected, long update) {
        return VALUE.compareAndSet(this, expected, update);
    }

    /** A volatile compareAndExchange: the witness value (equal to {@code expected} when it succeeded). */
    public final long compareAndExchange(long expected, long update) {
        return (long) VALUE.compareAndExchange(this, expected, update);
    }

    /** A volatile getAndAdd: the value before the addition. */
    public final long getAndAdd(long delta) {
        return (long) VALUE.getAndAdd(this, delta);
    }

    /** A volatile getAndBitwiseOr: the value before the or. */
    public final long getAndBitwiseOr(long bits) {
        return (long) VALUE.getAndBitwiseOr(this, bits);
    }
}
