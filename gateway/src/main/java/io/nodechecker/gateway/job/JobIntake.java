package io.nodechecker.gateway.job;

import io.nodechecker.cluster.trace.JobLogContext;
import io.nodechecker.cluster.trace.JobTraces;
import io.nodechecker.model.JobTrace;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.Tracer;
import io.nodechecker.cluster.store.JobStore;
import io.nodechecker.cluster.manifest.PackageManifest;
import io.nodechecker.cluster.store.Tarballs;
import io.nodechecker.gateway.problem.ApiException;
import io.nodechecker.gateway.config.GatewayConfig;
import io.nodechecker.gateway.dispatch.Dispatcher;
import io.nodechecker.gateway.npm.NpmRegistry;
import io.nodechecker.model.Job;
import io.nodechecker.model.JobBuilder;
import io.nodechecker.model.JobRequest;
import io.nodechecker.model.BatchEntry;
import io.nodechecker.model.CodeChoice;
import io.nodechecker.model.JobSource;
import io.nodechecker.model.Lane;
import io.nodechecker.model.NetworkPolicy;
import io.nodechecker.model.Overrides;
import io.nodechecker.model.constraint.PackageNames;
import io.nodechecker.model.Problem.FieldError;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/**
 * Turns a request into a queued job: every field checked ({@link JobChecks}; all problems reported at once),
 * the version resolved against the registry, and nothing stored unless all of that passed.
 */
@ApplicationScoped
public class JobIntake {

    private static final Logger LOG = Logger.getLogger(JobIntake.class);

    private final GatewayConfig config;
    private final NpmRegistry npm;
    private final JobStore jobs;
    private final Tarballs tarballs;
    private final JobChecks checks;
    private final Dispatcher dispatcher;
    private final Tracer tracer;

    JobIntake(GatewayConfig config, NpmRegistry npm, JobStore jobs, Tarballs tarballs,
              JobChecks checks, Dispatcher dispatcher, Tracer tracer) {
        this.tracer = tracer;
        this.config = config;
        this.npm = npm;
        this.jobs = jobs;
        this.tarballs = tarballs;
        this.checks = checks;
        this.dispatcher = dispatcher;
    }

    /** One job, or one per Node version when several are asked for (grouped). */
    public List<Job> submit(JobRequest request, String owner) {
        if (request == null) {
            throw new ApiException(400, "Invalid job request", "the body must be a JSON object with at least \"package\"");
        }
        List<FieldError> errors = new ArrayList<>();
        checks.checkRequest(request, errors);
        List<String> nodes = request.node() == null || request.node().isEmpty()
                ? List.of(config.nodeForJobs()) : request.node();
        nodes.forEach(node -> checks.checkOffered(errors, "node", node));
        if (!errors.isEmpty()) {
            throw ApiException.invalid(errors);
        }
        String name = request.packageName();
        String version = request.version() == null ? "latest" : request.version();
        String exact = npm.resolve(name, version);
        String group = nodes.size() > 1 ? newId() : null;
        NetworkPolicy network = checks.network(request.network());
        return nodes.stream().distinct().map(node -> enqueue(queued(name, version, exact, node)
                .network(network).source(JobSource.REGISTRY).requestedCode(CodeChoice.of(request.code()))
                .timeoutSeconds(request.timeoutSeconds()).group(group).owner(owner).build(), null))
                .toList();
    }

    /** The exact version a checked batch entry stands for; 404 when there is none. */
    public String resolve(BatchEntry entry) {
        return npm.resolve(entry.packageName(), entry.version() == null ? "latest" : entry.version());
    }

    /** Queues a checked and resolved batch entry as a job of {@code group}. */
    public Job submitEntry(BatchEntry entry, String exact, Overrides overrides, String group, String owner) {
        String version = entry.version() == null ? "latest" : entry.version();
        String node = entry.node() == null ? config.nodeForJobs() : entry.node();
        return enqueue(queued(entry.packageName(), version, exact, node)
                .network(NetworkPolicy.INSTALL_ONLY.atMost(checks.cap())).source(JobSource.REGISTRY)
                .requestedCode(CodeChoice.of(entry.code())).codeHints(entry.codeHints())
                .timeoutSeconds(entry.timeoutSeconds()).overrides(overrides).group(group).owner(owner).lane(Lane.BATCH).build(),
                null);
    }

    /**
     * Queues {@code earlier} again as a new job of {@code owner}: the same exact version (or the same
     * uploaded tarball, while it is kept), Node, network, test limit and overrides.
     */
    public Job rerun(Job earlier, String owner) {
        List<FieldError> errors = new ArrayList<>();
        checks.checkOffered(errors, "node", earlier.node());
        if (!errors.isEmpty()) {
            throw ApiException.invalid(errors);
        }
        byte[] tarball = null;
        if (earlier.source() == JobSource.TARBALL) {
            tarball = tarballs.get(earlier.id());
            if (tarball == null) {
                throw new ApiException(410, "Tarball expired", "the tarball uploaded for job " + earlier.id()
                        + " is no longer kept (storage.logs); upload it again");
            }
        }
        return enqueue(queued(earlier.packageName(), earlier.requestedVersion(), earlier.version(), earlier.node())
                .network(earlier.network().atMost(checks.cap())).source(earlier.source()).requestedCode(earlier.requestedCode())
                .codeHints(earlier.codeHints())
                .timeoutSeconds(earlier.timeoutSeconds()).overrides(earlier.effectiveOverrides()).owner(owner).build(),
                tarball);
    }

    /** A new job with a fresh id, testing {@code name} at {@code exact} (asked for as {@code requested}). */
    private JobBuilder queued(String name, String requested, String exact, String node) {
        return Job.queued(newId(), Instant.now()).packageName(name).requestedVersion(requested).version(exact)
                .node(node).maxAttempts(maxAttempts());
    }

    /** Queues the published version of a package on one Node version, as a hook asks. */
    public Job submitPublished(String name, String version, String node, String group) {
        return enqueue(queued(name, version, version, node).network(NetworkPolicy.INSTALL_ONLY.atMost(checks.cap()))
                .source(JobSource.REGISTRY).group(group).lane(Lane.BATCH).build(), null);
    }

    /**
     * Queues an uploaded tarball on one Node version, or on each of several given as {@code 22,26}
     * (one job each, grouped, every job with its own copy of the tarball).
     */
    public List<Job> submitTarball(byte[] tarball, String nodeField, Integer timeoutSeconds, String networkField,
                                   String codeField, String owner) {
        List<FieldError> errors = new ArrayList<>();
        if (tarball == null || tarball.length == 0) {
            errors.add(new FieldError("tarball", "a non-empty file part named tarball is required"));
        } else if (tarball.length > config.maxTarballBytes()) {
            errors.add(new FieldError("tarball", "larger than " + config.maxTarballBytes() + " bytes"));
        }
        List<String> nodes = nodeField == null ? List.of(config.nodeForJobs())
                : Arrays.stream(nodeField.split(",", -1)).map(String::trim).distinct().toList();
        checks.checkUploadFields(nodes, timeoutSeconds, networkField, errors);
        if (codeField != null && !codeField.equals("auto") && !codeField.equals("tarball")) {
            errors.add(new FieldError("code", "an uploaded package is tested as uploaded: code must be auto or tarball"));
        }
        nodes.forEach(node -> checks.checkOffered(errors, "node", node));
        if (!errors.isEmpty()) {
            throw ApiException.invalid(errors);
        }
        PackageManifest manifest;
        try {
            manifest = PackageManifest.read(tarball);
        } catch (PackageManifest.Invalid e) {
            throw new ApiException(400, "Invalid package tarball", e.getMessage());
        }
        String nameProblem = PackageNames.nameProblem(manifest.name());
        if (nameProblem != null) {
            errors.add(new FieldError("tarball", "package.json name: " + nameProblem));
        }
        if (!PackageNames.isExactVersion(manifest.version())) {
            errors.add(new FieldError("tarball", "package.json version must be an exact semver version"));
        }
        if (!errors.isEmpty()) {
            throw ApiException.invalid(errors);
        }
        String group = nodes.size() > 1 ? newId() : null;
        NetworkPolicy network = checks.network(networkField);
        return nodes.stream().map(node -> enqueue(queued(manifest.name(), manifest.version(), manifest.version(), node)
                .network(network).source(JobSource.TARBALL).requestedCode(CodeChoice.TARBALL).timeoutSeconds(timeoutSeconds)
                .group(group).owner(owner)
                .build(), tarball)).toList();
    }

    private Job enqueue(Job untraced, byte[] tarball) {
        Job job = untraced.withTrace(queueSpan(untraced));
        try (JobLogContext ignored = JobLogContext.of(job.id())) {
            if (tarball != null) {
                tarballs.put(job.id(), tarball);
            }
            jobs.create(job);
            LOG.infof("job %s queued: %s@%s on Node %s (%s)", job.id(), job.packageName(), job.version(), job.node(),
                    job.source() == JobSource.TARBALL ? "uploaded" : "from the registry");
            dispatcher.kick();
            return job;
        }
    }

    /**
     * A span for the job's queuing, a child of the request's (or of a hook's, a watch poll's) when there is
     * one: every later span of the job descends from it, and the job keeps its trace id.
     */
    private JobTrace queueSpan(Job job) {
        Span span = tracer.spanBuilder("nodechecker.queue")
                .setAttribute("nodechecker.job.id", job.id())
                .setAttribute("nodechecker.package", job.spec())
                .setAttribute("nodechecker.node", job.node())
                .startSpan();
        try {
            return JobTraces.of(span.getSpanContext());
        } finally {
            span.end();
        }
    }

    private int maxAttempts() {
        return 1 + config.dispatch().maxRetries();
    }

    private static String newId() {
        return UUID.randomUUID().toString();
    }
}
