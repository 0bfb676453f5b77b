package io.nodechecker.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Hostile packages on one runner with tight limits: each is contained and classified with a clear
 * reason, and afterwards the runner is healthy, nothing of theirs is left, and a normal package
 * still passes. Fixtures that look for a way out pass only when they find none.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HostileIT {

    private static TestStack stack;
    private static Api api;
    private static AppProcess runner;

    @BeforeAll
    static void start() throws Exception {
        TestStack.requireDockerEngine();
        stack = new TestStack(2);
        api = stack.api(stack.startGateway());
        runner = stack.startRunner(
                "nodechecker.runner.capacity=2",
                "nodechecker.runner.limits.memory-mb=384",
                "nodechecker.runner.limits.work-area-mb=96",
                "nodechecker.runner.limits.pids=128",
                "nodechecker.runner.limits.output-bytes=4194304");
        api.awaitRunner();
    }

    @AfterAll
    static void stop() throws Exception {
        stack.close();
        assertThat(stack.leftoverContainers()).isEmpty();
        assertThat(stack.leftoverNetworks()).isEmpty();
    }

    @ParameterizedTest(name = "{0} ends {1}")
    @Order(1)
    @CsvSource({
            "fork-bomb,           PASSED,    exited with code 0",
            "cpu-spin,            TIMED_OUT, did not finish within",
            "memory-hog,          FAILED,    memory limit",
            "stdout-flood,        FAILED,    cap of 4194304 bytes",
            "network,             PASSED,    exited with code 0",
            "host-access,         PASSED,    exited with code 0",
            "outlive,             PASSED,    exited with code 0",
            "fill-disk,           PASSED,    exited with code 0",
            "hostile-postinstall, PASSED,    exited with code 0",
            "symlinks,            PASSED,    exited with code 0",
    })
    void containsAndClassifiesHostilePackages(String fixture, String outcome, String reason) throws Exception {
        String id = api.submitTarball(Fixtures.tarball(fixture), "timeoutSeconds", "10");

        JsonNode job = api.awaitFinal(id, Duration.ofMinutes(3));
        String log = api.log(id);

        assertThat(job.path("state").asText()).as(log).isEqualTo(outcome);
        assertThat(job.path("reason").asText()).contains(reason);
        assertThat(log).doesNotContain("LEAK:");
        if (fixture.equals("stdout-flood")) {
            assertThat(log).contains("output passed 4194304 bytes");
            assertThat(log.length()).isLessThan(4_194_304 + 64 * 1024);
        }
        if (fixture.equals("fork-bomb")) {
            assertThat(log).contains("contained: EAGAIN");
        }
        if (fixture.equals("network")) {
            assertThat(log).contains("contained: no route (ENETUNREACH)");
        }
        if (fixture.equals("hostile-postinstall")) {
            assertThat(log).contains("postinstall ran:");
        }
        String[] known = KNOWN.get(fixture);
        String printed = log.lines().map(line -> line.replaceAll("\u001B\\[[0-9;]*m", "").strip())
                .filter(line -> line.startsWith("contained:") || line.startsWith("postinstall ran:"))
                .distinct().limit(6).collect(java.util.stream.Collectors.joining("; "));
        HostileRecord.record(HostileIT.class, "Hostile packages",
                new HostileRecord.Row("`" + fixture + "` package", known[0], job.path("state").asText() + ": "
                        + job.path("reason").asText() + (printed.isEmpty() ? "" : "; it printed " + printed),
                        known[1], known[2]));
    }

    /** Per fixture: what it attempts, and what Judge0's and Piston's defaults set against the same. */
    private static final java.util.Map<String, String[]> KNOWN = java.util.Map.of(
            "fork-bomb", new String[]{"starts processes until something refuses", "60 processes", "64 processes"},
            "cpu-spin", new String[]{"spins a core forever in `npm test`", "5 s of CPU time", "3 s of CPU time"},
            "memory-hog", new String[]{"holds ever more memory, 32 MiB at a time", "128,000 KB", "unlimited (`-1`)"},
            "stdout-flood", new String[]{"writes 200 MB to stdout", "—", "1024 characters per stdio buffer"},
            "network", new String[]{"looks up a name and connects to the host while testing", "no network",
                    "no network (socket syscalls refused)"},
            "host-access", new String[]{"opens the Docker socket, writes the root filesystem and /etc/passwd, reads"
                    + " /etc/shadow and the host through /proc", "—", "—"},
            "outlive", new String[]{"leaves a detached process behind", "—", "—"},
            "fill-disk", new String[]{"fills the work area, then writes outside it", "files ≤ 1 MB each",
                    "files ≤ 10 MB each"},
            "hostile-postinstall", new String[]{"an install script that replaces npm and node and opens the Docker socket",
                    "— (no install step)", "— (no install step)"},
            "symlinks", new String[]{"a tarball whose symlinks point out of it", "—", "—"});

    @Test
    @Order(2)
    void leavesTheRunnerHealthyAndNothingBehind() throws Exception {
        HttpResponse<String> health = Api.HTTP.send(HttpRequest.newBuilder(runner.uri().resolve("/q/health/ready")).build(),
                HttpResponse.BodyHandlers.ofString());
        String id = api.submitTarball(Fixtures.tarball("passing"));

        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(api.awaitFinal(id, Duration.ofMinutes(2)).path("state").asText()).isEqualTo("PASSED");
        // The result is published before the container is removed, so the removal may still be under way.
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(stack.leftoverJobContainers()).isEmpty());
        Process pgrep = new ProcessBuilder("pgrep", "-f", "sleep 4321").start();
        assertThat(new String(pgrep.getInputStream().readAllBytes()).trim()).as("processes left by 'outlive'").isEmpty();
        pgrep.waitFor();
    }
}
