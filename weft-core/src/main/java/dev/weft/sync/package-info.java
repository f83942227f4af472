/**
 * Channels and coordination primitives for tasks: mpsc, oneshot, broadcast, watch, semaphore, mutex,
 * read-write lock, notify, barrier, once cell and cancellation tokens.
 *
 * <p>Every primitive here is written against {@code dev.weft.future} only, so it works under any executor.
 */
package dev.weft.sync;
