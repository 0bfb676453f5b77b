package io.nodechecker.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/** The gateway's HTTP API as a test uses it: plain requests, parsed answers. */
final class Api {

    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final URI gateway;
    private final String token;

    /** @param token bearer token sent with every request, or {@code null} for none */
    Api(URI gateway, String token) {
        this.gateway = gateway;
        this.token = token;
    }

    Api withToken(String other) {
        return new Api(gateway, other);
    }

    /** An answer: status, content type and body. */
    record Answer(int status, String contentType, String body) {
        JsonNode json() throws IOException {
            return JSON.readTree(body);
        }
    }

    Answer postJson(String body) throws Exception {
        return postJson("/api/jobs", body);
    }

    Answer postJson(String path, String body) throws Exception {
        return send(HttpRequest.newBuilder(gateway.resolve(path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    Answer postTarball(byte[] tarball, String... fields) throws Exception {
        String boundary = "nodechecker-" + UUID.randomUUID();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (int i = 0; i + 1 < fields.length; i += 2) {
            body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + fields[i]
                    + "\"\r\n\r\n" + fields[i + 1] + "\r\n").getBytes(StandardCharsets.UTF_8));
        }
        if (tarball != null) {
            body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"tarball\"; "
                    + "filename=\"package.tgz\"\r\nContent-Type: application/gzip\r\n\r\n").getBytes(StandardCharsets.UTF_8));
            body.writeBytes(tarball);
            body.writeBytes("\r\n".getBytes(StandardCharsets.UTF_8));
        }
        body.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return send(HttpRequest.newBuilder(gateway.resolve("/api/jobs"))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())));
    }

    Answer get(String path) throws Exception {
        return send(HttpRequest.newBuilder(gateway.resolve(path)).GET());
    }

    /** The sum of a metric's samples on {@code /q/metrics} (Prometheus text), 0 when it has none. */
    double metric(String name) throws Exception {
        double sum = 0;
        for (String line : get("/q/metrics").body().split("\n")) {
            if (line.startsWith(name + " ") || line.startsWith(name + "{")) {
                sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return sum;
    }

    JsonNode job(String id) throws Exception {
        return get("/api/jobs/" + id).json();
    }

    String log(String id) throws Exception {
        return get("/api/jobs/" + id + "/log").body();
    }

    /** Submits and returns the new job's id, failing unless the gateway answered 202. */
    String submit(String json) throws Exception {
        return accepted(postJson(json));
    }

    String submitTarball(byte[] tarball, String... fields) throws Exception {
        return accepted(postTarball(tarball, fields));
    }

    String token() {
        return token;
    }

    private static String accepted(Answer answer) throws IOException {
        if (answer.status() != 202) {
            throw new AssertionError("expected 202, got " + answer.status() + ": " + answer.body());
        }
        return answer.json().path("id").asText();
    }

    /** Waits until the job has its final state and returns it. */
    /** Waits (30 s at most, then fails) until the gateway's registry lists a runner. */
    void awaitRunner() {
        org.awaitility.Awaitility.await("a runner in the registry").atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> !get("/api/runners").json().isEmpty());
    }

    JsonNode awaitFinal(String id, Duration limit) throws Exception {
        Instant deadline = Instant.now().plus(limit);
        JsonNode job = job(id);
        while (!isFinal(job)) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("job " + id + " did not finish within " + limit + ": " + job);
            }
            Thread.sleep(250);
            job = job(id);
        }
        return job;
    }

    private static boolean isFinal(JsonNode job) {
        return job.hasNonNull("outcome");
    }

    URI liveUri(String id, long from) {
        return URI.create(gateway.toString().replaceFirst("^http", "ws") + "/api/jobs/" + id + "/live?from=" + from);
    }

    java.net.URI uri(String path) {
        return gateway.resolve(path);
    }

    Answer send(HttpRequest.Builder request) throws Exception {
        return send(request, true);
    }

    /** Sends {@code request}, with the stack's token only when {@code authorized}. */
    Answer send(HttpRequest.Builder request, boolean authorized) throws Exception {
        if (authorized && token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        HttpResponse<String> response = HTTP.send(request.timeout(Duration.ofSeconds(60)).build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        return new Answer(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""),
                response.body());
    }
}
