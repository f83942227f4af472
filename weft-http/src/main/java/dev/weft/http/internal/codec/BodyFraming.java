package dev.weft.http.internal.codec;

/** How a message's body is delimited on the wire (RFC 9112 §6.3). */
public enum BodyFraming {
    /** No body (length 0, or a response that never has one). */
    NONE,
    /** Content-Length bytes. */
    LENGTH,
    /** The chunked transfer coding. */
    CHUNKED,
    /** Until the connection closes (responses only: HTTP/1.0 style or a non-chunked Transfer-Encoding). */
    UNTIL_CLOSE
}
