package dev.weft.service.db.pg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/**
 * {@link PgAuth}: SCRAM-SHA-256 against RFC 7677's test vector and hostile or broken server messages, and the
 * MD5 response against an independent step-by-step computation.
 */
class PgAuthTest {
    private static final String NONCE = "rOprNGfwEbeRWgbNEkqO";
    private static final String SERVER_FIRST =
            "r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096";
    private static final String CLIENT_FINAL = "c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,"
            + "p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=";
    private static final String SERVER_FINAL = "v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=";

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String text(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    /** RFC 7677's exchange, with its {@code n=user}. */
    private static PgAuth.Scram rfcScram() {
        return new PgAuth.Scram("pencil", NONCE, "user");
    }

    /** RFC 7677 section 3, byte for byte: client-first, client-final (the proof) and the server signature. */
    @Test
    void scram_rfc7677Vector_matchesExactly() {
        PgAuth.Scram scram = rfcScram();
        assertThat(text(scram.clientFirstMessage())).isEqualTo("n,,n=user,r=rOprNGfwEbeRWgbNEkqO");
        assertThat(text(scram.clientFinalMessage(bytes(SERVER_FIRST)))).isEqualTo(CLIENT_FINAL);
        scram.verifyServerFinal(bytes(SERVER_FINAL));
        assertThatThrownBy(() -> scram.verifyServerFinal(bytes(SERVER_FINAL)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("already verified");
    }

    /** PostgreSQL's form: empty user name; a different user name changes the proof (it is in the AuthMessage). */
    @Test
    void scram_postgresForm_sendsEmptyUserName() {
        PgAuth.Scram scram = new PgAuth.Scram("pencil", NONCE);
        assertThat(text(scram.clientFirstMessage())).isEqualTo("n,,n=,r=" + NONCE);
        String clientFinal = text(scram.clientFinalMessage(bytes(SERVER_FIRST)));
        assertThat(clientFinal).startsWith("c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,p=")
                .isNotEqualTo(CLIENT_FINAL);
        assertThatThrownBy(() -> scram.verifyServerFinal(bytes(SERVER_FINAL)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("does not match");
    }

    /** The bare user name is escaped as an RFC 5802 saslname. */
    @Test
    void scram_bareUser_isEscaped() {
        assertThat(text(new PgAuth.Scram("pencil", NONCE, "a=b,c").clientFirstMessage()))
                .isEqualTo("n,,n=a=3Db=2Cc,r=" + NONCE);
    }

    /** A server signature with one changed character is rejected: the server did not prove it knows the password. */
    @Test
    void scram_tamperedServerSignature_isRejected() {
        PgAuth.Scram scram = rfcScram();
        scram.clientFinalMessage(bytes(SERVER_FIRST));
        String tampered = "v=7rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=";
        assertThatThrownBy(() -> scram.verifyServerFinal(bytes(tampered)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("the server's SCRAM signature does not match: the server does not know the "
                        + "password")
                .hasMessageNotContaining("pencil");
    }

    /** A server error in the final message is reported with the server's text. */
    @Test
    void scram_serverFinalError_isReportedWithItsText() {
        PgAuth.Scram scram = rfcScram();
        scram.clientFinalMessage(bytes(SERVER_FIRST));
        assertThatThrownBy(() -> scram.verifyServerFinal(bytes("e=invalid-proof")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("rejected")
                .hasMessageContaining("e=invalid-proof");
    }

    /** Malformed and truncated final messages are rejected, naming the problem. */
    @Test
    void scram_malformedServerFinal_isRejected() {
        PgAuth.Scram scram = rfcScram();
        scram.clientFinalMessage(bytes(SERVER_FIRST));
        assertThatThrownBy(() -> scram.verifyServerFinal(bytes("x=abc")))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("no verifier (v=)");
        assertThatThrownBy(() -> scram.verifyServerFinal(bytes("v=%%%")))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("not valid base64")
                .hasMessageContaining("v=%%%");
        assertThatThrownBy(() -> scram.verifyServerFinal(bytes("v=")))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("does not match");
    }

    /** The server's nonce must start with ours and add to it. */
    @Test
    void scram_serverNonceNotExtendingOurs_isRejected() {
        String otherNonce = "r=XOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096";
        assertThatThrownBy(() -> rfcScram().clientFinalMessage(bytes(otherNonce)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("nonce does not extend the client nonce")
                .hasMessageContaining("r=XOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0");
        String sameNonce = "r=" + NONCE + ",s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096";
        assertThatThrownBy(() -> rfcScram().clientFinalMessage(bytes(sameNonce)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("nonce does not extend");
    }

    /** Iteration counts below RFC 7677's 4096, and ones that are not decimal numbers, are rejected. */
    @Test
    void scram_badIterationCount_isRejected() {
        String base = "r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=";
        assertThatThrownBy(() -> rfcScram().clientFinalMessage(bytes(base + "1000")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("below the minimum of 4096").hasMessageContaining("i=1000");
        for (String bad : new String[] {"", "abc", "-4096", "+4096", "4096x", "99999999999"}) {
            assertThatThrownBy(() -> rfcScram().clientFinalMessage(bytes(base + bad)))
                    .as("i=%s", bad)
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("not a positive 32-bit decimal number").hasMessageContaining("i=" + bad);
        }
    }

    /** Missing attributes are named. */
    @Test
    void scram_missingAttributes_areNamed() {
        String nonce = "r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0";
        assertThatThrownBy(() -> rfcScram().clientFinalMessage(bytes(nonce + ",i=4096")))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("no salt (s=) attribute");
        assertThatThrownBy(() -> rfcScram().clientFinalMessage(bytes(nonce + ",s=W22ZaJ0SNY7soEsUEjb6gQ==")))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("no iteration count (i=) attribute");
        assertThatThrownBy(() -> rfcScram().clientFinalMessage(bytes("s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096")))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("no nonce (r=) attribute");
    }

    /** Bad base64 or an empty salt, errors, mandatory extensions and garbage in the first message are rejected. */
    @Test
    void scram_brokenServerFirst_isRejected() {
        String nonce = "r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0";
        assertThatThrownBy(() -> rfcScram().clientFinalMessage(bytes(nonce + ",s=W22Z*J0S,i=4096")))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("salt is not valid base64")
                .hasMessageContaining("s=W22Z*J0S");
        assertThatThrownBy(() -> rfcScram().clientFinalMessage(bytes(nonce + ",s=,i=4096")))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("salt is empty");
        assertThatThrownBy(() -> rfcScram().clientFinalMessage(bytes("e=other-error")))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("rejected")
                .hasMessageContaining("e=other-error");
        assertThatThrownBy(() -> rfcScram().clientFinalMessage(bytes("m=ext," + SERVER_FIRST)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("mandatory extension")
                .hasMessageContaining("m=ext");
        assertThatThrownBy(() -> rfcScram().clientFinalMessage(bytes("garbage")))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("malformed attribute 'garbage'");
        assertThatThrownBy(() -> rfcScram().clientFinalMessage(new byte[] {'r', '=', (byte) 0xff}))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("not valid UTF-8");
    }

    /** The exchange runs in order, once. */
    @Test
    void scram_callsOutOfOrder_areRejected() {
        PgAuth.Scram scram = rfcScram();
        assertThatThrownBy(() -> scram.verifyServerFinal(bytes(SERVER_FINAL)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("before the client-final-message");
        scram.clientFinalMessage(bytes(SERVER_FIRST));
        assertThatThrownBy(() -> scram.clientFinalMessage(bytes(SERVER_FIRST)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("already computed");
    }

    /** Constructor arguments are validated, naming the parameter. */
    @Test
    void scram_badArguments_areRejected() {
        assertThatThrownBy(() -> new PgAuth.Scram(null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("password");
        assertThatThrownBy(() -> new PgAuth.Scram(""))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("password");
        assertThatThrownBy(() -> new PgAuth.Scram("pencil", "a,b"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("clientNonce")
                .hasMessageContaining("'a,b'");
        assertThatThrownBy(() -> new PgAuth.Scram("pencil", ""))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("clientNonce");
        assertThatThrownBy(() -> new PgAuth.Scram("pencil", NONCE, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("bareUser");
    }

    /** The default constructor draws a fresh 24-character (18-byte) nonce each time and sends PostgreSQL's form. */
    @Test
    void scram_defaultConstructor_usesFreshNonces() {
        String first = text(new PgAuth.Scram("pencil").clientFirstMessage());
        String second = text(new PgAuth.Scram("pencil").clientFirstMessage());
        assertThat(first).startsWith("n,,n=,r=").hasSize("n,,n=,r=".length() + 24);
        assertThat(second).startsWith("n,,n=,r=").hasSize("n,,n=,r=".length() + 24);
        assertThat(first).isNotEqualTo(second);
    }

    /** A full exchange against a server computed here with the same nonce rules (empty user, random nonce). */
    @Test
    void scram_defaultConstructor_completesAnExchange() throws Exception {
        PgAuth.Scram scram = new PgAuth.Scram("pencil");
        String clientNonce = text(scram.clientFirstMessage()).substring("n,,n=,r=".length());
        String serverFirst = "r=" + clientNonce + "server,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096";
        String clientFinal = text(scram.clientFinalMessage(bytes(serverFirst)));
        assertThat(clientFinal).startsWith("c=biws,r=" + clientNonce + "server,p=");
        // the server's view: it checks the proof and signs with ServerKey, computed with the JDK's PBKDF2
        SecretKeyFactory f = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256");
        byte[] salted = f.generateSecret(new PBEKeySpec("pencil".toCharArray(),
                Base64.getDecoder().decode("W22ZaJ0SNY7soEsUEjb6gQ=="), 4096, 256)).getEncoded();
        byte[] authMessage = bytes("n=,r=" + clientNonce + "," + serverFirst + ","
                + clientFinal.substring(0, clientFinal.indexOf(",p=")));
        byte[] clientKey = hmac(salted, bytes("Client Key"));
        byte[] storedKey = MessageDigest.getInstance("SHA-256").digest(clientKey);
        byte[] proof = Base64.getDecoder().decode(clientFinal.substring(clientFinal.indexOf(",p=") + 3));
        byte[] signature = hmac(storedKey, authMessage);
        byte[] recovered = new byte[proof.length];
        for (int i = 0; i < proof.length; i++) {
            recovered[i] = (byte) (proof[i] ^ signature[i]);
        }
        assertThat(MessageDigest.getInstance("SHA-256").digest(recovered)).isEqualTo(storedKey);
        byte[] serverSignature = hmac(hmac(salted, bytes("Server Key")), authMessage);
        scram.verifyServerFinal(bytes("v=" + Base64.getEncoder().encodeToString(serverSignature)));
    }

    private static byte[] hmac(byte[] key, byte[] data) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        return mac.doFinal(data);
    }

    /** The MD5 response equals the step-by-step computation and a value computed outside Java. */
    @Test
    void md5Password_matchesIndependentComputation() throws Exception {
        byte[] salt = {1, 2, 3, 4};
        MessageDigest md5 = MessageDigest.getInstance("MD5");
        String inner = HexFormat.of().formatHex(md5.digest(bytes("secretpostgres")));
        md5.update(bytes(inner));
        md5.update(salt);
        String expected = "md5" + HexFormat.of().formatHex(md5.digest());

        String actual = text(PgAuth.md5Password("postgres", "secret", salt));
        assertThat(actual).isEqualTo(expected)
                .isEqualTo("md5bb41a296aab6baccb36ff243a562abff") // Python hashlib
                .startsWith("md5").hasSize(35);
    }

    /** A salt that is not 4 bytes, and null arguments, are rejected naming the parameter and the value. */
    @Test
    void md5Password_badArguments_areRejected() {
        assertThatThrownBy(() -> PgAuth.md5Password("postgres", "secret", new byte[] {1, 2, 3}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("salt").hasMessageContaining("4-byte").hasMessageContaining("got 3 bytes")
                .hasMessageContaining("010203");
        assertThatThrownBy(() -> PgAuth.md5Password("postgres", "secret", null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("salt");
        assertThatThrownBy(() -> PgAuth.md5Password(null, "secret", new byte[4]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("user");
        assertThatThrownBy(() -> PgAuth.md5Password("postgres", null, new byte[4]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("password");
    }
}
