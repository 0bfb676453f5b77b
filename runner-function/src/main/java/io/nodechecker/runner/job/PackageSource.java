package io.nodechecker.runner.job;

import io.nodechecker.cluster.Tarballs;
import io.nodechecker.model.Job;
import io.nodechecker.model.JobSource;
import io.nodechecker.runner.config.RunnerConfig;
import io.nodechecker.runner.npm.RegistryTarballs;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Where a job's package tarball comes from: the cluster for an upload, the registry (checked against
 * its published integrity) for a published version. A download runs while the job's container starts.
 */
@ApplicationScoped
class PackageSource {

    private final Tarballs tarballs;
    private final RegistryTarballs registry;
    private final RunnerConfig config;
    private final ExecutorService downloads = Executors.newCachedThreadPool(r -> {
        Thread thread = new Thread(r, "package-download");
        thread.setDaemon(true);
        return thread;
    });

    PackageSource(Tarballs tarballs, RegistryTarballs registry, RunnerConfig config) {
        this.tarballs = tarballs;
        this.registry = registry;
        this.config = config;
    }

    @PreDestroy
    void stop() {
        downloads.shutdownNow();
    }

    /** The job's tarball: an upload at once, a published version once downloaded. */
    CompletableFuture<byte[]> tarball(Job job) {
        return job.source() == JobSource.TARBALL
                ? CompletableFuture.completedFuture(uploaded(job))
                : CompletableFuture.supplyAsync(() -> download(job), downloads);
    }

    private byte[] download(Job job) {
        try {
            return registry.fetch(job.packageName(), job.version(), config.limits().fetch());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RegistryTarballs.FetchFailed(false, "the download of " + job.spec() + " was interrupted");
        }
    }

    private byte[] uploaded(Job job) {
        byte[] tarball = tarballs.get(job.id());
        if (tarball == null) {
            throw new IllegalStateException("the uploaded tarball of job " + job.id() + " is not in the cluster");
        }
        return tarball;
    }
}
