/**
 * The server's engine (not exported): {@link dev.weft.http.internal.server.AcceptLoop}, one
 * {@link dev.weft.http.internal.server.Http1Connection} state machine per connection over a
 * {@code Transport} (plain TCP or TLS), the streamed request body, the per-thread {@code IdleBuffers} idle
 * connections give their buffers to, and the {@link dev.weft.http.internal.server.ServerContext} they share. The invariants are in each class's
 * implementation notes.
 */
package dev.weft.http.internal.server;
