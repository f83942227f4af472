/**
 * Weft's JDK Flight Recorder events (category "Weft", names {@code dev.weft.*}): task spawned and finished, long
 * poll, worker park, blocking-pool hand-off. Engine code calls {@link dev.weft.internal.jfr.WeftEvents}, which
 * checks the cached {@code EventType.isEnabled()} first, so with JFR off an instrumentation point costs one
 * field read and a branch (no allocation, no clock read).
 *
 * <p>Enable them with {@code -XX:StartFlightRecording} (all enabled by default; {@code dev.weft.LongPoll} has a
 * 10 ms threshold and {@code dev.weft.WorkerPark} a 1 ms one, both changeable in a .jfc settings file), then
 * {@code jfr print --events 'dev.weft.*' recording.jfr}.
 */
package dev.weft.internal.jfr;
