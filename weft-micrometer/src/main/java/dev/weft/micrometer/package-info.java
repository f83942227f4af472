/**
 * Publishes a Weft runtime's {@link dev.weft.runtime.RuntimeMetrics} to Micrometer: bind a
 * {@link dev.weft.micrometer.WeftMetrics} to your {@code MeterRegistry} once per runtime.
 *
 * {@snippet class=dev.weft.micrometer.snippets.MicrometerSnippets region=bind}
 */
package dev.weft.micrometer;
