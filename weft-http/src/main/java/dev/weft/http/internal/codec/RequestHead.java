package dev.weft.http.internal.codec;

import dev.weft.http.Headers;
import dev.weft.http.Method;
import dev.weft.http.Version;

/**
 * A parsed request head and what the parser derived from it.
 *
 * @param method the method
 * @param target the request-target as sent
 * @param version the protocol version
 * @param headers the header fields in wire order
 * @param framing how the body is delimited: {@link BodyFraming#NONE}, {@link BodyFraming#LENGTH} or
 *     {@link BodyFraming#CHUNKED}
 * @param contentLength the declared length for {@code LENGTH}, 0 for {@code NONE}, -1 for {@code CHUNKED}
 * @param keepAlive whether the client asked to keep the connection (RFC 9112 §9.3)
 * @param expectContinue whether an HTTP/1.1 request carries {@code Expect: 100-continue}
 */
public record RequestHead(
        Method method,
        String target,
        Version version,
        Headers headers,
        BodyFraming framing,
        long contentLength,
        boolean keepAlive,
        boolean expectContinue) {}
