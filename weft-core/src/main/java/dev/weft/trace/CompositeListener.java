package dev.weft.trace;

import java.util.List;
import org.jspecify.annotations.Nullable;

/** {@link SpanListener#composite}: one state and one token per listener; a throwing listener spoils no other. */
final class CompositeListener implements SpanListener<Object[]> {
    private final SpanListener<Object>[] listeners;

    @SuppressWarnings("unchecked")
    CompositeListener(List<SpanListener<?>> listeners) {
        this.listeners = listeners.toArray(new SpanListener[0]);
    }

    @Override
    public Object[] onStart(Span span, Object @Nullable [] parentState) {
        Object[] states = new Object[listeners.length];
        for (int i = 0; i < listeners.length; i++) {
            Object parent = parentState != null ? parentState[i] : null;
            try {
                states[i] = listeners[i].onStart(span, parent);
            } catch (Throwable t) {
                Tracer.listenerFailed("onStart", span, t);
            }
        }
        return states;
    }

    @Override
    public @Nullable Object onEnter(Span span, Object @Nullable [] state) {
        Object[] tokens = new Object[listeners.length];
        for (int i = 0; i < listeners.length; i++) {
            try {
                tokens[i] = listeners[i].onEnter(span, state != null ? state[i] : null);
            } catch (Throwable t) {
                Tracer.listenerFailed("onEnter", span, t);
            }
        }
        return tokens;
    }

    @Override
    public void onExit(Span span, Object @Nullable [] state, @Nullable Object token) {
        Object[] tokens = (Object[]) token;
        for (int i = listeners.length - 1; i >= 0; i--) { // reverse order: properly nested per listener anyway
            try {
                listeners[i].onExit(span, state != null ? state[i] : null, tokens != null ? tokens[i] : null);
            } catch (Throwable t) {
                Tracer.listenerFailed("onExit", span, t);
            }
        }
    }

    @Override
    public void onEnd(Span span, Object @Nullable [] state) {
        for (int i = 0; i < listeners.length; i++) {
            try {
                listeners[i].onEnd(span, state != null ? state[i] : null);
            } catch (Throwable t) {
                Tracer.listenerFailed("onEnd", span, t);
            }
        }
    }
}
