package io.nodechecker.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.net.http.HttpRequest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A token cancels only the jobs it created; an admin token cancels any. No runner: the jobs wait in
 * the queue, which is where a cancel finds them.
 */
class OwnershipIT {

    @Test
    void aTokenCancelsOnlyItsOwnJobsAndAnAdminTokenAny() throws Exception {
        try (TestStack stack = new TestStack(1)) {
            Api gateway = stack.api(stack.startGateway(
                    "nodechecker.gateway.access.tokens=" + stack.token + ",alice-token-0123456789,bob-token-0123456789",
                    "nodechecker.gateway.access.admin-tokens=root-token-0123456789"));
            Api alice = gateway.withToken("alice-token-0123456789");
            Api bob = gateway.withToken("bob-token-0123456789");
            Api root = gateway.withToken("root-token-0123456789");

            JsonNode mine = alice.postTarball(Fixtures.tarball("passing")).json();
            assertThat(mine.path("owner").asText()).startsWith("token:").doesNotContain("alice");

            Api.Answer stranger = cancel(bob, mine.path("id").asText());
            assertThat(stranger.status()).isEqualTo(403);
            assertThat(stranger.contentType()).startsWith("application/problem+json");
            assertThat(stranger.json().path("detail").asText()).contains("another token");
            assertThat(gateway.job(mine.path("id").asText()).path("state").asText()).isEqualTo("QUEUED");

            Api.Answer own = cancel(alice, mine.path("id").asText());
            assertThat(own.status()).isEqualTo(200);
            assertThat(own.json().path("state").asText()).isEqualTo("CANCELLED");

            String bobs = bob.postTarball(Fixtures.tarball("passing")).json().path("id").asText();
            Api.Answer admin = cancel(root, bobs);
            assertThat(admin.status()).isEqualTo(200);
            assertThat(admin.json().path("state").asText()).isEqualTo("CANCELLED");
            HostileRecord.record(OwnershipIT.class, "Ownership", new HostileRecord.Row(
                    "a cancel of another token's job", "stops someone else's work",
                    stranger.status() + " with a problem body, the job still " + "QUEUED"
                            + "; its owner's cancel and an admin token's cancel: " + own.status() + ", " + admin.status(),
                    "—", "—"));
        }
    }

    private static Api.Answer cancel(Api api, String id) throws Exception {
        return api.send(HttpRequest.newBuilder(api.uri("/api/jobs/" + id + "/cancel")).POST(HttpRequest.BodyPublishers.noBody()));
    }
}
