package io.nodechecker.cluster;

/** The names of the cluster's caches. */
public final class Caches {

    /** Runner id → {@code RunnerInfo}: who can take work and how busy they are. Not persisted. */
    public static final String RUNNERS = "runners";
    /** Job id → {@code Job}. Persisted. */
    public static final String JOBS = "jobs";
    /** {@code jobId:seq} → {@code OutputChunk}. Persisted. */
    public static final String OUTPUT = "output";
    /** Job id → the uploaded package tarball, for jobs that test one. Persisted. */
    public static final String TARBALLS = "tarballs";

    /** Batch id → {@code Batch}. Persisted. */
    public static final String BATCHES = "batches";
    /** Webhook delivery fingerprint → when it arrived, so a redelivery queues nothing. Persisted, expires. */
    public static final String DELIVERIES = "deliveries";

    private Caches() {
    }
}
