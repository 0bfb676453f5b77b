package io.nodechecker.cluster;

import io.nodechecker.cluster.codec.Json;
import io.nodechecker.model.Job;
import io.nodechecker.model.JobSource;
import io.nodechecker.model.NetworkPolicy;
import io.nodechecker.model.JobState;
import org.infinispan.container.entries.CacheEntry;
import org.infinispan.container.entries.ImmortalCacheEntry;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class JobMergePolicyTest {

    private final JobMergePolicy policy = new JobMergePolicy();
    private final Job queued = Job.queued("j", Instant.now()).packageName("xtend").requestedVersion("latest")
            .version("4.0.2").node("20").network(NetworkPolicy.INSTALL_ONLY).source(JobSource.REGISTRY).maxAttempts(3).build();

    @Test
    void keepsTheResultThatEitherSideRecorded() {
        Job running = queued.dispatched("r1", Instant.now()).running(Instant.now());
        Job passed = running.finished(JobState.PASSED, "ok", 0, 10, Instant.now());

        CacheEntry<String, String> merged = policy.merge(entry(running), List.of(entry(passed)));

        assertThat(Json.read(merged.getValue(), Job.class).state()).isEqualTo(JobState.PASSED);
    }

    @Test
    void prefersTheLaterAttemptBetweenTwoRunningCopies() {
        Job first = queued.dispatched("r1", Instant.now()).running(Instant.now());
        Job second = first.requeued("lost").dispatched("r2", Instant.now()).running(Instant.now());

        CacheEntry<String, String> merged = policy.merge(entry(first), List.of(entry(second)));

        assertThat(Json.read(merged.getValue(), Job.class).runner()).isEqualTo("r2");
    }

    private static CacheEntry<String, String> entry(Job job) {
        return new ImmortalCacheEntry("j", Json.write(job));
    }
}
