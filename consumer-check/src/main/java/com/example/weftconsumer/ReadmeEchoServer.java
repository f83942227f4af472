package com.example.weftconsumer;

// >>> README.md, "A taste: an echo server": the imports, verbatim
import dev.weft.future.Async;
import dev.weft.net.TcpListener;
import dev.weft.net.TcpStream;
import dev.weft.runtime.WeftRuntime;
import dev.weft.task.Tasks;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
// <<< README.md

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * README.md's echo server, compiled and run by a project outside Weft's build that depends on Weft only through the
 * README's coordinates. The lines between the {@code >>> README.md} and {@code <<< README.md} markers are the
 * README's code, verbatim except one token: the README binds port {@code 7000}, this copy binds {@code port}, a
 * free ephemeral port, so that the check never collides with a server already listening on 7000.
 * {@code ./weft consumer-check} compares the two and fails, showing the difference, when the README changes.
 *
 * <p>{@link #main} starts the server on a daemon thread (the README's server accepts forever), connects with a
 * plain {@link Socket} (retrying while the server is not listening yet, for at most 30 s), sends one line, checks
 * that the same line comes back and exits 0; any failure prints why and exits 1.
 */
public final class ReadmeEchoServer {
    private ReadmeEchoServer() {}

    /** The README's server on {@code 127.0.0.1:port}; never returns unless it fails. */
    static void serve(int port) {
        // >>> README.md, "A taste: an echo server": the code, verbatim but for the port (7000 there)
        WeftRuntime.run(() -> {                                        // #[tokio::main]
            TcpListener listener = TcpListener.bind(new InetSocketAddress("127.0.0.1", port));
            for (;;) {
                TcpStream socket = listener.accept().await();      // .await on any Weft future
                Tasks.spawnAsync(() -> {                           // tokio::spawn(async move { ... })
                    try (socket) {
                        ByteBuffer buf = ByteBuffer.allocate(1024);
                        while (socket.read(buf.clear()).await() > 0) socket.writeAll(buf.flip()).await();
                    }
                });
            }
        });
        // <<< README.md
    }

    public static void main(String[] args) throws Exception {
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
            port = probe.getLocalPort(); // free now; the README's server binds it next
        }
        AtomicReference<Throwable> serverFailure = new AtomicReference<>();
        Thread.ofPlatform().daemon().name("readme-echo-server").start(() -> {
            try {
                serve(port);
            } catch (Throwable t) {
                serverFailure.set(t);
            }
        });
        String line = "hello from a project outside Weft's build";
        try (Socket socket = connect(port, serverFailure)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            String echoed = in.readLine();
            if (!line.equals(echoed)) {
                System.err.println("README echo server: sent '" + line + "', got back '" + echoed + "'");
                System.exit(1);
            }
            System.out.println("README echo server on 127.0.0.1:" + port + " echoed: " + echoed);
        } catch (IOException e) {
            System.err.println("README echo server: " + e + (serverFailure.get() == null ? ""
                    : "; the server failed: " + serverFailure.get()));
            System.exit(1);
        }
        System.exit(0); // the README's server accepts forever: stop it with the JVM
    }

    /** Connects to the server, retrying while it is not listening yet; fails after 30 s or when the server died. */
    static Socket connect(int port, AtomicReference<Throwable> serverFailure) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            try {
                return new Socket("127.0.0.1", port);
            } catch (ConnectException e) {
                if (serverFailure.get() != null) {
                    throw new IOException("the server failed before listening: " + serverFailure.get(), e);
                }
                if (System.nanoTime() > deadline) throw new IOException("nothing listened on " + port + " within 30 s", e);
                Thread.sleep(20); // the server thread is still starting its runtime
            }
        }
    }
}
