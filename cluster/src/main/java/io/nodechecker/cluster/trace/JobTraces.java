package io.nodechecker.cluster.trace;

import io.nodechecker.model.JobTrace;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;

import java.util.List;

/**
 * A job's trace crosses processes as W3C {@code traceparent} strings: on the job record (the span that
 * queued it), in a run request (the span that dispatched it). These turn span contexts into those
 * strings and back into a parent for the next span.
 */
public final class JobTraces {

    private static final String TRACEPARENT = "traceparent";
    private static final TextMapGetter<String> ONE_HEADER = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(String carrier) {
            return List.of(TRACEPARENT);
        }

        @Override
        public String get(String carrier, String key) {
            return TRACEPARENT.equals(key) ? carrier : null;
        }
    };

    private JobTraces() {
    }

    /** The W3C {@code traceparent} of a span, or null for an invalid one. */
    public static String traceParent(SpanContext span) {
        if (!span.isValid()) {
            return null;
        }
        return "00-" + span.getTraceId() + "-" + span.getSpanId() + "-" + span.getTraceFlags().asHex();
    }

    /** What a job remembers of the span that queued it, or null for an invalid one. */
    public static JobTrace of(SpanContext span) {
        return span.isValid() ? new JobTrace(span.getTraceId(), traceParent(span)) : null;
    }

    /** A parent context for spans that descend from {@code traceParent}; the root context when there is none. */
    public static Context parent(String traceParent) {
        if (traceParent == null || traceParent.isEmpty()) {
            return Context.root();
        }
        return W3CTraceContextPropagator.getInstance().extract(Context.root(), traceParent, ONE_HEADER);
    }

    /** The header name that carries a {@code traceparent}. */
    public static String header() {
        return TRACEPARENT;
    }
}
