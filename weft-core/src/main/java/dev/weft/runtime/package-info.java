/**
 * The runtime: a work-stealing multi-thread scheduler (or a current-thread one), its builder, handle and
 * metrics. Modelled on Tokio's multi-thread scheduler.
 */
package dev.weft.runtime;
