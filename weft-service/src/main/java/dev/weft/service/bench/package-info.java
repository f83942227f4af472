/**
 * The TechEmpower Framework Benchmarks endpoints, by their test requirements: poll-based handlers over
 * {@code Db.call}, the fortunes page, the parameter clamping and the in-process World cache.
 */
package dev.weft.service.bench;
