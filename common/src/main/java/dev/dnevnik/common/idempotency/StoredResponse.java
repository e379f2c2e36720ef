package dev.dnevnik.common.idempotency;

import java.util.Map;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** The first response to an idempotent request, kept to be replayed verbatim to retries. */
@RegisterForReflection
record StoredResponse(int status, Map<String, String> headers, String body, String contentType) {
}
