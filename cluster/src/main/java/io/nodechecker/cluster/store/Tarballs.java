package io.nodechecker.cluster.store;

import io.nodechecker.cluster.Caches;
import io.nodechecker.cluster.ClusterNode;
import org.infinispan.Cache;

/** Package tarballs uploaded with jobs, kept until the job's record goes. */
public final class Tarballs {

    private final Cache<String, byte[]> tarballs;

    public Tarballs(ClusterNode node) {
        this.tarballs = node.cache(Caches.TARBALLS);
    }

    public void put(String jobId, byte[] tarball) {
        tarballs.put(jobId, tarball);
    }

    public byte[] get(String jobId) {
        return tarballs.get(jobId);
    }
}
