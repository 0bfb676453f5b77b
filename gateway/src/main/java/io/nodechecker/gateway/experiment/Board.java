package io.nodechecker.gateway.experiment;

import io.nodechecker.model.Experiment;
import io.nodechecker.model.JobState;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The ecosystem board: every package of the newest experiments × every Node line they ran on, the newest
 * outcome in each cell, newly failing packages first, and each package's trend over those experiments.
 * Built from at most {@link #MAX_EXPERIMENTS} experiments and kept for a few seconds, so a busy page costs
 * the cluster one build per interval.
 */
@ApplicationScoped
public class Board {

    static final int MAX_EXPERIMENTS = 30;
    private static final Duration KEPT = Duration.ofSeconds(5);

    /** An experiment as the board's columns of time name it. */
    public record Run(String id, String name, String baseline, String candidate, Instant createdAt,
                      ExperimentView.State state) {
    }

    /** The newest outcome of a package on one Node line, and the job that gave it. */
    public record Cell(JobState outcome, String jobId, String experiment) {
    }

    /**
     * One point of a package's trend: in experiment {@code experiment}, the share of its tests that passed
     * on the candidate (1 or 0 by the verdict when the output had no counts).
     */
    public record Point(String experiment, Instant at, double passed) {
    }

    /**
     * One package.
     *
     * @param category what the newest experiment that tested it says
     * @param cells    Node line → its newest outcome there
     */
    public record Row(String packageName, String version, ExperimentView.Category category, String why, Integer impact,
                      List<String> tags, Map<String, Cell> cells, List<Point> trend) {
    }

    public record View(List<String> lines, List<Run> experiments, List<Row> rows, Instant builtAt) {
    }

    private final Experiments experiments;
    private volatile View last;

    Board(Experiments experiments) {
        this.experiments = experiments;
    }

    public View view() {
        View known = last;
        if (known != null && known.builtAt().plus(KEPT).isAfter(Instant.now())) {
            return known;
        }
        last = build();
        return last;
    }

    private View build() {
        List<ExperimentView> newestFirst = new ArrayList<>();
        for (Experiment experiment : experiments.recent(MAX_EXPERIMENTS)) {
            experiments.find(experiment.id()).ifPresent(newestFirst::add);
        }
        TreeSet<String> lines = new TreeSet<>(Comparator.comparing(Board::lineOrder).thenComparing(line -> line));
        Map<String, ExperimentView.Item> newest = new LinkedHashMap<>();
        Map<String, Map<String, Cell>> cells = new LinkedHashMap<>();
        Map<String, List<Point>> trends = new LinkedHashMap<>();
        for (ExperimentView experiment : newestFirst) {
            lines.add(experiment.baseline());
            lines.add(experiment.candidate());
            for (ExperimentView.Item item : experiment.items()) {
                newest.putIfAbsent(item.packageName(), item);
                Map<String, Cell> row = cells.computeIfAbsent(item.packageName(), name -> new LinkedHashMap<>());
                for (ExperimentView.Side side : new ExperimentView.Side[]{item.candidate(), item.baseline()}) {
                    if (side != null && side.outcome() != null && !side.jobs().isEmpty()) {
                        row.putIfAbsent(side.node(), new Cell(side.outcome(), side.jobs().get(side.jobs().size() - 1),
                                experiment.id()));
                    }
                }
                ExperimentView.Side candidate = item.candidate();
                if (candidate != null && candidate.outcome() != null && candidate.outcome().isFinal()) {
                    trends.computeIfAbsent(item.packageName(), name -> new ArrayList<>())
                            .add(0, new Point(experiment.id(), experiment.createdAt(), passedShare(candidate)));
                }
            }
        }
        List<Row> rows = new ArrayList<>();
        newest.forEach((name, item) -> rows.add(new Row(name, item.version(), item.category(), item.why(), item.impact(),
                item.tags(), cells.get(name), trends.getOrDefault(name, List.of()))));
        rows.sort(Comparator.comparing(Row::category)
                .thenComparing(Row::impact, Comparator.nullsLast(Comparator.naturalOrder()))
                .thenComparing(Row::packageName));
        List<Run> runs = newestFirst.stream().map(e -> new Run(e.id(), e.name(), e.baseline(), e.candidate(),
                e.createdAt(), e.state())).toList();
        return new View(List.copyOf(lines), runs, rows, Instant.now());
    }

    private static double passedShare(ExperimentView.Side side) {
        if (side.tests() != null && side.tests().passed() + side.tests().failed() > 0) {
            return (double) side.tests().passed() / (side.tests().passed() + side.tests().failed());
        }
        return side.outcome() == JobState.PASSED ? 1 : 0;
    }

    /** Node majors in number order, candidate builds ({@code 26-rc}) after their line. */
    private static int lineOrder(String line) {
        int end = 0;
        while (end < line.length() && Character.isDigit(line.charAt(end))) {
            end++;
        }
        return end == 0 ? Integer.MAX_VALUE : Integer.parseInt(line.substring(0, Math.min(end, 6)));
    }
}
