package org.accountstream.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.Writer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.accountstream.domain.Account;
import org.accountstream.domain.AciRange;
import org.junit.jupiter.api.Test;

/**
 * The live page ({@code /}) in a real browser: headless Chromium driven by
 * {@code interop/browser/page-check.js}. The page builds its own replica from the SSE stream until
 * it is current, shows a change written afterwards among its last changes, and answers a lookup
 * from its replica. Any error in the page (an exception, a console error) fails the driver.
 */
class WebPageTest {

    /** Bounds a failure only: the driver's own waits end sooner (90 s for current, 60 s for a change). */
    private static final Duration WAIT = Duration.ofSeconds(180);
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path BROWSER_CLIENT = Path.of("..").toAbsolutePath().normalize().resolve("interop/browser");

    @Test
    void pageHoldsTheTableThenShowsALiveChange() throws Exception {
        try (RunningApp running = RunningApp.start(Map.of())) {
            running.memory().writer().stop(); // the table stands still: the page must hold exactly it
            int served = TableView.expected(running.memory().table(), AciRange.ALL).size();
            Process driver = startDriver(running.app.httpPort());
            try {
                IncomingLines out = new IncomingLines(driver.getInputStream());
                Writer in = driver.outputWriter(StandardCharsets.UTF_8);
                Map<String, Object> current = nextLine(out);
                assertThat(current.get("state")).as("the driver's first line: %s", current).isEqualTo("current");
                assertThat(((Number) current.get("records")).intValue()).isEqualTo(served);

                Account account = new Account(UUID.randomUUID(), 19_995_550_123L, true, UUID.randomUUID(),
                        new byte[] {1, 2, 3});
                running.memory().table().put(account);
                in.write(account.e164() + "\n");
                in.flush();
                assertThat(nextLine(out)).isEqualTo(Map.of(
                        "seen", Long.toString(account.e164()),
                        "aci", account.aci().toString()));
                assertThat(driver.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS)).as("the driver exits").isTrue();
                assertThat(driver.exitValue()).isZero();
            } finally {
                stop(driver);
            }
        }
    }

    @Test
    void servesThePageFilesWithTheirTypes() throws Exception {
        try (RunningApp running = RunningApp.start(Map.of("accountstream.demo.accounts", "10"));
             HttpClient http = HttpClient.newHttpClient()) {
            Map<String, String> types = Map.of(
                    "/", "text/html; charset=utf-8",
                    "/app.js", "text/javascript; charset=utf-8",
                    "/app.css", "text/css; charset=utf-8");
            for (Map.Entry<String, String> file : types.entrySet()) {
                HttpResponse<String> response = get(http, running.app, file.getKey());
                assertThat(response.statusCode()).as(file.getKey()).isEqualTo(200);
                assertThat(response.headers().firstValue("Content-Type")).as(file.getKey()).hasValue(file.getValue());
                assertThat(response.headers().firstValue("Cache-Control")).as(file.getKey()).hasValue("no-cache");
                assertThat(response.body()).as(file.getKey()).isNotBlank();
            }
            assertThat(get(http, running.app, "/").body()).contains("src=\"app.js\"", "href=\"app.css\"");
        }
    }

    @Test
    void noPageWithoutTheSseTransport() throws Exception {
        try (RunningApp running = RunningApp.start(Map.of("accountstream.transports", "grpc",
                "accountstream.demo.accounts", "10"));
             HttpClient http = HttpClient.newHttpClient()) {
            assertThat(get(http, running.app, "/").statusCode()).isEqualTo(404);
            assertThat(get(http, running.app, "/app.js").statusCode()).isEqualTo(404);
        }
    }

    /** Starts the driver; a missing Chromium or puppeteer-core fails the test (it is never skipped). */
    private static Process startDriver(int httpPort) throws IOException {
        assertThat(Files.isExecutable(CHROMIUM))
                .as("%s is not installed: run scripts/install-test-clients.sh (apt package chromium)", CHROMIUM)
                .isTrue();
        assertThat(BROWSER_CLIENT.resolve("node_modules/puppeteer-core"))
                .as("interop/browser has no node_modules: run scripts/install-test-clients.sh")
                .isDirectory();
        return new ProcessBuilder("node", BROWSER_CLIENT.resolve("page-check.js").toString(),
                "--url", "http://127.0.0.1:" + httpPort + "/")
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
    }

    /** The driver's next line, as JSON; its end (see its stderr above) or {@link #WAIT} fails the test. */
    private static Map<String, Object> nextLine(IncomingLines out) throws InterruptedException {
        String line = out.next(WAIT);
        assertThat(line).as("a line from the driver within %s", WAIT).isNotNull();
        @SuppressWarnings("unchecked")
        Map<String, Object> json = (Map<String, Object>) JsonLine.parse(line);
        assertThat(json).as("the driver reported an error").doesNotContainKey("error");
        return json;
    }

    /**
     * Ends the driver and its Chromium (the browser first: killed alone, node would leave it
     * running), then closes its stdin.
     */
    private static void stop(Process driver) throws InterruptedException, IOException {
        driver.descendants().forEach(ProcessHandle::destroy);
        driver.destroy();
        if (!driver.waitFor(10, TimeUnit.SECONDS)) {
            driver.descendants().forEach(ProcessHandle::destroyForcibly);
            driver.destroyForcibly().waitFor();
        }
        driver.getOutputStream().close();
    }

    private static HttpResponse<String> get(HttpClient http, AccountStreamApp app, String path)
            throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.httpPort() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
