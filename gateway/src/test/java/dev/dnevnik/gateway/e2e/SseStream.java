package dev.dnevnik.gateway.e2e;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A server-sent event stream as a client reads it: each event handed over the moment its blank line arrives (so a
 * test sees whether a proxy buffers), comment lines (keep-alives) counted, and the end of the stream noticed.
 */
final class SseStream implements AutoCloseable {

    record Event(String id, String name, String data) {
    }

    /** What the reader hands over: an event, or the end of the stream (with its failure, if any). */
    private record Signal(Event event, boolean end, Throwable failure) {
    }

    private final HttpResponse<InputStream> response;
    private final BlockingQueue<Signal> signals = new LinkedBlockingQueue<>();
    private final Thread reader;
    private volatile int comments;

    private SseStream(HttpResponse<InputStream> response) {
        this.response = response;
        this.reader = Thread.ofVirtual().name("sse-reader").start(this::read);
    }

    /** Opens the stream; the answer's head must arrive within {@code headTimeout}. */
    static SseStream open(URI uri, String bearerToken, Duration headTimeout) throws Exception {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        HttpRequest request = HttpRequest.newBuilder(uri).header("Authorization", "Bearer " + bearerToken)
                .header("Accept", "text/event-stream").GET().build();
        HttpResponse<InputStream> response = http.sendAsync(request, HttpResponse.BodyHandlers.ofInputStream())
                .get(headTimeout.toMillis(), TimeUnit.MILLISECONDS);
        return new SseStream(response);
    }

    HttpResponse<InputStream> response() {
        return response;
    }

    int comments() {
        return comments;
    }

    /** The next event, failing when none arrives in time or the stream ends first. */
    Event next(Duration timeout) throws InterruptedException {
        Signal signal = signals.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (signal == null) {
            throw new AssertionError("no event within " + timeout);
        }
        if (signal.end()) {
            throw new AssertionError("the stream ended before the next event", signal.failure());
        }
        return signal.event();
    }

    /** Events until one with this name (included), in order. */
    List<Event> until(String name, Duration timeout) throws InterruptedException {
        List<Event> events = new ArrayList<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Event event = next(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
            events.add(event);
            if (event.name().equals(name)) {
                return events;
            }
        }
    }

    /** Whether the server ends the stream (cleanly) within the timeout, with no event before the end. */
    boolean endsWithin(Duration timeout) throws InterruptedException {
        Signal signal = signals.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (signal == null) {
            return false;
        }
        if (!signal.end()) {
            throw new AssertionError("another event instead of the end: " + signal.event());
        }
        return signal.failure() == null;
    }

    private void read() {
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            String id = null;
            String name = null;
            StringBuilder data = null;
            String line;
            while ((line = lines.readLine()) != null) {
                if (line.isEmpty()) {
                    if (data != null) {
                        signals.add(new Signal(new Event(id, name == null ? "message" : name, data.toString()), false,
                                null));
                    }
                    id = null;
                    name = null;
                    data = null;
                } else if (line.startsWith(":")) {
                    comments++;
                } else {
                    int colon = line.indexOf(':');
                    String field = colon < 0 ? line : line.substring(0, colon);
                    String value = colon < 0 ? "" : line.substring(colon + 1);
                    if (value.startsWith(" ")) {
                        value = value.substring(1);
                    }
                    switch (field) {
                        case "id" -> id = value;
                        case "event" -> name = value;
                        case "data" -> data = data == null ? new StringBuilder(value) : data.append('\n').append(value);
                        default -> {
                            // retry and unknown fields: not used here
                        }
                    }
                }
            }
            signals.add(new Signal(null, true, null));
        } catch (Exception e) {
            signals.add(new Signal(null, true, e));
        }
    }

    @Override
    public void close() {
        reader.interrupt();
        try {
            response.body().close();
        } catch (Exception ignored) {
            // closing a stream the server already ended
        }
    }
}
