package io.manybot.core.secret;

import io.manybot.core.audit.AuditLog;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.Optional;

/**
 * The API keys that may write. Only SHA-256 hashes are kept; a presented key is hashed and compared
 * with every known hash in constant time ({@link MessageDigest#isEqual}), all of them every time.
 * Used by both homes' HTTP APIs ({@code io.manybot.local.api}, {@code io.manybot.cluster.api}).
 */
public final class ApiKeys {
    private record Known(byte[] hash, String id) {}

    private final List<Known> known;

    public ApiKeys(List<String> keys) {
        this.known = keys.stream().map(key -> new Known(sha256(key), AuditLog.keyId(key))).toList();
    }

    public boolean configured() {
        return !known.isEmpty();
    }

    /** The key id ({@link AuditLog#keyId}) of a valid key, or empty. */
    public Optional<String> check(String presented) {
        if (presented == null || presented.isEmpty()) {
            return Optional.empty();
        }
        byte[] hash = sha256(presented);
        String match = null;
        for (Known k : known) {
            if (MessageDigest.isEqual(k.hash(), hash) && match == null) {
                match = k.id();
            }
        }
        return Optional.ofNullable(match);
    }

    private static byte[] sha256(String key) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
