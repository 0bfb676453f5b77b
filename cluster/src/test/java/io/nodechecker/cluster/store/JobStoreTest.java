package io.nodechecker.cluster.store;

import io.nodechecker.cluster.TestSettings;
import io.nodechecker.cluster.ClusterNode;
import io.nodechecker.cluster.LoopbackPorts;
import io.nodechecker.cluster.registry.RunnerRegistry;
import io.nodechecker.model.Job;
import io.nodechecker.model.JobBuilder;
import io.nodechecker.model.JobSource;
import io.nodechecker.model.NetworkPolicy;
import io.nodechecker.model.Overrides;
import io.nodechecker.model.JobState;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/** Two real cluster members in one JVM, racing on the same jobs. */
class JobStoreTest {

    private static final String SECRET = "job-store-test-0123456789abcdef0123456789";

    private static ClusterNode a;
    private static ClusterNode b;
    private static String cluster;
    private static String hosts;

    @BeforeAll
    static void join() throws IOException {
        cluster = "jobstore-test-" + UUID.randomUUID();
        int portA = LoopbackPorts.free();
        int portB = LoopbackPorts.free();
        hosts = "127.0.0.1[" + portA + "],127.0.0.1[" + portB + "]";
        a = new ClusterNode(new TestSettings.Settings(cluster, portA, hosts, SECRET, null, TestSettings.Storage.DEFAULTS), "a", ClusterNode.Role.STORAGE);
        b = new ClusterNode(new TestSettings.Settings(cluster, portB, hosts, SECRET, null, TestSettings.Storage.DEFAULTS), "b", ClusterNode.Role.STORAGE);
    }

    @AfterAll
    static void leave() {
        b.close();
        a.close();
    }

    @Test
    void twoMembersRacingClaimEachQueuedJobExactlyOnce() throws Exception {
        JobStore storeA = new JobStore(a);
        JobStore storeB = new JobStore(b);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            Job job = queued();
            storeA.create(job);
            ids.add(job.id());
        }

        ExecutorService pool = Executors.newFixedThreadPool(2);
        Future<Integer> wonByA = pool.submit(claimAll(storeA, ids, "a"));
        Future<Integer> wonByB = pool.submit(claimAll(storeB, ids, "b"));
        int claims = wonByA.get() + wonByB.get();
        pool.shutdown();

        assertThat(claims).isEqualTo(ids.size());
        for (String id : ids) {
            Job job = storeB.find(id).orElseThrow();
            assertThat(job.state()).isEqualTo(JobState.DISPATCHED);
            assertThat(job.attempts()).isEqualTo(1);
        }
    }

    @Test
    void neverChangesAJobThatHasItsResult() {
        JobStore store = new JobStore(a);
        Job job = queued();
        store.create(job);
        store.update(job.id(), j -> j.finished(JobState.PASSED, "ok", 0, 0, Instant.now()));

        Optional<Job> changed = store.update(job.id(), j -> j.requeued("again"));

        assertThat(changed).isEmpty();
        assertThat(new JobStore(b).find(job.id()).orElseThrow().state()).isEqualTo(JobState.PASSED);
    }

    @Test
    void aMemberWithoutTheClusterSecretCannotJoinOrWrite() throws Exception {
        int port = LoopbackPorts.free();
        TestSettings.Settings wrong = new TestSettings.Settings(cluster, port, hosts + ",127.0.0.1[" + port + "]",
                "guessed-" + SECRET.substring(8), null, TestSettings.Storage.DEFAULTS);

        try (ClusterNode intruder = new ClusterNode(wrong, "intruder", ClusterNode.Role.STORAGE)) {
            new RunnerRegistry(intruder).announce(new io.nodechecker.model.RunnerInfo("intruder", "h", 1, "http://x",
                    1, 0, 0, java.util.List.of("20"), Instant.now(), false, null, null));

            assertThat(intruder.manager().getMembers()).hasSize(1);
            assertThat(a.manager().getMembers()).hasSize(2);
            assertThat(new RunnerRegistry(a).all()).noneMatch(r -> r.id().equals("intruder"));
        }
    }

    private static Callable<Integer> claimAll(JobStore store, List<String> ids, String runner) {
        return () -> {
            int won = 0;
            for (String id : ids) {
                if (store.update(id, j -> j.state() == JobState.QUEUED ? j.dispatched(runner, Instant.now()) : null)
                        .isPresent()) {
                    won++;
                }
            }
            return won;
        };
    }

    @Test
    void theQueueIsReadAsItIsConsumedSoAPassSeesAJobTakenWhileItRan() throws Exception {
        JobStore store = new JobStore(a);
        List<Job> created = createdOneAfterTheOther(store);
        Job first = created.get(0);
        Job second = created.get(1);

        Iterator<Job> queue = store.queued().iterator();
        while (!queue.next().id().equals(first.id())) {
            // older jobs of other tests come first
        }
        // Taken after the pass read the first job and before it came to the second.
        store.update(second.id(), job -> job.dispatched("runner-x", Instant.now()));
        List<String> rest = new ArrayList<>();
        queue.forEachRemaining(job -> rest.add(job.id()));

        assertThat(rest).doesNotContain(second.id());
        assertThat(ids(store.withRunners())).contains(second.id());
    }

    @Test
    void theOpenJobsFollowWritesMadeOnAnotherMember() throws Exception {
        JobStore onA = new JobStore(a);
        JobStore onB = new JobStore(b);
        List<Job> created = createdOneAfterTheOther(onA);
        Job first = created.get(0);
        Job second = created.get(1);

        assertThat(ids(onB.queued().toList())).containsSubsequence(first.id(), second.id());

        onA.update(first.id(), job -> job.dispatched("runner-x", Instant.now()));
        assertThat(ids(onB.queued().toList())).doesNotContain(first.id()).contains(second.id());
        assertThat(ids(onB.withRunners())).contains(first.id()).doesNotContain(second.id());

        onA.update(first.id(), Job::handedBack);
        assertThat(ids(onB.queued().toList())).containsSubsequence(first.id(), second.id());

        onA.update(second.id(), job -> job.dispatched("runner-x", Instant.now()));
        onA.update(second.id(), job -> job.running(Instant.now()));
        onA.update(second.id(), job -> job.finished(JobState.PASSED, "ok", 0, 1, Instant.now()));
        assertThat(ids(onB.queued().toList())).contains(first.id()).doesNotContain(second.id());
        assertThat(ids(onB.withRunners())).doesNotContain(second.id());
        assertThat(ids(onB.recent(2))).containsExactly(second.id(), first.id());
    }

    /** Two queued jobs created on {@code store}, the second a few milliseconds after the first. */
    private static List<Job> createdOneAfterTheOther(JobStore store) throws InterruptedException {
        Job first = queued();
        store.create(first);
        Thread.sleep(5);
        Job second = queued();
        store.create(second);
        return List.of(first, second);
    }

    private static List<String> ids(List<Job> jobs) {
        return jobs.stream().map(Job::id).toList();
    }

    @Test
    void onlyRegistryRunsWithoutOverridesMakeAPackagesRecordUploadsAndOverridesAreKeptApart() {
        JobStore store = new JobStore(a);
        String name = "pkg-" + UUID.randomUUID();
        Job registry = job(name, "1.0.0", JobSource.REGISTRY).build();
        Job upload = job(name, "1.0.0", JobSource.TARBALL).build();
        Job overridden = job(name, "1.0.0", JobSource.REGISTRY)
                .overrides(new Overrides("exit 1", Map.of(), List.of())).build();
        for (Job job : List.of(registry, upload, overridden)) {
            store.create(job);
        }
        store.update(registry.id(), j -> j.finished(JobState.PASSED, "ok", 0, 0, Instant.now()));
        store.update(upload.id(), j -> j.finished(JobState.FAILED, "forged", 1, 0, Instant.now()));
        store.update(overridden.id(), j -> j.finished(JobState.FAILED, "forced", 1, 0, Instant.now()));

        PackageRecords.Record record = new JobStore(b).packageRecord(name).orElseThrow();
        assertThat(record.results().values()).singleElement().satisfies(result -> {
            assertThat(result.jobId()).isEqualTo(registry.id());
            assertThat(result.outcome()).isEqualTo(JobState.PASSED);
        });
        assertThat(record.others().values()).extracting(PackageRecords.Result::jobId, PackageRecords.Result::kind)
                .containsExactlyInAnyOrder(tuple(upload.id(), PackageRecords.Kind.UPLOAD),
                        tuple(overridden.id(), PackageRecords.Kind.OVERRIDES));
    }

    @Test
    void aPackageKeepsOnlyItsLatestOtherRuns() {
        JobStore store = new JobStore(a);
        String name = "pkg-" + UUID.randomUUID();
        for (int i = 0; i < PackageRecords.OTHERS_KEPT + 5; i++) {
            Job upload = job(name, "0.0." + i, JobSource.TARBALL).build();
            store.create(upload);
            Instant at = Instant.parse("2026-01-01T00:00:00Z").plusSeconds(i);
            store.update(upload.id(), j -> j.finished(JobState.PASSED, "ok", 0, 0, at));
        }

        PackageRecords.Record record = store.packageRecord(name).orElseThrow();
        assertThat(record.results()).isEmpty();
        assertThat(record.others()).hasSize(PackageRecords.OTHERS_KEPT);
        assertThat(record.others().values()).extracting(PackageRecords.Result::version).doesNotContain("0.0.0", "0.0.4")
                .contains("0.0.5", "0.0." + (PackageRecords.OTHERS_KEPT + 4));
    }

    @Test
    void aVersionsRecordCountsItsRunsAndFlipsAndKeepsWhenItsFailureFirstAppeared() {
        JobStore store = new JobStore(a);
        String name = "pkg-" + UUID.randomUUID();
        Instant start = Instant.parse("2026-01-01T00:00:00Z");
        String[][] runs = {{"FAILED", "parses — Error: x"}, {"FAILED", "parses — Error: x"}, {"PASSED", null},
                {"FAILED", "parses — Error: x"}, {"FAILED", "parses — Error: y"}};
        for (int i = 0; i < runs.length; i++) {
            Job job = job(name, "1.0.0", JobSource.REGISTRY).build();
            store.create(job);
            Instant at = start.plusSeconds(i);
            String[] run = runs[i];
            store.update(job.id(), j -> j.finished(JobState.valueOf(run[0]), "ran", 0, 0, at).failingOn(run[1]));
            if (i == 1) {
                assertThat(store.packageRecord(name).orElseThrow().results().values()).singleElement()
                        .satisfies(result -> assertThat(result.failureSince()).isEqualTo(start));
            }
            if (i == 3) {
                assertThat(store.packageRecord(name).orElseThrow().results().values()).singleElement()
                        .satisfies(result -> assertThat(result.failureSince()).isEqualTo(start.plusSeconds(3)));
            }
        }

        PackageRecords.Result result = new JobStore(b).packageRecord(name).orElseThrow().results().values().iterator().next();
        assertThat(result.runs()).isEqualTo(5);
        assertThat(result.flips()).isEqualTo(2);
        assertThat(result.failure()).isEqualTo("parses — Error: y");
        assertThat(result.failureSince()).isEqualTo(start.plusSeconds(4));
    }

    private static Job queued() {
        return job("xtend", "4.0.2", JobSource.REGISTRY).requestedVersion("latest").build();
    }

    private static JobBuilder job(String name, String version, JobSource source) {
        return Job.queued(UUID.randomUUID().toString(), Instant.now()).packageName(name).requestedVersion(version)
                .version(version).node("20").network(NetworkPolicy.INSTALL_ONLY).source(source).maxAttempts(3);
    }

}
