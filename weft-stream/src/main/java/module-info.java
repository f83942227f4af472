/**
 * Weft streams: {@code Stream<T>}, the async iterator, with lazy, backpressured combinators (futures-rs
 * {@code StreamExt} and tokio-stream), written only against weft-core's public API.
 */
module dev.weft.stream {
    requires transitive dev.weft.core;
    // compile-only annotations (JSpecify nullness, Error Prone's @CheckReturnValue), as in weft-core
    requires static org.jspecify;
    requires static com.google.errorprone.annotations;
    exports dev.weft.stream;
    exports dev.weft.stream.wrappers;
}
