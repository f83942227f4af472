/**
 * The HTTP/1.1 wire codec shared by the server and the client (not exported): {@link
 * dev.weft.http.internal.codec.HeadParser} (request and response heads, strict RFC 9112), {@link
 * dev.weft.http.internal.codec.ChunkedDecoder} and {@link dev.weft.http.internal.codec.ChunkedEncoder} (the
 * chunked coding), {@link dev.weft.http.internal.codec.HeadWriter} (heads onto the wire) and {@link
 * dev.weft.http.internal.codec.DateCache}.
 *
 * <p>Design: parse straight from the connection's {@link java.nio.ByteBuffer} with absolute reads, no per-byte
 * allocation, no copying of body bytes the caller does not keep; every error is an {@link
 * dev.weft.http.internal.codec.HttpParseException} carrying the status to answer, so the connection code has one
 * catch. Limits come in one {@link dev.weft.http.internal.codec.ParseLimits} record.
 */
package dev.weft.http.internal.codec;
