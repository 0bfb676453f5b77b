package io.nodechecker.cluster;

import org.infinispan.Cache;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two storage members and a compute member on each side of a real split: each member has a loopback address of
 * its own and the kernel's packet filter drops what goes between the sides (root and iptables needed). The heap
 * keeps 8 entries per cache, so most of what each side writes during the split is on disk only, where the merge's
 * conflict resolution does not look; {@link MergeRepair} brings it to the other side.
 */
class PartitionMergeTest {

    private static final TestSettings.Storage SMALL_HEAP = new TestSettings.Storage(2, 8, 8, Duration.ofDays(30),
            Duration.ofDays(180), Duration.ofMinutes(1));

    @Test
    void whatEachSideWroteDuringASplitIsOnBothSidesAfterTheMergeEvenFromDisk() throws Exception {
        String cluster = "merge-" + UUID.randomUUID();
        String prefix = "127." + ThreadLocalRandom.current().nextInt(2, 250) + "." + ThreadLocalRandom.current().nextInt(1, 250) + ".";
        List<String> addresses = List.of(prefix + "10", prefix + "11", prefix + "12", prefix + "13");
        List<Integer> ports = List.of(LoopbackPorts.free(), LoopbackPorts.free(), LoopbackPorts.free(), LoopbackPorts.free());
        List<String> hosts = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            hosts.add(addresses.get(i) + "[" + ports.get(i) + "]");
        }
        List<ClusterNode> nodes = new ArrayList<>();
        try (PacketFilter cut = new PacketFilter()) {
            for (int i = 0; i < 4; i++) {
                ClusterNode.Role role = i < 2 ? ClusterNode.Role.STORAGE : ClusterNode.Role.COMPUTE;
                nodes.add(new ClusterNode(new TestSettings.Settings(cluster, "tcp", addresses.get(i), ports.get(i), 0,
                        String.join(",", hosts), "", Optional.of("partition-test-0123456789abcdef0123456789"),
                        role == ClusterNode.Role.STORAGE ? Optional.of(Files.createTempDirectory("merge")) : Optional.empty(),
                        3000, Duration.ofSeconds(10), SMALL_HEAP), "m" + i, role));
            }
            ClusterNode storageA = nodes.get(0);
            ClusterNode storageB = nodes.get(1);
            await().atMost(Duration.ofSeconds(30)).until(() -> storageB.manager().getMembers().size() == 4);

            // Side A: storage 0 and compute 2; side B: storage 1 and compute 3.
            cut.drop(List.of(addresses.get(0), addresses.get(2)), List.of(addresses.get(1), addresses.get(3)));
            await().atMost(Duration.ofSeconds(30)).until(() -> storageA.manager().getMembers().size() == 2
                    && storageB.manager().getMembers().size() == 2);
            Cache<String, byte[]> outputA = nodes.get(2).cache(Caches.OUTPUT);
            Cache<String, byte[]> outputB = nodes.get(3).cache(Caches.OUTPUT);
            for (int i = 0; i < 50; i++) {
                outputA.put("a:1:" + i, new byte[] {1, (byte) i});
                outputB.put("b:1:" + i, new byte[] {2, (byte) i});
            }
            cut.heal();

            await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
                for (ClusterNode storage : List.of(storageA, storageB)) {
                    Cache<String, byte[]> output = storage.cache(Caches.OUTPUT);
                    for (int i = 0; i < 50; i++) {
                        assertThat(output.get("a:1:" + i)).as(storage.manager().getAddress() + " a " + i).containsExactly(1, i);
                        assertThat(output.get("b:1:" + i)).as(storage.manager().getAddress() + " b " + i).containsExactly(2, i);
                    }
                }
            });
        } finally {
            for (int i = nodes.size() - 1; i >= 0; i--) {
                nodes.get(i).close();
            }
        }
    }
}
