/** Operations: Micrometer/Prometheus metrics (requests, Weft runtime, pool, JVM) and the health endpoints. */
package dev.weft.service.ops;
