/** Micrometer binding for Weft runtimes: {@link dev.weft.micrometer.WeftMetrics}. */
module dev.weft.micrometer {
    requires transitive dev.weft.core;
    requires transitive micrometer.core;
    exports dev.weft.micrometer;
}
