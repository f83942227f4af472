package dev.weft.stream;

import com.google.errorprone.annotations.CanIgnoreReturnValue;
import dev.weft.future.Context;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A keyed merge of streams: yields each element with the key of the stream it came from
 * ({@code tokio_stream::StreamMap}). Streams can be inserted and removed by key between polls; a stream that ends
 * is removed.
 * {@snippet class=dev.weft.stream.snippets.StreamSnippets region=streamMap}
 *
 * <p><b>Fairness.</b> Each poll starts with the stream after the one that yielded last, so an always-ready stream
 * cannot starve the others. Every live stream is polled with the caller's context, so any of them can wake the
 * consumer.
 *
 * <p><b>End.</b> As in Tokio, an empty map returns {@code End}; it yields again after an {@link #insert}. This
 * is the one stream of this package that is not fused.
 *
 * <p>Key lookups are linear, as in Tokio: a stream map is meant for tens of streams, not thousands. Not
 * thread-safe: one thread polls and mutates it.
 *
 * @param <K> the key type
 * @param <V> the element type of the streams
 */
public final class StreamMap<K, V> implements Stream<StreamMap.Entry<K, V>> {

    /**
     * An element together with the key of the stream that produced it.
     *
     * @param key the key the stream was inserted under
     * @param value the element
     * @param <K> the key type
     * @param <V> the element type
     */
    public record Entry<K, V>(K key, V value) {}

    private record Keyed<K, V>(K key, Stream<V> stream) {}

    private final ArrayList<Keyed<K, V>> streams = new ArrayList<>();
    private int start;

    /** Creates an empty map. */
    public StreamMap() {}

    /**
     * Inserts {@code stream} under {@code key}. A stream already under that key is replaced and cancelled (Tokio
     * returns it to be dropped; Java has no drop, so it is cancelled here). Returns whether one was replaced.
     *
     * @throws NullPointerException when {@code key} or {@code stream} is null
     */
    @CanIgnoreReturnValue
    public boolean insert(K key, Stream<V> stream) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(stream, "stream");
        int i = indexOf(key);
        if (i < 0) {
            streams.add(new Keyed<>(key, stream));
            return false;
        }
        Stream<V> old = streams.get(i).stream();
        streams.set(i, new Keyed<>(key, stream));
        old.cancel();
        return true;
    }

    /**
     * Removes the stream under {@code key} and returns it, not cancelled: the caller owns it now and must cancel
     * it if it drops it unfinished.
     */
    @CanIgnoreReturnValue
    public Optional<Stream<V>> remove(K key) {
        int i = indexOf(key);
        if (i < 0) return Optional.empty();
        return Optional.of(streams.remove(i).stream());
    }

    /** True when a stream is under {@code key}. */
    public boolean containsKey(K key) {
        return indexOf(key) >= 0;
    }

    /** The number of streams in the map. */
    public int size() {
        return streams.size();
    }

    /** True when the map holds no stream. */
    public boolean isEmpty() {
        return streams.isEmpty();
    }

    /** The keys, in insertion order (a copy). */
    public List<K> keys() {
        List<K> keys = new ArrayList<>(streams.size());
        for (Keyed<K, V> k : streams) keys.add(k.key());
        return keys;
    }

    private int indexOf(Object key) {
        for (int i = 0; i < streams.size(); i++) {
            if (streams.get(i).key().equals(key)) return i;
        }
        return -1;
    }

    /**
     * Polls the streams fairly and returns the first element found with its key; {@code End} when the map is
     * empty (after removing the streams that ended).
     */
    @Override
    public StreamPoll<Entry<K, V>> pollNext(Context cx) {
        int n = streams.size();
        int i = n == 0 ? 0 : start % n;
        for (int toTry = n; toTry > 0; toTry--) {
            Keyed<K, V> k = streams.get(i);
            StreamPoll<V> p = k.stream().pollNext(cx);
            if (p instanceof StreamPoll.Item<V> item) {
                start = i + 1;
                return new StreamPoll.Item<>(new Entry<>(k.key(), item.value()));
            }
            if (p instanceof StreamPoll.End) {
                streams.remove(i);
                n--;
                if (i == n) i = 0;
            } else {
                i = i + 1 == n ? 0 : i + 1;
            }
        }
        return streams.isEmpty() ? StreamPoll.end() : StreamPoll.pending();
    }

    /**
     * Cancels every stream in the map and empties it.
     *
     * <p><b>Cancel safety.</b> Whatever the streams buffered is dropped.
     */
    @Override
    public void cancel() {
        List<Keyed<K, V>> all = new ArrayList<>(streams);
        streams.clear();
        RuntimeException first = null;
        for (Keyed<K, V> k : all) {
            try {
                k.stream().cancel();
            } catch (RuntimeException e) {
                if (first == null) first = e;
                else first.addSuppressed(e);
            }
        }
        if (first != null) throw first;
    }
}
