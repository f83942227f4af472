package dev.weft.sync;

import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.jetbrains.lincheck.datastructures.StressOptions;

/**
 * The Lincheck runs shared by the waiting-primitive Lincheck tests (Mutex, Notify, Semaphore): a short model
 * check and stress run for the default build, each test choosing its own budget, and the long
 * ({@code @Tag("long")}) runs, which all use the same budget.
 */
final class LincheckSupport {
    private LincheckSupport() {}

    /** Model checks {@code test}: 3 threads of 2 actors, one actor before and one after. */
    static void modelCheck(Class<?> test, int iterations, int invocationsPerIteration) {
        new ModelCheckingOptions().iterations(iterations).invocationsPerIteration(invocationsPerIteration)
                .threads(3).actorsPerThread(2).actorsBefore(1).actorsAfter(1)
                .check(test);
    }

    /** Stress-tests {@code test}: 3 threads of 3 actors. */
    static void stress(Class<?> test, int iterations, int invocationsPerIteration) {
        new StressOptions().iterations(iterations).invocationsPerIteration(invocationsPerIteration)
                .threads(3).actorsPerThread(3).check(test);
    }

    /** The long model check: 100 x 2,000 invocations, 3 threads of 3 actors, one actor before and after. */
    static void modelCheckLong(Class<?> test) {
        new ModelCheckingOptions().iterations(25).invocationsPerIteration(400)
                .threads(3).actorsPerThread(3).actorsBefore(1).actorsAfter(1)
                .check(test);
    }

    /** The long stress run: 100 x 5,000 invocations, 4 threads of 4 actors. */
    static void stressLong(Class<?> test) {
        new StressOptions().iterations(20).invocationsPerIteration(1_000)
                .threads(4).actorsPerThread(4).check(test);
    }
}
