package dev.dnevnik.gateway;

import static io.restassured.RestAssured.given;

import java.util.UUID;

import dev.dnevnik.testing.TestTokens;
import io.restassured.specification.RequestSpecification;

/** Requests as a given caller. */
public final class GatewayTestSupport {

    private GatewayTestSupport() {
    }

    public static RequestSpecification as(UUID user) {
        return given().header("Authorization", "Bearer " + TestTokens.user(user));
    }

    public static RequestSpecification asAdmin(UUID user) {
        return given().header("Authorization", "Bearer " + TestTokens.admin(user));
    }

    public static RequestSpecification withToken(String token) {
        return given().header("Authorization", "Bearer " + token);
    }
}
