/**
 * Tasks: spawning futures and async blocks onto the runtime, join handles, abort handles, join sets, task
 * locals, cooperative yielding and the blocking pool.
 */
package dev.weft.task;
