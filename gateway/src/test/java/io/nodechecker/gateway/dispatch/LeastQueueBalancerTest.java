package io.nodechecker.gateway.dispatch;

import io.nodechecker.model.RunnerInfo;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class LeastQueueBalancerTest {

    private final LeastQueueBalancer balancer = new LeastQueueBalancer(new Random(7));

    @Test
    void picksTheRunnerWithTheSmallestLoadRelativeToCapacity() {
        RunnerInfo busySmall = runner("a", 2, 1, 0, "20");   // 0.5
        RunnerInfo idleBig = runner("b", 8, 2, 1, "20");     // 0.375
        RunnerInfo full = runner("c", 1, 1, 0, "20");

        assertThat(balancer.pick(List.of(busySmall, idleBig, full), "20")).contains(idleBig);
    }

    @Test
    void skipsRunnersWithoutTheNodeVersionOrAFreeSlot() {
        RunnerInfo otherNode = runner("a", 4, 0, 0, "18");
        RunnerInfo full = runner("b", 2, 1, 1, "20");

        assertThat(balancer.pick(List.of(otherNode, full), "20")).isEmpty();
    }

    @Test
    void breaksTiesAtRandom() {
        List<RunnerInfo> tied = List.of(runner("a", 2, 0, 0, "20"), runner("b", 2, 0, 0, "20"), runner("c", 2, 0, 0, "20"));
        Set<String> picked = new HashSet<>();

        for (int i = 0; i < 60; i++) {
            picked.add(balancer.pick(tied, "20").orElseThrow().id());
        }

        assertThat(picked).containsExactlyInAnyOrder("a", "b", "c");
    }

    private static RunnerInfo runner(String id, int capacity, int running, int queued, String node) {
        return new RunnerInfo(id, "host", 1, "http://" + id, capacity, running, queued, List.of(node), Instant.now(), false, null, null);
    }
}
