package dev.weft.service.db;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;

/** Statements on {@code api_key}: only hashes are stored, never a key. */
public final class ApiKeyRepository {
    private ApiKeyRepository() {}

    /**
     * A stored key.
     *
     * @param id the row id
     * @param name the owner's name
     * @param prefix the first characters of the key, to tell keys apart in listings and logs
     */
    public record StoredKey(long id, String name, String prefix) {}

    /** Stores a key's hash under {@code name}. */
    public static void insert(Sql sql, String name, String keyHash, String prefix) throws SQLException {
        try (PreparedStatement ps = sql.prepare(
                "INSERT INTO api_key (name, key_hash, prefix, created_at) VALUES (?, ?, ?, ?)")) {
            ps.setString(1, name);
            ps.setString(2, keyHash);
            ps.setString(3, prefix);
            ps.setString(4, Instant.now().toString());
            ps.executeUpdate();
        }
    }

    /** The live (not revoked) key with {@code keyHash}, if any. */
    public static Optional<StoredKey> findLive(Sql sql, String keyHash) throws SQLException {
        try (PreparedStatement ps = sql.prepare(
                "SELECT id, name, prefix FROM api_key WHERE key_hash = ? AND revoked_at IS NULL")) {
            ps.setString(1, keyHash);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(new StoredKey(rs.getLong(1), rs.getString(2), rs.getString(3)))
                        : Optional.empty();
            }
        }
    }

    /** Revokes every live key named {@code name}; returns how many. */
    public static int revoke(Sql sql, String name) throws SQLException {
        try (PreparedStatement ps = sql.prepare(
                "UPDATE api_key SET revoked_at = ? WHERE name = ? AND revoked_at IS NULL")) {
            ps.setString(1, Instant.now().toString());
            ps.setString(2, name);
            return ps.executeUpdate();
        }
    }

    /** How many keys were ever created (revoked ones included). */
    public static long countAll(Sql sql) throws SQLException {
        try (PreparedStatement ps = sql.prepare("SELECT COUNT(*) FROM api_key"); ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
