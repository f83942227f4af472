/**
 * Streams: {@link dev.weft.stream.Stream}, the async iterator of Weft, with lazy, backpressured combinators
 * (futures-rs {@code StreamExt} and tokio-stream).
 *
 * <p>A stream is polled with {@link dev.weft.stream.Stream#pollNext} and answers with a
 * {@link dev.weft.stream.StreamPoll}: an item, the end, or pending. Nothing runs until a consumer polls, so every
 * chain is pull-based and holds at most the elements its combinators buffer. Cancelling a stream (Rust's drop)
 * releases everything up the chain.
 *
 * <h2>Which do I need?</h2>
 * <ul>
 *   <li>A stream from data: {@link dev.weft.stream.Streams#fromIterable}, {@link dev.weft.stream.Streams#range},
 *       {@link dev.weft.stream.Streams#of}; from an async state machine: {@link dev.weft.stream.Streams#unfold};
 *       from a receive-style poll (channel receivers): {@link dev.weft.stream.Streams#fromPoll}.</li>
 *   <li>Transform: {@code map}, {@code filter}, {@code then} (async, in order), {@code buffered} /
 *       {@code bufferUnordered} (async with bounded concurrency), {@code chunks}, {@code take}, ...</li>
 *   <li>Several streams: {@link dev.weft.stream.Stream#merge}, {@link dev.weft.stream.Stream#zip},
 *       {@link dev.weft.stream.Stream#chain}, and {@link dev.weft.stream.StreamMap} when streams come and go by
 *       key.</li>
 *   <li>Consume: the terminal futures {@code next}, {@code collect}, {@code fold}, {@code forEach},
 *       {@code forEachConcurrent}; from a plain thread, {@link dev.weft.stream.Stream#blockingIterator()}.</li>
 *   <li>Reactive Streams: {@link dev.weft.stream.FlowAdapters}.</li>
 * </ul>
 */
package dev.weft.stream;
