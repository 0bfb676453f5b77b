package io.nodechecker.gateway.job;

import io.nodechecker.cluster.registry.RunnerRegistry;
import io.nodechecker.gateway.config.GatewayConfig;
import io.nodechecker.model.BatchEntry;
import io.nodechecker.model.JobRequest;
import io.nodechecker.model.NetworkPolicy;
import io.nodechecker.model.Overrides;
import io.nodechecker.model.Problem.FieldError;
import io.nodechecker.model.RunnerInfo;
import io.nodechecker.model.constraint.NodeMajor;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Path;
import jakarta.validation.Validator;

import java.util.Comparator;
import java.util.List;
import java.util.Set;

/**
 * What a job asks for, checked in two steps whose problems are reported together: its shape, by the
 * constraints on its record ({@link JobRequest}, {@link BatchEntry}: Hibernate Validator), and what depends on
 * this gateway: its test time limit, its network cap, and the Node versions its runners offer.
 */
@ApplicationScoped
public class JobChecks {

    private final GatewayConfig config;
    private final RunnerRegistry runners;
    private final Validator validator;

    JobChecks(GatewayConfig config, RunnerRegistry runners, Validator validator) {
        this.config = config;
        this.runners = runners;
        this.validator = validator;
    }

    /** Adds the problems of {@code request} to {@code errors}; the Node versions are checked by the caller. */
    public void checkRequest(JobRequest request, List<FieldError> errors) {
        add(errors, "", validator.validate(request));
        checkTimeout(errors, "timeoutSeconds", request.timeoutSeconds());
        checkNetwork(errors, request.network());
    }

    /**
     * Adds the problems of the form fields of an upload to {@code errors}, held to the same constraints as the
     * same fields of a {@link JobRequest}.
     */
    public void checkUploadFields(List<String> nodes, Integer timeoutSeconds, String network, List<FieldError> errors) {
        add(errors, "", validator.validateValue(JobRequest.class, "node", nodes));
        add(errors, "", validator.validateValue(JobRequest.class, "timeoutSeconds", timeoutSeconds));
        add(errors, "", validator.validateValue(JobRequest.class, "network", network));
        checkTimeout(errors, "timeoutSeconds", timeoutSeconds);
        checkNetwork(errors, network);
    }

    /** Adds the problems of a batch entry to {@code errors}, each field prefixed with {@code field}. */
    public Overrides checkEntry(String field, BatchEntry entry, List<FieldError> errors) {
        add(errors, field + ".", validator.validate(entry));
        checkTimeout(errors, field + ".timeoutSeconds", entry.timeoutSeconds());
        checkOffered(errors, field + ".node", entry.node() == null ? config.nodeForJobs() : entry.node());
        return OverridesCheck.check(field, entry.script(), entry.env(), entry.installArgs(), errors);
    }

    /** Checks that {@code node} is a Node major some runner offers; one of the wrong shape is left to its constraint. */
    public void checkOffered(List<FieldError> errors, String field, String node) {
        if (!node.matches(NodeMajor.PATTERN)) {
            return;
        }
        List<RunnerInfo> known = runners.all();
        // A runner that is not ready now (its engine is down) still counts: the job waits for it.
        if (!known.isEmpty() && known.stream().noneMatch(r -> r.nodeVersions().contains(node))) {
            errors.add(new FieldError(field, "no runner offers Node " + node + "; offered: "
                    + known.stream().flatMap(r -> r.nodeVersions().stream()).distinct().sorted().toList()));
        }
    }

    /** Checks the shape of {@code node} and then that a runner offers it. */
    public void checkNode(List<FieldError> errors, String node) {
        add(errors, "", validator.validateValue(BatchEntry.class, "node", node));
        checkOffered(errors, "node", node);
    }

    /** The widest network a job may have here. */
    public NetworkPolicy cap() {
        NetworkPolicy cap = NetworkPolicy.parse(config.maxNetwork());
        if (cap == null) {
            throw new IllegalStateException("nodechecker.gateway.max-network must be none, install-only or full");
        }
        return cap;
    }

    /** The network a checked request asked for, or the default under this gateway's cap. */
    public NetworkPolicy network(String requested) {
        return requested == null ? NetworkPolicy.INSTALL_ONLY.atMost(cap()) : NetworkPolicy.parse(requested);
    }

    private void checkTimeout(List<FieldError> errors, String field, Integer timeoutSeconds) {
        if (timeoutSeconds != null && timeoutSeconds > config.maxTimeoutSeconds()) {
            errors.add(new FieldError(field, "must be at most " + config.maxTimeoutSeconds()));
        }
    }

    private void checkNetwork(List<FieldError> errors, String requested) {
        NetworkPolicy asked = NetworkPolicy.parse(requested);
        if (asked != null && asked.compareTo(cap()) > 0) {
            errors.add(new FieldError("network", "this gateway allows at most " + cap().wireName()));
        }
    }

    /** Each violation as the field a client wrote (its JSON name, without list indexes) and the message. */
    private static <T> void add(List<FieldError> errors, String prefix, Set<ConstraintViolation<T>> violations) {
        violations.stream()
                .map(v -> new FieldError(prefix + field(v.getPropertyPath()), v.getMessage()))
                .sorted(Comparator.comparing(FieldError::field).thenComparing(FieldError::message))
                .forEach(errors::add);
    }

    private static String field(Path path) {
        for (Path.Node node : path) {
            if (node.getName() != null) {
                return node.getName();
            }
        }
        return "";
    }
}
