package dev.weft.service.api;

import dev.weft.service.db.ApiKeyRepository;
import dev.weft.service.db.Db;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.SQLException;
import java.util.Base64;
import java.util.HexFormat;

/**
 * API keys: {@code weft_} followed by 256 random bits in base64url (43 characters), stored as the hex SHA-256
 * of the whole key.
 *
 * <p><b>Why SHA-256 and not bcrypt/argon2.</b> Slow password hashes exist because passwords are low-entropy:
 * they make guessing each candidate expensive. A key of 256 random bits cannot be guessed at any speed, so a
 * fast hash loses nothing; and a fast, deterministic hash lets the server find the key by an indexed lookup of
 * its hash (a per-row salt would force a scan), checked on every request in microseconds rather than the
 * ~100 ms a bcrypt check costs. GitHub and Stripe tokens are handled the same way. A stolen database yields
 * hashes that are useless without the keys.
 */
public final class ApiKeys {
    /** The prefix of every key, so leaked keys are easy to recognise (secret scanners match on it). */
    public static final String PREFIX = "weft_";
    private static final SecureRandom RANDOM = new SecureRandom();

    private ApiKeys() {}

    /** A new random key. */
    public static String generate() {
        byte[] b = new byte[32];
        RANDOM.nextBytes(b);
        return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    /** The stored form of {@code key}: lowercase hex SHA-256 of its UTF-8 bytes. */
    public static String hash(String key) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(md.digest(key.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError("SHA-256 is in every JDK", e);
        }
    }

    /** Whether {@code s} has the shape of a key (prefix and 43 base64url characters): cheap reject before any lookup. */
    public static boolean wellFormed(String s) {
        if (s.length() != PREFIX.length() + 43 || !s.startsWith(PREFIX)) return false;
        for (int i = PREFIX.length(); i < s.length(); i++) {
            char c = s.charAt(i);
            boolean ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
            if (!ok) return false;
        }
        return true;
    }

    /** The part of a key shown in listings: the prefix and the first 6 random characters. */
    public static String displayPrefix(String key) {
        return key.substring(0, Math.min(key.length(), PREFIX.length() + 6));
    }

    /** Creates a key named {@code name}, stores its hash and returns the key (the only time it is visible). */
    public static String create(Db db, String name) throws SQLException {
        String key = generate();
        db.runHere(sql -> {
            ApiKeyRepository.insert(sql, name, hash(key), displayPrefix(key));
            return null;
        });
        return key;
    }

    /** Revokes the keys named {@code name}; returns how many. */
    public static int revoke(Db db, String name) throws SQLException {
        return db.runHere(sql -> ApiKeyRepository.revoke(sql, name));
    }
}
