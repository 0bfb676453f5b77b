package io.nodechecker.runner.job;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.nodechecker.cluster.store.Tarballs;
import io.nodechecker.model.Code;
import io.nodechecker.model.CodeHints;
import io.nodechecker.model.Job;
import io.nodechecker.model.JobSource;
import io.nodechecker.runner.config.RunnerConfig;
import io.nodechecker.runner.npm.RegistryTarballs;
import io.nodechecker.runner.source.FolderTarball;
import io.nodechecker.runner.source.RepositoryCheckout;
import io.nodechecker.runner.source.RepositoryUrl;
import io.nodechecker.runner.source.SourceRewrites;
import io.nodechecker.runner.source.TestFiles;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;

/**
 * Where a job's code comes from: the cluster for an upload; for a published version, the registry's
 * tarball (checked against its published integrity) or the package's repository at the version's commit,
 * as the job's {@code code} asks. {@code auto} takes the tarball when it carries test files and the
 * repository otherwise, back to the tarball with the reason said when the repository cannot be had.
 * Everything is fetched by the runner while the job's container starts; the container only unpacks it.
 */
@ApplicationScoped
class PackageSource {

    private final Tarballs tarballs;
    private final RegistryTarballs registry;
    private final RunnerConfig config;
    private final RepositoryCheckout repositories;
    private final ExecutorService downloads = Executors.newCachedThreadPool(r -> {
        Thread thread = new Thread(r, "package-download");
        thread.setDaemon(true);
        return thread;
    });

    PackageSource(Tarballs tarballs, RegistryTarballs registry, RunnerConfig config) {
        this.tarballs = tarballs;
        this.registry = registry;
        this.config = config;
        this.repositories = new RepositoryCheckout(SourceRewrites.of(config.source().rewrites().orElse(List.of())),
                config.limits().fetch(), config.limits().repositoryMb() * 1024 * 1024);
    }

    @PreDestroy
    void stop() {
        downloads.shutdownNow();
    }

    /** The job's code: an upload at once, a published version once fetched. */
    CompletableFuture<Fetched> fetch(Job job) {
        return job.source() == JobSource.TARBALL
                ? CompletableFuture.completedFuture(new Fetched(uploaded(job), Code.tarball(null), List.of()))
                : CompletableFuture.supplyAsync(() -> published(job), downloads);
    }

    private Fetched published(Job job) {
        try {
            RegistryTarballs.Published published = registry.fetch(job.packageName(), job.version(), config.limits().fetch());
            Code tarball = Code.tarball(published.integrity());
            String fetched = String.format(Locale.ROOT, "fetched %s from %s: %.1f kB, checksum matches the registry's",
                    job.spec(), config.npm().registry(), published.tarball().length / 1000.0);
            return switch (job.codeChoice()) {
                case TARBALL -> new Fetched(published.tarball(), tarball, List.of(fetched, "testing the registry's tarball, as asked"));
                case REPOSITORY -> repository(job, published.manifest(), List.of(fetched)).orElseThrow(failure ->
                        new RegistryTarballs.FetchFailed(true, failure));
                case AUTO -> auto(job, published, tarball, fetched);
            };
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RegistryTarballs.FetchFailed(false, "the download of " + job.spec() + " was interrupted");
        }
    }

    private Fetched auto(Job job, RegistryTarballs.Published published, Code tarball, String fetched) throws InterruptedException {
        Optional<String> testFile = TestFiles.first(published.tarball());
        if (testFile.isPresent()) {
            return new Fetched(published.tarball(), tarball, List.of(fetched,
                    "testing the registry's tarball: it carries its tests (" + testFile.get() + ")"));
        }
        Outcome<Fetched> repository = repository(job, published.manifest(), List.of(fetched,
                "the tarball carries no test files, so the repository is tested"));
        return repository.orElseGet(failure -> new Fetched(published.tarball(), tarball, List.of(fetched,
                "the tarball carries no test files, and its repository cannot be tested: " + failure
                        + "; testing the tarball")));
    }

    /** The repository at the version's commit, or why it cannot be had. */
    private Outcome<Fetched> repository(Job job, JsonNode manifest, List<String> before) throws InterruptedException {
        CodeHints hints = job.codeHints() == null ? new CodeHints(null, null, false, null) : job.codeHints();
        JsonNode named = hints.repository() != null ? TextNode.valueOf(hints.repository()) : manifest.get("repository");
        Optional<RepositoryUrl> url = RepositoryUrl.of(named);
        if (url.isEmpty()) {
            return Outcome.failed(job.spec() + " names no repository git can fetch ("
                    + (hints.repository() != null ? "the lookup's repo: " : "package.json's repository: ")
                    + (named == null ? "none" : named.toString()) + ")");
        }
        Path folder;
        try {
            folder = Files.createTempDirectory("nodechecker-repository-");
        } catch (IOException e) {
            throw new IllegalStateException("no temporary folder for a repository: " + e.getMessage(), e);
        }
        try {
            String gitHead = hints.ignoreGitHead() ? null : manifest.path("gitHead").asText(null);
            RepositoryCheckout.CheckedOut checkedOut = repositories.checkout(new RepositoryCheckout.Wanted(job.packageName(),
                    job.version(), url.get(), gitHead, hints.tagPrefix()), folder);
            Code code = checkedOut.code();
            List<String> notes = new ArrayList<>(before);
            notes.add("testing the repository " + code.repository() + " at " + (code.ref() == null ? "gitHead" : code.ref())
                    + " (commit " + code.commit() + ")" + (code.directory() == null ? "" : ", package in " + code.directory()));
            return Outcome.of(new Fetched(FolderTarball.of(folder), code, List.copyOf(notes)));
        } catch (RepositoryCheckout.Failed e) {
            return Outcome.failed(e.getMessage());
        } catch (IOException e) {
            return Outcome.failed("the checkout of " + url.get().url() + " could not be packed: " + e.getMessage());
        } finally {
            RepositoryCheckout.remove(folder);
        }
    }

    private byte[] uploaded(Job job) {
        byte[] tarball = tarballs.get(job.id());
        if (tarball == null) {
            throw new IllegalStateException("the uploaded tarball of job " + job.id() + " is not in the cluster");
        }
        return tarball;
    }

    /** A value, or the sentence that says why there is none. */
    private record Outcome<T>(T value, String failure) {

        static <T> Outcome<T> of(T value) {
            return new Outcome<>(value, null);
        }

        static <T> Outcome<T> failed(String why) {
            return new Outcome<>(null, why);
        }

        <X extends RuntimeException> T orElseThrow(Function<String, X> error) {
            if (value == null) {
                throw error.apply(failure);
            }
            return value;
        }

        T orElseGet(Function<String, T> other) {
            return value != null ? value : other.apply(failure);
        }
    }
}
