package dev.dnevnik.devtools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.time.Duration;
import java.util.Base64;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DevTokenTest {

    @TempDir
    Path keys;

    @Test
    void signsAnRs256TokenThatTheMatchingPublicKeyVerifies() throws Exception {
        DevKeys.ensure(keys);
        UUID user = UUID.randomUUID();

        String token = DevToken.sign(DevKeys.readPrivateKey(keys.resolve(DevKeys.PRIVATE_KEY_FILE)),
                DevToken.DEFAULT_ISSUER, user, true, Duration.ofMinutes(5));

        String[] parts = token.split("\\.");
        assertEquals(3, parts.length);
        Signature rs256 = Signature.getInstance("SHA256withRSA");
        rs256.initVerify(publicKey(keys.resolve(DevKeys.PUBLIC_KEY_FILE)));
        rs256.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
        assertTrue(rs256.verify(Base64.getUrlDecoder().decode(parts[2])));
        String claims = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
        assertTrue(claims.contains("\"sub\":\"" + user + "\""));
        assertTrue(claims.contains("\"groups\":[\"user\",\"admin\"]"));
        assertTrue(claims.contains("\"iss\":\"urn:dnevnik:gateway\""));
    }

    @Test
    void keepsAnExistingKeyPair() throws Exception {
        DevKeys.ensure(keys);
        String first = Files.readString(keys.resolve(DevKeys.PUBLIC_KEY_FILE));
        DevKeys.ensure(keys);
        assertEquals(first, Files.readString(keys.resolve(DevKeys.PUBLIC_KEY_FILE)));
    }

    private static PublicKey publicKey(Path pem) throws Exception {
        String base64 = Files.readString(pem).replaceAll("-----(BEGIN|END) PUBLIC KEY-----", "").replaceAll("\\s", "");
        return KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(base64)));
    }
}
