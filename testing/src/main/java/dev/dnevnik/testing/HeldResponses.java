package dev.dnevnik.testing;

import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.extension.ResponseTransformerV2;
import com.github.tomakehurst.wiremock.http.Response;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;

/**
 * A WireMock extension that holds the answers of the stubs that name it ({@code .withTransformers(HeldResponses.NAME)})
 * until the test lets them go. Tests prove what happens while an upstream has not answered — calls overlapping, a
 * bulkhead filling, a timeout or a deadline firing, a client going away — by the state they observe while answers are
 * held, never by how long something took.
 */
public final class HeldResponses implements ResponseTransformerV2 {

    public static final String NAME = "held-responses";
    /** No test holds an answer longer; a forgotten release cannot hang the suite. */
    private static final long SAFETY_SECONDS = 60;

    private final AtomicInteger waiting = new AtomicInteger();
    /** The requests whose answers were held, until WireMock has recorded them. */
    private final Set<UUID> held = ConcurrentHashMap.newKeySet();
    private volatile CountDownLatch gate = new CountDownLatch(0);

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
        CountDownLatch current = gate;
        held.add(serveEvent.getId());
        waiting.incrementAndGet();
        try {
            current.await(SAFETY_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            waiting.decrementAndGet();
        }
        return response;
    }

    /** From now on, answers of held stubs wait until {@link #release()}. */
    public void hold() {
        gate = new CountDownLatch(1);
    }

    /** Lets every held answer go, and the ones still to come pass at once. */
    public void release() {
        gate.countDown();
    }

    /**
     * Lets every held answer go and waits until WireMock has recorded their requests: WireMock records a request only
     * once it is answered, and one recorded after the next test's reset would be counted as that test's. An answer
     * whose caller hung up long ago may never be recorded; after a few seconds it is no longer waited for.
     */
    public void releaseAndSettle(WireMockServer server) {
        release();
        Instant deadline = Instant.now().plusSeconds(5);
        while (!held.isEmpty()) {
            server.getAllServeEvents().forEach(event -> held.remove(event.getId()));
            if (held.isEmpty()) {
                return;
            }
            if (Instant.now().isAfter(deadline)) {
                held.clear();
                return;
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** How many answers are held right now. */
    public int waiting() {
        return waiting.get();
    }

    /** Waits until {@code count} answers are held; fails if that does not happen within {@code within}. */
    public void awaitWaiting(int count, Duration within) {
        Instant deadline = Instant.now().plus(within);
        while (waiting.get() < count) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("expected " + count + " held answers, saw " + waiting.get());
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}
