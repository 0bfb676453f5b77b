package io.nodechecker.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Experiments of real packages from npm's registry on Node 24 against Node 26: a part of CITGM's lookup.json
 * (modules chosen by tag) and the most downloaded packages ({@code {"top": N}}), one after the other on one
 * runner, each timed from its POST until it is DONE, re-runs that confirm a difference included. The figures
 * give jobs per hour on this machine and what 10,000 packages on three lines would take.
 */
class ExperimentBenchmark {

    private static final Path LOOKUP = TestStack.ROOT.resolve("gateway/src/test/resources/citgm/lookup.json");
    private static final String TAGS = System.getProperty("nodechecker.tags",
            "bl,duplexify,from2,inherits,isarray,on-finished,split2,binary-split");
    private static final int TOP = Integer.getInteger("nodechecker.top", 20);
    private static final int CAPACITY = Integer.getInteger("nodechecker.capacity", 2);

    private record Run(String what, int packages, int jobs, Duration took, JsonNode counts) {
        double jobsPerHour() {
            return jobs * 3600.0 / Math.max(1, took.toSeconds());
        }
    }

    @Test
    void runsALookupTableAndTheMostDownloadedPackagesAndMeasuresThroughput() throws Exception {
        TestStack.requireDockerEngine();
        try (TestStack stack = new TestStack(2)) {
            Api api = stack.startGatewayAndRunner(List.of("nodechecker.gateway.access.writes-per-minute=100000"),
                    "nodechecker.runner.capacity=" + CAPACITY);
            List<String> tags = List.of(TAGS.split(","));
            String lookupBody = "{\"name\":\"bench-citgm\",\"baseline\":\"24\",\"candidate\":\"26\",\"packages\":"
                    + Files.readString(LOOKUP) + ",\"includeTags\":" + new com.fasterxml.jackson.databind.ObjectMapper()
                    .writeValueAsString(tags) + "}";
            List<Run> runs = new ArrayList<>();
            runs.add(run(api, "CITGM's lookup.json, modules tagged " + String.join(", ", tags), lookupBody));
            runs.add(run(api, "`{\"top\": " + TOP + "}` (npm-high-impact)", "{\"name\":\"bench-top\",\"baseline\":\"24\","
                    + "\"candidate\":\"26\",\"packages\":{\"top\":" + TOP + "}}"));
            BenchReport.write("experiments", report(runs));
            assertThat(runs).allSatisfy(run -> assertThat(run.jobs()).isPositive());
        }
    }

    private static Run run(Api api, String what, String body) throws Exception {
        Instant started = Instant.now();
        Api.Answer created = api.postJson("/api/experiments", body);
        assertThat(created.status()).as(created.body()).isEqualTo(202);
        String id = created.json().path("id").asText();
        await().atMost(Duration.ofHours(3)).pollInterval(Duration.ofSeconds(5))
                .until(() -> api.get("/api/experiments/" + id).json().path("state").asText().equals("DONE"));
        Duration took = Duration.between(started, Instant.now());
        JsonNode experiment = api.get("/api/experiments/" + id).json();
        int jobs = 0;
        for (JsonNode item : experiment.path("items")) {
            jobs += item.path("baseline").path("jobs").size() + item.path("candidate").path("jobs").size();
        }
        return new Run(what, experiment.path("items").size(), jobs, took, experiment.path("counts"));
    }

    private static String report(List<Run> runs) {
        StringBuilder md = new StringBuilder("""
                ### Experiments: jobs per hour, and what the ecosystem would take

                Real packages from npm's registry at their latest versions, Node 24 against Node 26, one runner of capacity
                %d on this machine; each experiment timed from its POST until DONE. Jobs count every run: both sides, and the
                two re-runs that confirm each difference.
                `bench/run ExperimentBenchmark` (`-Dnodechecker.tags=a,b`, `-Dnodechecker.top=N`, `-Dnodechecker.capacity=N`).

                | experiment | packages | jobs | took | jobs/hour | regressed | fixed | broken | passing | spurious | skipped | errored |
                |---|---|---|---|---|---|---|---|---|---|---|---|
                """.formatted(CAPACITY));
        for (Run run : runs) {
            JsonNode c = run.counts();
            md.append(String.format(Locale.ROOT, "| %s | %d | %d | %d min %02d s | %.0f | %d | %d | %d | %d | %d | %d | %d |%n",
                    run.what(), run.packages(), run.jobs(), run.took().toMinutes(), run.took().toSecondsPart(),
                    run.jobsPerHour(), c.path("regressed").asInt(), c.path("fixed").asInt(), c.path("broken").asInt(),
                    c.path("passing").asInt(), c.path("spurious").asInt(), c.path("skipped").asInt(),
                    c.path("errored").asInt()));
        }
        int jobs = runs.stream().mapToInt(Run::jobs).sum();
        long seconds = runs.stream().mapToLong(run -> run.took().toSeconds()).sum();
        double perHour = jobs * 3600.0 / Math.max(1, seconds);
        int packages = runs.stream().mapToInt(Run::packages).sum();
        double jobsPerPackage = (double) jobs / Math.max(1, packages) / 2; // per package and line
        double ecosystem = 10_000 * 3 * jobsPerPackage;
        md.append(String.format(Locale.ROOT, """

                Together: %d jobs in %d min, **%.0f jobs/hour** for one runner of capacity %d on %d cores (%.2f runs per
                package and line, the confirming re-runs included). 10,000 packages on 3 lines are about %.0f jobs: %.0f
                runner-hours at this rate, so **%.0f such runners finish them in 8 hours** ([CAPACITY.md](CAPACITY.md)).
                """, jobs, seconds / 60, perHour, CAPACITY, Runtime.getRuntime().availableProcessors(), jobsPerPackage,
                ecosystem, ecosystem / perHour, Math.ceil(ecosystem / perHour / 8)));
        return md.toString();
    }
}
