package dev.weft.http.tls;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * What a {@link TlsStream} needs to know besides the socket: which side it is (server or client), the JDK
 * {@link SSLContext} holding keys and trust, the ALPN protocols to offer, the TLS versions allowed and where
 * the {@code SSLEngine}'s delegated tasks run. Immutable; the {@code with*} methods return modified copies, so
 * one config is shared by every connection of a server or client (rustls' {@code ServerConfig}/{@code ClientConfig}).
 * {@snippet :
 * TlsConfig server = TlsConfig.serverPkcs12(Path.of("server.p12"), password);    // https server
 * TlsConfig client = TlsConfig.client();                                          // JDK default trust (cacerts)
 * TlsConfig dev = TlsConfig.clientTrusting(selfSigned.keyStore());               // trust one certificate
 * }
 *
 * <p><b>Defaults.</b> ALPN offers {@code http/1.1} only; TLS 1.3 and 1.2 are enabled (older versions never);
 * delegated tasks run {@linkplain DelegatedTasks#INLINE inline}; a server does not ask for client certificates.
 * A client always verifies the server's certificate chain against its trust material and the host name against
 * the certificate (endpoint identification {@code HTTPS}, RFC 2818 / RFC 6125): there is deliberately no switch
 * to turn either off; trust the certificate instead ({@link #clientTrusting(KeyStore)}).
 */
public final class TlsConfig {

    /** Whether a {@link TlsStream} made from a config acts as TLS client or server. */
    public enum Role {
        /** Sends the ClientHello, verifies the server's certificate and host name. */
        CLIENT,
        /** Presents a certificate and answers ClientHellos. */
        SERVER
    }

    /**
     * Where the {@code SSLEngine}'s delegated tasks ({@code getDelegatedTask()}: key exchange and certificate
     * chain validation) run.
     */
    public enum DelegatedTasks {
        /**
         * On the task polling the stream, inside {@code poll}. Cheapest (no hand-off), and what tokio-rustls does
         * with rustls' own computations: an EC key exchange plus chain validation costs well under a millisecond
         * of CPU per handshake. The default.
         */
        INLINE,
        /**
         * On the runtime's blocking pool ({@code Tasks.spawnBlocking}), the polling task waiting for them like for
         * I/O. Use it when a trust manager may block (revocation checking that fetches OCSP/CRL over the
         * network, a hardware key store), which must never run on a worker thread.
         */
        BLOCKING_POOL
    }

    /** Whether a server asks for a client certificate. */
    public enum ClientAuth {
        /** Does not ask (the default). */
        NONE,
        /** Asks; the handshake succeeds without one. */
        WANT,
        /** Requires a trusted client certificate; the handshake fails without one. */
        NEED
    }

    private static final List<String> DEFAULT_ALPN = List.of("http/1.1");
    private static final List<String> DEFAULT_PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");

    private final Role role;
    private final SSLContext context;
    private final List<String> applicationProtocols;
    private final List<String> protocols;
    private final DelegatedTasks delegatedTasks;
    private final ClientAuth clientAuth;

    private TlsConfig(Role role, SSLContext context, List<String> applicationProtocols, List<String> protocols,
            DelegatedTasks delegatedTasks, ClientAuth clientAuth) {
        this.role = role;
        this.context = context;
        this.applicationProtocols = applicationProtocols;
        this.protocols = protocols;
        this.delegatedTasks = delegatedTasks;
        this.clientAuth = clientAuth;
    }

    // ------------------------------------------------------------------------------------------------ servers

    /**
     * A server config over {@code context}, which must hold the server's key and certificate chain.
     *
     * @throws NullPointerException when {@code context} is null
     */
    public static TlsConfig server(SSLContext context) {
        return new TlsConfig(Role.SERVER, Objects.requireNonNull(context, "context"), DEFAULT_ALPN,
                DEFAULT_PROTOCOLS, DelegatedTasks.INLINE, ClientAuth.NONE);
    }

    /**
     * A server config presenting the private key and certificate chain in {@code keyStore} (one key entry; its
     * key protected by {@code password}).
     *
     * @throws NullPointerException when an argument is null
     * @throws IllegalArgumentException when the key store holds no usable key entry or the password is wrong
     */
    public static TlsConfig server(KeyStore keyStore, char[] password) {
        Objects.requireNonNull(keyStore, "keyStore");
        Objects.requireNonNull(password, "password");
        try {
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(keyStore, password);
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(kmf.getKeyManagers(), null, null);
            return server(ctx);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("keyStore: cannot use its key entry with the given password ("
                    + e.getMessage() + ") (expected: a key store with one private key entry)", e);
        }
    }

    /**
     * A server config from a PKCS#12 file (as written by {@code keytool -storetype PKCS12} or
     * {@code openssl pkcs12 -export}) whose store and key share {@code password}.
     *
     * @throws NullPointerException when an argument is null
     * @throws UncheckedIOException when the file cannot be read
     * @throws IllegalArgumentException when the file is not a PKCS#12 store or the password is wrong
     */
    public static TlsConfig serverPkcs12(Path file, char[] password) {
        return server(loadPkcs12(file, password), password);
    }

    // ------------------------------------------------------------------------------------------------ clients

    /** A client config trusting the JDK's default trust store ({@code cacerts}, or {@code javax.net.ssl.trustStore}). */
    public static TlsConfig client() {
        try {
            return client(SSLContext.getDefault());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK's default SSLContext is unavailable: " + e.getMessage(), e);
        }
    }

    /**
     * A client config over {@code context} (its trust managers decide which servers are trusted; its key managers,
     * if any, supply a client certificate).
     *
     * @throws NullPointerException when {@code context} is null
     */
    public static TlsConfig client(SSLContext context) {
        return new TlsConfig(Role.CLIENT, Objects.requireNonNull(context, "context"), DEFAULT_ALPN,
                DEFAULT_PROTOCOLS, DelegatedTasks.INLINE, ClientAuth.NONE);
    }

    /**
     * A client config trusting exactly the certificates in {@code trustStore} (trusted-certificate entries, or the
     * certificate chains of key entries, as the JDK's {@code PKIX} trust manager reads them).
     *
     * @throws NullPointerException when {@code trustStore} is null
     * @throws IllegalArgumentException when the store cannot serve as a trust store
     */
    public static TlsConfig clientTrusting(KeyStore trustStore) {
        Objects.requireNonNull(trustStore, "trustStore");
        try {
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trustStore);
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, tmf.getTrustManagers(), null);
            return client(ctx);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("trustStore: " + e.getMessage()
                    + " (expected: a key store with trusted certificates)", e);
        }
    }

    /**
     * A client config trusting the certificates of a PKCS#12 file.
     *
     * @throws UncheckedIOException when the file cannot be read
     * @throws IllegalArgumentException when the file is not a PKCS#12 store or the password is wrong
     */
    public static TlsConfig clientTrustingPkcs12(Path file, char[] password) {
        return clientTrusting(loadPkcs12(file, password));
    }

    // ------------------------------------------------------------------------------------------------ withers

    /**
     * A copy offering {@code protocols} through ALPN, in preference order (a server picks the first of its own
     * list the client offers; a client offering none of the server's fails the handshake with
     * {@code no_application_protocol}, RFC 7301 §3.2). No arguments: no ALPN extension at all.
     *
     * @throws IllegalArgumentException when a protocol name is empty
     */
    public TlsConfig withApplicationProtocols(String... protocols) {
        for (String p : Objects.requireNonNull(protocols, "protocols")) {
            if (Objects.requireNonNull(p, "protocol").isEmpty()) {
                throw new IllegalArgumentException("application protocol: \"\" (expected: e.g. http/1.1)");
            }
        }
        return new TlsConfig(role, context, List.of(protocols), this.protocols, delegatedTasks, clientAuth);
    }

    /**
     * A copy enabling exactly the TLS versions {@code protocols} (e.g. {@code "TLSv1.3"}).
     *
     * @throws IllegalArgumentException when none is given or one is not supported by the context
     */
    public TlsConfig withProtocols(String... protocols) {
        Objects.requireNonNull(protocols, "protocols");
        if (protocols.length == 0) throw new IllegalArgumentException("protocols: [] (expected: at least one)");
        List<String> supported = Arrays.asList(context.getSupportedSSLParameters().getProtocols());
        for (String p : protocols) {
            if (!supported.contains(p)) {
                throw new IllegalArgumentException("protocol: " + p + " (expected: one of " + supported + ")");
            }
        }
        return new TlsConfig(role, context, applicationProtocols, List.of(protocols), delegatedTasks, clientAuth);
    }

    /** A copy running the engine's delegated tasks as {@code mode} says. */
    public TlsConfig withDelegatedTasks(DelegatedTasks mode) {
        return new TlsConfig(role, context, applicationProtocols, protocols,
                Objects.requireNonNull(mode, "mode"), clientAuth);
    }

    /**
     * A copy of a server config asking for client certificates as {@code mode} says.
     *
     * @throws IllegalStateException on a client config
     */
    public TlsConfig withClientAuth(ClientAuth mode) {
        Objects.requireNonNull(mode, "mode");
        if (role != Role.SERVER) {
            throw new IllegalStateException("withClientAuth: this is a client config (expected: a server config)");
        }
        return new TlsConfig(role, context, applicationProtocols, protocols, delegatedTasks, mode);
    }

    // ------------------------------------------------------------------------------------------------ accessors

    /** The side a stream made with this config plays. */
    public Role role() {
        return role;
    }

    /** The JDK context that makes the engines. */
    public SSLContext context() {
        return context;
    }

    /** The ALPN protocols offered, in preference order (empty: no ALPN). */
    public List<String> applicationProtocols() {
        return applicationProtocols;
    }

    /** The TLS versions enabled. */
    public List<String> protocols() {
        return protocols;
    }

    /** Where delegated tasks run. */
    public DelegatedTasks delegatedTasks() {
        return delegatedTasks;
    }

    /** Whether a server asks for client certificates. */
    public ClientAuth clientAuth() {
        return clientAuth;
    }

    static KeyStore loadPkcs12(Path file, char[] password) {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(password, "password");
        try (InputStream in = Files.newInputStream(file)) {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(in, password);
            return ks;
        } catch (IOException e) {
            if (e.getCause() instanceof java.security.UnrecoverableKeyException || e.getMessage() != null
                    && e.getMessage().contains("password")) {
                throw new IllegalArgumentException("password: wrong for " + file + " (" + e.getMessage() + ")", e);
            }
            throw new UncheckedIOException("cannot read PKCS#12 file " + file, e);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("file: " + file + " is not a usable PKCS#12 store ("
                    + e.getMessage() + ")", e);
        }
    }

    @Override
    public String toString() {
        return "TlsConfig[" + role + ", alpn=" + applicationProtocols + ", protocols=" + protocols
                + ", delegatedTasks=" + delegatedTasks + (role == Role.SERVER ? ", clientAuth=" + clientAuth : "")
                + "]";
    }
}
