/**
 * The engine's hooks into {@code dev.weft.future}: the runtime handle a {@link dev.weft.future.Context} carries
 * ({@link dev.weft.internal.context.Ambient}), the per-thread marks that {@code await()} reads
 * ({@link dev.weft.internal.context.ThreadContext}) and the deferred wake-up protocol of {@code Select}
 * ({@link dev.weft.internal.context.DeferredWakeup}).
 *
 * <p><b>Layering.</b> This package is the bottom of weft-core: it imports nothing of Weft's, so that
 * {@code dev.weft.future} can reach it without a package cycle. Everything above that needs the typed view of a
 * {@code Context} (create one with an ambient, re-arm it, read its ambient, await with an ambient) goes through
 * {@code dev.weft.internal.future.Contexts}, which sits above {@code dev.weft.future}. The module never exports
 * it, and no public signature of an exported package names one of its types (ArchitectureTest enforces both).
 * See docs/adr/0006-engine-hooks-behind-internal.md.
 */
package dev.weft.internal.context;
