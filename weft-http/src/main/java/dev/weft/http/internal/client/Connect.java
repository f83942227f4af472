package dev.weft.http.internal.client;

import dev.weft.future.Context;
import dev.weft.future.Future;
import dev.weft.future.Poll;
import dev.weft.http.tls.TlsConfig;
import dev.weft.http.tls.TlsStream;
import dev.weft.net.TcpStream;
import dev.weft.task.JoinHandle;
import dev.weft.task.Tasks;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.Objects;
import javax.net.ssl.SSLException;

/**
 * Opens a connection to an origin: resolves the host (on the blocking pool, unless it is an IP literal), connects
 * TCP to each address in turn until one answers, and for https runs the TLS handshake.
 *
 * <p>Cancelling closes whatever socket is half-open; a failure closes it too.
 */
final class Connect implements Future<Connection> {
    private final Origin origin;
    private final TlsConfig tls;
    private final ClientSettings settings;
    private JoinHandle<InetAddress[]> resolving;
    private InetAddress[] addresses;
    private int next;
    private Future<TcpStream> connecting;
    private UncheckedIOException firstError;
    private Future<TlsStream> handshaking;

    Connect(Origin origin, ClientSettings settings) {
        this.origin = origin;
        this.settings = settings;
        this.tls = origin.https() ? Objects.requireNonNull(settings.tls(), "tls") : null;
    }

    @Override
    public Poll<Connection> poll(Context cx) {
        if (addresses == null) {
            String host = origin.bareHost();
            if (isIpLiteral(host)) {
                try {
                    addresses = new InetAddress[] {InetAddress.getByName(host)}; // a literal: no lookup
                } catch (UnknownHostException e) {
                    throw new UncheckedIOException(e);
                }
            } else {
                if (resolving == null) resolving = Tasks.spawnBlocking(() -> InetAddress.getAllByName(host));
                Poll<InetAddress[]> p;
                try {
                    p = resolving.poll(cx);
                } catch (RuntimeException e) {
                    resolving = null;
                    if (e.getCause() instanceof UnknownHostException u) throw new UncheckedIOException(u);
                    throw e;
                }
                if (p.isPending()) return Poll.pending();
                resolving = null;
                addresses = p.value();
            }
        }
        if (handshaking == null) {
            for (;;) {
                if (connecting == null) {
                    if (next == addresses.length) throw firstError;
                    connecting = TcpStream.connect(new InetSocketAddress(addresses[next++], origin.port()));
                }
                Poll<TcpStream> p;
                try {
                    p = connecting.poll(cx);
                } catch (UncheckedIOException e) {
                    connecting = null;
                    if (firstError == null) firstError = e;
                    else firstError.addSuppressed(e);
                    continue;
                }
                if (p.isPending()) return Poll.pending();
                connecting = null;
                TcpStream tcp = p.value();
                try {
                    tcp.setNoDelay(true);
                } catch (UncheckedIOException ignored) {
                    // best effort: Nagle only costs latency
                }
                if (tls == null) return Poll.ready(new Connection(origin, tcp, settings.limits()));
                handshaking = TlsStream.connect(tcp, tls, origin.bareHost());
                break;
            }
        }
        Poll<TlsStream> h = handshaking.poll(cx); // closes the socket itself when it fails
        if (h.isPending()) return Poll.pending();
        handshaking = null;
        TlsStream stream = h.value();
        String alpn = stream.applicationProtocol().orElse("http/1.1");
        if (!alpn.equals("http/1.1")) {
            // a TLS config offering e.g. h2 first: this client speaks HTTP/1.1 only
            stream.close();
            throw new UncheckedIOException(new SSLException("server " + origin.key() + " selected ALPN protocol "
                    + alpn + " (expected: http/1.1, the only protocol this client speaks)"));
        }
        return Poll.ready(new Connection(origin, stream, settings.limits()));
    }

    @Override
    public void cancel() {
        if (resolving != null) resolving.detach(); // the lookup runs to its end; its result is dropped
        if (connecting != null) connecting.cancel();
        if (handshaking != null) handshaking.cancel();
    }

    static boolean isIpLiteral(String host) {
        if (host.indexOf(':') >= 0) return true;
        for (int i = 0; i < host.length(); i++) {
            char c = host.charAt(i);
            if (c != '.' && (c < '0' || c > '9')) return false;
        }
        return !host.isEmpty();
    }
}
