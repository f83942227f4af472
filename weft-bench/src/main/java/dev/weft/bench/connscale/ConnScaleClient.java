package dev.weft.bench.connscale;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A client process of the connection-scale benchmark (a child JVM started by {@link ConnScale}): opens
 * {@code count} plain blocking sockets to the server, each bound to {@code sourceIp} (a 127.0.0.x address, so
 * every client process has its own ephemeral-port range), does one {@value ConnScale#MESSAGE_BYTES}-byte round
 * trip on each and checks the echo, then keeps them all open until its standard input says {@code close} (or
 * ends), closes them and exits.
 *
 * <p>Protocol on standard output: {@code RESULT <ok> <failed> <first error>} once every round trip was tried,
 * {@code CLOSED} after closing.
 */
public final class ConnScaleClient {
    private ConnScaleClient() {}

    static final String RESULT = "RESULT\t";
    static final String CLOSED = "CLOSED";
    private static final int TIMEOUT_MS = 30_000;

    /** Arguments: {@code <server host> <server port> <count> <source ip> <client id> [http]}. */
    public static void main(String[] args) throws IOException {
        InetSocketAddress server = new InetSocketAddress(InetAddress.getByName(args[0]), Integer.parseInt(args[1]));
        int count = Integer.parseInt(args[2]);
        InetAddress source = InetAddress.getByName(args[3]);
        int clientId = Integer.parseInt(args[4]);
        boolean http = args.length > 5 && args[5].equals("http");
        List<Socket> sockets = new ArrayList<>(count);
        int ok = 0, failed = 0;
        String firstError = "-";
        for (int i = 0; i < count; i++) {
            byte[] msg = message(clientId, i);
            Socket s = new Socket();
            try {
                s.bind(new InetSocketAddress(source, 0));
                s.connect(server, TIMEOUT_MS);
                s.setSoTimeout(TIMEOUT_MS);
                if (http) {
                    s.getOutputStream().write(HTTP_REQUEST);
                    readHelloResponse(s.getInputStream(), i);
                } else {
                    s.getOutputStream().write(msg);
                    byte[] back = s.getInputStream().readNBytes(msg.length);
                    if (!Arrays.equals(msg, back)) {
                        throw new IOException("connection " + i + " echoed " + back.length + " wrong bytes");
                    }
                }
                sockets.add(s);
                ok++;
            } catch (IOException e) {
                failed++;
                if (failed == 1) firstError = "connection " + i + " from " + source.getHostAddress() + ": " + e;
                s.close();
            }
        }
        System.out.println(RESULT + ok + '\t' + failed + '\t' + firstError.replace('\t', ' ').replace('\n', ' '));
        System.out.flush();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null && !line.equals("close")) {
                // wait for the driver's "close"
            }
        }
        for (Socket s : sockets) s.close();
        System.out.println(CLOSED);
        System.out.flush();
        System.exit(0);
    }

    /** H7's one request per connection (keep-alive is HTTP/1.1's default). */
    static final byte[] HTTP_REQUEST = "GET /plaintext HTTP/1.1\r\nHost: localhost\r\n\r\n"
            .getBytes(StandardCharsets.US_ASCII);

    /**
     * Reads one response to {@link #HTTP_REQUEST}: status 200, no {@code Connection: close}, a
     * {@code Content-Length} body equal to {@code Hello, World!}; the connection then stays open.
     */
    static void readHelloResponse(java.io.InputStream in, int i) throws IOException {
        byte[] buf = new byte[1024];
        int n = 0, headEnd = -1;
        while (headEnd < 0) {
            int r = in.read(buf, n, buf.length - n);
            if (r < 0) throw new IOException("connection " + i + ": closed before the response head ended");
            n += r;
            for (int k = 3; k < n; k++) {
                if (buf[k - 3] == '\r' && buf[k - 2] == '\n' && buf[k - 1] == '\r' && buf[k] == '\n') {
                    headEnd = k + 1;
                    break;
                }
            }
            if (headEnd < 0 && n == buf.length) throw new IOException("connection " + i + ": response head over 1 KiB");
        }
        String head = new String(buf, 0, headEnd, StandardCharsets.US_ASCII);
        String lower = head.toLowerCase(java.util.Locale.ROOT);
        if (!head.startsWith("HTTP/1.1 200 ")) {
            throw new IOException("connection " + i + ": status line " + head.lines().findFirst().orElse(""));
        }
        if (lower.contains("\r\nconnection: close")) throw new IOException("connection " + i + ": Connection: close");
        int cl = lower.indexOf("\r\ncontent-length:");
        if (cl < 0) throw new IOException("connection " + i + ": no Content-Length");
        int len = Integer.parseInt(lower.substring(cl + 17, lower.indexOf('\r', cl + 2)).trim());
        byte[] body = new byte[len];
        int have = Math.min(len, n - headEnd);
        System.arraycopy(buf, headEnd, body, 0, have);
        if (have < len && in.readNBytes(body, have, len - have) != len - have) {
            throw new IOException("connection " + i + ": body ended early");
        }
        if (!Arrays.equals(body, IdleHttp.BODY)) {
            throw new IOException("connection " + i + ": body '" + new String(body, StandardCharsets.UTF_8) + "'");
        }
    }

    /** The 64-byte message of connection {@code i} of client {@code clientId}: distinct per connection. */
    static byte[] message(int clientId, int i) {
        byte[] m = new byte[ConnScale.MESSAGE_BYTES];
        for (int k = 0; k < m.length; k++) m[k] = (byte) (k * 31 + i * 7 + clientId * 13);
        m[0] = (byte) clientId;
        m[1] = (byte) i;
        m[2] = (byte) (i >> 8);
        m[3] = (byte) (i >> 16);
        return m;
    }
}
