package dev.weft.http.internal.client;

import dev.weft.http.Headers;
import dev.weft.http.internal.codec.ParseLimits;
import dev.weft.http.tls.TlsConfig;
import java.time.Duration;

/**
 * The settings of an {@code HttpClient}, fixed when it is built.
 *
 * @param connectTimeout TCP connect plus TLS handshake
 * @param requestTimeout first poll of send to the response head, or null for none
 * @param idleTimeout how long a pooled connection may stay idle before it is closed
 * @param maxConnectionsPerHost connections (busy, idle or connecting) per origin
 * @param maxIdlePerHost idle connections kept per origin
 * @param maxRedirects redirects followed (0: none)
 * @param tls the TLS config for https, or null until first needed
 * @param limits the response head limits (body limit unused: bodies stream)
 * @param defaultHeaders fields added to every request that does not set them
 */
public record ClientSettings(
        Duration connectTimeout,
        Duration requestTimeout,
        Duration idleTimeout,
        int maxConnectionsPerHost,
        int maxIdlePerHost,
        int maxRedirects,
        TlsConfig tls,
        ParseLimits limits,
        Headers defaultHeaders) {}
