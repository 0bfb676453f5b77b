package io.nodechecker.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

import static org.awaitility.Awaitility.await;

/**
 * Following publishes against a real Verdaccio: what a watched package costs per hour (requests and
 * bytes, with ETags beside plain re-reads, measured on the wire), and the delay from {@code npm publish}
 * returning to the job being queued and to its first output line, learnt from Verdaccio's notify and
 * from the watch list.
 */
class PublishBenchmark {

    private static final int ROUNDS = 5;
    private static final int VERSIONS = 30;
    private static final Duration POLL = Duration.ofSeconds(5);

    @Test
    void measuresPollCostAndPublishToTestDelay() throws Exception {
        try (TestStack stack = new TestStack(2)) {
            String token = "notify-bench";
            int gatewayPort = stack.httpPort("gateway-0");
            try (Verdaccio registry = Verdaccio.start(stack.workDir().resolve("verdaccio"),
                    "http://127.0.0.1:" + gatewayPort + "/api/hooks/notify", token, "^nc-bench-notified")) {
                Api api = stack.api(stack.startGateway("nodechecker.gateway.npm.registry=" + registry.url(),
                        "nodechecker.gateway.hooks.notify-token=" + token,
                        "nodechecker.gateway.watch.interval=" + POLL.toSeconds() + "s"));
                stack.startRunner("nodechecker.runner.npm.registry=" + registry.url());
                api.awaitRunner();

                // A package with some history, as watched packages have.
                for (int i = 0; i < VERSIONS; i++) {
                    registry.publish("nc-bench-polled", "1.0." + i);
                }
                api.postJson("/api/watches", "{\"package\":\"nc-bench-polled\"}");
                String etag = api.get("/api/watches/nc-bench-polled").json().path("etag").asText();
                long[] plain = wire(registry.url(), "nc-bench-polled", null);
                long[] conditional = wire(registry.url(), "nc-bench-polled", etag);
                Instant windowStart = Instant.now();
                JsonNode before = api.get("/api/watches/nc-bench-polled").json();
                Thread.sleep(Duration.ofSeconds(30).toMillis());
                JsonNode after = api.get("/api/watches/nc-bench-polled").json();
                long polls = after.path("polls").asLong() - before.path("polls").asLong();
                long notModified = after.path("notModified").asLong() - before.path("notModified").asLong();
                double windowSeconds = Duration.between(windowStart, Instant.now()).toMillis() / 1000.0;

                double[] notifyQueued = new double[ROUNDS];
                double[] notifyFirst = new double[ROUNDS];
                double[] pollQueued = new double[ROUNDS];
                double[] pollFirst = new double[ROUNDS];
                for (int i = 0; i < ROUNDS; i++) {
                    double[] notified = delay(api, registry, "nc-bench-notified", "2.0." + i);
                    notifyQueued[i] = notified[0];
                    notifyFirst[i] = notified[1];
                    double[] polled = delay(api, registry, "nc-bench-polled", "1.1." + i);
                    pollQueued[i] = polled[0];
                    pollFirst[i] = polled[1];
                }
                long perHour = 3600 / 300;
                BenchReport.write("publish", String.format(Locale.ROOT, """
                        ### Following publishes: poll cost, and publish → queued → first output

                        A real Verdaccio 6.8.0 on loopback; the watched package has %d versions. Wire bytes are
                        request plus response, measured with a raw HTTP/1.1 exchange for the package's abbreviated
                        metadata (`Accept: application/vnd.npm.install-v1+json`), as the follower asks for it.

                        | one watched package, nothing published | requests / hour | bytes / hour |
                        |---|---|---|
                        | conditional poll (`If-None-Match`, 304), default `watch.interval` 5 min | %d | %,d |
                        | plain alternative: full re-read every 5 min | %d | %,d |

                        One poll: %,d bytes with the ETag (304) against %,d without (200). In a %.0f s window at a
                        %d s interval the follower made %d polls, %d of them answered 304.

                        Delay from `npm publish` returning to the job queued and to its first output line (median
                        and worst of %d publishes each):

                        | learnt from | → queued | → first output line |
                        |---|---|---|
                        | Verdaccio's `notify` POST | %.2f s (max %.2f s) | %.2f s (max %.2f s) |
                        | watch list, `watch.interval` %d s | %.2f s (max %.2f s) | %.2f s (max %.2f s) |

                        A negative delay means the job was queued before npm's publish returned: Verdaccio POSTs its
                        notify before it answers npm. The watch list's delay is the wait for the next poll (the
                        follower walks the watch list every `watch.interval`, at most every 10 s) plus one poll: at
                        the default 5 min it is up to 5 min; a registry that notifies (or sends hooks) brings it
                        down to the notify row.
                        """, VERSIONS, perHour, perHour * (conditional[0] + conditional[1]), perHour,
                        perHour * (plain[0] + plain[1]), conditional[0] + conditional[1], plain[0] + plain[1],
                        windowSeconds, POLL.toSeconds(), polls, notModified, ROUNDS,
                        BenchReport.median(notifyQueued), max(notifyQueued), BenchReport.median(notifyFirst), max(notifyFirst),
                        POLL.toSeconds(), BenchReport.median(pollQueued), max(pollQueued), BenchReport.median(pollFirst),
                        max(pollFirst)));
            }
        }
    }

    /** Publishes {@code name@version}; seconds from npm's return to the job queued and to its first output. */
    private static double[] delay(Api api, Verdaccio registry, String name, String version) throws Exception {
        registry.publish(name, version);
        long published = System.currentTimeMillis();
        String[] id = new String[1];
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(20)).until(() -> {
            for (JsonNode job : api.get("/api/jobs?limit=50").json()) {
                if (name.equals(job.path("package").asText()) && version.equals(job.path("version").asText())) {
                    id[0] = job.path("id").asText();
                    return true;
                }
            }
            return false;
        });
        double queued = (Instant.parse(api.job(id[0]).path("createdAt").asText()).toEpochMilli() - published) / 1000.0;
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(20))
                .until(() -> !api.get("/api/jobs/" + id[0] + "/log").body().isEmpty());
        double first = (System.currentTimeMillis() - published) / 1000.0;
        api.awaitFinal(id[0], Duration.ofMinutes(2));
        return new double[]{queued, first};
    }

    /** Bytes sent and received for one read of the metadata, with {@code If-None-Match} when there is an ETag. */
    private static long[] wire(String registry, String name, String etag) throws Exception {
        URI uri = URI.create(registry);
        try (Socket socket = new Socket(uri.getHost(), uri.getPort())) {
            String request = "GET /" + name + " HTTP/1.1\r\nHost: " + uri.getHost() + ":" + uri.getPort()
                    + "\r\nAccept: application/vnd.npm.install-v1+json\r\nAccept-Encoding: gzip\r\n"
                    + (etag == null ? "" : "If-None-Match: " + etag + "\r\n") + "Connection: close\r\n\r\n";
            OutputStream out = socket.getOutputStream();
            byte[] bytes = request.getBytes(StandardCharsets.US_ASCII);
            out.write(bytes);
            out.flush();
            InputStream in = socket.getInputStream();
            return new long[]{bytes.length, in.readAllBytes().length};
        }
    }

    private static double max(double[] values) {
        return BenchReport.percentile(values, 100);
    }
}
