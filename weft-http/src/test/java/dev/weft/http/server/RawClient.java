package dev.weft.http.server;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A blocking test client that sends raw bytes and reads raw HTTP/1.1 responses, so tests see exactly what the
 * server put on the wire. The socket timeout is a safety net against a hung test, not a timing assertion.
 */
final class RawClient implements AutoCloseable {
    final Socket socket;
    final InputStream in;
    final OutputStream out;

    RawClient(InetSocketAddress address) {
        try {
            socket = new Socket(address.getAddress(), address.getPort());
            socket.setSoTimeout(30_000);
            socket.setTcpNoDelay(true);
            in = new java.io.BufferedInputStream(socket.getInputStream());
            out = socket.getOutputStream();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A parsed response. */
    record Resp(int status, List<String[]> headers, byte[] body, String head) {
        String header(String name) {
            for (String[] h : headers) if (h[0].equalsIgnoreCase(name)) return h[1];
            return null;
        }

        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    RawClient send(String raw) {
        return send(raw.getBytes(StandardCharsets.ISO_8859_1));
    }

    RawClient send(byte[] raw) {
        try {
            out.write(raw);
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    /** Reads one response; {@code headRequest} when it answers HEAD (no body whatever the framing says). */
    Resp read(boolean headRequest) {
        try {
            String head = readHead();
            if (head == null) return null;
            String[] lines = head.split("\r\n");
            String[] status = lines[0].split(" ", 3);
            if (!status[0].startsWith("HTTP/1.")) throw new IllegalStateException("bad status line: " + lines[0]);
            int code = Integer.parseInt(status[1]);
            List<String[]> headers = new ArrayList<>();
            for (int i = 1; i < lines.length; i++) {
                int c = lines[i].indexOf(':');
                headers.add(new String[] {lines[i].substring(0, c), lines[i].substring(c + 1).strip()});
            }
            Resp r = new Resp(code, headers, new byte[0], head);
            if (code < 200) return r; // 1xx: the caller reads the final response next
            byte[] body;
            String te = r.header("Transfer-Encoding");
            String cl = r.header("Content-Length");
            if (headRequest || code == 204 || code == 304) {
                body = new byte[0];
            } else if (te != null && te.toLowerCase(Locale.ROOT).contains("chunked")) {
                body = readChunked();
            } else if (cl != null) {
                body = in.readNBytes(Integer.parseInt(cl));
                if (body.length != Integer.parseInt(cl)) throw new IllegalStateException("truncated body");
            } else {
                body = in.readAllBytes();
            }
            return new Resp(code, headers, body, head);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Resp read() {
        return read(false);
    }

    private String readHead() throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int state = 0;
        for (;;) {
            int c = in.read();
            if (c < 0) {
                if (b.size() == 0) return null;
                throw new IllegalStateException("connection closed mid-head: " + b.toString(StandardCharsets.ISO_8859_1));
            }
            b.write(c);
            state = switch (state) {
                case 0, 2 -> c == '\r' ? state + 1 : 0;
                case 1 -> c == '\n' ? 2 : 0;
                case 3 -> c == '\n' ? 4 : 0;
                default -> 0;
            };
            if (state == 4) {
                String s = b.toString(StandardCharsets.ISO_8859_1);
                return s.substring(0, s.length() - 4);
            }
        }
    }

    private byte[] readChunked() throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (;;) {
            String line = readLine();
            int semi = line.indexOf(';');
            int size = Integer.parseInt(semi < 0 ? line : line.substring(0, semi), 16);
            if (size == 0) {
                while (!readLine().isEmpty()) { } // trailers
                return body.toByteArray();
            }
            byte[] data = in.readNBytes(size);
            if (data.length != size) throw new IllegalStateException("truncated chunk");
            body.writeBytes(data);
            if (!readLine().isEmpty()) throw new IllegalStateException("chunk not followed by CRLF");
        }
    }

    private String readLine() throws IOException {
        StringBuilder sb = new StringBuilder();
        for (;;) {
            int c = in.read();
            if (c < 0) throw new IllegalStateException("connection closed mid-line");
            if (c == '\r') {
                if (in.read() != '\n') throw new IllegalStateException("bare CR");
                return sb.toString();
            }
            sb.append((char) c);
        }
    }

    /** Whether the server closed the connection: the next read sees end of stream (or a reset). */
    boolean closedByServer() {
        try {
            return in.read() < 0;
        } catch (SocketException e) {
            return true; // reset
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing
        }
    }
}
