/** OpenTelemetry export and SLF4J MDC for Weft's tracing spans: {@link dev.weft.opentelemetry.WeftTracing}. */
module dev.weft.opentelemetry {
    requires transitive dev.weft.core;
    requires transitive io.opentelemetry.api;
    requires io.opentelemetry.context;
    requires org.slf4j;
    exports dev.weft.opentelemetry;
}
