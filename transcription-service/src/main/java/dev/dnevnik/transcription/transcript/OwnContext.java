package dev.dnevnik.transcription.transcript;

import java.util.Map;
import java.util.function.Supplier;

import org.jboss.logging.MDC;

import io.smallrye.common.vertx.VertxContext;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;

/**
 * Runs work concurrently with its siblings of the same request, each on a fresh duplicated Vert.x context. Hibernate
 * Reactive keeps one session per context and a session must not be used by two flows at once, so parallel flows of
 * one request (the files of a batch) each need their own. The request's log context (request id, user id) is carried
 * over, and the result is delivered back on the request's context.
 */
final class OwnContext {

    private OwnContext() {
    }

    static <T> Uni<T> run(Supplier<Uni<T>> work) {
        Context request = Vertx.currentContext();
        if (request == null) {
            return work.get();
        }
        Map<String, Object> logContext = MDC.getMap();
        Context own = VertxContext.createNewDuplicatedContext(request);
        return Uni.createFrom().<T>emitter(emitter -> own.runOnContext(ignored -> {
            logContext.forEach(MDC::put);
            work.get().subscribe().with(emitter::complete, emitter::fail);
        })).emitOn(task -> request.runOnContext(ignored -> task.run()));
    }
}
