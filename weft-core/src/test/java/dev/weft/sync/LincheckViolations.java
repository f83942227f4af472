package dev.weft.sync;

/**
 * Violations found inside Lincheck operations, recorded outside Lincheck's result comparison.
 *
 * <p>An exception thrown by an operation is a <em>result</em> to Lincheck: when the sequential replay throws the
 * same one (a bug that shows up sequentially, like a missing wake-up), the run passes. So checks record what they
 * find here instead, and the JUnit test asserts afterwards that nothing was recorded. A system property is used
 * because Lincheck loads the test class in a transforming class loader of its own, so a static field of the
 * JUnit-side class is not the one the operations see.
 */
final class LincheckViolations {
    private static final String KEY = "weft.lincheck.violation";

    private LincheckViolations() {}

    /** Records the first violation. */
    static synchronized void record(String what) {
        if (System.getProperty(KEY) == null) System.setProperty(KEY, what);
    }

    /** Clears what was recorded. */
    static void reset() {
        System.clearProperty(KEY);
    }

    /** Clears the record, runs {@code lincheckRun} (a Lincheck check), then fails if an operation recorded one. */
    static void checked(Runnable lincheckRun) {
        reset();
        lincheckRun.run();
        assertNone();
    }

    /** Fails when a violation was recorded, then clears it. */
    static void assertNone() {
        String v = System.getProperty(KEY);
        reset();
        if (v != null) throw new AssertionError("Lincheck operation found: " + v);
    }
}
