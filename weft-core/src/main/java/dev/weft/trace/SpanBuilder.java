package dev.weft.trace;

import com.google.errorprone.annotations.CanIgnoreReturnValue;
import java.util.LinkedHashMap;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Configures a {@link Span} before it starts: its parent (the current span by default) and its first attributes
 * (which a listener sees at start, e.g. for sampling). One builder starts one span.
 *
 * {@snippet class=dev.weft.trace.snippets.TraceSnippets region=builder}
 *
 * <p>Not thread-safe: use a builder on one thread.
 */
public final class SpanBuilder {
    private final Tracer tracer;
    private final String name;
    private Span parent;
    private boolean root;
    private LinkedHashMap<String, Object> attributes;
    private boolean started;

    SpanBuilder(Tracer tracer, String name) {
        this.tracer = tracer;
        this.name = checkName(name);
    }

    /**
     * Makes {@code parent} the parent of the span, instead of the current span: e.g. the span a message
     * carried ({@link Traced#span()}).
     *
     * @param parent the parent span
     * @return this builder
     * @throws NullPointerException when {@code parent} is null
     */
    @CanIgnoreReturnValue
    public SpanBuilder parent(Span parent) {
        this.parent = Objects.requireNonNull(parent, "parent");
        this.root = false;
        return this;
    }

    /**
     * Starts a new trace: the span has no parent, even when a span is current.
     *
     * @return this builder
     */
    @CanIgnoreReturnValue
    public SpanBuilder root() {
        this.root = true;
        this.parent = null;
        return this;
    }

    /**
     * Sets a string attribute.
     *
     * @param key the attribute name
     * @param value its value
     * @return this builder
     * @throws NullPointerException when {@code key} or {@code value} is null
     * @throws IllegalArgumentException when {@code key} is blank
     */
    @CanIgnoreReturnValue
    public SpanBuilder attribute(String key, String value) {
        return put(key, Objects.requireNonNull(value, "value"));
    }

    /**
     * Sets an integer attribute.
     *
     * @param key the attribute name
     * @param value its value
     * @return this builder
     * @throws NullPointerException when {@code key} is null
     * @throws IllegalArgumentException when {@code key} is blank
     */
    @CanIgnoreReturnValue
    public SpanBuilder attribute(String key, long value) {
        return put(key, value);
    }

    /**
     * Sets a floating-point attribute.
     *
     * @param key the attribute name
     * @param value its value
     * @return this builder
     * @throws NullPointerException when {@code key} is null
     * @throws IllegalArgumentException when {@code key} is blank
     */
    @CanIgnoreReturnValue
    public SpanBuilder attribute(String key, double value) {
        return put(key, value);
    }

    /**
     * Sets a boolean attribute.
     *
     * @param key the attribute name
     * @param value its value
     * @return this builder
     * @throws NullPointerException when {@code key} is null
     * @throws IllegalArgumentException when {@code key} is blank
     */
    @CanIgnoreReturnValue
    public SpanBuilder attribute(String key, boolean value) {
        return put(key, value);
    }

    private SpanBuilder put(String key, Object value) {
        checkKey(key);
        if (attributes == null) attributes = new LinkedHashMap<>(4);
        attributes.put(key, value);
        return this;
    }

    /**
     * Starts the span now: a child of the {@linkplain #parent given parent}, else of the current span, else (or
     * after {@link #root()}) the root of a new trace. It is not entered: {@link Span#enter()} or
     * {@link Span#instrument} it, and end it.
     *
     * @return the started span
     * @throws IllegalStateException when this builder already started a span
     */
    public Span start() {
        if (started) {
            throw new IllegalStateException("SpanBuilder of span '" + name + "' already started a span (expected:"
                    + " one start() per builder; call tracer.spanBuilder(name) again)");
        }
        started = true;
        Span p = root ? null : parent != null ? parent : Spans.current();
        ThreadLocalRandom rnd = ThreadLocalRandom.current();
        long hi;
        long lo;
        if (p != null) {
            hi = p.traceIdHigh();
            lo = p.traceIdLow();
        } else {
            do { // W3C: an all-zero trace id is invalid
                hi = rnd.nextLong();
                lo = rnd.nextLong();
            } while (hi == 0 && lo == 0);
        }
        long id;
        do {
            id = rnd.nextLong(); // W3C: an all-zero span id is invalid
        } while (id == 0);
        return new Span(tracer, name, p, hi, lo, id, attributes);
    }

    static String checkName(String name) {
        Objects.requireNonNull(name, "name");
        if (name.isBlank()) {
            throw new IllegalArgumentException("name: \"" + name + "\" (expected: a non-blank span name)");
        }
        return name;
    }

    static void checkKey(String key) {
        Objects.requireNonNull(key, "key");
        if (key.isBlank()) {
            throw new IllegalArgumentException("key: \"" + key + "\" (expected: a non-blank attribute name)");
        }
    }
}
