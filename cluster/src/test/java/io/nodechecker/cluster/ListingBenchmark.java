package io.nodechecker.cluster;

import io.nodechecker.cluster.codec.Json;
import io.nodechecker.cluster.store.JobStore;
import io.nodechecker.model.Job;
import io.nodechecker.model.JobSource;
import io.nodechecker.model.JobState;
import io.nodechecker.model.NetworkPolicy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The newest jobs and a package's history with 100 and with 100,000 stored jobs, on two storage members
 * with their data on disk, against the replaced design's way of answering (read every stored job,
 * parse it, sort), measured in the same run. Not part of the test suite (its name is not *Test):
 * {@code ./mvnw -pl shared-model,cluster test -Dtest=ListingBenchmark -Dsurefire.failIfNoSpecifiedTests=false}.
 */
class ListingBenchmark {

    private static final int[] SIZES = {100, 100_000};
    private static final int ROUNDS = 20;
    private static final int SCAN_ROUNDS = 3;

    @TempDir
    Path data;

    @Test
    void measuresListingsAsTheStoreGrows() throws Exception {
        StringBuilder rows = new StringBuilder();
        for (int size : SIZES) {
            rows.append(measure(size, data.resolve("n" + size)));
        }
        String section = String.format(Locale.ROOT, """
                ### Recent jobs and a package's history with 100 and 100,000 stored jobs

                Two storage members in one JVM, data on disk, %d reads each (3 of a scan) after the jobs are stored; median
                time of `JobStore.recent(20)` (the creation counter) and of a package's history (one record),
                against the replaced design's answer to the same questions: read every stored job, parse it,
                sort. Run with `./mvnw -pl shared-model,cluster test -Dtest=ListingBenchmark
                -Dsurefire.failIfNoSpecifiedTests=false`.

                | stored jobs | newest 20 | a package's history | replaced: scan for newest 20 | replaced: scan for one package |
                |---|---|---|---|---|
                %s""", ROUNDS, rows);
        System.out.println(section);
        Path sections = Path.of("..", "bench", "sections");
        if (Files.isDirectory(sections)) {
            Files.writeString(sections.resolve("listing.md"), section);
        }
    }

    private static String measure(int size, Path dir) throws Exception {
        int portA = LoopbackPorts.free();
        int portB = LoopbackPorts.free();
        String hosts = "127.0.0.1[" + portA + "],127.0.0.1[" + portB + "]";
        String name = "listing-" + UUID.randomUUID();
        String secret = "listing-benchmark-0123456789abcdef0123456789";
        try (ClusterNode a = new ClusterNode(new TestSettings.Settings(name, portA, hosts, secret, dir.resolve("a"),
                TestSettings.Storage.DEFAULTS), "a", ClusterNode.Role.STORAGE);
             ClusterNode b = new ClusterNode(new TestSettings.Settings(name, portB, hosts, secret, dir.resolve("b"),
                     TestSettings.Storage.DEFAULTS), "b", ClusterNode.Role.STORAGE)) {
            JobStore jobs = new JobStore(a);
            // Stored from several threads: each write waits on the other member, so one thread would idle.
            java.util.concurrent.ExecutorService writers = java.util.concurrent.Executors.newFixedThreadPool(8);
            List<java.util.concurrent.Future<?>> written = new java.util.ArrayList<>();
            for (int i = 0; i < size; i++) {
                int n = i;
                written.add(writers.submit(() -> {
                    Job job = Job.queued(UUID.randomUUID().toString(), Instant.now()).packageName("pkg-" + (n % 1000))
                            .requestedVersion("latest").version("1.0." + (n / 1000)).node("20")
                            .network(NetworkPolicy.INSTALL_ONLY).source(JobSource.REGISTRY).maxAttempts(3).build();
                    jobs.create(job);
                    jobs.update(job.id(), j -> j.finished(JobState.PASSED, "ok", 0, 1, Instant.now()));
                }));
            }
            for (java.util.concurrent.Future<?> write : written) {
                write.get();
            }
            writers.shutdown();
            JobStore reader = new JobStore(b);
            assertThat(reader.recent(20)).hasSize(20);
            double recent = median(ROUNDS, () -> reader.recent(20));
            double history = median(ROUNDS, () -> reader.packageRecord("pkg-7").orElseThrow());
            double scanRecent = median(SCAN_ROUNDS, () -> reader.cache().values().stream()
                    .map(json -> Json.read(json, Job.class))
                    .sorted(Comparator.comparing(Job::createdAt).reversed()).limit(20).toList());
            double scanPackage = median(SCAN_ROUNDS, () -> reader.cache().values().stream()
                    .filter(json -> json.contains("\"package\":\"pkg-7\","))
                    .map(json -> Json.read(json, Job.class)).toList());
            return String.format(Locale.ROOT, "| %,d | %.2f ms | %.2f ms | %.1f ms | %.1f ms |%n",
                    size, recent, history, scanRecent, scanPackage);
        }
    }

    private static double median(int rounds, Runnable read) {
        double[] times = new double[rounds];
        for (int i = 0; i < rounds; i++) {
            long start = System.nanoTime();
            read.run();
            times[i] = (System.nanoTime() - start) / 1e6;
        }
        java.util.Arrays.sort(times);
        return times[rounds / 2];
    }

}
