package io.nodechecker.gateway.experiment;

import com.fasterxml.jackson.databind.JsonNode;
import io.nodechecker.cluster.store.BatchStore;
import io.nodechecker.cluster.store.ExperimentStore;
import io.nodechecker.gateway.problem.ApiException;
import io.nodechecker.gateway.batch.BatchView;
import io.nodechecker.gateway.batch.Batches;
import io.nodechecker.gateway.batch.CitgmLookup;
import io.nodechecker.gateway.config.GatewayConfig;
import io.nodechecker.gateway.history.PackageHistory;
import io.nodechecker.gateway.npm.TopPackages;
import io.nodechecker.model.BatchEntry;
import io.nodechecker.model.BatchRequest;
import io.nodechecker.model.Experiment;
import io.nodechecker.model.Problem.FieldError;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Makes experiments — one batch that runs every package on the baseline and on the candidate and confirms
 * each difference by running it again — and tells where they stand, in crater's categories.
 */
@ApplicationScoped
public class Experiments {

    /** How many more runs a failure gets where the other side passed, before it counts. */
    static final int CONFIRM = 2;
    private static final Pattern NAME = Pattern.compile("^[A-Za-z0-9._/@:-]{1,100}$");

    private final Batches batches;
    private final BatchStore batchStore;
    private final ExperimentStore store;
    private final TopPackages top;
    private final PackageHistory history;
    private final GatewayConfig config;

    Experiments(Batches batches, BatchStore batchStore, ExperimentStore store, TopPackages top, PackageHistory history,
                GatewayConfig config) {
        this.batches = batches;
        this.batchStore = batchStore;
        this.store = store;
        this.top = top;
        this.history = history;
        this.config = config;
    }

    /**
     * Checks the request, queues every package on both sides and stores the experiment.
     *
     * @param schedule the schedule that asks for it, or null for a caller
     */
    public ExperimentView create(ExperimentRequest request, String owner, String schedule) {
        List<FieldError> errors = new ArrayList<>();
        if (request.baseline() == null || request.baseline().isBlank()) {
            errors.add(new FieldError("baseline", "must name a Node line, e.g. 24"));
        }
        if (request.candidate() == null || request.candidate().isBlank()) {
            errors.add(new FieldError("candidate", "must name a Node line, e.g. 26"));
        } else if (request.candidate().equals(request.baseline())) {
            errors.add(new FieldError("candidate", "must differ from the baseline"));
        }
        if (request.name() != null && !NAME.matcher(request.name()).matches()) {
            errors.add(new FieldError("name", "must be 1 to 100 letters, digits and . _ - / @ :"));
        }
        JsonNode packages = request.packages();
        if (packages == null || packages.isNull() || (!packages.isArray() && !packages.isObject())) {
            errors.add(new FieldError("packages", "must be CITGM's lookup.json object, an array of \"name\" or"
                    + " \"name@version\", or {\"top\": N}"));
        }
        if (!errors.isEmpty()) {
            throw ApiException.invalid(errors);
        }
        String name = request.name() == null ? "experiment" : request.name();
        List<String> nodes = List.of(request.baseline(), request.candidate());
        BatchView batch;
        String source;
        Map<String, List<String>> tags = Map.of();
        if (CitgmLookup.isLookup(packages)) {
            batch = batches.createFromLookup(packages, new BatchRequest(null, null, nodes, 0, "node", null),
                    list(request.includeTags()), list(request.excludeTags()), owner, CONFIRM);
            source = "lookup.json";
            tags = tagsOf(packages);
        } else {
            if (request.includeTags() != null || request.excludeTags() != null) {
                throw new ApiException(400, "Invalid experiment", "includeTags and excludeTags filter a lookup table;"
                        + " these packages are not one");
            }
            List<BatchEntry> entries = packages.isArray() ? listed(packages) : topOf(packages);
            source = packages.isArray() ? "list" : "top " + entries.size();
            batch = batches.create(new BatchRequest(entries, null, nodes, 0, "node", null), List.of(), owner, CONFIRM);
        }
        Experiment experiment = new Experiment(batch.id(), name, request.baseline(), request.candidate(), source,
                schedule, owner, Instant.now(), tags);
        store.create(experiment);
        return view(experiment, batch);
    }

    public Optional<ExperimentView> find(String id) {
        return store.find(id).flatMap(experiment -> batchStore.find(id)
                .map(batch -> view(experiment, batches.view(batch))));
    }

    /** The newest experiments, newest first: what each compares, without its items. */
    public List<Experiment> recent(int limit) {
        return store.recent(limit);
    }

    private ExperimentView view(Experiment experiment, BatchView batch) {
        return ExperimentView.of(experiment, batch, history::line, top.ifAvailable().orElse(null));
    }

    /** {@code "name"} or {@code "name@version"} (a scoped name keeps its leading {@code @}). */
    private List<BatchEntry> listed(JsonNode packages) {
        if (packages.isEmpty()) {
            throw ApiException.invalid(List.of(new FieldError("packages", "must list at least one package")));
        }
        if (packages.size() > config.batches().maxPackages()) {
            throw ApiException.invalid(List.of(new FieldError("packages", "at most " + config.batches().maxPackages()
                    + " packages (batches.max-packages), not " + packages.size())));
        }
        List<BatchEntry> entries = new ArrayList<>();
        for (int i = 0; i < packages.size(); i++) {
            JsonNode item = packages.get(i);
            if (!item.isTextual()) {
                throw ApiException.invalid(List.of(new FieldError("packages[" + i + "]", "must be \"name\" or \"name@version\"")));
            }
            String text = item.asText();
            int at = text.lastIndexOf('@');
            entries.add(at > 0 ? entry(text.substring(0, at), text.substring(at + 1)) : entry(text, "latest"));
        }
        return entries;
    }

    private List<BatchEntry> topOf(JsonNode packages) {
        JsonNode n = packages.path("top");
        if (packages.size() != 1 || !n.canConvertToInt() || !n.isIntegralNumber() || n.asInt() < 1
                || n.asInt() > config.batches().maxPackages() / 2) {
            throw ApiException.invalid(List.of(new FieldError("packages.top", "must be a whole number from 1 to "
                    + config.batches().maxPackages() / 2 + " (each package runs on both sides; batches.max-packages)")));
        }
        List<String> names = top.ranking().names();
        return names.subList(0, Math.min(n.asInt(), names.size())).stream().map(name -> entry(name, "latest")).toList();
    }

    private static BatchEntry entry(String name, String version) {
        return new BatchEntry(name, version, null, null, null, null, null, null, null, null);
    }

    private static Map<String, List<String>> tagsOf(JsonNode lookup) {
        Map<String, List<String>> tags = new LinkedHashMap<>();
        lookup.fields().forEachRemaining(module -> {
            List<String> moduleTags = new ArrayList<>();
            JsonNode value = module.getValue().path("tags");
            if (value.isTextual()) {
                moduleTags.add(value.asText());
            } else if (value.isArray()) {
                value.forEach(tag -> moduleTags.add(tag.asText()));
            }
            if (!moduleTags.isEmpty()) {
                tags.put(module.getKey(), List.copyOf(moduleTags));
            }
        });
        return tags;
    }

    private static List<String> list(List<String> values) {
        return values == null ? List.of() : values;
    }
}
