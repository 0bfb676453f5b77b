package io.nodechecker.gateway.api;

import io.nodechecker.gateway.GatewayAlone;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static io.nodechecker.gateway.api.GatewayApiTest.assertProblem;
import static io.nodechecker.gateway.api.GatewayApiTest.send;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Who may do what, decided by Quarkus Security ({@code BearerAuthentication} and the HTTP permissions):
 * with private reads every read needs a token; a live ticket opens its job's stream and nothing else;
 * a token cancels only its own jobs, an admin token any.
 */
@QuarkusTest
@TestProfile(PrivateReadsTest.Private.class)
class PrivateReadsTest {

    private static final String WRITER_A = "writer-a-token";
    private static final String WRITER_B = "writer-b-token";
    private static final String ADMIN = "admin-token";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The cluster of one of {@link GatewayApiTest}, with private reads, two tokens and an admin token. */
    public static final class Private implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            Map<String, String> config = new HashMap<>(new GatewayAlone().getConfigOverrides());
            config.put("nodechecker.gateway.cluster.name", "private-reads-test-" + java.util.UUID.randomUUID());
            config.put("nodechecker.gateway.access.public-read", "false");
            config.put("nodechecker.gateway.access.tokens", WRITER_A + "," + WRITER_B);
            config.put("nodechecker.gateway.access.admin-tokens", ADMIN);
            return config;
        }
    }

    @TestHTTPResource("/")
    URI root;

    @Test
    void everyReadNeedsAToken() throws Exception {
        assertProblem(get("/api/jobs", null), 401, "Authorization: Bearer");
        assertProblem(get("/api/runners", null), 401, "Authorization: Bearer");
        assertProblem(get("/api/jobs", "guessed"), 401, "not one this gateway knows");
        assertThat(get("/api/jobs", WRITER_A).statusCode()).isEqualTo(200);
        // Not under /api: the pages and health stay open.
        assertThat(get("/q/health/live", null).statusCode()).isEqualTo(200);
    }

    @Test
    void aTicketOpensItsJobsStreamAndNothingElse() throws Exception {
        String job = created(WRITER_A);
        String other = created(WRITER_A);
        String ticket = JSON.readTree(get("/api/jobs/" + job + "/live-ticket", WRITER_A).body()).path("ticket").asText();

        WebSocket socket = HttpClient.newHttpClient().newWebSocketBuilder()
                .buildAsync(live(job, ticket), new WebSocket.Listener() { }).get(10, TimeUnit.SECONDS);
        socket.sendClose(WebSocket.NORMAL_CLOSURE, "done").get(10, TimeUnit.SECONDS);

        assertThat(handshakeStatus(live(other, ticket))).as("another job's stream").isEqualTo(401);
        assertThat(handshakeStatus(live(job, ticket + "x"))).as("a forged ticket").isEqualTo(401);
        assertThat(handshakeStatus(live(job, null))).as("no ticket, no token").isEqualTo(401);
        assertProblem(get("/api/jobs/" + job + "?ticket=" + ticket, null), 401, null);
        assertProblem(get("/api/jobs/" + job + "/live?ticket=" + ticket + "x", null), 401, "live-ticket");
    }

    @Test
    void aTokenCancelsItsOwnJobsAndAnAdminTokenAny() throws Exception {
        String mine = created(WRITER_A);
        String theirs = created(WRITER_B);

        HttpResponse<String> refused = post("/api/jobs/" + theirs + "/cancel", WRITER_A);
        HttpResponse<String> own = post("/api/jobs/" + mine + "/cancel", WRITER_A);
        HttpResponse<String> byAdmin = post("/api/jobs/" + theirs + "/cancel", ADMIN);

        assertProblem(refused, 403, "admin token");
        assertThat(own.statusCode()).isEqualTo(200);
        assertThat(byAdmin.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(byAdmin.body()).path("state").asText()).isEqualTo("CANCELLED");
    }

    private String created(String token) throws Exception {
        HttpResponse<String> created = GatewayApiTest.upload(root, GatewayApiTest.tarball("nc-private-test", "1.0.0"),
                null, token);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(202);
        JsonNode job = JSON.readTree(created.body());
        return job.path("id").asText();
    }

    private URI live(String job, String ticket) {
        return URI.create(root.toString().replaceFirst("^http", "ws") + "api/jobs/" + job + "/live"
                + (ticket == null ? "" : "?ticket=" + ticket));
    }

    private static int handshakeStatus(URI uri) throws Exception {
        try {
            HttpClient.newHttpClient().newWebSocketBuilder().buildAsync(uri, new WebSocket.Listener() { })
                    .get(10, TimeUnit.SECONDS).abort();
            return 101;
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof WebSocketHandshakeException handshake) {
                return handshake.getResponse().statusCode();
            }
            throw e;
        }
    }

    private HttpResponse<String> get(String path, String token) throws Exception {
        return send(HttpRequest.newBuilder(root.resolve(path)).GET(), token);
    }

    private HttpResponse<String> post(String path, String token) throws Exception {
        return send(HttpRequest.newBuilder(root.resolve(path)).POST(HttpRequest.BodyPublishers.noBody()), token);
    }
}
