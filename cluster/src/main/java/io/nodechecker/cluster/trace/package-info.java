/** What follows a job across processes: its trace context (OpenTelemetry) and its id in every log line (MDC). */
package io.nodechecker.cluster.trace;
