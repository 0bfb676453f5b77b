package io.nodechecker.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The most downloaded packages (npm-high-impact's download ranking, pinned to one release of it), each
 * tested at its latest version with {@code code: auto} on the active LTS line, and a sample compared with a
 * plain {@code docker run} of the same steps on the same code in the same image. No public git host answers
 * here: repositories are served from a loopback git server only for the mirrors given with
 * {@code -Dnodechecker.repositories=DIR} ({@code <owner>+<name>/repo}, bare, with tags); every other package's
 * {@code auto} falls back to its tarball, and the table says which code each row tested.
 */
class EcosystemBenchmark {

    private static final String RANKING = "npm-high-impact@1.13.0";
    private static final int TOP = Integer.getInteger("nodechecker.top", 100);
    private static final int SAMPLE = Integer.getInteger("nodechecker.sample", 6);
    private static final Pattern ENTRY = Pattern.compile("(?m)^\\s*'([^']+)',?$");

    private record Row(String name, JsonNode job) {
        String state() {
            return job.path("state").asText();
        }

        String kind() {
            JsonNode code = job.path("code");
            return code.path("kind").asText("?");
        }

        /** Whether the package's own tests ran: a test runner counted tests, or the test step itself decided. */
        boolean testsRan() {
            JsonNode tests = job.path("tests");
            boolean counted = tests.isObject() && tests.path("passed").asInt() + tests.path("failed").asInt() > 0;
            return counted || state().equals("PASSED");
        }
    }

    @Test
    void testsTheMostDownloadedPackagesAndComparesASampleWithPlainDockerRuns() throws Exception {
        TestStack.requireDockerEngine();
        List<String> top = ranking().subList(0, TOP);
        Path mirrors = Path.of(System.getProperty("nodechecker.repositories", "/nonexistent"));
        try (GitServer git = GitServer.servingMirrors(mirrors); TestStack stack = new TestStack(2)) {
            Api api = stack.startGatewayAndRunner(List.of("nodechecker.gateway.access.writes-per-minute=100000"),
                    "nodechecker.runner.source.rewrites=https://github.com/=" + git.base()
                            + ",https://=file:///nonexistent/nodechecker-test-mirror/");
            Instant started = Instant.now();
            Map<String, String> ids = new LinkedHashMap<>();
            for (String name : top) {
                Api.Answer answer = api.postJson("{\"package\":\"" + name + "\"}");
                assertThat(answer.status()).as(name + ": " + answer.body()).isEqualTo(202);
                ids.put(name, answer.json().path("id").asText());
            }
            List<Row> rows = new ArrayList<>();
            for (Map.Entry<String, String> id : ids.entrySet()) {
                rows.add(new Row(id.getKey(), api.awaitFinal(id.getValue(), Duration.ofHours(4))));
            }
            Duration took = Duration.between(started, Instant.now());
            List<String> comparisons = new ArrayList<>();
            int agreed = 0;
            int compared = 0;
            for (Row row : sample(rows)) {
                int exit = plainRun(git, row);
                boolean agrees = row.state().equals("PASSED") == (exit == 0);
                compared++;
                agreed += agrees ? 1 : 0;
                comparisons.add(String.format(Locale.ROOT, "| %s@%s | %s | %s | %d | %s |", row.name(),
                        row.job().path("version").asText(), row.kind(), row.state(), exit, agrees ? "yes" : "**no**"));
            }
            BenchReport.write("ecosystem", report(rows, git.repositories(), took, comparisons, agreed, compared));
            assertThat(rows).allSatisfy(row -> assertThat(row.state()).isNotIn("QUEUED", "DISPATCHED", "RUNNING"));
        }
    }

    /** The registry's most downloaded packages, in the ranking's order. */
    private static List<String> ranking() throws Exception {
        Path work = Files.createTempDirectory("ranking-");
        Commands.run(work, List.of("npm", "pack", "--silent", RANKING));
        try (var files = Files.list(work)) {
            Path tgz = files.filter(f -> f.toString().endsWith(".tgz")).findFirst().orElseThrow();
            Commands.run(work, List.of("tar", "-xzf", tgz.toString()));
        }
        String source = Files.readString(work.resolve("package/lib/top-download.js"), StandardCharsets.UTF_8);
        List<String> names = new ArrayList<>();
        Matcher entry = ENTRY.matcher(source);
        while (entry.find()) {
            names.add(entry.group(1));
        }
        assertThat(names).as("the ranking of " + RANKING).hasSizeGreaterThanOrEqualTo(TOP);
        return names;
    }

    /** Every repository row, and the first tarball rows whose tests ran, up to the sample's size. */
    private static List<Row> sample(List<Row> rows) {
        List<Row> sample = new ArrayList<>(rows.stream().filter(row -> row.kind().equals("repository")).toList());
        rows.stream().filter(row -> row.kind().equals("tarball") && row.testsRan()).limit(SAMPLE).forEach(sample::add);
        return sample;
    }

    /** The same steps on the same code in the same image, by hand: the published tarball, or the job's commit. */
    private static int plainRun(GitServer git, Row row) throws Exception {
        JsonNode job = row.job();
        String image = NodeImages.image(job.path("node").asText());
        if (!row.kind().equals("repository")) {
            return PlainRun.published(row.name() + "@" + job.path("version").asText(), image);
        }
        JsonNode code = job.path("code");
        String path = code.path("repository").asText().replaceFirst("^https://github.com/", "");
        return PlainRun.checkout(git.repository(path), code.path("commit").asText(),
                code.path("directory").isTextual() ? code.path("directory").asText() : null, image);
    }

    private static String report(List<Row> rows, List<String> served, Duration took, List<String> comparisons,
                                 int agreed, int compared) {
        Map<String, Integer> outcomes = new TreeMap<>();
        rows.forEach(row -> outcomes.merge(row.kind() + " " + row.state(), 1, Integer::sum));
        long ran = rows.stream().filter(Row::testsRan).count();
        StringBuilder table = new StringBuilder();
        int rank = 0;
        for (Row row : rows) {
            JsonNode job = row.job();
            JsonNode tests = job.path("tests");
            table.append(String.format(Locale.ROOT, "| %d | %s@%s | %s | %s | %s | %s |%n", ++rank, row.name(),
                    job.path("version").asText(), row.kind() + (job.path("code").path("ref").isTextual()
                            ? " " + job.path("code").path("ref").asText() : ""), row.state(),
                    tests.isObject() ? tests.path("passed").asInt() + "/" + tests.path("failed").asInt() : "",
                    cell(job.path("reason").asText())));
        }
        StringBuilder summary = new StringBuilder();
        outcomes.forEach((outcome, count) -> summary.append("| ").append(outcome.replace(" ", " | ")).append(" | ")
                .append(count).append(" |\n"));
        return String.format(Locale.ROOT, """
                ### The most downloaded packages, as they are tested

                The top %d of `%s`'s download ranking at their latest versions on the day, `code: auto`, Node %s, one
                runner of capacity 2; %d jobs in %d min (%.0f jobs/hour). Repositories served on loopback: %s; every other
                package's `auto` fell back to its tarball (no public git host answers here).
                `bench/run EcosystemBenchmark` (`-Dnodechecker.top=N`, `-Dnodechecker.repositories=DIR` of `<owner>+<name>/repo` mirrors).

                **Tests really ran for %d of %d packages** (a test runner counted tests, or the test step passed).

                | code | outcome | packages |
                |---|---|---|
                %s
                Plain `docker run` of the same steps on the same code in the same image (every repository row and the first
                %d tarball rows whose tests ran): **%d of %d agree**.

                | package | code | Nodechecker | plain exit | agree |
                |---|---|---|---|---|
                %s

                | # | package | code | outcome | tests passed/failed | reason |
                |---|---|---|---|---|---|
                %s""", rows.size(), RANKING, rows.isEmpty() ? "?" : rows.get(0).job().path("node").asText(), rows.size(),
                took.toMinutes(), rows.size() * 3600.0 / Math.max(1, took.toSeconds()),
                served.isEmpty() ? "none" : String.join(", ", served), ran, rows.size(), summary, SAMPLE, agreed, compared,
                String.join("\n", comparisons), table);
    }

    /** A reason as a table cell: one line, no pipes, no Markdown links or images, at most 160 characters. */
    private static String cell(String text) {
        String flat = text.replaceAll("[\\r\\n|]+", " ").replaceAll("[\\[\\]!`<>]", "");
        return flat.length() > 160 ? flat.substring(0, 157) + "…" : flat;
    }
}
