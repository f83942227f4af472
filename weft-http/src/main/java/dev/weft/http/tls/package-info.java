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
 */
package dev.weft.http.tls;
