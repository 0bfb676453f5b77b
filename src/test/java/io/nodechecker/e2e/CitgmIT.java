package io.nodechecker.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * CITGM's real lookup.json through the CLI and the API: a few of its modules on two real Node majors,
 * compared; failures rerun; a run compared with the previous run of the same name.
 */
class CitgmIT {

    private static final Path LOOKUP = TestStack.ROOT.resolve("gateway/src/test/resources/citgm/lookup.json");
    private static final Path CLI = TestStack.ROOT.resolve("cli/target/quarkus-app/quarkus-run.jar");

    @RegisterExtension
    static final OwnStack OWN = OwnStack.of(List.of(), "nodechecker.runner.capacity=2");

    @Test
    void theCliRunsModulesOfTheRealLookupTableOnTwoNodeMajorsAndComparesThem() throws Exception {
        ProcessBuilder command = new ProcessBuilder("java", "-jar", CLI.toString(), "batch", LOOKUP.toString(),
                "--gateway", OWN.api().uri("/").toString(), "--node", "22,26", "--compare",
                "--include-tags", "duplexify,pumpify").redirectErrorStream(true);
        command.environment().put("NODECHECKER_TOKEN", OWN.stack().token); // as the launcher passes it
        Process cli = command.start();
        cli.getOutputStream().close();
        String output;
        try (var in = cli.getInputStream()) {
            output = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertThat(cli.waitFor(8, TimeUnit.MINUTES)).isTrue();
        JsonNode batch = latestBatch(output);

        assertThat(batch.path("done").asBoolean()).as(output).isTrue();
        assertThat(batch.path("items")).hasSize(4);
        for (JsonNode item : batch.path("items")) {
            assertThat(item.path("state").asText()).as(item.toString())
                    .isIn("PASSED", "FAILED", "INSTALL_FAILED", "NO_TESTS", "TIMED_OUT");
            assertThat(item.path("node").asText()).isIn("22", "26");
        }
        JsonNode comparison = batch.path("comparison");
        assertThat(comparison.path("baseline").asText()).isEqualTo("22");
        assertThat(comparison.path("candidate").asText()).isEqualTo("26");
        assertThat(comparison.path("rows")).extracting(row -> row.path("packageName").asText())
                .containsExactly("duplexify", "pumpify");
        assertThat(output).contains("### Newly failing on 26 (passing on 22)")
                .contains("83 of 85 modules left out by includeTags \\[duplexify, pumpify\\]")
                .doesNotContain("prefix: not honoured");
        assertThat(cli.exitValue()).as(output).isEqualTo(comparison.path("newlyFailing").isEmpty() ? 0 : 1);
    }

    @Test
    void aFailureIsRerunUpToItsRetriesAndTheReportSaysSo() throws Exception {
        Api.Answer created = OWN.api().postJson("/api/batches?retries=2", """
                {"packages":[{"package":"xtend","version":"4.0.2","script":"echo 'fails every time'; exit 1"}]}""");
        assertThat(created.status()).as(created.body()).isEqualTo(202);

        JsonNode batch = awaitDone(created.json().path("id").asText());

        JsonNode item = batch.path("items").get(0);
        assertThat(item.path("verdict").asText()).isEqualTo("FAIL");
        assertThat(item.path("runs").asInt()).isEqualTo(3);
        assertThat(item.path("earlierJobs")).hasSize(2);
        assertThat(item.path("reason").asText()).startsWith("failed on every attempt, the last 3 of 3: ");
        for (JsonNode earlier : item.path("earlierJobs")) {
            assertThat(OWN.api().job(earlier.asText()).path("state").asText()).isEqualTo("FAILED");
        }
    }

    @Test
    void aRunIsComparedWithThePreviousRunOfTheSameName() throws Exception {
        String body = "{\"packages\":[{\"package\":\"xtend\",\"version\":\"4.0.2\",\"script\":\"exit %d\"}]}";
        Api.Answer first = OWN.api().postJson("/api/batches?name=citgm-it-nightly&compare=previous", body.formatted(0));
        assertThat(first.status()).as(first.body()).isEqualTo(202);
        awaitDone(first.json().path("id").asText());
        Api.Answer second = OWN.api().postJson("/api/batches?name=citgm-it-nightly&compare=previous", body.formatted(1));

        JsonNode batch = awaitDone(second.json().path("id").asText());

        assertThat(first.json().path("comparison").isObject()).isFalse();
        assertThat(first.json().path("notes").toString()).contains("no earlier run named citgm-it-nightly");
        assertThat(batch.path("comparison").path("baseline").asText()).isEqualTo("batch " + first.json().path("id").asText());
        assertThat(batch.path("comparison").path("newlyFailing")).extracting(JsonNode::asText)
                .containsExactly("xtend on Node " + NodeImages.defaultMajor());
        assertThat(OWN.api().get("/api/batches/" + batch.path("id").asText() + "/report.md").body())
                .contains("- **xtend on Node " + NodeImages.defaultMajor() + "**: npm test exited with code 1");
    }

    @Test
    void badOptionsAreRefusedWithTheFieldThatWasWrong() throws Exception {
        String body = "{\"packages\":[{\"package\":\"xtend\"}]}";
        List<Api.Answer> answers = new ArrayList<>();
        answers.add(OWN.api().postJson("/api/batches?compare=node&node=22", body));
        answers.add(OWN.api().postJson("/api/batches?compare=previous", body));
        answers.add(OWN.api().postJson("/api/batches?retries=9", body));
        answers.add(OWN.api().postJson("/api/batches?includeTags=native", body));
        answers.add(OWN.api().postJson("/api/batches?retries=two", body));

        assertThat(answers).allSatisfy(answer -> assertThat(answer.status()).isEqualTo(400));
        assertThat(answers.get(0).body()).contains("exactly two");
        assertThat(answers.get(1).body()).contains("needs the batch's name");
        assertThat(answers.get(2).body()).contains("between 0 and 5");
        assertThat(answers.get(3).body()).contains("filter a lookup table");
        assertThat(answers.get(4).body()).contains("whole number");
    }

    private static JsonNode awaitDone(String id) {
        JsonNode[] last = new JsonNode[1];
        await().atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofSeconds(1)).until(() -> {
            last[0] = OWN.api().get("/api/batches/" + id).json();
            return last[0].path("done").asBoolean();
        });
        return last[0];
    }

    /** The batch the CLI made, by the id it printed first. */
    private static JsonNode latestBatch(String output) throws Exception {
        Matcher id = Pattern.compile("batch ([0-9a-f-]{36})").matcher(output);
        assertThat(id.find()).as(output).isTrue();
        return OWN.api().get("/api/batches/" + id.group(1)).json();
    }
}
