/**
 * Streams: {@link dev.weft.stream.Stream}, the async iterator of Weft, with lazy, backpressured combinators
 * (futures-rs {@code StreamExt} and tokio-stream).
 * {@snippet class=dev.weft.stream.snippets.StreamSnippets region=pattern5}
 *
 * <p>A stream is polled with {@link dev.weft.stream.Stream#pollNext} and answers with a
 * {@link dev.weft.stream.StreamPoll}: an item, the end, or pending. Nothing runs until a consumer polls, so every
 * chain is pull-based and holds at most the elements its combinators buffer. Cancelling a stream (Rust's drop)
 * releases everything up the chain: futures in flight, timers, and the channel receivers the wrappers own.
 *
 * <h2>Which do I need?</h2>
 * <dl>
 *   <dt>Sources: a stream from data or code</dt>
 *   <dd>From values: {@link dev.weft.stream.Streams#fromIterable}, {@link dev.weft.stream.Streams#range},
 *       {@link dev.weft.stream.Streams#of}, {@link dev.weft.stream.Streams#once},
 *       {@link dev.weft.stream.Streams#repeat}, {@link dev.weft.stream.Streams#iterate}; from one future:
 *       {@link dev.weft.stream.Streams#fromFuture}; from an async state machine:
 *       {@link dev.weft.stream.Streams#unfold}; from a hand-written poll: {@link dev.weft.stream.Streams#pollFn}
 *       or {@link dev.weft.stream.Streams#fromPoll}. Numeric pipelines without boxing:
 *       {@link dev.weft.stream.LongStream}.</dd>
 *   <dt>Adapters: a stream over a weft-core primitive ({@link dev.weft.stream.wrappers})</dt>
 *   <dd>An {@code Mpsc.Receiver}: {@link dev.weft.stream.wrappers.ReceiverStream}. A {@code Broadcast.Receiver},
 *       lag reported in-band: {@link dev.weft.stream.wrappers.BroadcastStream}. The values of a
 *       {@code Watch.Receiver}: {@link dev.weft.stream.wrappers.WatchStream}. The ticks of an {@code Interval}:
 *       {@link dev.weft.stream.wrappers.IntervalStream}. Each owns what it wraps (cancelling the stream closes the
 *       receiver or cancels the interval) and is cancel-safe between elements.</dd>
 *   <dt>Combinators: transform one stream</dt>
 *   <dd>Synchronous: {@code map}, {@code filter}, {@code filterMap}, {@code take}, {@code skip},
 *       {@code takeWhile}, {@code scan}, {@code enumerate}, {@code chunks}, {@code peekable}, ... Async:
 *       {@code then} (one future at a time, in order), {@code filterAsync}, {@code flatMap},
 *       {@link dev.weft.stream.Stream#buffered buffered} / {@link dev.weft.stream.Stream#bufferUnordered
 *       bufferUnordered} (bounded concurrency). On the runtime's clock: {@link dev.weft.stream.Stream#throttle
 *       throttle} (at most one element per period), {@link dev.weft.stream.Stream#timeout timeout} (fail when an
 *       element is late), {@link dev.weft.stream.Stream#chunksTimeout chunksTimeout} (batches by size or age).
 *       Several streams: {@link dev.weft.stream.Stream#merge}, {@link dev.weft.stream.Stream#zip},
 *       {@link dev.weft.stream.Stream#chain}, {@link dev.weft.stream.Stream#takeUntil}, and
 *       {@link dev.weft.stream.StreamMap} when streams come and go by key.</dd>
 *   <dt>Terminals: consume a stream (lazy futures)</dt>
 *   <dd>{@code next} (cancel-safe; the stream is borrowed), {@code collect}, {@code fold}, {@code count},
 *       {@code reduce}, {@code any} / {@code all}, {@code forEach}, {@code forEachAsync},
 *       {@code forEachConcurrent}.</dd>
 *   <dt>Interop</dt>
 *   <dd>Reactive Streams ({@link java.util.concurrent.Flow}): {@link dev.weft.stream.FlowAdapters}; a blocking
 *       {@link java.util.Iterator} for plain threads: {@link dev.weft.stream.Stream#blockingIterator()}.</dd>
 * </dl>
 *
 * <h2>From Rust (the seed's pattern 5)</h2>
 * <table>
 *   <caption>futures::stream / tokio-stream and their Weft counterparts</caption>
 *   <tr><th>Rust</th><th>Weft</th></tr>
 *   <tr><td>{@code stream::iter(0..5)}, {@code stream::iter(vec)}</td>
 *       <td>{@code Streams.range(0, 5)}, {@code Streams.fromIterable(list)}</td></tr>
 *   <tr><td>{@code .then(|i| async move { ... })}</td><td>{@code .then(i -> future)}</td></tr>
 *   <tr><td>{@code .filter(|x| future::ready(pred))}</td>
 *       <td>{@code .filter(pred)}, or {@code .filterAsync(x -> future)} for a predicate that waits</td></tr>
 *   <tr><td>{@code .map(f)}, {@code .filter_map(f)}</td><td>{@code .map(f)}, {@code .filterMap(f)} (Optional)</td></tr>
 *   <tr><td>{@code .collect::<Vec<_>>().await}</td><td>{@code .collect().await()}</td></tr>
 *   <tr><td>{@code .for_each(|x| async move { ... }).await}</td>
 *       <td>{@code .forEach(action).await()} or {@code .forEachAsync(x -> future).await()}</td></tr>
 *   <tr><td>{@code while let Some(x) = s.next().await}</td>
 *       <td>{@code for (var x = s.next().await(); x.isPresent(); x = s.next().await())}</td></tr>
 *   <tr><td>{@code .buffered(n)}, {@code .buffer_unordered(n)} on a stream of futures</td>
 *       <td>{@code .buffered(n, f)}, {@code .bufferUnordered(n, f)}, or {@code Streams.buffered(futures, n)}</td></tr>
 *   <tr><td>{@code wrappers::ReceiverStream::new(rx)} (and {@code UnboundedReceiverStream})</td>
 *       <td>{@code new ReceiverStream<>(rx)}</td></tr>
 *   <tr><td>{@code wrappers::BroadcastStream::new(rx)}, items {@code Result<T, Lagged(n)>}</td>
 *       <td>{@code new BroadcastStream<>(rx)}, items {@code BroadcastItem.Message(v) | Lagged(n)}</td></tr>
 *   <tr><td>{@code wrappers::WatchStream::new(rx)}, {@code ::from_changes(rx)}</td>
 *       <td>{@code new WatchStream<>(rx)}, {@code WatchStream.fromChanges(rx)}</td></tr>
 *   <tr><td>{@code wrappers::IntervalStream::new(interval)}</td><td>{@code new IntervalStream(interval)}</td></tr>
 *   <tr><td>{@code .throttle(d)}, {@code .chunks_timeout(n, d)}</td>
 *       <td>{@code .throttle(d)}, {@code .chunksTimeout(n, d)}</td></tr>
 *   <tr><td>{@code .timeout(d)} yielding {@code Err(Elapsed)} and continuing</td>
 *       <td>{@code .timeout(d)} ends the stream with {@code TimeoutElapsedException}; to keep going, time out
 *       each wait instead: {@code Time.timeout(d, s.next())}</td></tr>
 *   <tr><td>{@code StreamMap}, {@code .merge(other)}, {@code select_all}</td>
 *       <td>{@code StreamMap}, {@code .merge(other)}, {@code Streams.merge(list)}</td></tr>
 *   <tr><td>drop the stream</td><td>{@code stream.cancel()} (terminals do it for you)</td></tr>
 * </table>
 *
 * <p><b>Annotations.</b> The package is {@code @NullMarked} (JSpecify): nothing is null unless marked
 * {@code @Nullable}; streams carry no {@code null} elements. It is {@code @CheckReturnValue} (Error Prone): a
 * stream or future that is built and dropped never runs. Both are compile-only ({@code requires static}).
 */
@NullMarked
@CheckReturnValue
package dev.weft.stream;

import com.google.errorprone.annotations.CheckReturnValue;
import org.jspecify.annotations.NullMarked;
