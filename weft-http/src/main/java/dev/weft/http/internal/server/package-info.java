/**
 * The server's engine (not exported): {@link dev.weft.http.internal.server.AcceptLoop}, one
 * {@link dev.weft.http.internal.server.Http1Connection} state machine per connection, the streamed request body,
 * and the {@link dev.weft.http.internal.server.ServerContext} they share. The invariants are in each class's
 * implementation notes.
 */
package dev.weft.http.internal.server;
