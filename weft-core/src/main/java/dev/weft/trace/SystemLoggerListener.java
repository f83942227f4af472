package dev.weft.trace;

import java.lang.System.Logger.Level;

/** {@link Tracer#systemLogger()}: a line per ended span at DEBUG, a line per start at TRACE. Stateless. */
final class SystemLoggerListener implements SpanListener<Void> {
    private final System.Logger log;

    SystemLoggerListener(System.Logger log) {
        this.log = log;
    }

    @Override
    public Void onStart(Span span, Void parentState) {
        if (log.isLoggable(Level.TRACE)) log.log(Level.TRACE, "span started: " + describe(span, false));
        return null;
    }

    @Override
    public void onEnd(Span span, Void state) {
        if (!log.isLoggable(Level.DEBUG)) return;
        Throwable failure = span.status() == SpanStatus.ERROR ? span.failure().orElse(null) : null;
        log.log(Level.DEBUG, "span ended: " + describe(span, true), failure);
    }

    /** {@code name=... trace=... span=... parent=... [status=... duration=...] attributes={...}}. */
    static String describe(Span span, boolean ended) {
        StringBuilder b = new StringBuilder(160).append("name=").append(span.name())
                .append(" trace=").append(span.traceId()).append(" span=").append(span.spanId())
                .append(" parent=").append(span.parent().map(Span::spanId).orElse("-"));
        if (ended) {
            b.append(" status=").append(span.status());
            span.duration().ifPresent(d -> b.append(" duration=").append(d.toNanos() / 1_000).append("us"));
        }
        var attributes = span.attributes();
        if (!attributes.isEmpty()) b.append(" attributes=").append(attributes);
        return b.toString();
    }

    @Override
    public String toString() {
        return "System.Logger[" + log.getName() + "]";
    }
}
