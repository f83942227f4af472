package dev.weft.http.internal.codec;

import dev.weft.http.Headers;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/**
 * The codec's handle on {@link Headers}' parsed-message constructor, which is no public API: the parser hands
 * over names it validated (the shared constants for well-known ones) and the received value bytes, and the map
 * makes a value into a string only when someone reads it (Headers I1). Reached through a method handle from a
 * private lookup (same module, no {@code opens}), as weft-core's {@code Contexts} reaches {@code Context}; a
 * {@code static final} handle invoked exactly costs what a direct call does.
 */
final class ParsedHeaders {
    private static final MethodHandle FROM_PARSED;

    static {
        try {
            FROM_PARSED = MethodHandles.privateLookupIn(Headers.class, MethodHandles.lookup()).findStatic(
                    Headers.class, "fromParsed",
                    MethodType.methodType(Headers.class, String[].class, byte[].class, int[].class, int.class));
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e); // a build error of weft-http itself
        }
    }

    private ParsedHeaders() {}

    /**
     * A header map of the {@code size} fields {@code names[i]} whose values are the bytes
     * {@code raw[spans[2i] .. spans[2i+1])}; every array is owned by the map from now on.
     */
    static Headers of(String[] names, byte[] raw, int[] spans, int size) {
        try {
            return (Headers) FROM_PARSED.invokeExact(names, raw, spans, size);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t); // fromParsed declares nothing
        }
    }
}
