package dev.dnevnik.gateway.apikey;

import java.security.SecureRandom;
import java.util.Base64;

import dev.dnevnik.common.hash.Sha256;

/**
 * API key secrets: 256 random bits behind a recognisable {@code dnv_} prefix (so secret scanners and people can tell
 * what leaked). Only a SHA-256 digest is stored: with that much randomness a plain digest cannot be reversed, and
 * a slow password hash would only slow every exchange down.
 */
public final class ApiKeySecrets {

    public static final String PREFIX = "dnv_";
    /** Characters of a secret kept for display: the prefix and 8 random characters. */
    static final int SHOWN_CHARACTERS = PREFIX.length() + 8;

    private static final SecureRandom RANDOM = new SecureRandom();

    private ApiKeySecrets() {
    }

    static String generate() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    public static String hash(String secret) {
        return Sha256.hex(secret);
    }

    static String shownPart(String secret) {
        return secret.substring(0, SHOWN_CHARACTERS);
    }
}
