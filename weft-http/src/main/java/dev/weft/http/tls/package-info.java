/**
 * TLS over Weft's TCP streams with the JDK's {@code SSLEngine}: tokio-rustls' role, with no dependency.
 *
 * <p>Which piece do I need?
 * <ul>
 *   <li>To encrypt a {@link dev.weft.net.TcpStream}: {@link dev.weft.http.tls.TlsStream#connect} (client) or
 *       {@link dev.weft.http.tls.TlsStream#accept} (server), which complete after the handshake.</li>
 *   <li>To describe keys, trust, ALPN and TLS versions once per server or client: {@link dev.weft.http.tls.TlsConfig}.</li>
 *   <li>For tests, examples and local development: {@link dev.weft.http.tls.SelfSignedCertificate}.</li>
 * </ul>
 *
 * <p><b>Annotations.</b> The package is {@code @NullMarked} (JSpecify): nothing is null unless marked
 * {@code @Nullable} (absent values are {@code Optional}). It is {@code @CheckReturnValue} (Error Prone): a future
 * that is dropped never runs; fluent setters say {@code @CanIgnoreReturnValue}. Both are compile-only
 * ({@code requires static}).
 */
@NullMarked
@CheckReturnValue
package dev.weft.http.tls;

import com.google.errorprone.annotations.CheckReturnValue;
import org.jspecify.annotations.NullMarked;
