package io.nodechecker.gateway.experiment;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonValue;
import io.nodechecker.gateway.batch.BatchView;
import io.nodechecker.gateway.history.PackageHistory;
import io.nodechecker.gateway.npm.TopPackages;
import io.nodechecker.model.Experiment;
import io.nodechecker.model.JobState;
import io.nodechecker.model.TestCounts;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;

/**
 * An experiment with each package sorted into crater's categories, regressions first and the most used
 * first among them: the answer of {@code GET /api/experiments/{id}} and the source of its reports.
 *
 * @param counts how many packages are in each category, by its name
 * @param impact where the download ranking that orders the items came from, or null when it could not be read
 */
public record ExperimentView(String id, String name, String baseline, String candidate, String packages,
                             String schedule, Instant createdAt, State state, Map<String, Integer> counts,
                             List<Item> items, String impact, List<String> notes, Map<String, String> links) {

    public enum State { RUNNING, DONE }

    /** What a package's two sides say together; the order is the report's. */
    public enum Category {
        /** Passes on the baseline, fails on the candidate on every run. */
        REGRESSED,
        /** The service's failure on either side (never the package's): it says nothing about either. */
        ERRORED,
        /** A difference that did not hold on a re-run, or a package the history calls flaky. */
        SPURIOUS,
        /** Fails on the baseline on every run, passes on the candidate. */
        FIXED,
        /** Fails on both. */
        BROKEN,
        /** Not tested, as lookup.json says, or has no tests. */
        SKIPPED,
        PASSING,
        /** Still running, or confirming a difference. */
        PENDING;

        @JsonValue
        public String wire() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** What kind of failure a side had: install failures and test failures stay apart. */
    public enum Failure {
        INSTALL, TEST, TIMEOUT;

        @JsonValue
        public String wire() {
            return name().toLowerCase(Locale.ROOT);
        }

        static Failure of(JobState state) {
            return switch (state) {
                case INSTALL_FAILED -> INSTALL;
                case TIMED_OUT -> TIMEOUT;
                case FAILED -> TEST;
                default -> null;
            };
        }
    }

    /**
     * One side of a package: its latest run's outcome, and every run's job, oldest first.
     *
     * @param failure install, test or timeout when the outcome is a failure of the package
     */
    public record Side(String node, JobState outcome, String reason, Failure failure, List<String> jobs, int runs,
                       TestCounts tests) {

        static Side of(BatchView.ItemView item) {
            if (item == null) {
                return null;
            }
            List<String> jobs = new ArrayList<>(item.earlierJobs());
            if (item.jobId() != null) {
                jobs.add(item.jobId());
            }
            return new Side(item.node(), item.state(), item.reason(), item.state() == null ? null : Failure.of(item.state()),
                    List.copyOf(jobs), item.runs(), item.tests());
        }
    }

    /**
     * One package.
     *
     * @param why     the category in a sentence
     * @param impact  its place in the download ranking (1 is the most downloaded), or null outside it
     * @param history what the package's history says on the candidate's line: last good and first bad version,
     *                flakiness, and what it fails on since when
     * @param tags    its lookup.json tags
     */
    public record Item(@JsonProperty("package") String packageName, String version, Category category, String why,
                       Integer impact, Side baseline, Side candidate, PackageHistory.Line history, List<String> tags) {
    }

    public int count(Category category) {
        return counts.getOrDefault(category.wire(), 0);
    }

    static ExperimentView of(Experiment experiment, BatchView batch,
                             BiFunction<String, String, Optional<PackageHistory.Line>> history,
                             TopPackages.Ranking ranking) {
        List<Item> items = new ArrayList<>();
        for (BatchView.Row row : batch.comparison() == null ? List.<BatchView.Row>of() : batch.comparison().rows()) {
            PackageHistory.Line line = history.apply(row.packageName(), experiment.candidate()).orElse(null);
            Category category = category(row.change(), line);
            BatchView.ItemView any = row.candidate() != null ? row.candidate() : row.baseline();
            items.add(new Item(row.packageName(), any.version(), category, why(category, row, line, experiment.createdAt()),
                    ranking == null ? null : ranking.rank(row.packageName()).orElse(null),
                    Side.of(row.baseline()), Side.of(row.candidate()), line,
                    experiment.tags().getOrDefault(row.packageName(), List.of())));
        }
        items.sort(Comparator.comparing(Item::category)
                .thenComparing(Item::impact, Comparator.nullsLast(Comparator.naturalOrder()))
                .thenComparing(Item::packageName));
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (Category category : Category.values()) {
            counts.put(category.wire(), 0);
        }
        items.forEach(item -> counts.merge(item.category().wire(), 1, Integer::sum));
        String self = "/api/experiments/" + experiment.id();
        Map<String, String> links = new LinkedHashMap<>();
        links.put("self", self);
        links.put("page", "/experiment.html?id=" + experiment.id());
        links.put("batch", "/api/batches/" + experiment.id());
        links.put("markdown", self + "/report.md");
        links.put("json", self + "/report.json");
        links.put("junit", self + "/report.xml");
        return new ExperimentView(experiment.id(), experiment.name(), experiment.baseline(), experiment.candidate(),
                experiment.packages(), experiment.schedule(), experiment.createdAt(),
                counts.get(Category.PENDING.wire()) == 0 ? State.DONE : State.RUNNING, counts, List.copyOf(items),
                ranking == null ? null : ranking.source(), batch.notes(), links);
    }

    static Category category(BatchView.Change change, PackageHistory.Line candidateLine) {
        Category category = switch (change) {
            case NEWLY_FAILING -> Category.REGRESSED;
            case FIXED -> Category.FIXED;
            case STILL_FAILING -> Category.BROKEN;
            case PASSING -> Category.PASSING;
            case FLAKY -> Category.SPURIOUS;
            case SKIPPED -> Category.SKIPPED;
            case PENDING -> Category.PENDING;
            case MISSING, ERRORED -> Category.ERRORED;
        };
        boolean flaky = candidateLine != null && candidateLine.flaky();
        return flaky && (category == Category.REGRESSED || category == Category.FIXED) ? Category.SPURIOUS : category;
    }

    private static String why(Category category, BatchView.Row row, PackageHistory.Line line, Instant started) {
        BatchView.ItemView before = row.baseline();
        BatchView.ItemView after = row.candidate();
        String on = after == null ? "" : "Node " + after.node();
        String was = before == null ? "" : "Node " + before.node();
        return switch (category) {
            case REGRESSED -> "passes on " + was + ", fails on " + on + " in " + after.runs() + " of " + after.runs()
                    + " runs: " + after.reason() + sameOrNew(line, started);
            case FIXED -> "fails on " + was + " in " + before.runs() + " of " + before.runs() + " runs, passes on " + on;
            case BROKEN -> "fails on both: " + after.reason() + sameOrNew(line, started);
            case PASSING -> "passes on both";
            case SPURIOUS -> line != null && line.flaky() && row.change() != BatchView.Change.FLAKY
                    ? "the history calls it flaky on " + on + " (its verdict flipped " + line.flips() + " times with"
                    + " nothing changed); not counted as a change"
                    : "a difference that did not hold when run again, or a package marked flaky";
            case SKIPPED -> after != null && after.reason() != null && !"skipped".equals(after.reason())
                    ? after.reason() : "skipped as lookup.json says for this Node, or no tests";
            case ERRORED -> "the service failed on one side (" + (isOurs(before) ? was + ": " + before.reason()
                    : after == null ? "missing" : on + ": " + after.reason()) + "); this says nothing about the package";
            case PENDING -> after != null && after.rerun() ? after.reason()
                    : before != null && before.rerun() ? before.reason() : "still running";
        };
    }

    /**
     * Whether the candidate fails as it failed before this experiment: "the same failure since …" when its
     * runs have failed on the same test and error since before the experiment's first run, else "a new failure".
     */
    private static String sameOrNew(PackageHistory.Line line, Instant experimentStarted) {
        if (line == null || line.failure() == null || line.failureSince() == null) {
            return "";
        }
        return line.failureSince().isBefore(experimentStarted) ? "; the same failure since " + line.failureSince() + " (" + line.failure() + ")"
                : "; a new failure: " + line.failure();
    }

    private static boolean isOurs(BatchView.ItemView item) {
        return item != null && BatchView.ours(item.state());
    }
}
