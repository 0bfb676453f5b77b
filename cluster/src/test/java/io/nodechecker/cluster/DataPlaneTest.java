package io.nodechecker.cluster;

import io.nodechecker.cluster.registry.RunnerRegistry;
import io.nodechecker.cluster.store.JobStore;
import io.nodechecker.cluster.store.OutputLog;
import io.nodechecker.cluster.store.RateLimits;
import io.nodechecker.model.Job;
import io.nodechecker.model.JobSource;
import io.nodechecker.model.JobState;
import io.nodechecker.model.NetworkPolicy;
import io.nodechecker.model.OutputChunk;
import io.nodechecker.model.StreamName;
import org.infinispan.Cache;
import org.infinispan.context.Flag;
import org.infinispan.notifications.Listener;
import org.infinispan.notifications.cachelistener.annotation.CacheEntryCreated;
import org.infinispan.notifications.cachelistener.event.CacheEntryCreatedEvent;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Two storage members and a compute member in one JVM: who keeps what, for how long, and across restarts. */
class DataPlaneTest {

    // The quiet time StorageRecoveryWatch leaves a changed membership before it recovers.
    private static final Duration RECOVERY_QUIET = Duration.ofSeconds(10);
    private static final String SECRET = "data-plane-test-0123456789abcdef0123456789";
    // Four chunks in heap, so that reading more than that must go to disk.
    private static final TestSettings.Storage SMALL_HEAP = new TestSettings.Storage(2, 100, 4,
            Duration.ofDays(1), Duration.ofDays(1), Duration.ofMillis(500));
    // Logs live two seconds here, so their expiry can be watched.
    private static final TestSettings.Storage SHORT_LOGS = new TestSettings.Storage(2, 100, 4,
            Duration.ofSeconds(2), Duration.ofDays(1), Duration.ofMillis(500));

    @TempDir
    Path data;

    @Test
    void aComputeMemberKeepsNoneOfWhatItWritesAndTheStorageMembersKeepOneCopyEachOfEverything() throws Exception {
        Cluster cluster = new Cluster(data, SMALL_HEAP);
        try (ClusterNode first = cluster.storage("first");
             ClusterNode second = cluster.storage("second");
             ClusterNode runner = cluster.compute("runner")) {
            JobStore jobs = new JobStore(runner);
            OutputLog output = new OutputLog(runner);
            Job job = queued("xtend");
            jobs.create(job);
            for (int seq = 0; seq < 20; seq++) {
                output.append(1, new OutputChunk(job.id(), seq, StreamName.STDOUT, "line " + seq + "\n")).join();
            }
            jobs.update(job.id(), j -> j.finished(JobState.PASSED, "ok", 0, 20, Instant.now()));

            for (String name : Caches.STORED) {
                assertThat(held(runner, name)).as("compute member's %s in heap", name).isZero();
                assertThat(stored(runner, name)).as("compute member's %s", name).isZero();
                // owners = 2 with two storage members: each holds everything once, in heap or on disk.
                assertThat(stored(first, name)).as("first's %s", name).isEqualTo(stored(second, name));
            }
            assertThat(stored(first, Caches.OUTPUT)).isEqualTo(20);
            assertThat(held(first, Caches.OUTPUT)).isLessThanOrEqualTo(SMALL_HEAP.heapOutputChunks());
            assertThat(new OutputLog(first).readFrom(job.id(), 1, 0)).hasSize(20);
            assertThat(new JobStore(second).packageRecord("xtend").orElseThrow().results()).hasSize(1);
        }
    }

    @Test
    void logsExpireWhileTheJobRecordAndThePackageHistoryStay() throws Exception {
        Cluster cluster = new Cluster(data, SHORT_LOGS);
        try (ClusterNode first = cluster.storage("first");
             ClusterNode second = cluster.storage("second")) {
            JobStore jobs = new JobStore(first);
            OutputLog output = new OutputLog(first);
            Job job = queued("left-pad");
            jobs.create(job);
            output.append(1, new OutputChunk(job.id(), 0, StreamName.STDOUT, "ok\n")).join();
            jobs.update(job.id(), j -> j.finished(JobState.PASSED, "ok", 0, 1, Instant.now()));
            assertThat(output.reader(job.id()).get(1, 0)).isNotNull();

            await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
                assertThat(held(first, Caches.OUTPUT) + held(second, Caches.OUTPUT)).isZero();
                assertThat(new OutputLog(second).reader(job.id()).get(1, 0)).isNull();
            });
            assertThat(new JobStore(second).find(job.id())).isPresent();
            assertThat(new JobStore(second).packageRecord("left-pad").orElseThrow().results().values())
                    .singleElement().satisfies(result -> assertThat(result.jobId()).isEqualTo(job.id()));
        }
    }

    @Test
    void aRestartedClusterReadsItsHistoryFromDiskWithoutLoadingItIntoHeap() throws Exception {
        Cluster cluster = new Cluster(data, SMALL_HEAP);
        Job job = queued("deep-equal");
        try (ClusterNode first = cluster.storage("first");
             ClusterNode second = cluster.storage("second")) {
            JobStore jobs = new JobStore(first);
            jobs.create(job);
            OutputLog output = new OutputLog(first);
            for (int seq = 0; seq < 50; seq++) {
                output.append(1, new OutputChunk(job.id(), seq, StreamName.STDERR, "chunk " + seq + "\n")).join();
            }
            jobs.update(job.id(), j -> j.finished(JobState.FAILED, "no", 1, 50, Instant.now()));
        }

        try (ClusterNode first = cluster.storage("first");
             ClusterNode second = cluster.storage("second")) {
            // Nothing is preloaded: the heap holds at most heap-output-chunks chunks however many are on disk.
            assertThat(held(first, Caches.OUTPUT)).isLessThanOrEqualTo(SMALL_HEAP.heapOutputChunks());
            List<OutputChunk> chunks = new OutputLog(second).readFrom(job.id(), 1, 0);
            assertThat(chunks).hasSize(50);
            assertThat(chunks.get(49).data()).isEqualTo("chunk 49\n");
            assertThat(held(first, Caches.OUTPUT)).isLessThanOrEqualTo(SMALL_HEAP.heapOutputChunks());
            assertThat(new JobStore(second).find(job.id()).orElseThrow().outcome()).isEqualTo(JobState.FAILED);
        }
    }

    @Test
    void aRateLimitHoldsForTheWholeClusterNotPerMember() throws Exception {
        Cluster cluster = new Cluster(data, SMALL_HEAP);
        try (ClusterNode first = cluster.storage("first");
             ClusterNode second = cluster.storage("second")) {
            RateLimits viaFirst = new RateLimits(first);
            RateLimits viaSecond = new RateLimits(second);
            int taken = 0;
            for (int i = 0; i < 3; i++) {
                taken += (viaFirst.tryTake("token:abc", 6) ? 1 : 0) + (viaSecond.tryTake("token:abc", 6) ? 1 : 0);
            }

            assertThat(taken).isEqualTo(6);
            assertThat(viaFirst.tryTake("token:abc", 6)).isFalse();
            assertThat(viaSecond.tryTake("token:abc", 6)).isFalse();
            assertThat(viaSecond.tryTake("token:other", 6)).isTrue();
        }
    }

    @Test
    void aMemberThatWatchesOneJobHearsThatJobsWritesAndNoOthers() throws Exception {
        Cluster cluster = new Cluster(data, SMALL_HEAP);
        try (ClusterNode first = cluster.storage("first");
             ClusterNode second = cluster.storage("second");
             ClusterNode runner = cluster.compute("runner")) {
            Job watched = queued("xtend");
            Job other = queued("xtend");
            Heard heard = new Heard();
            new OutputLog(first).cache().addListener(heard, new JobEventFilter(watched.id()), null);
            new JobStore(first).cache().addListener(heard, new JobEventFilter(watched.id()), null);

            JobStore jobs = new JobStore(runner);
            OutputLog output = new OutputLog(runner);
            for (Job job : List.of(watched, other)) {
                jobs.create(job);
                for (int seq = 0; seq < 30; seq++) {
                    output.append(1, new OutputChunk(job.id(), seq, StreamName.STDOUT, "x")).join();
                }
            }

            await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                    assertThat(heard.keys).hasSize(31).contains(watched.id(), OutputLog.key(watched.id(), 1, 29)));
            assertThat(heard.keys).allMatch(key -> key.startsWith(watched.id()));
        }
    }

    @Test
    @Timeout(180)
    void anOrderlyShutdownBringsEverythingBackAndAFreshRunnerIsNotWaitedFor() throws Exception {
        Cluster cluster = new Cluster(data, SMALL_HEAP);
        Job job = queued("deep-equal");
        ClusterNode first = cluster.storage("first");
        ClusterNode second = cluster.storage("second");
        ClusterNode runner = cluster.compute("runner");
        OutputLog output = new OutputLog(runner);
        new JobStore(runner).create(job);
        for (int seq = 0; seq < 50; seq++) {
            output.append(1, new OutputChunk(job.id(), seq, StreamName.STDERR, "chunk " + seq + "\n")).join();
        }
        StorageShutdown.run(second, Duration.ofSeconds(30));
        runner.close();
        second.close();
        first.close();

        first = cluster.storage("first");
        second = cluster.storage("second");
        // A runner keeps no state across restarts: it joins as a new member and must not be waited for.
        runner = cluster.compute("runner");
        try {
            assertThat(new OutputLog(runner).readFrom(job.id(), 1, 0)).hasSize(50);
            assertThat(new OutputLog(first).readFrom(job.id(), 1, 0)).hasSize(50);
            assertThat(new JobStore(second).find(job.id())).isPresent();
            new RunnerRegistry(runner).announce(new io.nodechecker.model.RunnerInfo("runner", "h", 1, "http://x",
                    1, 0, 0, List.of("20"), Instant.now(), false, null, null));
            assertThat(new RunnerRegistry(first).all()).extracting(io.nodechecker.model.RunnerInfo::id).contains("runner");
        } finally {
            runner.close();
            second.close();
            first.close();
        }
    }

    @Test
    @Timeout(180)
    void aRestartWithOneOfTwoStorageMembersServesEverythingAtOnceAndTheOtherJoinsAgain() throws Exception {
        Cluster cluster = new Cluster(data, SMALL_HEAP);
        Job job = queued("once");
        ClusterNode first = cluster.storage("first");
        ClusterNode second = cluster.storage("second");
        OutputLog output = new OutputLog(first);
        new JobStore(first).create(job);
        for (int seq = 0; seq < 40; seq++) {
            output.append(1, new OutputChunk(job.id(), seq, StreamName.STDOUT, "line " + seq + "\n")).join();
        }
        StorageShutdown.run(first, Duration.ofSeconds(30));
        second.close();
        first.close();

        // Two owners: the one member of two that comes back holds every entry, so nothing waits for the other.
        first = cluster.storage("first");
        try {
            ClusterNode alone = first;
            await().atMost(Duration.ofSeconds(20)).until(() -> alone.recovery().status().serving());
            assertThat(new OutputLog(first).readFrom(job.id(), 1, 0)).hasSize(40);
            assertThat(new JobStore(first).find(job.id())).isPresent();
            new JobStore(first).create(queued("wrappy"));
            second = cluster.storage("second");
            ClusterNode rejoined = second;
            await().atMost(Duration.ofSeconds(20)).until(() -> rejoined.recovery().status().serving());
            assertThat(new OutputLog(second).readFrom(job.id(), 1, 0)).hasSize(40);
        } finally {
            second.close();
            first.close();
        }
    }

    @Test
    @Timeout(240)
    @Disabled("about half the runs in this JVM: the layout installed as 'second' returns leaves the state transfer"
            + " from it stuck (its caches answer 'not running', Infinispan suspects it); docs/CLUSTER.md, known issue")
    void aRestartThatCouldLoseEntriesWaitsUntilEnoughMembersReturn() throws Exception {
        Cluster cluster = new Cluster(data, SMALL_HEAP);
        List<Job> stored = threeMembersStoreAndShutDown(cluster);

        // Two of three missing with two owners: some entries had both their copies on the missing members.
        ClusterNode first = cluster.storage("first");
        ClusterNode second = null;
        try {
            StorageRecovery.Status waiting = first.recovery().status();
            assertThat(waiting.serving()).isFalse();
            assertThat(waiting.detail()).startsWith("waiting for storage members (batch-names, batches, ").contains("POST /api/storage/accept-loss");
            assertThat(first.recovery().recover().serving()).as("nothing changed: still waiting").isFalse();
            // One comes back: one missing of three is fewer than the owners, and every entry has a copy again.
            // Recovered once the members have been quiet for a while, as the gateway's StorageRecoveryWatch does:
            // a layout installed while the newcomer's caches still start leaves the state transfer from it stuck.
            second = cluster.storage("second");
            Thread.sleep(RECOVERY_QUIET.toMillis());
            first.recovery().recover();
            ClusterNode coordinator = first;
            await().atMost(Duration.ofSeconds(20)).until(() -> coordinator.recovery().status().serving());
            JobStore afterwards = new JobStore(second);
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                    assertThat(stored).allSatisfy(job -> assertThat(afterwards.find(job.id())).isPresent()));
        } finally {
            if (second != null) {
                second.close();
            }
            first.close();
        }
    }

    @Test
    @Timeout(240)
    void anOperatorMayAcceptTheLossOfWhatOnlyTheMissingMembersHeld() throws Exception {
        Cluster cluster = new Cluster(data, SMALL_HEAP);
        threeMembersStoreAndShutDown(cluster);

        ClusterNode first = cluster.storage("first");
        try {
            assertThat(first.recovery().status().serving()).isFalse();
            first.recovery().acceptLoss();
            ClusterNode alone = first;
            await().atMost(Duration.ofSeconds(20)).until(() -> alone.recovery().status().serving());
            Job after = queued("after-the-loss");
            new JobStore(first).create(after);
            assertThat(new JobStore(first).find(after.id())).isPresent();
        } finally {
            first.close();
        }
    }

    /** Three storage members store 30 jobs, then shut the storage down in order and stop. */
    private static List<Job> threeMembersStoreAndShutDown(Cluster cluster) {
        ClusterNode first = cluster.storage("first");
        ClusterNode second = cluster.storage("second");
        ClusterNode third = cluster.storage("third");
        JobStore jobs = new JobStore(first);
        List<Job> stored = new java.util.ArrayList<>();
        for (int i = 0; i < 30; i++) {
            Job job = queued("p" + i);
            jobs.create(job);
            stored.add(job);
        }
        StorageShutdown.run(first, Duration.ofSeconds(30));
        third.close();
        second.close();
        first.close();
        return stored;
    }

    /** Keys of the events a clustered listener heard. */
    @Listener(clustered = true)
    public static final class Heard {
        final java.util.Set<String> keys = java.util.concurrent.ConcurrentHashMap.newKeySet();

        @CacheEntryCreated
        public void created(CacheEntryCreatedEvent<String, Object> event) {
            keys.add(event.getKey());
        }
    }

    /** Entries this member holds in heap, of any owner's. */
    private static long held(ClusterNode node, String cache) {
        Cache<Object, Object> local = node.cache(cache);
        return local.getAdvancedCache().getDataContainer().sizeIncludingExpired();
    }

    /** Entries this member holds in heap or on its disk. */
    private static long stored(ClusterNode node, String cache) {
        return node.cache(cache).getAdvancedCache().withFlags(Flag.CACHE_MODE_LOCAL).size();
    }

    private static Job queued(String name) {
        return Job.queued(UUID.randomUUID().toString(), Instant.now()).packageName(name).requestedVersion("latest")
                .version("1.0.0").node("20").network(NetworkPolicy.INSTALL_ONLY).source(JobSource.REGISTRY).maxAttempts(3)
                .build();
    }

    /** Members of one test cluster, each storage member with its own data directory kept across restarts. */
    private static final class Cluster {
        private final String name = "data-plane-test-" + UUID.randomUUID();
        private final Path data;
        private final int[] ports;
        private final TestSettings.Storage storage;

        Cluster(Path data, TestSettings.Storage storage) throws IOException {
            this.data = data;
            this.storage = storage;
            this.ports = new int[] {LoopbackPorts.free(), LoopbackPorts.free(), LoopbackPorts.free(), LoopbackPorts.free()};
        }

        ClusterNode storage(String member) {
            return new ClusterNode(settings(member, data.resolve(member)), member, ClusterNode.Role.STORAGE);
        }

        ClusterNode compute(String member) {
            return new ClusterNode(settings(member, null), member, ClusterNode.Role.COMPUTE);
        }

        private TestSettings.Settings settings(String member, Path dir) {
            String hosts = "127.0.0.1[" + ports[0] + "],127.0.0.1[" + ports[1] + "],127.0.0.1[" + ports[2] + "],127.0.0.1["
                    + ports[3] + "]";
            int port = ports[List.of("first", "second", "runner", "third").indexOf(member)];
            return new TestSettings.Settings(name, port, hosts, SECRET, dir, storage);
        }

    }
}
