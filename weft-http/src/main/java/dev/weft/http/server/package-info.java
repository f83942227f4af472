/**
 * The HTTP/1.1 server: {@link dev.weft.http.server.HttpServer} (bind, serve, graceful shutdown),
 * {@link dev.weft.http.server.ServerConfig} (limits and timeouts, each with its status code) and
 * {@link dev.weft.http.server.DrainReport} (what a shutdown did).
 *
 * <p>Which piece do I need? To serve: {@code HttpServer.bind(address, config, service)}. To stop without
 * breaking requests: {@code server.shutdown(deadline)}. To bound what clients may send: {@code ServerConfig}.
 */
package dev.weft.http.server;
