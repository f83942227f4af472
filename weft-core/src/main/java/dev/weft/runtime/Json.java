package dev.weft.runtime;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** A minimal JSON writer for the task dump (weft-core depends on the JDK alone). Not thread-safe. */
final class Json {
    private final StringBuilder out = new StringBuilder(256);
    private boolean needComma;

    Json beginObject() {
        comma();
        out.append('{');
        needComma = false;
        return this;
    }

    Json endObject() {
        out.append('}');
        needComma = true;
        return this;
    }

    Json beginArray(String key) {
        key(key);
        out.append('[');
        needComma = false;
        return this;
    }

    Json endArray() {
        out.append(']');
        needComma = true;
        return this;
    }

    Json beginObjectIn(String key) {
        key(key);
        out.append('{');
        needComma = false;
        return this;
    }

    Json field(String key, String value) {
        key(key);
        string(value);
        needComma = true;
        return this;
    }

    Json field(String key, long value) {
        key(key);
        out.append(value);
        needComma = true;
        return this;
    }

    Json field(String key, boolean value) {
        key(key);
        out.append(value);
        needComma = true;
        return this;
    }

    Json fieldMillis(String key, Optional<Duration> value) {
        key(key);
        if (value.isPresent()) out.append(value.get().toMillis());
        else out.append("null");
        needComma = true;
        return this;
    }

    Json fieldOrNull(String key, Optional<String> value) {
        key(key);
        if (value.isPresent()) string(value.get());
        else out.append("null");
        needComma = true;
        return this;
    }

    Json value(String v) {
        comma();
        string(v);
        needComma = true;
        return this;
    }

    Json value(long v) {
        comma();
        out.append(v);
        needComma = true;
        return this;
    }

    Json frames(String key, List<StackTraceElement> frames) {
        beginArray(key);
        for (StackTraceElement f : frames) value(f.toString());
        return endArray();
    }

    private void key(String key) {
        comma();
        string(key);
        out.append(':');
        needComma = false;
    }

    private void comma() {
        if (needComma) out.append(',');
    }

    private void string(String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) out.append(String.format("\\u%04x", (int) c));
                    else out.append(c);
                }
            }
        }
        out.append('"');
    }

    @Override
    public String toString() {
        return out.toString();
    }
}
