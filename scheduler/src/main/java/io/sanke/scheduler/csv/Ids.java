package io.sanke.scheduler.csv;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Ids for rows imported without one: a prefix and 8 characters of Crockford base32 of a
 * SHA-256 over what identifies the row (e.g. a school's region and name), so that
 * importing the same file twice yields the same ids and updates instead of duplicating.
 */
final class Ids {
    private static final char[] ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz".toCharArray();

    private Ids() {
    }

    static String generate(String prefix, Object... parts) {
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
        for (Object part : parts) {
            sha.update(String.valueOf(part).getBytes(StandardCharsets.UTF_8));
            sha.update((byte) 0);
        }
        byte[] hash = sha.digest();
        long bits = 0;
        for (int i = 0; i < 5; i++) {
            bits = bits << 8 | (hash[i] & 0xff);
        }
        char[] out = new char[8];
        for (int i = 7; i >= 0; i--) {
            out[i] = ALPHABET[(int) (bits & 31)];
            bits >>>= 5;
        }
        return prefix + new String(out);
    }
}
