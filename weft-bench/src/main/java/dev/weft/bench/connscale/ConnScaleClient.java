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

    /** Arguments: {@code <server host> <server port> <count> <source ip> <client id>}. */
    public static void main(String[] args) throws IOException {
        InetSocketAddress server = new InetSocketAddress(InetAddress.getByName(args[0]), Integer.parseInt(args[1]));
        int count = Integer.parseInt(args[2]);
        InetAddress source = InetAddress.getByName(args[3]);
        int clientId = Integer.parseInt(args[4]);
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
                s.getOutputStream().write(msg);
                byte[] back = s.getInputStream().readNBytes(msg.length);
                if (!Arrays.equals(msg, back)) {
                    throw new IOException("connection " + i + " echoed " + back.length + " wrong bytes");
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
