package io.nodechecker.gateway.batch;

import com.fasterxml.jackson.databind.JsonNode;
import io.nodechecker.cluster.store.BatchStore;
import io.nodechecker.cluster.store.JobStore;
import io.nodechecker.cluster.registry.RunnerRegistry;
import io.nodechecker.gateway.problem.ApiException;
import io.nodechecker.gateway.config.GatewayConfig;
import io.nodechecker.gateway.job.JobChecks;
import io.nodechecker.gateway.job.JobIntake;
import io.nodechecker.model.Batch;
import io.nodechecker.model.BatchEntry;
import io.nodechecker.model.BatchRequest;
import io.nodechecker.model.Job;
import io.nodechecker.model.Overrides;
import io.nodechecker.model.Problem.FieldError;
import jakarta.enterprise.context.ApplicationScoped;

import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Creates batches — every entry checked before any job is queued, so that a refused batch leaves nothing
 * behind — and tells where they stand. What an entry may be is {@code JobChecks}', how it is reported is
 * {@code BatchView}'s.
 */
@ApplicationScoped
public class Batches {

    private static final int MAX_NODES = 10;
    static final int MAX_RETRIES = 5;
    private static final Pattern NAME = Pattern.compile("^[A-Za-z0-9._/@:-]{1,100}$");

    private final JobIntake intake;
    private final JobChecks checks;
    private final BatchStore batches;
    private final JobStore jobs;
    private final GatewayConfig config;
    private final CallbackTargets callbackTargets;
    private final RunnerRegistry runners;

    Batches(JobIntake intake, JobChecks checks, BatchStore batches, JobStore jobs, GatewayConfig config, CallbackTargets callbackTargets,
            RunnerRegistry runners) {
        this.runners = runners;
        this.callbackTargets = callbackTargets;
        this.intake = intake;
        this.checks = checks;
        this.batches = batches;
        this.jobs = jobs;
        this.config = config;
    }

    public BatchView create(BatchRequest request, String owner) {
        return create(request, List.of(), owner);
    }

    /**
     * A batch of CITGM's {@code lookup.json}: every module left by the tag filters, on each Node of
     * {@code options.node()} (default the jobs' default), with its conditions decided for that Node's
     * release as the runners' images report it.
     */
    public BatchView createFromLookup(JsonNode lookup, BatchRequest options, List<String> includeTags,
                                      List<String> excludeTags, String owner) {
        return createFromLookup(lookup, options, includeTags, excludeTags, owner, 0);
    }

    /** {@link #createFromLookup} where a difference between the two Node versions runs {@code confirm} more times. */
    public BatchView createFromLookup(JsonNode lookup, BatchRequest options, List<String> includeTags,
                                      List<String> excludeTags, String owner, int confirm) {
        List<String> nodes = options.node() == null || options.node().isEmpty()
                ? List.of(config.nodeForJobs()) : options.node().stream().distinct().toList();
        refuseLarge(nodes.size(), (long) CitgmLookup.selected(lookup, includeTags, excludeTags) * nodes.size(), "modules");
        Map<String, String> releases = new HashMap<>();
        runners.all().forEach(runner -> {
            if (runner.nodeReleases() != null) {
                runner.nodeReleases().forEach(releases::putIfAbsent);
            }
        });
        CitgmLookup.Converted converted = CitgmLookup.convert(lookup, nodes, includeTags, excludeTags, releases,
                config.maxTimeoutSeconds());
        List<String> notes = new ArrayList<>(converted.notes());
        nodes.stream().filter(node -> !releases.containsKey(node)).forEach(node -> notes.add("no runner said which"
                + " release its Node " + node + " image is: conditions were matched against " + node + ".0.0"));
        return create(new BatchRequest(converted.entries(), options.callback(), nodes, options.retries(),
                options.compare(), options.name()), notes, owner, confirm);
    }

    /**
     * Refuses a batch by its size before any of its entries is made: more than 10 Node versions, or more
     * entries (each package on each Node version) than {@code batches.max-packages}.
     */
    private void refuseLarge(int nodes, long entries, String what) {
        List<FieldError> errors = new ArrayList<>();
        if (nodes > MAX_NODES) {
            errors.add(new FieldError("node", "at most " + MAX_NODES + " Node versions, not " + nodes));
        }
        if (entries > config.batches().maxPackages()) {
            errors.add(new FieldError(what, "at most " + config.batches().maxPackages() + " " + what
                    + " (each Node version counts; batches.max-packages), not " + entries));
        }
        if (!errors.isEmpty()) {
            throw ApiException.invalid(errors);
        }
    }

    /**
     * Checks every entry, then queues a job for each one that is not skipped.
     *
     * @param notes what was said about the batch while it was made (a lookup table's conversion)
     */
    public BatchView create(BatchRequest request, List<String> notes, String owner) {
        return create(request, notes, owner, 0);
    }

    /**
     * {@link #create(BatchRequest, List, String)} where, comparing two Node versions, a package that passes on
     * one and fails on the other runs {@code confirm} more times on the failing one before the difference counts.
     */
    public BatchView create(BatchRequest request, List<String> notes, String owner, int confirm) {
        if (request == null || request.packages() == null || request.packages().isEmpty()) {
            throw new ApiException(400, "Invalid batch", "packages must list at least one package");
        }
        List<FieldError> errors = new ArrayList<>();
        List<String> nodes = request.node() == null || request.node().isEmpty()
                ? List.of(config.nodeForJobs()) : request.node().stream().distinct().toList();
        refuseLarge(nodes.size(), request.packages().stream()
                .mapToLong(entry -> entry != null && entry.node() != null ? 1 : nodes.size()).sum(), "packages");
        nodes.forEach(node -> checks.checkNode(errors, node));
        int retries = request.retries() == null ? 0 : request.retries();
        if (retries < 0 || retries > MAX_RETRIES) {
            errors.add(new FieldError("retries", "must be between 0 and " + MAX_RETRIES));
        }
        if (request.name() != null && !NAME.matcher(request.name()).matches()) {
            errors.add(new FieldError("name", "must be 1 to 100 letters, digits and . _ - / @ :"));
        }
        if (request.callback() != null && !isHttpUrl(request.callback())) {
            errors.add(new FieldError("callback", "must be an absolute http or https URL"));
        } else if (request.callback() != null) {
            // An address written in the URL is judged now; a name is judged when it is resolved, at send time.
            callbackTargets.refusalOfLiteral(URI.create(request.callback()))
                    .ifPresent(why -> errors.add(new FieldError("callback", why)));
        }
        Batch.Comparison comparison = comparison(request, nodes, errors, confirm);
        List<BatchEntry> entries = new ArrayList<>();
        List<Overrides> overrides = new ArrayList<>();
        for (int i = 0; i < request.packages().size(); i++) {
            BatchEntry entry = request.packages().get(i);
            if (entry == null) {
                errors.add(new FieldError("packages[" + i + "]", "must be an object"));
                continue;
            }
            Overrides checked = checks.checkEntry("packages[" + i + "]", entry, errors);
            if (entry.retries() != null && (entry.retries() < 0 || entry.retries() > MAX_RETRIES)) {
                errors.add(new FieldError("packages[" + i + "].retries", "must be between 0 and " + MAX_RETRIES));
            }
            for (BatchEntry onNode : entry.node() != null ? List.of(entry) : nodes.stream().map(entry::onNode).toList()) {
                entries.add(onNode.withRetries(retriesOf(onNode, retries)));
                overrides.add(checked);
            }
        }
        if (!errors.isEmpty()) {
            throw ApiException.invalid(errors);
        }
        // One lookup per package and version, however many Node versions test it.
        Map<String, String> exact = new HashMap<>();
        List<String> versions = new ArrayList<>();
        for (BatchEntry entry : entries) {
            versions.add(entry.skipped() ? null : exact.computeIfAbsent(entry.packageName() + "@" + entry.version(),
                    key -> intake.resolve(entry)));
        }
        String id = UUID.randomUUID().toString();
        List<String> said = new ArrayList<>(notes);
        if (comparison == null && request.name() != null && "previous".equals(compareMode(request, nodes))) {
            said.add("no earlier run named " + request.name() + " to compare with: this run is the baseline of the next");
        }
        List<Batch.Item> items = new ArrayList<>();
        for (int i = 0; i < entries.size(); i++) {
            BatchEntry entry = entries.get(i);
            Job job = entry.skipped() ? null : intake.submitEntry(entry, versions.get(i), overrides.get(i), id, owner);
            items.add(new Batch.Item(entry, job == null ? null : job.id()));
        }
        Batch batch = new Batch(id, items, request.callback(),
                request.callback() == null ? Batch.CallbackState.NONE : Batch.CallbackState.PENDING, 0, Instant.now(),
                null, null, request.name(), comparison, retries, List.copyOf(said));
        batches.create(batch);
        return view(batch);
    }

    /**
     * How often an entry is rerun after a failure: as it says; never when a failure is expected; a
     * flaky one at least {@code batches.flaky-retries} times; otherwise as the batch says.
     */
    private int retriesOf(BatchEntry entry, int batchRetries) {
        if (entry.retries() != null) {
            return entry.retries();
        }
        if (entry.failureExpected()) {
            return 0;
        }
        return entry.isFlaky() ? Math.max(batchRetries, config.batches().flakyRetries()) : batchRetries;
    }

    private static String compareMode(BatchRequest request, List<String> nodes) {
        String compare = request.compare();
        if (compare == null || compare.equals("false")) {
            return null;
        }
        if (compare.equals("true")) {
            return nodes.size() == 2 ? "node" : "previous";
        }
        return compare;
    }

    private Batch.Comparison comparison(BatchRequest request, List<String> nodes, List<FieldError> errors, int confirm) {
        String mode = compareMode(request, nodes);
        if (mode == null) {
            return null;
        }
        switch (mode) {
            case "node" -> {
                if (nodes.size() != 2) {
                    errors.add(new FieldError("compare", "comparing Node versions needs exactly two in node: the"
                            + " baseline, then the candidate"));
                    return null;
                }
                return new Batch.Comparison(nodes.get(0), nodes.get(1), null, confirm);
            }
            case "previous" -> {
                if (request.name() == null) {
                    errors.add(new FieldError("compare", "comparing with the previous run needs the batch's name"));
                    return null;
                }
                return batches.latestNamed(request.name())
                        .map(previous -> new Batch.Comparison("batch " + previous, "this run", previous))
                        .orElse(null);
            }
            default -> {
                errors.add(new FieldError("compare", "must be node, previous, true or false"));
                return null;
            }
        }
    }

    public Optional<BatchView> find(String id) {
        return batches.find(id).map(this::view);
    }

    public BatchView view(Batch batch) {
        BatchView.Runs runs = runs(batch);
        Batch baseline = batch.comparison() == null || batch.comparison().baselineBatch() == null ? null
                : batches.find(batch.comparison().baselineBatch()).orElse(null);
        return BatchView.of(batch, runs, baseline == null ? null : runs(baseline));
    }

    private BatchView.Runs runs(Batch batch) {
        Map<String, Job> byId = new HashMap<>();
        for (Batch.Item item : batch.items()) {
            if (item.jobId() != null) {
                jobs.find(item.jobId()).ifPresent(job -> byId.put(job.id(), job));
            }
            if (item.earlierJobs() != null) {
                item.earlierJobs().forEach(id -> jobs.find(id).ifPresent(job -> byId.put(job.id(), job)));
            }
        }
        return new BatchView.Runs(batch, byId);
    }

    private static boolean isHttpUrl(String url) {
        try {
            URI uri = URI.create(url);
            return uri.isAbsolute() && uri.getHost() != null
                    && ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
