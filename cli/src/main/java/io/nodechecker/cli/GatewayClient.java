package io.nodechecker.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** The gateway's REST API as the CLI uses it. */
final class GatewayClient {

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final ObjectMapper mapper;

    private final String token;

    /** @param token bearer token for creating jobs, or {@code null} */
    GatewayClient(ObjectMapper mapper, String token) {
        this.mapper = mapper;
        this.token = token;
    }

    HttpClient http() {
        return http;
    }

    /** Submits a job; the parsed job on 202, else an exception carrying the problem's detail. */
    JsonNode submit(URI gateway, String name, String version, List<String> nodes, String code)
            throws IOException, InterruptedException {
        Map<String, Object> body = new java.util.LinkedHashMap<>(Map.of("package", name, "version", version));
        if (nodes != null && !nodes.isEmpty()) {
            body.put("node", nodes);
        }
        if (code != null) {
            body.put("code", code);
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(gateway.resolve("/api/jobs"))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(mapper.writeValueAsBytes(body)));
        HttpResponse<byte[]> response = http.send(authorized(request).build(), HttpResponse.BodyHandlers.ofByteArray());
        JsonNode json = mapper.readTree(response.body());
        if (response.statusCode() != 202) {
            throw new RefusedException(name + "@" + version + ": " + json.path("detail").asText(json.toString()));
        }
        return json;
    }

    /** Posts a batch body; {@code query} (already encoded, may be empty) carries the options. */
    JsonNode submitBatch(URI gateway, byte[] json, String query) throws IOException, InterruptedException {
        return post(gateway, "/api/batches" + (query.isEmpty() ? "" : "?" + query), json);
    }

    /** Posts {@code json} to {@code path}; the answer on 202, else an exception carrying the problem's detail. */
    JsonNode post(URI gateway, String path, byte[] json) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(gateway.resolve(path))
                .timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(json));
        HttpResponse<byte[]> response = http.send(authorized(request).build(), HttpResponse.BodyHandlers.ofByteArray());
        JsonNode answer = mapper.readTree(response.body());
        if (response.statusCode() != 202) {
            StringBuilder why = new StringBuilder(answer.path("detail").asText(answer.toString()));
            answer.path("errors").forEach(error -> why.append("\n  ").append(error.path("field").asText())
                    .append(": ").append(error.path("message").asText()));
            throw new RefusedException(why.toString());
        }
        return answer;
    }

    String get(URI gateway, String path) throws IOException, InterruptedException {
        return http.send(authorized(HttpRequest.newBuilder(gateway.resolve(path)).GET()).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    HttpRequest.Builder authorized(HttpRequest.Builder request) {
        return token == null || token.isBlank() ? request : request.header("Authorization", "Bearer " + token);
    }

    String token() {
        return token;
    }

    /** The gateway said no: the message is its problem detail. */
    static final class RefusedException extends IOException {
        RefusedException(String message) {
            super(message);
        }
    }
}
