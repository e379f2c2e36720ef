package dev.dnevnik.news.digest;

import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.dnevnik.jobs.Job;
import dev.dnevnik.jobs.JobContext;
import dev.dnevnik.jobs.JobHandler;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;

/**
 * Writes a digest: selects the items its request names, has the writer turn them into text (the chat model, or the
 * extractive summariser when there is none or it fails), and stores the text with its references. The final event
 * carries the digest. Running twice (a retry) writes the same digest again: safe.
 */
@ApplicationScoped
public class DigestJobHandler implements JobHandler {

    static final String KIND = "digest";

    private final DigestStore digests;
    private final DigestWriter writer;
    private final ObjectMapper json;
    private final MeterRegistry registry;

    public DigestJobHandler(DigestStore digests, DigestWriter writer, ObjectMapper json, MeterRegistry registry) {
        this.digests = digests;
        this.writer = writer;
        this.json = json;
        this.registry = registry;
    }

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public Uni<JsonObject> run(JobContext job) {
        UUID id = job.job().id();
        return digests.owned(id).flatMap(owned -> {
            if (owned == null) {
                // deleted meanwhile: nothing to write
                return Uni.createFrom().item(new JsonObject().put("skipped", "the digest no longer exists"));
            }
            DigestOptions options = owned.digest().options();
            return digests.running(id)
                    .flatMap(ignored -> digests.items(options.categories(), options.since(), options.limit()))
                    .call(items -> job.event("progress", new JsonObject().put("stage", "selected")
                            .put("items", items.size())))
                    .flatMap(items -> writer.write(items, options))
                    .call(text -> job.event("progress", new JsonObject().put("stage", "written")
                            .put("engine", text.engine())))
                    .flatMap(text -> digests.succeeded(id, text))
                    .invoke(digest -> registry.counter("dnevnik.digests", "outcome", "succeeded", "engine",
                            ExtractiveSummarizer.ENGINE.equals(digest.engine()) ? "extractive" : "llm").increment())
                    .map(this::toJson);
        });
    }

    @Override
    public Uni<Void> ended(Job job, String reason) {
        boolean cancelled = "cancelled".equals(reason);
        registry.counter("dnevnik.digests", "outcome", cancelled ? "cancelled" : "failed", "engine", "none").increment();
        return digests.ended(job.id(), cancelled ? "cancelled" : "failed", reason);
    }

    private JsonObject toJson(DigestView digest) {
        try {
            return new JsonObject(json.writeValueAsString(digest));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot serialise a digest", e);
        }
    }
}
