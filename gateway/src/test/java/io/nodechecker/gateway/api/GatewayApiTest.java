package io.nodechecker.gateway.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.nodechecker.gateway.GatewayAlone;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The gateway's REST API in-process, without Docker, runners or the npm registry: each endpoint's
 * happy path where it needs none of them, its refusals and their problem bodies. A one-member cluster
 * of its own stores what the requests make; jobs stay queued, as there is no runner.
 */
@QuarkusTest
@TestProfile(GatewayAlone.class)
class GatewayApiTest {

    private static final String TOKEN = GatewayAlone.TOKEN;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TestHTTPResource("/")
    URI root;

    @Test
    void anUploadIsQueuedFoundListedRerunAndCancelledOnce() throws Exception {
        HttpResponse<String> created = upload(tarball("nc-api-test", "1.0.0"), "22");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(202);
        JsonNode job = JSON.readTree(created.body());
        String id = job.path("id").asText();
        assertThat(job.path("state").asText()).isEqualTo("QUEUED");
        assertThat(job.path("source").asText()).isEqualTo("TARBALL");
        assertThat(job.path("node").asText()).isEqualTo("22");
        // Traced even with nothing sampled or exported (the default): the id an operator would search by.
        assertThat(job.path("trace").path("traceId").asText()).matches("[0-9a-f]{32}");

        assertThat(get("/api/jobs/" + id).statusCode()).isEqualTo(200);
        assertThat(get("/api/jobs?limit=5").body()).contains(id);
        HttpResponse<String> rerun = post("/api/jobs/" + id + "/rerun", null, TOKEN);
        HttpResponse<String> cancelled = post("/api/jobs/" + id + "/cancel", null, TOKEN);
        HttpResponse<String> again = post("/api/jobs/" + id + "/cancel", null, TOKEN);

        assertThat(rerun.statusCode()).isEqualTo(202);
        assertThat(JSON.readTree(rerun.body()).path("id").asText()).isNotEqualTo(id);
        assertThat(JSON.readTree(rerun.body()).path("source").asText()).isEqualTo("TARBALL");
        assertThat(cancelled.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(cancelled.body()).path("state").asText()).isEqualTo("CANCELLED");
        assertProblem(again, 409, "has ended already");
    }

    @Test
    void writesNeedTheTokenAndSayHow() throws Exception {
        HttpResponse<String> none = post("/api/jobs", "{\"package\":\"xtend\"}", null);
        HttpResponse<String> wrong = post("/api/jobs", "{\"package\":\"xtend\"}", "guessed");

        assertProblem(none, 401, "Authorization: Bearer");
        assertThat(none.headers().firstValue("WWW-Authenticate")).contains("Bearer");
        assertProblem(wrong, 401, "not one this gateway knows");
        // Shutting the storage down takes an admin token; a write token is not enough.
        assertThat(post("/api/storage/shutdown", "", TOKEN).statusCode()).isEqualTo(403);
    }

    @Test
    void badRequestsAreProblemsNamingTheField() throws Exception {
        assertProblem(post("/api/jobs", "{\"package\":\"../x\"}", TOKEN), 400, null);
        assertThat(JSON.readTree(post("/api/jobs", "{\"package\":\"../x\"}", TOKEN).body()).path("errors").get(0)
                .path("field").asText()).isEqualTo("package");
        assertProblem(post("/api/jobs", "{\"package\":", TOKEN), 400, null);
        assertProblem(upload(new byte[]{1, 2, 3}, null), 400, "not a gzipped tar archive");
        assertProblem(upload(tarball("nc-api-test", "1.0.0"), "twenty"), 400, "node: must be a Node major version");
        assertProblem(get("/api/jobs?limit=0"), 400, "between 1 and 500");
        var everyField = post("/api/jobs", "{\"package\":\"_x\",\"version\":\"^1\",\"node\":[\"22\",\"v1\"],"
                + "\"timeoutSeconds\":0,\"network\":\"FULL\"}", TOKEN);
        assertProblem(everyField, 400, null);
        assertThat(JSON.readTree(everyField.body()).path("errors").findValuesAsText("field"))
                .containsExactlyInAnyOrder("package", "version", "node", "timeoutSeconds", "network");
        assertProblem(post("/api/jobs", "{\"package\":\"a\",\"timeoutSeconds\":999999}", TOKEN), 400,
                "timeoutSeconds: must be at most");
        assertProblem(get("/api/jobs/no-such-job"), 404, "no-such-job");
    }

    @Test
    void batchesRefuseWhatTheyCannotRun() throws Exception {
        assertProblem(post("/api/batches", "{\"packages\":[]}", TOKEN), 400, "at least one package");
        assertProblem(post("/api/batches", "{\"packages\":[{\"package\":\"a\"},{\"package\":\".b\",\"node\":\"x\"}]}",
                TOKEN), 400, "packages[1].node: must be a Node major version such as 22, or a candidate build such as 26-rc; packages[1].package: package name cannot start");
        assertProblem(post("/api/batches?compare=node&node=22", "{\"packages\":[{\"package\":\"xtend\"}]}", TOKEN),
                400, null);
        assertProblem(post("/api/batches?includeTags=nothing-has-this", "{\"xtend\":{\"maintainers\":\"x\"}}", TOKEN),
                400, "no module of the lookup table is left");
        assertProblem(get("/api/batches/no-such-batch"), 404, null);
    }

    @Test
    void aBatchIsRefusedByItsSizeBeforeAnyEntryIsMade() throws Exception {
        // 300,000 modules: refused by the body's size before it is parsed.
        StringBuilder huge = new StringBuilder("{");
        for (int i = 0; i < 300_000; i++) {
            huge.append(i == 0 ? "" : ",").append("\"m").append(i).append("\":{}");
        }
        assertProblem(post("/api/batches?node=22", huge.append('}').toString(), TOKEN), 413, "batches.max-body-bytes");
        // 999 Node versions and 60 modules on 10 of them: refused by what they would expand to.
        String nodes = IntStream.rangeClosed(1, 999).mapToObj(String::valueOf).collect(Collectors.joining(","));
        assertProblem(post("/api/batches?node=" + nodes, "{\"xtend\":{}}", TOKEN), 400, "at most 10 Node versions, not 999");
        StringBuilder sixty = new StringBuilder("{");
        for (int i = 0; i < 60; i++) {
            sixty.append(i == 0 ? "" : ",").append("\"m").append(i).append("\":{}");
        }
        assertProblem(post("/api/batches?node=22,24,26,27,28,29,30,31,32,33", sixty.append('}').toString(), TOKEN), 400,
                "at most 500 modules (each Node version counts; batches.max-packages), not 600");
        String packages = IntStream.range(0, 501).mapToObj(i -> "{\"package\":\"p" + i + "\"}").collect(Collectors.joining(","));
        assertProblem(post("/api/batches", "{\"packages\":[" + packages + "]}", TOKEN), 400, "not 501");
    }

    @Test
    void watchesAndPublishNotificationsAreGuarded() throws Exception {
        assertProblem(post("/api/watches", "{\"package\":\"../etc\"}", TOKEN), 400, null);
        assertProblem(post("/api/watches", "{\"package\":\"left-pad\"}", null), 401, null);
        assertProblem(send(HttpRequest.newBuilder(root.resolve("/api/watches/never-watched")).DELETE(), TOKEN), 404, null);
        assertThat(get("/api/watches").body()).isEqualTo("[]");
        // No notify token and no hook secret configured: both are refused, whoever asks.
        assertProblem(post("/api/hooks/notify", "{\"publishedPackage\":\"left-pad@1.3.0\"}", TOKEN), 401, "no notify token");
        assertProblem(post("/api/hooks/npm", "{}", null), 401, "no npm hook secret");
    }

    @Test
    void everyPageIsTheLayoutFilledIn() throws Exception {
        for (String page : new String[]{"/", "/index.html", "/job.html", "/batch.html", "/package.html", "/runners.html"}) {
            HttpResponse<String> answer = send(HttpRequest.newBuilder(root.resolve(page)).GET(), null);
            assertThat(answer.statusCode()).as(page).isEqualTo(200);
            assertThat(answer.body()).as(page).startsWith("<!doctype html>").contains("<a class=\"brand\" href=\"/\">Nodechecker</a>")
                    .contains("<script src=\"/app.js\"></script>").doesNotContain("{#");
        }
        String job = send(HttpRequest.newBuilder(root.resolve("/job.html")).GET(), null).body();
        assertThat(job).contains("<title>Job · Nodechecker</title>", "/vendor/xterm/xterm.js", "/vendor/xterm/xterm.css")
                .doesNotContainPattern("xterm[^\"]*[0-9]+\\.[0-9]+");
        assertThat(send(HttpRequest.newBuilder(root.resolve("/runners.html")).GET(), null).body())
                .contains("<a href=\"/runners.html\" class=\"here\">Runners</a>");
        assertThat(send(HttpRequest.newBuilder(root.resolve("/batch.html")).GET(), null).body())
                .contains("{\"packages\":[…]}");
    }

    @Test
    void readsAnswerWithoutARunner() throws Exception {
        assertThat(get("/api/runners").body()).isEqualTo("[]");
        assertThat(get("/api/storage").statusCode()).isEqualTo(200);
        assertThat(get("/q/openapi?format=json").body()).contains("/api/watches").contains("/api/jobs/{id}/rerun");
    }

    static void assertProblem(HttpResponse<String> answer, int status, String detailPart) throws IOException {
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(status);
        assertThat(answer.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        JsonNode problem = JSON.readTree(answer.body());
        assertThat(problem.path("status").asInt()).isEqualTo(status);
        assertThat(problem.path("instance").asText()).startsWith("/");
        if (detailPart != null) {
            assertThat(problem.path("detail").asText()).contains(detailPart);
        }
    }

    private HttpResponse<String> get(String path) throws Exception {
        return send(HttpRequest.newBuilder(root.resolve(path)).GET(), TOKEN);
    }

    private HttpResponse<String> post(String path, String json, String token) throws Exception {
        return send(HttpRequest.newBuilder(root.resolve(path)).header("Content-Type", "application/json")
                .POST(json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json)), token);
    }

    private HttpResponse<String> upload(byte[] tarball, String node) throws Exception {
        return upload(root, tarball, node, TOKEN);
    }

    /** Uploads {@code tarball} as a job (on Node {@code node} when not null) with {@code token}. */
    static HttpResponse<String> upload(URI root, byte[] tarball, String node, String token) throws Exception {
        String boundary = "api-test-" + UUID.randomUUID();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        if (node != null) {
            body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"node\"\r\n\r\n" + node + "\r\n")
                    .getBytes(StandardCharsets.UTF_8));
        }
        body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"tarball\"; filename=\"p.tgz\"\r\n"
                + "Content-Type: application/gzip\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        body.writeBytes(tarball);
        body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return send(HttpRequest.newBuilder(root.resolve("/api/jobs"))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())), token);
    }

    static HttpResponse<String> send(HttpRequest.Builder request, String token) throws Exception {
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A package tarball as npm pack makes it: package/package.json and a test. */
    static byte[] tarball(String name, String version) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(new GzipCompressorOutputStream(bytes))) {
            add(tar, "package/package.json", "{\"name\":\"" + name + "\",\"version\":\"" + version
                    + "\",\"scripts\":{\"test\":\"node test.js\"}}");
            add(tar, "package/test.js", "console.log('ok 1');\n");
        }
        return bytes.toByteArray();
    }

    private static void add(TarArchiveOutputStream tar, String path, String content) throws IOException {
        byte[] data = content.getBytes(StandardCharsets.UTF_8);
        TarArchiveEntry entry = new TarArchiveEntry(path);
        entry.setSize(data.length);
        tar.putArchiveEntry(entry);
        tar.write(data);
        tar.closeArchiveEntry();
    }
}
