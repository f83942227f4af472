package dev.weft.future;

import java.lang.reflect.Method;

/**
 * Reads the current thread's allocated-bytes counter (HotSpot's {@code com.sun.management.ThreadMXBean}) by
 * reflection, because the dev.weft.core module, which the tests are patched into, does not read
 * java.management (core reflection adds the read edge itself).
 */
final class Allocation {
    private static final Object BEAN;
    private static final Method ALLOCATED;

    static {
        try {
            BEAN = Class.forName("java.lang.management.ManagementFactory").getMethod("getThreadMXBean").invoke(null);
            ALLOCATED = Class.forName("com.sun.management.ThreadMXBean").getMethod("getCurrentThreadAllocatedBytes");
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private Allocation() {}

    static long currentThreadAllocatedBytes() {
        try {
            return (long) ALLOCATED.invoke(BEAN);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }
}
