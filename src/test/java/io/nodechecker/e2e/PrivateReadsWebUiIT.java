package io.nodechecker.e2e;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With private reads, the job page in a real Chromium still streams: it opens the WebSocket with a
 * short-lived ticket for the job (browsers cannot send Authorization there), and the token stays in
 * the tab's session, not in localStorage.
 */
class PrivateReadsWebUiIT {

    @Test
    void theJobPageStreamsWhenReadsArePrivate() throws Exception {
        TestStack.requireDockerEngine();
        try (TestStack stack = new TestStack(2);
             Playwright playwright = Playwright.create()) {
            AppProcess gateway = stack.startGateway("nodechecker.gateway.access.public-read=false");
            Api api = stack.api(gateway);
            stack.startRunner();
            api.awaitRunner();
            assertThat(api.withToken(null).get("/api/jobs").status()).isEqualTo(401);
            String id = api.submitTarball(Fixtures.tarball("steady"));

            Browser browser = playwright.chromium().launch(new BrowserType.LaunchOptions()
                    .setExecutablePath(Path.of(System.getProperty("nodechecker.chromium", "/usr/bin/chromium")))
                    .setArgs(List.of("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                            "--disable-background-networking", "--disable-component-update", "--disable-sync")));
            Page page = browser.newPage();
            page.navigate(gateway.uri() + "/");
            page.evaluate("token => nodechecker.setToken(token)", stack.token);
            page.navigate(gateway.uri() + "/job.html?id=" + id);
            page.waitForFunction("() => window.nodecheckerJob && window.nodecheckerJob.finished()", null,
                    new Page.WaitForFunctionOptions().setTimeout(120_000));

            assertThat((String) page.evaluate("() => window.nodecheckerJob.text()")).isEqualTo(api.log(id))
                    .contains("ok 1 steady");
            assertThat(page.evaluate("() => localStorage.getItem('nodechecker.token')")).isNull();
            assertThat(page.evaluate("() => sessionStorage.getItem('nodechecker.token')")).isEqualTo(stack.token);
            // A ticket opens only its own job, and not for long: without one the socket is refused.
            assertThat(api.withToken(null).get("/api/jobs/" + id + "/live").status()).isEqualTo(401);
            assertThat(api.withToken(null).get("/api/jobs/" + id + "/live?ticket=1.forged").status()).isEqualTo(401);
            browser.close();
        }
    }
}
