package dev.weft.http.internal.codec;

import dev.weft.http.Headers;
import dev.weft.http.Status;
import dev.weft.http.Version;

/**
 * A parsed response head (for clients) and what the parser derived from it.
 *
 * @param version the protocol version
 * @param status the status
 * @param reason the reason phrase as sent (may be empty)
 * @param headers the header fields in wire order
 * @param framing how the body is delimited (RFC 9112 §6.3, given the request's method)
 * @param contentLength the declared length for {@code LENGTH}, 0 for {@code NONE}, -1 otherwise
 * @param keepAlive whether the server lets the connection be reused
 */
public record ResponseHead(
        Version version,
        Status status,
        String reason,
        Headers headers,
        BodyFraming framing,
        long contentLength,
        boolean keepAlive) {}
