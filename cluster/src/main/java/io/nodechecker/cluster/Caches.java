package io.nodechecker.cluster;


import io.nodechecker.cluster.codec.OutputCodec;
import io.nodechecker.cluster.store.ExperimentStore;
import io.nodechecker.cluster.store.FollowState;
import io.nodechecker.cluster.store.RecentJobs;
/**
 * The names of the cluster's caches. The runner registry is replicated to every member; everything
 * else is distributed over the storage members only (see {@link ClusterNode.Role}).
 */
public final class Caches {

    /** Runner id → {@code RunnerInfo}: who can take work and how busy they are. Replicated, not persisted. */
    public static final String RUNNERS = "runners";
    /** Job id → {@code Job}. Expires {@code storage.jobs} after its last change. */
    public static final String JOBS = "jobs";
    /** {@code jobId:seq} → an encoded {@code OutputChunk} ({@link OutputCodec}). Expires after {@code storage.logs}. */
    public static final String OUTPUT = "output";
    /** Job id → the uploaded package tarball, for jobs that test one. Expires after {@code storage.logs}. */
    public static final String TARBALLS = "tarballs";
    /** Batch id → {@code Batch}. Expires {@code storage.jobs} after its last change. */
    public static final String BATCHES = "batches";
    /** Webhook delivery fingerprint → when it arrived, so a redelivery queues nothing. Expires after a week. */
    public static final String DELIVERIES = "deliveries";
    /** Job id → its creation time, for every job without a result yet: the queue and the jobs runners hold. */
    public static final String OPEN_JOBS = "open-jobs";
    /** Creation number → job id, and the newest number under {@link RecentJobs#HEAD}: the recent-jobs list. */
    public static final String RECENT_JOBS = "recent-jobs";
    /** Package name → its history: the latest result of each version on each Node. Never expires. */
    public static final String PACKAGES = "packages";
    /** Batch id of every batch still running, retrying or with its completion callback to send. */
    public static final String OPEN_BATCHES = "open-batches";
    /** Batch name → the id of its latest run, the baseline of the next run's comparison. Expires like batches. */
    public static final String BATCH_NAMES = "batch-names";
    /** Experiment id → {@code Experiment}, and the newest ids under {@link ExperimentStore#RECENT}. Expires like batches. */
    public static final String EXPERIMENTS = "experiments";

    /** Package name → the {@code Watch} of a followed package: versions known, ETag, poll counts. Never expires. */
    public static final String WATCHES = "watches";
    /** The publish follower's lease ({@link FollowState#LEASE}) and the replication feed's checkpoint. Never expires. */
    public static final String FOLLOW = "follow";

    /** Rate-limit key (a token's fingerprint, a client address) → its Bucket4j bucket. In memory, idle ones dropped. */
    public static final String RATE_LIMITS = "rate-limits";

    /** Signal name → when it was given: cluster-wide instructions such as {@link StorageShutdown}. Replicated, not persisted. */
    public static final String SIGNALS = "signals";

    /** The caches a storage member keeps on disk. */
    static final String[] STORED = {JOBS, OUTPUT, TARBALLS, BATCHES, DELIVERIES, OPEN_JOBS, RECENT_JOBS, PACKAGES,
            OPEN_BATCHES, BATCH_NAMES, EXPERIMENTS, WATCHES, FOLLOW};

    private Caches() {
    }
}
