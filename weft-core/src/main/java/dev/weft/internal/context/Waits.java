package dev.weft.internal.context;

import java.util.Arrays;

/**
 * The recording side of the task dump: primitives note what a task waits on with {@link #record}, a plain write
 * into the task (or into the park waker of an async block's {@code await()}), so the dump can say "task 12 waits
 * on mutex@1f2e, held by task 7" without any bookkeeping of its own.
 *
 * <p>Always on, because it costs one type test and one plain field write per waiter registration (a registration
 * already takes a lock or a CAS). Richer tracking (every resource of a select, mutex and semaphore holders, the
 * thread-local owner that holder tracking needs) is switched on by {@link #enableTracking()}, which a runtime built
 * with diagnostics calls before it starts its threads.
 */
public final class Waits {
    /*
     * Implementation notes
     *
     * I1. record() runs on the thread that polls with the waker (inside poll), so every write to a recorder's
     *     record is made by its owner; readers (the dump) read racily. A reference read never tears, and a dump is
     *     a snapshot that the deadlock detector confirms over two checks before reporting.
     * I2. `tracking` only ever goes false -> true (enableTracking). It is a plain static: a thread started after
     *     the call sees it (Thread.start happens-before); one already running may see it late, which only means
     *     the richer records of a runtime built later start a little later on threads it does not own.
     * I3. Several is owned by the polling thread while it is filled; it is never shrunk, so a racy reader sees
     *     `count` entries that were each written before count was raised past them, or stale ones (benign, I1).
     */

    /** The record of a poll that registered more than one resource when they are not listed (tracking off). */
    public static final Object SEVERAL = new Object() {
        @Override
        public String toString() {
            return "several resources (a select or join; build the runtime with diagnostics to list them)";
        }
    };

    private static boolean tracking;

    private Waits() {}

    /**
     * Records that the poll under way registered {@code waker} to wait on {@code resource}. Does nothing when the
     * waker cannot record (a hand-made waker, the waker of {@code blockOn}'s own future).
     *
     * @param waker the waker being registered (the context's)
     * @param resource the resource or waiter node
     */
    public static void record(Object waker, Object resource) {
        if (waker instanceof WaitRecorder r) r.recordWait(resource);
    }

    /** Turns the richer records on for good (I2); called by a runtime built with diagnostics. */
    public static void enableTracking() {
        tracking = true;
    }

    /**
     * True once some runtime was built with diagnostics (I2).
     *
     * @return whether the richer records are kept
     */
    public static boolean tracking() {
        return tracking;
    }

    /**
     * The record after adding {@code resource} to {@code current} within one poll: the resource itself when
     * nothing (or the same resource) was recorded, else a list when {@code keepAll}, else {@link #SEVERAL}.
     *
     * @param current the record so far in this poll
     * @param resource the new resource
     * @param keepAll whether to list every resource (allocates on the second)
     * @return the new record
     */
    public static Object merge(Object current, Object resource, boolean keepAll) {
        if (current == null || current == resource) return resource;
        if (current instanceof Several s) {
            s.add(resource);
            return s;
        }
        if (!keepAll || current == SEVERAL) return SEVERAL;
        Several s = new Several(current);
        s.add(resource);
        return s;
    }

    /**
     * The resources one poll registered on (a select, a join, or a future waiting on several things at once).
     * Filled by the polling thread, read racily by dumps (I3).
     */
    public static final class Several {
        private Object[] items = new Object[4];
        private int count;

        Several(Object first) {
            items[0] = first;
            count = 1;
        }

        void add(Object resource) {
            for (int i = 0; i < count; i++) if (items[i] == resource) return;
            if (count == items.length) items = Arrays.copyOf(items, count * 2);
            items[count] = resource;
            count++;
        }

        /**
         * The resources, copied.
         *
         * @return a fresh array
         */
        public Object[] toArray() {
            Object[] a = items;
            int n = Math.min(count, a.length);
            Object[] out = new Object[n];
            int k = 0;
            for (int i = 0; i < n; i++) if (a[i] != null) out[k++] = a[i];
            return k == n ? out : Arrays.copyOf(out, k);
        }
    }
}
