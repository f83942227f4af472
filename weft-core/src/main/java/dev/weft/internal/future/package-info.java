/**
 * Engine access to {@code dev.weft.future}: {@link dev.weft.internal.future.Contexts}, the typed runtime-handle
 * accessor through which the scheduler, the task cell and the drivers create, re-arm and read contexts and await
 * with a runtime's ambient. It sits above {@code dev.weft.future} (imports it), which only ever imports
 * {@code dev.weft.internal.context}: no package cycle.
 */
package dev.weft.internal.future;
