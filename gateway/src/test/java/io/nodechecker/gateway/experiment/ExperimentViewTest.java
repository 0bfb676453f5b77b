package io.nodechecker.gateway.experiment;

import io.nodechecker.gateway.batch.BatchView;
import io.nodechecker.gateway.history.PackageHistory;
import io.nodechecker.gateway.npm.TopPackages;
import io.nodechecker.model.Experiment;
import io.nodechecker.model.JobState;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class ExperimentViewTest {

    private static final Experiment EXPERIMENT = new Experiment("e1", "nightly", "24", "26", "list", null, null,
            Instant.now(), Map.of("b", List.of("native")));

    @Test
    void sortsRegressionsFirstAndTheMostDownloadedFirstAmongThem() {
        BatchView batch = batch(
                row("a", JobState.PASSED, 1, JobState.PASSED, 1, BatchView.Change.PASSING),
                row("b", JobState.PASSED, 1, JobState.FAILED, 3, BatchView.Change.NEWLY_FAILING),
                row("c", JobState.PASSED, 1, JobState.INSTALL_FAILED, 3, BatchView.Change.NEWLY_FAILING),
                row("d", JobState.PASSED, 1, JobState.ERRORED, 1, BatchView.Change.ERRORED));
        TopPackages.Ranking ranking = new TopPackages.Ranking("npm-high-impact@1.13.0", List.of("c", "b"),
                Map.of("c", 1, "b", 2), Instant.now());

        ExperimentView view = ExperimentView.of(EXPERIMENT, batch, (name, node) -> Optional.empty(), ranking);

        assertThat(view.items()).extracting(ExperimentView.Item::packageName).containsExactly("c", "b", "d", "a");
        assertThat(view.items().get(0).candidate().failure()).isEqualTo(ExperimentView.Failure.INSTALL);
        assertThat(view.items().get(1).candidate().failure()).isEqualTo(ExperimentView.Failure.TEST);
        assertThat(view.items().get(1).tags()).containsExactly("native");
        assertThat(view.items().get(1).why()).startsWith("passes on Node 24, fails on Node 26 in 3 of 3 runs");
        assertThat(view.counts()).containsEntry("regressed", 2).containsEntry("errored", 1).containsEntry("passing", 1);
        assertThat(view.state()).isEqualTo(ExperimentView.State.DONE);
        assertThat(ExperimentReports.markdown(view)).contains("## Regressed: test failures (1)")
                .contains("## Regressed: install failures (1)").contains("**c@1.0.0** (#1 by downloads)");
        assertThat(ExperimentReports.junit(view)).contains("tests=\"4\" failures=\"2\"");
    }

    @Test
    void aPackageTheHistoryCallsFlakyIsSpuriousNotRegressed() {
        BatchView batch = batch(row("b", JobState.PASSED, 1, JobState.FAILED, 3, BatchView.Change.NEWLY_FAILING));
        PackageHistory.Line flaky = new PackageHistory.Line("26", "1.0.0", null, 9, 3, 3 / 8.0, true, null, null);

        ExperimentView view = ExperimentView.of(EXPERIMENT, batch, (name, node) -> Optional.of(flaky), null);

        assertThat(view.items().get(0).category()).isEqualTo(ExperimentView.Category.SPURIOUS);
        assertThat(view.items().get(0).why()).contains("the history calls it flaky on Node 26");
    }

    @Test
    void saysWhetherAFailureIsTheSameAsBeforeTheExperimentOrNew() {
        BatchView batch = batch(row("b", JobState.FAILED, 1, JobState.FAILED, 1, BatchView.Change.STILL_FAILING));
        PackageHistory.Line old = new PackageHistory.Line("26", null, "1.0.0", 4, 0, 0, false, "parses — Error: x",
                EXPERIMENT.createdAt().minusSeconds(86_400));
        PackageHistory.Line fresh = new PackageHistory.Line("26", null, "1.0.0", 1, 0, 0, false, "parses — Error: y",
                EXPERIMENT.createdAt().plusSeconds(30));

        assertThat(ExperimentView.of(EXPERIMENT, batch, (n, v) -> Optional.of(old), null).items().get(0).why())
                .contains("; the same failure since ").contains("(parses — Error: x)");
        assertThat(ExperimentView.of(EXPERIMENT, batch, (n, v) -> Optional.of(fresh), null).items().get(0).why())
                .endsWith("; a new failure: parses — Error: y");
    }

    private static BatchView.Row row(String name, JobState before, int beforeRuns, JobState after, int afterRuns,
                                     BatchView.Change change) {
        return new BatchView.Row(name, item(name, "24", before, beforeRuns), item(name, "26", after, afterRuns), change);
    }

    private static BatchView.ItemView item(String name, String node, JobState state, int runs) {
        return new BatchView.ItemView(name, "1.0.0", node, name + node, state, state + " reason", null, 1.0,
                state == JobState.PASSED ? BatchView.Verdict.PASS : BatchView.Verdict.FAIL, runs, List.of(), List.of(), false);
    }

    private static BatchView batch(BatchView.Row... rows) {
        return new BatchView("e1", null, true, rows.length * 2, Map.of(), false, List.of(),
                new BatchView.ComparisonView("24", "26", true, List.of(), List.of(), List.of(), List.of(), List.of(rows)),
                List.of(), null, Map.of());
    }
}
