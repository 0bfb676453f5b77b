package io.nodechecker.e2e;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The web UI in a real Chromium: submit, watch live, survive a dropped connection, every page clean. */
class WebUiIT {

    private static final Path SCREENSHOTS = Path.of("target", "screenshots");

    private static TestStack stack;
    private static AppProcess gateway;
    private static AppProcess runner;
    private static Api api;
    private static Playwright playwright;
    private static Browser browser;
    private Page page;
    private final List<String> consoleErrors = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        TestStack.requireDockerEngine();
        stack = new TestStack(3);
        gateway = stack.startGateway();
        // A second storage member: restarting the first (the page's) leaves the job's data served, as a
        // deployment with more than one gateway does. A sole gateway's restart is another test's subject.
        stack.startGateway();
        api = stack.api(gateway);
        runner = stack.startRunner();
        api.awaitRunner();
        Files.createDirectories(SCREENSHOTS);
        playwright = Playwright.create();
        browser = playwright.chromium().launch(new BrowserType.LaunchOptions()
                .setExecutablePath(Path.of(System.getProperty("nodechecker.chromium", "/usr/bin/chromium")))
                .setArgs(List.of("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                        "--disable-background-networking", "--disable-component-update", "--disable-sync")));
    }

    @AfterAll
    static void stop() throws Exception {
        if (browser != null) {
            browser.close();
        }
        if (playwright != null) {
            playwright.close();
        }
        stack.close();
    }

    @BeforeEach
    void openPage() {
        page = browser.newPage(new Browser.NewPageOptions().setViewportSize(1280, 900));
        page.onConsoleMessage(message -> {
            if ("error".equals(message.type())) {
                consoleErrors.add(message.text());
            }
        });
        page.onPageError(consoleErrors::add);
    }

    @AfterEach
    void closePage() {
        page.close();
    }

    @Test
    void submitsARealPackageFromTheFormAndWatchesItPassLive() throws Exception {
        page.navigate(gateway.uri() + "/");
        page.fill("#package", "xtend");
        page.fill("#version", "4.0.2");
        page.fill("#token", stack.token);
        page.screenshot(new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve("home.png")));
        page.click("#submit");

        page.waitForURL("**/job.html?id=*");
        page.waitForFunction("() => window.nodecheckerJob && window.nodecheckerJob.text().includes('tests 15')",
                null, new Page.WaitForFunctionOptions().setTimeout(120_000));
        page.waitForFunction("() => window.nodecheckerJob.finished()", null,
                new Page.WaitForFunctionOptions().setTimeout(60_000));

        assertThat(page.textContent("#title")).contains("xtend@4.0.2").contains("PASSED");
        assertThat(page.locator(".phase.ok").count()).isEqualTo(3);
        page.screenshot(new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve("job.png")));
        String id = page.url().replaceAll(".*id=", "");
        assertThat((String) page.evaluate("() => window.nodecheckerJob.text()")).isEqualTo(api.log(id));
        assertThat(consoleErrors).isEmpty();
    }

    @Test
    void resumesWithoutARepeatedLineWhenTheServerDropsTheConnection() throws Exception {
        String id = api.submitTarball(Fixtures.tarball("steady"));
        page.navigate(gateway.uri() + "/job.html?id=" + id);
        page.waitForFunction("() => window.nodecheckerJob && window.nodecheckerJob.text().includes('tick 3')",
                null, new Page.WaitForFunctionOptions().setTimeout(120_000));

        gateway = stack.restart(gateway); // the server side goes away mid-job and comes back
        page.waitForFunction("() => window.nodecheckerJob.finished()", null,
                new Page.WaitForFunctionOptions().setTimeout(120_000));

        String shown = (String) page.evaluate("() => window.nodecheckerJob.text()");
        assertThat(shown).isEqualTo(api.log(id));
        for (int tick = 0; tick < 40; tick++) {
            assertThat(shown.split("\ntick " + tick + "\n", -1)).as("tick %d once", tick).hasSize(2);
        }
        assertThat(consoleErrors).allMatch(error -> error.contains("WebSocket"));
    }

    @Test
    void rendersTheRunnersAndPackagePagesCleanly() throws Exception {
        String id = api.submitTarball(Fixtures.tarball("passing"));
        api.awaitFinal(id, Duration.ofMinutes(2));

        page.navigate(gateway.uri() + "/runners.html");
        page.waitForSelector("#runners tbody tr");
        assertThat(page.textContent("#runners tbody")).contains(stack.runnerId(runner));
        page.screenshot(new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve("runners.png")));

        // An upload is not the registry's package: shown apart, not in its history.
        page.navigate(gateway.uri() + "/package.html?name=nc-fixture-passing");
        page.waitForSelector("#others tbody tr");
        assertThat(page.textContent("#others tbody")).contains("1.0.0").contains("uploaded tarball").contains("PASSED");
        assertThat(page.textContent("#history tbody")).doesNotContain("1.0.0");
        await().atMost(Duration.ofSeconds(10)).until(() ->
                (Boolean) page.evaluate("() => document.getElementById('badge').naturalWidth > 0"));
        page.screenshot(new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve("package.png")));
        assertThat(consoleErrors).isEmpty();
    }

    @Test
    void uploadsATarballFromTheFormAndRerunsItFromTheJobPage() throws Exception {
        Path tarball = Files.write(stack.workDir().resolve("passing.tgz"), Fixtures.tarball("passing"));
        page.navigate(gateway.uri() + "/");
        page.fill("#token", stack.token);
        page.setInputFiles("#tarball", tarball);
        page.click("#upload");

        page.waitForURL("**/job.html?id=*");
        String first = page.url().replaceAll(".*id=", "");
        page.waitForFunction("() => window.nodecheckerJob && window.nodecheckerJob.finished()", null,
                new Page.WaitForFunctionOptions().setTimeout(120_000));
        assertThat(page.textContent("#title")).contains("nc-fixture-passing@1.0.0").contains("PASSED");
        page.click("#rerun");
        page.waitForURL(url -> !url.endsWith(first));
        page.waitForFunction("() => window.nodecheckerJob && window.nodecheckerJob.finished()", null,
                new Page.WaitForFunctionOptions().setTimeout(120_000));

        String second = page.url().replaceAll(".*id=", "");
        assertThat(second).isNotEqualTo(first);
        assertThat(api.job(second).path("source").asText()).isEqualTo("TARBALL");
        assertThat(api.job(second).path("state").asText()).isEqualTo("PASSED");
        assertThat(consoleErrors).isEmpty();
    }

    @Test
    void cancelsARunningJobFromItsPage() throws Exception {
        String id = api.submitTarball(Fixtures.tarball("slow"), "timeoutSeconds", "300");
        page.navigate(gateway.uri() + "/job.html?id=" + id);
        page.evaluate("token => sessionStorage.setItem('nodechecker.token', token)", stack.token);
        page.waitForFunction("() => window.nodecheckerJob && window.nodecheckerJob.text().includes('starting a test that never ends')",
                null, new Page.WaitForFunctionOptions().setTimeout(120_000));

        page.click("#cancel");

        page.waitForFunction("() => window.nodecheckerJob.finished()", null, new Page.WaitForFunctionOptions().setTimeout(60_000));
        assertThat(page.textContent("#title")).contains("CANCELLED");
        assertThat(page.isHidden("#cancel")).isTrue();
        assertThat(api.job(id).path("state").asText()).isEqualTo("CANCELLED");
        assertThat(consoleErrors).isEmpty();
    }

    @Test
    void startsAComparingBatchFromItsFormAndShowsBothColumnsAsItRuns() throws Exception {
        page.navigate(gateway.uri() + "/batch.html");
        // Passes on Node 22, fails on 26: one newly failing package.
        page.fill("#body", "{\"packages\":[{\"package\":\"xtend\",\"version\":\"4.0.2\","
                + "\"script\":\"node -e \\\"process.exit(process.versions.node.split('.')[0] >= 26 ? 1 : 0)\\\"\"}]}");
        page.fill("#node", "22,26");
        page.selectOption("#compare", "true");
        page.fill("#token", stack.token);
        page.click("#submit");

        page.waitForURL("**/batch.html?id=*");
        page.waitForSelector("td.candidate");
        page.waitForFunction("() => window.nodecheckerBatch && window.nodecheckerBatch.done", null,
                new Page.WaitForFunctionOptions().setTimeout(180_000));

        assertThat(page.textContent("#newly-failing")).isEqualTo("xtend");
        assertThat(page.textContent("td.baseline")).contains("PASS");
        assertThat(page.textContent("td.candidate")).contains("FAIL");
        assertThat(page.textContent("#items thead")).contains("22").contains("26");
        page.screenshot(new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve("batch.png")));
        assertThat(consoleErrors).isEmpty();
    }
}
