package io.nodechecker.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

import java.io.ByteArrayInputStream;
import java.net.InetSocketAddress;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import javax.xml.parsers.DocumentBuilderFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** npm's publish hook, batches with overrides and callbacks, history, badges and test counts. */
class TriggersIT {

    private static final String HOOK_SECRET = "hook-secret";
    private static final String CALLBACK_SECRET = "callback-secret";

    // Callbacks may go to loopback: the tests' receiver is there.
    @RegisterExtension
    static final OwnStack OWN = OwnStack.of(List.of("nodechecker.gateway.hooks.npm-secret=" + HOOK_SECRET,
            "nodechecker.gateway.batches.callback-secret=" + CALLBACK_SECRET,
            "nodechecker.gateway.batches.callback-private-addresses=true"));

    @Test
    void signedPublishHookQueuesThePublishedVersionOnceAndCountsItsTests() throws Exception {
        byte[] body = """
                {"event":"package:publish","name":"xtend","type":"package","version":"4.0.2",
                 "change":{"version":"4.0.2"},"payload":{"name":"xtend","dist-tags":{"latest":"4.0.2"}},
                 "time":1700000000000}""".getBytes(StandardCharsets.UTF_8);
        int before = jobs();

        Api.Answer unsigned = hook(body, "sha256=" + "0".repeat(64));
        Api.Answer first = hook(body, sign(HOOK_SECRET, body));
        Api.Answer again = hook(body, sign(HOOK_SECRET, body));

        assertThat(unsigned.status()).isEqualTo(401);
        assertThat(first.status()).isEqualTo(202);
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.json().path("duplicate").asBoolean()).isTrue();
        assertThat(jobs()).isEqualTo(before + 1);
        JsonNode job = OWN.api().awaitFinal(first.json().path("jobs").get(0).path("id").asText(), Duration.ofMinutes(3));
        assertThat(job.path("version").asText()).isEqualTo("4.0.2");
        assertThat(job.path("state").asText()).isEqualTo("PASSED");
        assertThat(job.path("tests").path("passed").asInt()).isEqualTo(15).isEqualTo(tapOks(OWN.api().log(job.path("id").asText())));
    }

    @Test
    void acknowledgesOtherHookEventsAndQueuesNothing() throws Exception {
        byte[] body = "{\"event\":\"package:star\",\"name\":\"xtend\"}".getBytes(StandardCharsets.UTF_8);
        int before = jobs();

        Api.Answer answer = hook(body, sign(HOOK_SECRET, body));

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.json().path("ignored").asText()).isEqualTo("package:star");
        assertThat(jobs()).isEqualTo(before);
    }

    @Test
    void batchWithAnOverriddenScriptReportsJUnitAndCallsBackSigned() throws Exception {
        CompletableFuture<String[]> callback = new CompletableFuture<>();
        HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/done", exchange -> {
            byte[] got = exchange.getRequestBody().readAllBytes();
            callback.complete(new String[] {new String(got, StandardCharsets.UTF_8),
                    exchange.getRequestHeaders().getFirst("X-Nodechecker-Signature")});
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        receiver.start();
        try {
            String batch = """
                    {"packages":[
                      {"package":"xtend","version":"4.0.1"},
                      {"package":"deep-equal","version":"1.0.1"},
                      {"package":"xtend","version":"4.0.2","script":"echo 'not ok 1 forced'; exit 1","expectFail":true},
                      {"package":"left-pad","skip":true}
                    ],"callback":"http://127.0.0.1:%d/done"}""".formatted(receiver.getAddress().getPort());
            Api.Answer created = OWN.api().send(HttpRequest.newBuilder(OWN.api().uri("/api/batches"))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(batch)));
            assertThat(created.status()).as(created.body()).isEqualTo(202);
            String id = created.json().path("id").asText();

            await().atMost(Duration.ofMinutes(4)).until(() -> OWN.api().get("/api/batches/" + id).json().path("done").asBoolean());
            String[] delivered = callback.get(30, TimeUnit.SECONDS);

            Document junit = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                    .parse(new ByteArrayInputStream(OWN.api().get("/api/batches/" + id + "/report.xml").body().getBytes(StandardCharsets.UTF_8)));
            Element suite = (Element) junit.getElementsByTagName("testsuite").item(0);
            assertThat(suite.getAttribute("tests")).isEqualTo("4");
            assertThat(suite.getAttribute("failures")).isEqualTo("0");
            assertThat(suite.getAttribute("skipped")).isEqualTo("1");
            assertThat(junit.getElementsByTagName("testcase").getLength()).isEqualTo(4);
            assertThat(OWN.api().get("/api/batches/" + id + "/report.tap").body()).startsWith("TAP version 13\n1..4\n")
                    .doesNotContain("not ok");
            assertThat(OWN.api().get("/api/batches/" + id + "/report.md").body()).contains("| xtend@4.0.2 | " + NodeImages.defaultMajor() + " | PASS (FAILED) |");
            JsonNode progress = OWN.api().get("/api/batches/" + id).json();
            assertThat(progress.path("passed").asBoolean()).isTrue();
            String overridden = progress.path("items").get(2).path("jobId").asText();
            assertThat(OWN.api().log(overridden)).contains("test script override").contains("not ok 1 forced");

            assertThat(delivered[1]).isEqualTo(sign(CALLBACK_SECRET, delivered[0].getBytes(StandardCharsets.UTF_8)));
            assertThat(Api.JSON.readTree(delivered[0]).path("id").asText()).isEqualTo(id);

            // The overridden run failed, but it is not xtend@4.0.2 as published: no regression, kept apart.
            JsonNode history = OWN.api().get("/api/packages/xtend").json();
            assertThat(history.path("results")).anySatisfy(r -> {
                assertThat(r.path("version").asText()).isEqualTo("4.0.1");
                assertThat(r.path("outcome").asText()).isEqualTo("PASSED");
            });
            assertThat(history.path("results")).noneSatisfy(r -> assertThat(r.path("jobId").asText()).isEqualTo(overridden));
            assertThat(history.path("results")).noneSatisfy(r -> assertThat(r.path("regression").asBoolean()).isTrue());
            assertThat(history.path("otherRuns")).anySatisfy(r -> {
                assertThat(r.path("version").asText()).isEqualTo("4.0.2");
                assertThat(r.path("kind").asText()).isEqualTo("OVERRIDES");
                assertThat(r.path("outcome").asText()).isEqualTo("FAILED");
                assertThat(r.path("jobId").asText()).isEqualTo(overridden);
            });
            assertThat(OWN.api().get("/api/packages/deep-equal/badge.svg").body()).contains("passing").startsWith("<svg");
            assertThat(OWN.api().get("/api/packages/nodechecker-never-tested/badge.svg").body()).contains("unknown");
        } finally {
            receiver.stop(0);
        }
    }

    @Test
    void aNodeMatrixRunsEachVersionOnItsOwnRealNodeAndRefusesUnofferedOnes() throws Exception {
        // The fixture passes on Node 24 and later: one matrix, both outcomes.
        Api.Answer matrix = OWN.api().postTarball(Fixtures.tarball("node-major"), "node", "22,26");
        // A major no runner offers, read from the registry: a machine may have images of any line.
        String absent = unofferedMajor();
        Api.Answer unoffered = OWN.api().postJson("{\"package\":\"xtend\",\"node\":[\"22\",\"" + absent + "\"]}");

        assertThat(matrix.status()).as(matrix.body()).isEqualTo(202);
        JsonNode jobs = matrix.json().path("jobs");
        assertThat(jobs).hasSize(2);
        assertThat(jobs.get(0).path("group").asText()).isNotEmpty().isEqualTo(jobs.get(1).path("group").asText());
        Map<String, String> outcomes = new TreeMap<>();
        for (JsonNode queued : jobs) {
            JsonNode job = OWN.api().awaitFinal(queued.path("id").asText(), Duration.ofMinutes(3));
            String node = job.path("node").asText();
            outcomes.put(node, job.path("state").asText());
            assertThat(OWN.api().log(job.path("id").asText())).containsPattern("(?m)^node v" + node + "\\.\\d+\\.\\d+, npm ")
                    .containsPattern("(?m)^# running on v" + node + "\\.");
        }
        assertThat(outcomes).containsExactly(Map.entry("22", "FAILED"), Map.entry("26", "PASSED"));
        assertThat(unoffered.status()).isEqualTo(400);
        assertThat(unoffered.json().path("detail").asText()).contains("no runner offers Node " + absent);
    }

    /** The lowest Node major from 18 up that no registered runner has an image for. */
    private static String unofferedMajor() throws Exception {
        Set<String> offered = new HashSet<>();
        for (JsonNode runner : OWN.api().get("/api/runners").json()) {
            runner.path("nodeVersions").forEach(major -> offered.add(major.asText()));
        }
        assertThat(offered).as("the runners' Node majors").isNotEmpty();
        return IntStream.rangeClosed(18, 99).mapToObj(String::valueOf).filter(major -> !offered.contains(major))
                .findFirst().orElseThrow();
    }

    private static Api.Answer hook(byte[] body, String signature) throws Exception {
        return OWN.api().send(HttpRequest.newBuilder(OWN.api().uri("/api/hooks/npm"))
                .header("Content-Type", "application/json").header("x-npm-signature", signature)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)));
    }

    private static int tapOks(String log) {
        return (int) Pattern.compile("(?m)^ok \\d+").matcher(log).results().count();
    }

    private static int jobs() throws Exception {
        return OWN.api().get("/api/jobs?limit=500").json().size();
    }

    private static String sign(String secret, byte[] body) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
    }
}
