package io.nodechecker.model;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Where a job's trace is: its OpenTelemetry trace id (what a tracing backend finds it by) and the W3C
 * {@code traceparent} of the span that queued it, which dispatch and the runner's spans descend from.
 */
@RegisterForReflection
public record JobTrace(String traceId, String parent) {
}
