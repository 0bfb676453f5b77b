package io.nodechecker.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.protobuf.ByteString;
import com.google.protobuf.UnknownFieldSet;
import com.sun.net.httpserver.HttpServer;
import io.nodechecker.cluster.LoopbackPorts;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import java.util.zip.GZIPInputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A job's trace, end to end: with sampling on and a collector named, the gateway and the runner export
 * over OTLP (HTTP, protobuf) the spans of the job's queuing, its dispatch, the runner's attempt and each
 * phase, all under the trace id the job record shows. The collector is this test's own loopback server,
 * which reads the requests with protobuf's schema-less field sets.
 */
class TracingIT {

    /** One exported span: its trace id (hex), its name, and the service that sent it. */
    private record ExportedSpan(String traceId, String name, String service) {
    }

    private final List<ExportedSpan> spans = new CopyOnWriteArrayList<>();

    @Test
    void aJobsSpansFromIntakeToItsPhasesShareTheTraceIdOnItsRecord() throws Exception {
        TestStack.requireDockerEngine();
        HttpServer collector = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), LoopbackPorts.free()), 0);
        collector.createContext("/v1/traces", exchange -> {
            try (InputStream body = exchange.getRequestBody()) {
                byte[] bytes = body.readAllBytes();
                if ("gzip".equals(exchange.getRequestHeaders().getFirst("Content-Encoding"))) {
                    bytes = new GZIPInputStream(new java.io.ByteArrayInputStream(bytes)).readAllBytes();
                }
                spans.addAll(read(bytes));
            }
            exchange.getResponseHeaders().add("Content-Type", "application/x-protobuf");
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        collector.start();
        String endpoint = "http://127.0.0.1:" + collector.getAddress().getPort();
        try (TestStack stack = new TestStack(2)) {
            Api api = stack.api(stack.startGateway(tracing("gateway", endpoint)));
            stack.startRunner(tracing("runner-function", endpoint));
            api.awaitRunner();

            String id = api.submitTarball(Fixtures.tarball("passing"));
            JsonNode job = api.awaitFinal(id, Duration.ofMinutes(2));
            String traceId = job.path("trace").path("traceId").asText();

            assertThat(job.path("state").asText()).isEqualTo("PASSED");
            assertThat(traceId).matches("[0-9a-f]{32}");
            assertThat(job.path("trace").path("parent").asText()).startsWith("00-" + traceId + "-");
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(names(traceId)).contains(
                    "gateway nodechecker.queue", "gateway nodechecker.dispatch", "runner-function nodechecker.attempt",
                    "runner-function nodechecker.phase.fetch", "runner-function nodechecker.phase.install",
                    "runner-function nodechecker.phase.test"));
            assertThat(names(traceId)).as("the request that queued it").anyMatch(name -> name.startsWith("gateway POST"));
            assertThat(names(traceId)).as("the runner's side of the dispatch").anyMatch(name -> name.startsWith("runner-function POST"));
        } finally {
            collector.stop(0);
        }
    }

    private static String[] tracing(String service, String endpoint) {
        return new String[]{
                "quarkus.otel.traces.sampler.arg=1.0",
                "quarkus.otel.exporter.otlp.traces.endpoint=" + endpoint,
                "quarkus.otel.exporter.otlp.traces.protocol=http/protobuf",
                "quarkus.otel.bsp.schedule.delay=200ms",
                "quarkus.otel.service.name=" + service};
    }

    private Set<String> names(String traceId) {
        return spans.stream().filter(span -> span.traceId().equals(traceId))
                .map(span -> span.service() + " " + span.name()).collect(Collectors.toSet());
    }

    /**
     * ExportTraceServiceRequest: resource_spans = 1 → { resource = 1 → attributes = 1 → { key = 1,
     * value = 2 → string_value = 1 }, scope_spans = 2 → spans = 2 → { trace_id = 1, name = 5 } }.
     */
    private static List<ExportedSpan> read(byte[] request) throws java.io.IOException {
        List<ExportedSpan> found = new java.util.ArrayList<>();
        for (ByteString resourceSpans : fields(request, 1)) {
            String service = "";
            for (ByteString resource : fields(resourceSpans.toByteArray(), 1)) {
                for (ByteString attribute : fields(resource.toByteArray(), 1)) {
                    List<ByteString> key = fields(attribute.toByteArray(), 1);
                    if (!key.isEmpty() && key.get(0).toStringUtf8().equals("service.name")) {
                        service = fields(fields(attribute.toByteArray(), 2).get(0).toByteArray(), 1).get(0).toStringUtf8();
                    }
                }
            }
            for (ByteString scopeSpans : fields(resourceSpans.toByteArray(), 2)) {
                for (ByteString span : fields(scopeSpans.toByteArray(), 2)) {
                    byte[] bytes = span.toByteArray();
                    found.add(new ExportedSpan(HexFormat.of().formatHex(fields(bytes, 1).get(0).toByteArray()),
                            fields(bytes, 5).get(0).toStringUtf8(), service));
                }
            }
        }
        return found;
    }

    private static List<ByteString> fields(byte[] message, int number) throws java.io.IOException {
        UnknownFieldSet.Field field = UnknownFieldSet.parseFrom(message).getField(number);
        return field == null ? List.of() : field.getLengthDelimitedList();
    }
}
