package io.nodechecker.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Who goes first when runners are busy (docs/DESIGN.md, "Queue order"): an interactive job before any batch
 * job, and owners taking turns within a lane. The jobs wait while there is no runner; then one runner with one
 * slot takes them, and the order it got them in is the order the queue gave.
 */
class FairQueueIT {

    private static final String ALICE = "alice-token-0123456789";
    private static final String BOB = "bob-token-0123456789";

    @Test
    void oneTokensLargeBatchHoldsNeitherAnotherTokensSingleJobNorItsBatch() throws Exception {
        try (TestStack stack = new TestStack(2)) {
            Api gateway = stack.api(stack.startGateway(
                    "nodechecker.gateway.access.tokens=" + stack.token + "," + ALICE + "," + BOB));
            Api alice = gateway.withToken(ALICE);
            Api bob = gateway.withToken(BOB);

            String large = batch(alice, 5);
            String small = batch(bob, 2);
            String single = bob.submitTarball(Fixtures.tarball("passing"));

            stack.startRunner("nodechecker.runner.capacity=1");
            await().atMost(Duration.ofMinutes(6)).pollInterval(Duration.ofSeconds(2)).until(() ->
                    gateway.get("/api/batches/" + large).json().path("done").asBoolean()
                            && gateway.get("/api/batches/" + small).json().path("done").asBoolean());
            assertThat(gateway.awaitFinal(single, Duration.ofMinutes(1)).path("state").asText()).isEqualTo("PASSED");

            Map<String, String> whose = new java.util.HashMap<>();
            jobsOf(gateway, large).forEach(id -> whose.put(id, "alice-batch"));
            jobsOf(gateway, small).forEach(id -> whose.put(id, "bob-batch"));
            whose.put(single, "bob-single");
            List<String> order = new ArrayList<>(whose.keySet());
            Map<String, Instant> dispatched = new java.util.HashMap<>();
            for (String id : order) {
                dispatched.put(id, Instant.parse(gateway.job(id).path("dispatchedAt").asText()));
            }
            order.sort(Comparator.comparing(dispatched::get));

            // Oldest first would have been alice ×5, bob ×2, then bob's single job.
            assertThat(order.stream().map(whose::get).collect(Collectors.toList())).containsExactly(
                    "bob-single", "alice-batch", "bob-batch", "alice-batch", "bob-batch",
                    "alice-batch", "alice-batch", "alice-batch");
        }
    }

    private static String batch(Api api, int entries) throws Exception {
        String packages = String.join(",", java.util.Collections.nCopies(entries,
                "{\"package\":\"xtend\",\"version\":\"4.0.1\"}"));
        Api.Answer created = api.postJson("/api/batches", "{\"packages\":[" + packages + "]}");
        assertThat(created.status()).as(created.body()).isEqualTo(202);
        return created.json().path("id").asText();
    }

    private static List<String> jobsOf(Api api, String batch) throws Exception {
        List<String> ids = new ArrayList<>();
        for (JsonNode item : api.get("/api/batches/" + batch).json().path("items")) {
            ids.add(item.path("jobId").asText());
        }
        return ids;
    }
}
