package dev.dnevnik.diary.entry;

import java.util.function.Supplier;

import io.restassured.response.Response;
import io.vertx.mutiny.sqlclient.Pool;

/** The diary test helpers that tests outside the entry package need. */
public final class DiaryTestAccess {

    private DiaryTestAccess() {
    }

    public static Response whileTheDatabaseDropsTheConnection(Pool db, Supplier<Response> request) throws Exception {
        return DiaryTestSupport.whileTheDatabaseDropsTheConnection(db, request);
    }
}
