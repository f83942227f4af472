package dev.weft.internal.task;

import java.util.Objects;

/**
 * Captures where a task was spawned: the caller's frames outside weft-core, through a {@link StackWalker} (no
 * exception, no full stack trace). Used when a runtime is built with {@code captureSpawnSites(true)}.
 */
public final class SpawnSites {
    /*
     * Implementation notes
     *
     * I1. A frame belongs to weft-core when its class was loaded from the same code source as this class (the
     *     weft-core jar or target/classes), or sits in the same named module; the answer is cached per class in a
     *     ClassValue, so the walk does one lookup per frame after warm-up. Code in the same packages loaded from
     *     elsewhere (tests, examples) counts as the caller.
     * I2. At most MAX_FRAMES frames are kept: the first caller frame is "the spawn site", the rest give context.
     */
    /** Frames kept per spawn site (I2). */
    public static final int MAX_FRAMES = 8;

    private static final StackWalker WALKER = StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE);
    private static final Object CORE_LOCATION = locationOf(SpawnSites.class);
    private static final ClassValue<Boolean> IN_CORE = new ClassValue<>() {
        @Override
        protected Boolean computeValue(Class<?> type) {
            Module m = type.getModule();
            if (m.isNamed()) return m == SpawnSites.class.getModule();
            return CORE_LOCATION != null && Objects.equals(locationOf(type), CORE_LOCATION);
        }
    };

    private SpawnSites() {}

    /**
     * The calling code's frames, innermost first, skipping weft-core's own (I1, I2).
     *
     * @return at most {@link #MAX_FRAMES} frames
     */
    public static StackTraceElement[] capture() {
        return WALKER.walk(frames -> frames.filter(f -> !IN_CORE.get(f.getDeclaringClass()))
                .limit(MAX_FRAMES).map(StackWalker.StackFrame::toStackTraceElement)
                .toArray(StackTraceElement[]::new));
    }

    private static Object locationOf(Class<?> type) {
        try {
            var source = type.getProtectionDomain().getCodeSource();
            return source == null || source.getLocation() == null ? null : source.getLocation().toString();
        } catch (SecurityException e) {
            return null;
        }
    }
}
