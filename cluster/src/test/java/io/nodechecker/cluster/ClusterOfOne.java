package io.nodechecker.cluster;

import java.util.UUID;

/** A real storage member alone in a cluster of its own, on a free loopback port, data in memory: for tests. */
public final class ClusterOfOne {

    private ClusterOfOne() {
    }

    /** A started member; the caller closes it. */
    public static ClusterNode start() {
        int port = LoopbackPorts.free();
        return new ClusterNode(new JobStoreTest.Settings("alone-" + UUID.randomUUID(), port, "127.0.0.1[" + port + "]",
                "cluster-of-one-0123456789abcdef0123456789", null, JobStoreTest.Storage.DEFAULTS), "solo",
                ClusterNode.Role.STORAGE);
    }
}
