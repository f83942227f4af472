package dev.weft.service.db.pg;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The password arithmetic of PostgreSQL's authentication exchanges: the {@code AuthenticationMD5Password}
 * response ({@link #md5Password}) and the client side of SCRAM-SHA-256 ({@link Scram}). Pure computation over
 * bytes: the caller frames the {@code PasswordMessage}, {@code SASLInitialResponse} and {@code SASLResponse}
 * messages and reads the server's {@code AuthenticationSASLContinue} and {@code AuthenticationSASLFinal}.
 *
 * <p>Passwords and user names are encoded as UTF-8, the client encoding the client negotiates.
 */
final class PgAuth {
    private static final HexFormat HEX = HexFormat.of();
    private static final int MD5_SALT_BYTES = 4;

    private PgAuth() {
    }

    /**
     * The payload of the {@code PasswordMessage} answering {@code AuthenticationMD5Password}:
     * {@code "md5" + hex(md5(hex(md5(password + user)) + salt))}, lower-case hex, as UTF-8 bytes without the
     * terminating NUL (the caller adds it). Always 35 bytes.
     *
     * @param user the user name of the startup message
     * @param password the password, neither null nor empty (PostgreSQL never accepts an empty password)
     * @param salt the 4-byte salt of the {@code AuthenticationMD5Password} message
     * @return {@code "md5"} followed by 32 lower-case hex digits
     * @throws IllegalArgumentException if an argument is null, the password is empty or the salt is not 4 bytes
     */
    static byte[] md5Password(String user, String password, byte[] salt) {
        if (user == null) {
            throw new IllegalArgumentException("user: expected the startup message's user name, got null");
        }
        requirePassword(password);
        if (salt == null) {
            throw new IllegalArgumentException("salt: expected the 4-byte salt of AuthenticationMD5Password, got null");
        }
        if (salt.length != MD5_SALT_BYTES) {
            throw new IllegalArgumentException("salt: expected the 4-byte salt of AuthenticationMD5Password, got "
                    + salt.length + " bytes (hex " + HEX.formatHex(salt) + ")");
        }
        MessageDigest md5 = digest("MD5");
        md5.update(password.getBytes(StandardCharsets.UTF_8));
        md5.update(user.getBytes(StandardCharsets.UTF_8));
        byte[] inner = HEX.formatHex(md5.digest()).getBytes(StandardCharsets.US_ASCII);
        md5.update(inner);
        md5.update(salt);
        return ("md5" + HEX.formatHex(md5.digest())).getBytes(StandardCharsets.US_ASCII);
    }

    private static void requirePassword(String password) {
        if (password == null) {
            throw new IllegalArgumentException("password: expected a non-empty password, got null");
        }
        if (password.isEmpty()) {
            throw new IllegalArgumentException(
                    "password: expected a non-empty password, got an empty one (PostgreSQL never accepts it)");
        }
    }

    private static MessageDigest digest(String algorithm) {
        try {
            return MessageDigest.getInstance(algorithm);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK has no " + algorithm + " digest", e);
        }
    }

    /**
     * The client side of one SCRAM-SHA-256 exchange (RFC 5802, with the SHA-256 parameters of RFC 7677) as
     * PostgreSQL runs it for the {@code SCRAM-SHA-256} SASL mechanism, without channel binding (GS2 header
     * {@code "n,,"}; the client does not support it, which is also the right answer when the server offers
     * {@code SCRAM-SHA-256-PLUS}).
     *
     * <ol>
     * <li>{@link #clientFirstMessage()}: the {@code SASLInitialResponse} data,
     *     {@code "n,,n=,r=<client nonce>"};</li>
     * <li>{@link #clientFinalMessage(byte[])} with the data of {@code AuthenticationSASLContinue}
     *     ({@code "r=...,s=...,i=..."}): the {@code SASLResponse} data, {@code "c=biws,r=...,p=<proof>"};</li>
     * <li>{@link #verifyServerFinal(byte[])} with the data of {@code AuthenticationSASLFinal}
     *     ({@code "v=<signature>"}): proves the server knows the password too.</li>
     * </ol>
     *
     * <p>The user name in client-first-message-bare is empty: PostgreSQL ignores it and authenticates the user
     * of the startup message, and libpq sends {@code "n="}. (RFC 7677's example sends {@code "n=user"}; the test
     * constructor takes that name.)
     *
     * <p>The password is used as its UTF-8 bytes, <em>without</em> SASLprep normalisation (RFC 4013). For ASCII
     * passwords and most others that is what SASLprep would produce; PostgreSQL itself falls back to the raw
     * bytes when a password is not valid SASLprep input, so a password set from a client that did the same
     * matches.
     *
     * <p>Protocol failures (a malformed or hostile server message, a server error, a server signature that does
     * not verify, calls out of order) throw {@link IllegalStateException} naming the problem and quoting the
     * offending attribute; no message ever contains the password or a key derived from it. One instance serves
     * one exchange and is not thread-safe.
     */
    static final class Scram {
        private static final SecureRandom RANDOM = new SecureRandom();
        private static final int NONCE_BYTES = 18;
        /** RFC 7677's minimum iteration count for SCRAM-SHA-256 (PostgreSQL's default is 4096 too). */
        private static final int MIN_ITERATIONS = 4096;
        private static final String GS2_HEADER = "n,,";
        /** {@code "c=" + base64(GS2_HEADER)}: no channel binding, no authzid. */
        private static final String CHANNEL_BINDING = "c=" + b64(GS2_HEADER.getBytes(StandardCharsets.US_ASCII));
        private static final String HMAC = "HmacSHA256";

        private byte[] password;
        private final String clientNonce;
        private final String clientFirstBare;
        private byte[] expectedServerSignature;
        private boolean finished;

        /**
         * An exchange with a fresh random client nonce (18 bytes from {@link SecureRandom}, base64) and
         * PostgreSQL's empty SCRAM user name.
         *
         * @param password the password, neither null nor empty
         * @throws IllegalArgumentException if the password is null or empty
         */
        Scram(String password) {
            this(password, randomNonce(), "");
        }

        /**
         * An exchange with a given client nonce and PostgreSQL's empty SCRAM user name; for tests.
         *
         * @param password the password, neither null nor empty
         * @param clientNonce printable ASCII without {@code ','}, not empty
         * @throws IllegalArgumentException if an argument is null, empty or the nonce has a forbidden character
         */
        Scram(String password, String clientNonce) {
            this(password, clientNonce, "");
        }

        /**
         * An exchange with a given client nonce and SCRAM user name ({@code n=}); for tests, such as RFC 7677's
         * example, which sends {@code n=user}. The name is escaped as RFC 5802's saslname ({@code ','} as
         * {@code "=2C"}, {@code '='} as {@code "=3D"}) but not SASLprep-normalised.
         *
         * @param password the password, neither null nor empty
         * @param clientNonce printable ASCII without {@code ','}, not empty
         * @param bareUser the user name of client-first-message-bare; {@code ""} is PostgreSQL's form
         * @throws IllegalArgumentException if an argument is null, the password or nonce is empty or the nonce
         *     has a forbidden character
         */
        Scram(String password, String clientNonce, String bareUser) {
            requirePassword(password);
            if (clientNonce == null || clientNonce.isEmpty()) {
                throw new IllegalArgumentException("clientNonce: expected printable ASCII without ',', got "
                        + (clientNonce == null ? "null" : "an empty string"));
            }
            for (int i = 0; i < clientNonce.length(); i++) {
                char c = clientNonce.charAt(i);
                if (c < 0x21 || c > 0x7e || c == ',') {
                    throw new IllegalArgumentException("clientNonce: expected printable ASCII without ',', got '"
                            + clientNonce + "' (character " + i + " is U+" + HEX.toHexDigits(c) + ")");
                }
            }
            if (bareUser == null) {
                throw new IllegalArgumentException("bareUser: expected a SCRAM user name (\"\" for PostgreSQL), "
                        + "got null");
            }
            this.password = password.getBytes(StandardCharsets.UTF_8);
            this.clientNonce = clientNonce;
            this.clientFirstBare = "n=" + bareUser.replace("=", "=3D").replace(",", "=2C") + ",r=" + clientNonce;
        }

        private static String randomNonce() {
            byte[] bytes = new byte[NONCE_BYTES];
            RANDOM.nextBytes(bytes);
            return b64(bytes);
        }

        /**
         * The client-first-message, the data of {@code SASLInitialResponse}: {@code "n,,n=,r=<client nonce>"}
         * (with the test constructor's user name in {@code n=}).
         *
         * @return the message as UTF-8 bytes
         */
        byte[] clientFirstMessage() {
            return (GS2_HEADER + clientFirstBare).getBytes(StandardCharsets.UTF_8);
        }

        /**
         * The client-final-message answering {@code serverFirstMessage} (the data of
         * {@code AuthenticationSASLContinue}, {@code "r=<nonce>,s=<base64 salt>,i=<iterations>"}):
         * {@code "c=biws,r=<nonce>,p=<base64 ClientProof>"}. Remembers the ServerSignature for
         * {@link #verifyServerFinal(byte[])} and forgets the password. Called once per exchange.
         *
         * @param serverFirstMessage the server-first-message
         * @return the client-final-message as UTF-8 bytes
         * @throws IllegalStateException if the server sent an error ({@code e=}) or a mandatory extension
         *     ({@code m=}); the nonce does not extend the client nonce; an attribute is missing or malformed;
         *     the salt is not base64 or empty; the iteration count is not a number or below 4096; or this is
         *     not the first call
         */
        byte[] clientFinalMessage(byte[] serverFirstMessage) {
            if (serverFirstMessage == null) {
                throw new IllegalArgumentException("serverFirstMessage: expected the data of "
                        + "AuthenticationSASLContinue, got null");
            }
            if (password == null) {
                throw new IllegalStateException("SCRAM client-final-message already computed: one instance serves "
                        + "one exchange");
            }
            String serverFirst = utf8(serverFirstMessage, "server-first-message");
            String[] attributes = attributes(serverFirst, "server-first-message");
            for (String a : attributes) {
                if (a.charAt(0) == 'e') {
                    throw new IllegalStateException("the server rejected SCRAM authentication: '" + a + "'");
                }
            }
            if (attributes[0].startsWith("m=")) {
                throw new IllegalStateException("SCRAM server-first-message requires an unsupported mandatory "
                        + "extension: '" + attributes[0] + "'");
            }
            String nonce = attribute(attributes, 'r', "nonce", serverFirst);
            String saltText = attribute(attributes, 's', "salt", serverFirst);
            String iterationText = attribute(attributes, 'i', "iteration count", serverFirst);
            if (!nonce.startsWith(clientNonce) || nonce.length() == clientNonce.length()) {
                throw new IllegalStateException("SCRAM server nonce does not extend the client nonce '" + clientNonce
                        + "': 'r=" + nonce + "'");
            }
            byte[] salt;
            try {
                salt = Base64.getDecoder().decode(saltText);
            } catch (IllegalArgumentException e) {
                throw new IllegalStateException("SCRAM salt is not valid base64: 's=" + saltText + "'", e);
            }
            if (salt.length == 0) {
                throw new IllegalStateException("SCRAM salt is empty: 's=" + saltText + "'");
            }
            int iterations = iterations(iterationText);

            byte[] saltedPassword = hi(password, salt, iterations);
            Arrays.fill(password, (byte) 0);
            password = null;
            byte[] clientKey = hmac(saltedPassword, "Client Key".getBytes(StandardCharsets.US_ASCII));
            byte[] storedKey = digest("SHA-256").digest(clientKey);
            byte[] serverKey = hmac(saltedPassword, "Server Key".getBytes(StandardCharsets.US_ASCII));
            Arrays.fill(saltedPassword, (byte) 0);

            String clientFinalWithoutProof = CHANNEL_BINDING + ",r=" + nonce;
            byte[] authMessage = (clientFirstBare + "," + serverFirst + "," + clientFinalWithoutProof)
                    .getBytes(StandardCharsets.UTF_8);
            byte[] clientSignature = hmac(storedKey, authMessage);
            byte[] clientProof = new byte[clientKey.length];
            for (int i = 0; i < clientProof.length; i++) {
                clientProof[i] = (byte) (clientKey[i] ^ clientSignature[i]);
            }
            expectedServerSignature = hmac(serverKey, authMessage);
            Arrays.fill(clientKey, (byte) 0);
            Arrays.fill(serverKey, (byte) 0);
            return (clientFinalWithoutProof + ",p=" + b64(clientProof)).getBytes(StandardCharsets.UTF_8);
        }

        /**
         * Checks the server-final-message (the data of {@code AuthenticationSASLFinal}): {@code "v=<base64>"}
         * must carry the ServerSignature computed by {@link #clientFinalMessage(byte[])}, compared in constant
         * time. Returns normally only if the server has proved it knows the password.
         *
         * @param serverFinalMessage the server-final-message
         * @throws IllegalStateException if the server sent an error ({@code e=}, quoted); the signature is
         *     missing, not base64 or does not match; {@link #clientFinalMessage(byte[])} has not been called; or
         *     the exchange was already verified
         */
        void verifyServerFinal(byte[] serverFinalMessage) {
            if (serverFinalMessage == null) {
                throw new IllegalArgumentException("serverFinalMessage: expected the data of "
                        + "AuthenticationSASLFinal, got null");
            }
            if (expectedServerSignature == null) {
                throw new IllegalStateException("SCRAM server-final-message before the client-final-message was "
                        + "computed");
            }
            if (finished) {
                throw new IllegalStateException("SCRAM server-final-message already verified: one instance serves "
                        + "one exchange");
            }
            String serverFinal = utf8(serverFinalMessage, "server-final-message");
            String first = attributes(serverFinal, "server-final-message")[0];
            if (first.startsWith("e=")) {
                throw new IllegalStateException("the server rejected SCRAM authentication: '" + first + "'");
            }
            if (!first.startsWith("v=")) {
                throw new IllegalStateException("SCRAM server-final-message has no verifier (v=) attribute: '"
                        + serverFinal + "'");
            }
            byte[] signature;
            try {
                signature = Base64.getDecoder().decode(first.substring(2));
            } catch (IllegalArgumentException e) {
                throw new IllegalStateException("SCRAM server signature is not valid base64: '" + first + "'", e);
            }
            if (!MessageDigest.isEqual(signature, expectedServerSignature)) {
                throw new IllegalStateException("the server's SCRAM signature does not match: the server does not "
                        + "know the password ('" + first + "')");
            }
            finished = true;
        }

        private static String utf8(byte[] message, String what) {
            try {
                return StandardCharsets.UTF_8.newDecoder()
                        .onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT)
                        .decode(ByteBuffer.wrap(message))
                        .toString();
            } catch (CharacterCodingException e) {
                throw new IllegalStateException("SCRAM " + what + " is not valid UTF-8 (hex "
                        + HEX.formatHex(message) + ")", e);
            }
        }

        /** The comma-separated attributes of {@code message}, each checked to be {@code "<letter>=..."}. */
        private static String[] attributes(String message, String what) {
            String[] attributes = message.split(",", -1);
            for (String a : attributes) {
                if (a.length() < 2 || a.charAt(1) != '=' || !isAsciiLetter(a.charAt(0))) {
                    throw new IllegalStateException("SCRAM " + what + " has a malformed attribute '" + a
                            + "' (expected <letter>=<value>): '" + message + "'");
                }
            }
            return attributes;
        }

        private static boolean isAsciiLetter(char c) {
            return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
        }

        /** The value of the first attribute named {@code name} in the server-first-message. */
        private static String attribute(String[] attributes, char name, String meaning, String message) {
            for (String a : attributes) {
                if (a.charAt(0) == name) {
                    return a.substring(2);
                }
            }
            throw new IllegalStateException("SCRAM server-first-message has no " + meaning + " (" + name
                    + "=) attribute: '" + message + "'");
        }

        private static int iterations(String text) {
            boolean digits = !text.isEmpty() && text.length() <= 10;
            for (int i = 0; digits && i < text.length(); i++) {
                digits = text.charAt(i) >= '0' && text.charAt(i) <= '9';
            }
            long value = digits ? Long.parseLong(text) : -1;
            if (!digits || value > Integer.MAX_VALUE) {
                throw new IllegalStateException("SCRAM iteration count is not a positive 32-bit decimal number: 'i="
                        + text + "'");
            }
            if (value < MIN_ITERATIONS) {
                throw new IllegalStateException("SCRAM iteration count is below the minimum of " + MIN_ITERATIONS
                        + ": 'i=" + text + "'");
            }
            return (int) value;
        }

        /** RFC 5802's Hi: PBKDF2 with HMAC-SHA-256, one output block. */
        private static byte[] hi(byte[] password, byte[] salt, int iterations) {
            Mac mac = mac(password);
            mac.update(salt);
            mac.update(new byte[] {0, 0, 0, 1});
            byte[] u = mac.doFinal();
            byte[] result = u.clone();
            try {
                for (int i = 1; i < iterations; i++) {
                    mac.update(u);
                    mac.doFinal(u, 0);
                    for (int j = 0; j < result.length; j++) {
                        result[j] ^= u[j];
                    }
                }
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("HMAC-SHA-256 failed", e);
            }
            Arrays.fill(u, (byte) 0);
            return result;
        }

        private static byte[] hmac(byte[] key, byte[] data) {
            return mac(key).doFinal(data);
        }

        private static Mac mac(byte[] key) {
            try {
                Mac mac = Mac.getInstance(HMAC);
                mac.init(new SecretKeySpec(key, HMAC));
                return mac;
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("the JDK has no usable " + HMAC, e);
            }
        }

        private static String b64(byte[] bytes) {
            return Base64.getEncoder().encodeToString(bytes);
        }
    }
}
