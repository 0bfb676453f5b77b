package io.nodechecker.gateway.batch;

import io.nodechecker.cluster.BatchStore;
import io.nodechecker.cluster.JobStore;
import io.nodechecker.gateway.api.ApiException;
import io.nodechecker.gateway.config.GatewayConfig;
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

/** Creates batches — every entry checked before any job is queued — and tells where they stand. */
@ApplicationScoped
public class Batches {

    private final JobIntake intake;
    private final BatchStore batches;
    private final JobStore jobs;
    private final GatewayConfig config;
    private final CallbackTargets callbackTargets;

    Batches(JobIntake intake, BatchStore batches, JobStore jobs, GatewayConfig config, CallbackTargets callbackTargets) {
        this.callbackTargets = callbackTargets;
        this.intake = intake;
        this.batches = batches;
        this.jobs = jobs;
        this.config = config;
    }

    public BatchView create(BatchRequest request, String owner) {
        if (request == null || request.packages() == null || request.packages().isEmpty()) {
            throw new ApiException(400, "Invalid batch", "packages must list at least one package");
        }
        List<FieldError> errors = new ArrayList<>();
        if (request.packages().size() > config.batches().maxPackages()) {
            errors.add(new FieldError("packages", "at most " + config.batches().maxPackages() + " packages"));
        }
        if (request.callback() != null && !isHttpUrl(request.callback())) {
            errors.add(new FieldError("callback", "must be an absolute http or https URL"));
        } else if (request.callback() != null) {
            // An address written in the URL is judged now; a name is judged when it is resolved, at send time.
            callbackTargets.refusalOfLiteral(URI.create(request.callback()))
                    .ifPresent(why -> errors.add(new FieldError("callback", why)));
        }
        List<Overrides> overrides = new ArrayList<>();
        for (int i = 0; i < request.packages().size(); i++) {
            BatchEntry entry = request.packages().get(i);
            if (entry == null) {
                errors.add(new FieldError("packages[" + i + "]", "must be an object"));
                overrides.add(null);
            } else {
                overrides.add(intake.checkEntry("packages[" + i + "]", entry, errors));
            }
        }
        if (!errors.isEmpty()) {
            throw ApiException.invalid(errors);
        }
        List<String> versions = new ArrayList<>();
        for (BatchEntry entry : request.packages()) {
            versions.add(entry.skipped() ? null : intake.resolve(entry));
        }
        String id = UUID.randomUUID().toString();
        List<Batch.Item> items = new ArrayList<>();
        for (int i = 0; i < request.packages().size(); i++) {
            BatchEntry entry = request.packages().get(i);
            Job job = entry.skipped() ? null : intake.submitEntry(entry, versions.get(i), overrides.get(i), id, owner);
            items.add(new Batch.Item(entry, job == null ? null : job.id()));
        }
        Batch batch = new Batch(id, items, request.callback(),
                request.callback() == null ? Batch.CallbackState.NONE : Batch.CallbackState.PENDING, Instant.now());
        batches.create(batch);
        return view(batch);
    }

    public Optional<BatchView> find(String id) {
        return batches.find(id).map(this::view);
    }

    BatchView view(Batch batch) {
        Map<String, Job> byId = new HashMap<>();
        for (Batch.Item item : batch.items()) {
            if (item.jobId() != null) {
                jobs.find(item.jobId()).ifPresent(job -> byId.put(job.id(), job));
            }
        }
        return BatchView.of(batch, byId);
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
