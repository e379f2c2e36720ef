package dev.dnevnik.transcription;

import static io.restassured.RestAssured.given;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.UUID;

import dev.dnevnik.testing.TestTokens;
import io.restassured.builder.MultiPartSpecBuilder;
import io.restassured.specification.MultiPartSpecification;
import io.restassured.specification.RequestSpecification;

/** Uploads as a given user, and the spoken test clips (made by src/test/resources/audio/make-fixtures.sh). */
public final class TranscriptionTestSupport {

    private TranscriptionTestSupport() {
    }

    public static RequestSpecification as(UUID user) {
        return given().auth().oauth2(TestTokens.user(user));
    }

    public static Path clip(String name) {
        try {
            return Path.of(TranscriptionTestSupport.class.getResource("/audio/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A file part with any name, declared type and content: for lying clients. */
    public static MultiPartSpecification part(String field, String fileName, String declaredType, byte[] content) {
        return new MultiPartSpecBuilder(content).controlName(field).fileName(fileName).mimeType(declaredType).build();
    }
}
