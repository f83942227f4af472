package dev.weft.http.tls;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A freshly generated self-signed certificate for {@code localhost}, {@code 127.0.0.1} and {@code ::1}, with its
 * EC (P-256) private key: for tests, examples and local development of https, never for production.
 * {@snippet :
 * try (SelfSignedCertificate cert = SelfSignedCertificate.generate()) {
 *     TlsConfig server = cert.serverConfig();   // presents the certificate
 *     TlsConfig client = cert.clientConfig();   // trusts exactly this certificate
 *     Path pem = cert.pemFile();                // for curl --cacert
 * }
 * }
 *
 * <p>It runs the {@code keytool} of the running JDK ({@code java.home/bin/keytool}) into a new temporary
 * directory holding a PKCS#12 store (random password) and the certificate as PEM; {@link #close()} deletes the
 * directory. The JDK has no public API to create certificates, and keytool is part of every full JDK; an image
 * built with jlink without it cannot use this class ({@link IllegalStateException} says so).
 *
 * <p>{@link #generate} blocks the calling thread while keytool runs (about a second: it starts a JVM): call it
 * at startup or in a test's setup, or through {@code Tasks.spawnBlocking}, never inside {@code poll}.
 */
public final class SelfSignedCertificate implements AutoCloseable {

    private static final String ALIAS = "weft";

    private final Path directory;
    private final Path pkcs12File;
    private final Path pemFile;
    private final char[] password;
    private final KeyStore keyStore;
    private final X509Certificate certificate;

    private SelfSignedCertificate(Path directory, Path pkcs12File, Path pemFile, char[] password, KeyStore keyStore,
            X509Certificate certificate) {
        this.directory = directory;
        this.pkcs12File = pkcs12File;
        this.pemFile = pemFile;
        this.password = password;
        this.keyStore = keyStore;
        this.certificate = certificate;
    }

    /**
     * Generates a certificate with subject {@code CN=localhost}, subject alternative names {@code localhost},
     * {@code 127.0.0.1} and {@code ::1}, valid for 30 days from now.
     *
     * @throws IllegalStateException when the running JDK has no keytool or keytool fails
     * @throws UncheckedIOException when the temporary files cannot be written
     */
    public static SelfSignedCertificate generate() {
        return generate(List.of("localhost"));
    }

    /**
     * Generates a certificate for the host names {@code dnsNames} (the first is also the subject's CN) plus
     * {@code 127.0.0.1} and {@code ::1}.
     *
     * @throws IllegalArgumentException when {@code dnsNames} is empty or a name holds anything but letters,
     *     digits, dots and hyphens
     * @throws IllegalStateException when the running JDK has no keytool or keytool fails
     */
    public static SelfSignedCertificate generate(List<String> dnsNames) {
        Objects.requireNonNull(dnsNames, "dnsNames");
        if (dnsNames.isEmpty()) throw new IllegalArgumentException("dnsNames: [] (expected: at least one name)");
        StringBuilder san = new StringBuilder("SAN=");
        for (String name : dnsNames) {
            if (!name.matches("[A-Za-z0-9.*-]+")) {
                throw new IllegalArgumentException("dns name: \"" + name + "\" (expected: letters, digits, '.', '-')");
            }
            san.append("dns:").append(name).append(',');
        }
        san.append("ip:127.0.0.1,ip:0:0:0:0:0:0:0:1");
        Path keytool = Path.of(System.getProperty("java.home"), "bin",
                System.getProperty("os.name", "").startsWith("Windows") ? "keytool.exe" : "keytool");
        if (!Files.isExecutable(keytool)) {
            throw new IllegalStateException("no keytool at " + keytool + " (expected: a full JDK; a jlink image "
                    + "without keytool cannot generate certificates)");
        }
        char[] password = randomPassword();
        try {
            Path dir = Files.createTempDirectory("weft-tls-");
            Path p12 = dir.resolve("localhost.p12");
            List<String> cmd = new ArrayList<>(List.of(keytool.toString(), "-genkeypair", "-alias", ALIAS,
                    "-keyalg", "EC", "-groupname", "secp256r1", "-sigalg", "SHA256withECDSA",
                    "-dname", "CN=" + dnsNames.get(0), "-ext", san.toString(), "-validity", "30",
                    "-storetype", "PKCS12", "-keystore", p12.toString(),
                    "-storepass", new String(password), "-keypass", new String(password), "-noprompt"));
            Process proc = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            proc.getOutputStream().close();
            String output = new String(proc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!proc.waitFor(60, TimeUnit.SECONDS)) {
                proc.destroyForcibly();
                throw new IllegalStateException("keytool did not finish within 60 s");
            }
            if (proc.exitValue() != 0) {
                throw new IllegalStateException("keytool failed with exit code " + proc.exitValue() + ": "
                        + output.strip());
            }
            KeyStore ks = TlsConfig.loadPkcs12(p12, password);
            X509Certificate cert = (X509Certificate) ks.getCertificate(ALIAS);
            Path pem = dir.resolve("localhost.pem");
            Files.writeString(pem, toPem(cert), StandardCharsets.US_ASCII);
            return new SelfSignedCertificate(dir, p12, pem, password, ks, cert);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot generate a self-signed certificate", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while keytool was running", e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("keytool wrote an unreadable certificate: " + e.getMessage(), e);
        }
    }

    private static char[] randomPassword() {
        String alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
        SecureRandom random = new SecureRandom();
        char[] pw = new char[20];
        for (int i = 0; i < pw.length; i++) pw[i] = alphabet.charAt(random.nextInt(alphabet.length()));
        return pw;
    }

    private static String toPem(X509Certificate cert) throws GeneralSecurityException {
        String b64 = Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(cert.getEncoded());
        return "-----BEGIN CERTIFICATE-----\n" + b64 + "\n-----END CERTIFICATE-----\n";
    }

    /** The PKCS#12 file holding the key and certificate (store and key password: {@link #password()}). */
    public Path pkcs12File() {
        return pkcs12File;
    }

    /** The certificate as a PEM file ({@code curl --cacert}, {@code openssl s_client -CAfile}). */
    public Path pemFile() {
        return pemFile;
    }

    /** The password of the PKCS#12 store and its key (a copy). */
    public char[] password() {
        return password.clone();
    }

    /** The loaded PKCS#12 store (one key entry). */
    public KeyStore keyStore() {
        return keyStore;
    }

    /** The certificate. */
    public X509Certificate certificate() {
        return certificate;
    }

    /** A JDK context presenting this certificate (for {@code com.sun.net.httpserver.HttpsServer} and the like). */
    public SSLContext serverContext() {
        try {
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(keyStore, password);
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(kmf.getKeyManagers(), null, null);
            return ctx;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A JDK context trusting exactly this certificate (for {@code java.net.http.HttpClient}, SSLSocket). */
    public SSLContext clientContext() {
        try {
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            trust.setCertificateEntry(ALIAS, certificate);
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, tmf.getTrustManagers(), null);
            return ctx;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A server config presenting this certificate. */
    public TlsConfig serverConfig() {
        return TlsConfig.server(serverContext());
    }

    /** A client config trusting exactly this certificate. */
    public TlsConfig clientConfig() {
        return TlsConfig.client(clientContext());
    }

    /** Deletes the temporary directory and its files. Idempotent. */
    @Override
    public void close() {
        if (!Files.exists(directory)) return;
        try (Stream<Path> files = Files.walk(directory)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + directory, e);
        }
    }

    @Override
    public String toString() {
        return "SelfSignedCertificate[" + certificate.getSubjectX500Principal() + ", " + pkcs12File + "]";
    }
}
