package io.nodechecker.gateway.live;

import io.nodechecker.cluster.JobEventFilter;
import io.nodechecker.cluster.codec.Json;
import io.nodechecker.cluster.codec.OutputCodec;
import io.nodechecker.cluster.store.JobStore;
import io.nodechecker.cluster.store.OutputLog;
import io.nodechecker.model.Job;
import org.infinispan.notifications.Listener;
import org.infinispan.notifications.cachelistener.annotation.CacheEntryCreated;
import org.infinispan.notifications.cachelistener.annotation.CacheEntryModified;
import org.infinispan.notifications.cachelistener.event.CacheEntryEvent;

/**
 * The store stage of the live pipeline for one job: clustered listeners on the output log and the job
 * records, filtered to this job ({@link JobEventFilter}), so that the job's owners send this gateway that
 * job's writes and no member sends it the output of jobs nobody here watches. It decodes what they send
 * and hands it on to the job's {@link JobFanOut}. Public, as Infinispan wants listeners to be.
 */
public final class JobFeed {

    private final OutputLog output;
    private final JobStore jobs;
    private final JobFanOut fanOut;
    private final OutputListener outputListener = new OutputListener();
    private final RecordListener recordListener = new RecordListener();

    JobFeed(OutputLog output, JobStore jobs, JobFanOut fanOut) {
        this.output = output;
        this.jobs = jobs;
        this.fanOut = fanOut;
    }

    /** Starts listening to job {@code jobId}'s writes. */
    void start(String jobId) {
        JobEventFilter filter = new JobEventFilter(jobId);
        output.cache().addListener(outputListener, filter, null);
        jobs.cache().addListener(recordListener, filter, null);
    }

    void stop() {
        output.cache().removeListener(outputListener);
        jobs.cache().removeListener(recordListener);
    }

    @Listener(clustered = true, observation = Listener.Observation.POST)
    public final class OutputListener {
        @CacheEntryCreated
        public void created(CacheEntryEvent<String, byte[]> event) {
            String jobId = OutputLog.jobIdOf(event.getKey());
            fanOut.onChunk(OutputCodec.decode(jobId, OutputLog.seqOf(event.getKey()), event.getValue()));
        }
    }

    @Listener(clustered = true, observation = Listener.Observation.POST)
    public final class RecordListener {
        @CacheEntryCreated
        @CacheEntryModified
        public void changed(CacheEntryEvent<String, String> event) {
            fanOut.onJob(Json.read(event.getValue(), Job.class));
        }
    }
}
