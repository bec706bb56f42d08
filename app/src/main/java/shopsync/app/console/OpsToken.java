package shopsync.app.console;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The token the console asks for before it acts. Compared in constant time over digests, so neither the time an
 * answer takes nor the token's length tells how close a guess came. Never logged, never shown.
 */
final class OpsToken {
    private final byte[] digest;

    private OpsToken(byte[] digest) {
        this.digest = digest;
    }

    /** @param configured the configured token, or null: every action is then refused */
    static OpsToken of(String configured) {
        return new OpsToken(configured == null || configured.isEmpty() ? null : sha256(configured));
    }

    boolean configured() {
        return digest != null;
    }

    boolean accepts(String given) {
        return digest != null && given != null && MessageDigest.isEqual(digest, sha256(given));
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    @Override
    public String toString() {
        return configured() ? "OpsToken[****]" : "OpsToken[none]";
    }
}
