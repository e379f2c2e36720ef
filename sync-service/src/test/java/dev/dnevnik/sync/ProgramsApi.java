package dev.dnevnik.sync;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.github.tomakehurst.wiremock.extension.ResponseTransformerV2;
import com.github.tomakehurst.wiremock.http.HttpHeader;
import com.github.tomakehurst.wiremock.http.HttpHeaders;
import com.github.tomakehurst.wiremock.http.Request;
import com.github.tomakehurst.wiremock.http.Response;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * A WireMock extension answering as Yelp's partner programs API does: {@code GET /programs/v1?offset=&limit=(1..40)
 * &program_status=} with HTTP Basic auth, {@code {"total","offset","limit","payment_programs":[{"program_id",…}]}}.
 * Its catalogue and its faults (errors at an offset, 429 with Retry-After, held answers, a delay) are set by tests;
 * it counts the requests in flight at once.
 */
public final class ProgramsApi implements ResponseTransformerV2 {

    public static final String NAME = "yelp-programs";
    public static final String USER = "dnevnik-partner";
    public static final String PASSWORD = "pa55-Very-Secret-42";

    public static final List<JsonObject> PROGRAMS = new CopyOnWriteArrayList<>();
    /** Offset → how many more times it answers 500. */
    public static final Map<Integer, AtomicInteger> ERRORS = new ConcurrentHashMap<>();
    /** Offsets that always answer 500. */
    public static final Set<Integer> BROKEN = ConcurrentHashMap.newKeySet();
    /** Offset → how many more times it answers 429 with Retry-After: 1. */
    public static final Map<Integer, AtomicInteger> TOO_MANY = new ConcurrentHashMap<>();
    /** Offset → the times (ms) requests for it arrived. */
    public static final Map<Integer, List<Long>> ARRIVALS = new ConcurrentHashMap<>();
    public static final AtomicInteger IN_FLIGHT = new AtomicInteger();
    public static final AtomicInteger MAX_IN_FLIGHT = new AtomicInteger();
    public static final AtomicInteger REQUESTS = new AtomicInteger();
    public static volatile long delayMs;
    /** Answers for offsets above 0 wait for this gate. */
    public static volatile CountDownLatch gate = new CountDownLatch(0);
    /** Run once, after the first request is answered (e.g. to change the catalogue mid-run). */
    public static volatile Runnable afterFirst;

    public static void reset() {
        gate.countDown();
        PROGRAMS.clear();
        ERRORS.clear();
        BROKEN.clear();
        TOO_MANY.clear();
        ARRIVALS.clear();
        IN_FLIGHT.set(0);
        MAX_IN_FLIGHT.set(0);
        REQUESTS.set(0);
        delayMs = 0;
        afterFirst = null;
    }

    /** The catalogue becomes {@code count} programs, prog-00001 onwards. */
    public static void programs(int count) {
        List<JsonObject> programs = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            programs.add(program(i, "CPC"));
        }
        PROGRAMS.clear();
        PROGRAMS.addAll(programs);
    }

    public static JsonObject program(int number, String type) {
        return new JsonObject().put("program_id", String.format("prog-%05d", number)).put("program_type", type)
                .put("program_status", "ACTIVE").put("start_date", "2025-01-01")
                .put("active_features", new JsonArray().add("LINK_TRACKING"))
                .put("budget", new JsonObject().put("currency", "USD").put("amount", 1000 + number));
    }

    public static void hold() {
        gate = new CountDownLatch(1);
    }

    public static void release() {
        gate.countDown();
    }

    @Override
    public String getName() {
        return NAME;
    }

    @Override
    public boolean applyGlobally() {
        return false;
    }

    @Override
    public Response transform(Response response, ServeEvent serveEvent) {
        int now = IN_FLIGHT.incrementAndGet();
        MAX_IN_FLIGHT.accumulateAndGet(now, Math::max);
        REQUESTS.incrementAndGet();
        try {
            return answer(response, serveEvent.getRequest());
        } finally {
            IN_FLIGHT.decrementAndGet();
            Runnable once = afterFirst;
            if (once != null && REQUESTS.get() >= 1) {
                afterFirst = null;
                once.run();
            }
        }
    }

    private Response answer(Response response, Request request) {
        String expected = "Basic " + Base64.getEncoder()
                .encodeToString((USER + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8));
        if (!expected.equals(request.getHeader("Authorization"))) {
            return json(response, 401, new JsonObject().put("error", new JsonObject().put("id", "UNAUTHORIZED")), null);
        }
        int offset;
        int limit;
        try {
            // without an offset, the first page (as a cursor-paginated client asks for it)
            offset = request.queryParameter("offset").isPresent()
                    ? Integer.parseInt(request.queryParameter("offset").firstValue()) : 0;
            limit = Integer.parseInt(request.queryParameter("limit").firstValue());
        } catch (RuntimeException e) {
            return json(response, 400, new JsonObject().put("error", new JsonObject().put("id", "VALIDATION_ERROR")), null);
        }
        if (limit < 1 || limit > 40 || offset < 0 || !"ALL".equals(request.queryParameter("program_status").firstValue())) {
            return json(response, 400, new JsonObject().put("error", new JsonObject().put("id", "VALIDATION_ERROR")), null);
        }
        ARRIVALS.computeIfAbsent(offset, key -> new CopyOnWriteArrayList<>()).add(System.currentTimeMillis());
        if (offset > 0) {
            try {
                gate.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (delayMs > 0) {
            try {
                Thread.sleep(delayMs);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (BROKEN.contains(offset) || countDown(ERRORS.get(offset))) {
            return json(response, 500, new JsonObject().put("error", new JsonObject().put("id", "INTERNAL_ERROR")), null);
        }
        if (countDown(TOO_MANY.get(offset))) {
            return json(response, 429, new JsonObject().put("error", new JsonObject().put("id", "TOO_MANY_REQUESTS")), "1");
        }
        List<JsonObject> all = new ArrayList<>(PROGRAMS);
        JsonArray page = new JsonArray();
        for (int i = offset; i < Math.min(all.size(), offset + limit); i++) {
            page.add(all.get(i));
        }
        JsonObject body = new JsonObject().put("total", all.size()).put("offset", offset).put("limit", limit)
                .put("payment_programs", page);
        if (offset + limit < all.size()) {
            // not in Yelp's API: a next-page cursor, for cursor-paginated sources
            body.put("next", Integer.toString(offset + limit));
        }
        return json(response, 200, body, null);
    }

    private static boolean countDown(AtomicInteger remaining) {
        return remaining != null && remaining.getAndUpdate(left -> Math.max(0, left - 1)) > 0;
    }

    private static Response json(Response response, int status, JsonObject body, String retryAfter) {
        HttpHeaders headers = new HttpHeaders(new HttpHeader("Content-Type", "application/json"));
        if (retryAfter != null) {
            headers = headers.plus(new HttpHeader("Retry-After", retryAfter));
        }
        return Response.Builder.like(response).but().status(status).headers(headers).body(body.encode()).build();
    }
}
