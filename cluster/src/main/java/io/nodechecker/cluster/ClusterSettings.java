package io.nodechecker.cluster;

import io.smallrye.config.WithDefault;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * How a process joins the cluster: the {@code cluster} group of each app's configuration mapping
 * extends this, so the keys and their defaults are written once, here.
 */
public interface ClusterSettings {

    /** Members with the same name find each other; tests use their own. */
    @WithDefault("nodechecker")
    String name();

    /** The JGroups stack: {@code tcp} (one machine or a LAN, TCPPING) or {@code kubernetes} (DNS_PING). */
    @WithDefault("tcp")
    String stack();

    /** Address JGroups binds to and announces. */
    @WithDefault("127.0.0.1")
    String bindAddress();

    /** TCP port JGroups listens on; the next free one within {@link #portRange()} is taken. */
    @WithDefault("7800")
    int bindPort();

    /** How many ports above {@link #bindPort()} may be tried. */
    @WithDefault("20")
    int portRange();

    /**
     * Members to contact at start with the {@code tcp} stack, as TCPPING's {@code initial_hosts}:
     * {@code 127.0.0.1[7800],127.0.0.1[7801]}.
     */
    @WithDefault("127.0.0.1[7800],127.0.0.1[7801],127.0.0.1[7802],127.0.0.1[7803]")
    String initialHosts();

    /**
     * How long a starting member waits for the members it contacts to answer before it forms a cluster
     * of its own. A member whose initial hosts name only itself waits none: nobody else could answer.
     */
    @WithDefault("2000")
    long joinTimeoutMs();

    /** DNS name of the headless service that lists every member, for the {@code kubernetes} stack. */
    @WithDefault("nodechecker-cluster")
    String dnsQuery();

    /**
     * Shared secret of the cluster. When set, every message is encrypted with a key derived from it,
     * so a process without it can neither join, nor read, nor register a runner. Absent: no encryption.
     */
    Optional<String> secret();

    /** Directory where this member persists its copy of jobs, results and logs; memory only when absent. */
    Optional<Path> dataDir();

    /**
     * How long a member may be silent before it is suspected, in milliseconds. A process that dies
     * is noticed at once (its sockets close); this bounds the time to notice a host that vanished.
     */
    @WithDefault("6000")
    long failureTimeoutMs();

    /**
     * A runner whose registry heartbeat is older than this is lost: gateways give it no work and take its
     * jobs back, and other runners' janitors remove its containers. One setting, so they agree.
     */
    @WithDefault("10s")
    Duration runnerSilence();

    /** Where jobs, output, tarballs and batches are kept, and for how long. */
    Storage storage();

    /**
     * The stored data's shape: distributed over the storage members (gateways) with a fixed number of
     * owners, a bounded part of it in each member's heap and the rest on disk, expiring by age.
     */
    interface Storage {

        /** How many storage members keep a copy of each entry; losing fewer than this loses nothing. */
        @WithDefault("2")
        int owners();

        /** Job, batch and index entries a storage member keeps in heap; the rest is read from disk. */
        @WithDefault("10000")
        int heapEntries();

        /** Output chunks (at most {@link io.nodechecker.model.OutputChunk#MAX_CHARS} characters each) a storage member keeps in heap; the rest is read from disk. */
        @WithDefault("128")
        int heapOutputChunks();

        /** How long a job's log and uploaded tarball are kept after they were written. */
        @WithDefault("30d")
        Duration logs();

        /** How long a job's record is kept after its last change; its package's history outlives it. */
        @WithDefault("180d")
        Duration jobs();

        /** How often each member removes expired entries from heap and disk. */
        @WithDefault("1m")
        Duration expiryInterval();
    }
}
