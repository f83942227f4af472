/**
 * The engine's hooks into {@code dev.weft.future}: the runtime handle a {@link dev.weft.future.Context} carries
 * ({@link dev.weft.internal.context.Ambient}), the per-thread marks that {@code await()} reads
 * ({@link dev.weft.internal.context.ThreadContext}) and the deferred wake-up protocol of {@code Select}
 * ({@link dev.weft.internal.context.DeferredWakeup}), and the task dump's recording side: the wait records
 * primitives leave on the waker they register ({@link dev.weft.internal.context.Waits},
 * {@link dev.weft.internal.context.WaitRecorder}) and the thread behind an async block
 * ({@link dev.weft.internal.context.ThreadBacked}); see docs/adr/0016-task-dump-wait-records.md.
 *
 * <p><b>Layering.</b> This package is the bottom of weft-core: it imports nothing of Weft's, so that
 * {@code dev.weft.future} can reach it without a package cycle. Everything above that needs the typed view of a
 * {@code Context} (create one with an ambient, re-arm it, read its ambient, await with an ambient) goes through
 * {@code dev.weft.internal.future.Contexts}, which sits above {@code dev.weft.future}. The module never exports
 * it, and no public signature of an exported package names one of its types (ArchitectureTest enforces both).
 * See docs/adr/0009-engine-hooks-behind-internal.md.
 */
package dev.weft.internal.context;
