package io.nodechecker.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import io.nodechecker.cluster.PacketFilter;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A live cluster split in two and healed (docs/CLUSTER.md, "Partitions"). Each member has a loopback address of
 * its own, and the kernel's packet filter drops everything between the two sides' addresses, as a cut cable
 * would: a gateway and a runner on each side. Both sides keep working while split; after the merge every job
 * is there once, with one verdict, the same on both gateways.
 */
class PartitionIT {

    private static final Pattern VERDICT = Pattern.compile("> nodechecker: ([A-Z_]+): ");

    @Test
    void bothSidesOfASplitWorkAndTheMergeKeepsEveryJobWithOneVerdict() throws Exception {
        TestStack.requireDockerEngine();
        try (TestStack stack = new TestStack(4).ownAddresses(); PacketFilter cut = new PacketFilter()) {
            String[] quick = {"nodechecker.gateway.cluster.failure-timeout-ms=3000"};
            Api a = stack.api(stack.startGateway(quick));
            Api b = stack.api(stack.startGateway(quick));
            AppProcess runnerA = stack.startRunner("nodechecker.runner.cluster.failure-timeout-ms=3000");
            AppProcess runnerB = stack.startRunner("nodechecker.runner.cluster.failure-timeout-ms=3000");
            await().atMost(Duration.ofSeconds(30)).until(() -> a.get("/api/runners").json().size() == 2
                    && b.get("/api/runners").json().size() == 2);

            String before = a.submitTarball(Fixtures.tarball("passing"));
            assertThat(a.awaitFinal(before, Duration.ofMinutes(2)).path("state").asText()).isEqualTo("PASSED");
            // Runs across the split: the side that loses its runner runs it again on its own.
            String across = a.submitTarball(Fixtures.tarball("steady", Map.of("test.js", """
                    let tick = 0;
                    const timer = setInterval(() => {
                      console.log(`tick ${tick++}`);
                      if (tick === 100) { clearInterval(timer); console.log('ok 1 across the split'); }
                    }, 200);
                    """)));
            await().atMost(Duration.ofMinutes(1)).until(() -> a.job(across).path("state").asText().equals("RUNNING"));

            List<String> sideA = List.of(stack.clusterAddress(0), stack.clusterAddress(2));
            List<String> sideB = List.of(stack.clusterAddress(1), stack.clusterAddress(3));
            cut.drop(sideA, sideB);
            // Each side stops hearing the other's runner.
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                assertThat(silent(a, stack.runnerId(runnerB))).isTrue();
                assertThat(silent(b, stack.runnerId(runnerA))).isTrue();
            });

            String onA = a.submitTarball(Fixtures.tarball("passing"));
            String onB = b.submitTarball(Fixtures.tarball("passing"));
            assertThat(a.awaitFinal(onA, Duration.ofMinutes(2)).path("runner").asText()).isEqualTo(stack.runnerId(runnerA));
            assertThat(b.awaitFinal(onB, Duration.ofMinutes(2)).path("runner").asText()).isEqualTo(stack.runnerId(runnerB));
            assertThat(a.awaitFinal(across, Duration.ofMinutes(2)).path("state").asText()).isEqualTo("PASSED");
            assertThat(b.awaitFinal(across, Duration.ofMinutes(2)).path("state").asText()).isEqualTo("PASSED");

            cut.heal();
            // Merged: each gateway has every job, and the same record of it.
            await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
                for (String id : List.of(before, across, onA, onB)) {
                    JsonNode fromA = a.job(id);
                    JsonNode fromB = b.job(id);
                    assertThat(fromA.path("state").asText()).as(id).isEqualTo("PASSED");
                    assertThat(fromB).as(id).isEqualTo(fromA);
                }
            });
            // Logs too, once the merge reached the output (each cache resolves its conflicts on its own).
            await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
                for (String id : List.of(before, across, onA, onB)) {
                    String log = a.log(id);
                    assertThat(verdicts(log)).as(id + ":\n" + log).containsExactly("PASSED");
                    assertThat(b.log(id)).as(id).isEqualTo(log);
                }
            });
            // What docs/CLUSTER.md says an operator sees: the split, then the merge and its repair.
            for (AppProcess gateway : stack.processes().subList(0, 2)) {
                await().atMost(Duration.ofMinutes(1)).untilAsserted(() -> assertThat(gateway.logText())
                        .contains("left the view: stopped, or on the other side of a split")
                        .contains("the cluster's partitions merged").contains("entries were copied"));
            }
            ChaosRecord.record(PartitionIT.class, "A partition", new ChaosRecord.Row(
                    "the cluster split in two while a job runs, then healed", "each member on a loopback address of"
                    + " its own; `iptables -I INPUT -s … -d … -j DROP` both ways between a gateway and a runner on"
                    + " each side, the rules deleted to heal",
                    "both sides ran new jobs on their own runner; the job running across the split ran on both sides"
                            + " and ended with one verdict (PASSED, the furthest attempt); after the merge all four jobs"
                            + " had the same record and the same log on both gateways, each log with one verdict line;"
                            + " both gateways logged the split, the merge and the entries copied"));
        }
    }

    /** Whether {@code gateway} last heard of the runner long enough ago to count it lost. */
    private static boolean silent(Api gateway, String runnerId) throws Exception {
        for (JsonNode runner : gateway.get("/api/runners").json()) {
            if (runner.path("id").asText().equals(runnerId)) {
                return Instant.parse(runner.path("lastHeartbeat").asText()).isBefore(Instant.now().minusSeconds(8));
            }
        }
        return true;
    }

    private static List<String> verdicts(String log) {
        List<String> found = new ArrayList<>();
        Matcher matcher = VERDICT.matcher(log);
        while (matcher.find()) {
            found.add(matcher.group(1));
        }
        return found;
    }
}
