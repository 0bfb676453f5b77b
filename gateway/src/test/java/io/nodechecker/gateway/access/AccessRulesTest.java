package io.nodechecker.gateway.access;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The rules under the gateway's access control: which tokens count, what a job remembers of one, who may change a job. */
class AccessRulesTest {

    private final AccessTokens tokens = new AccessTokens(List.of("writer-1", "writer-2"), List.of("root"));

    @Test
    void aConfiguredTokenIsKnownAndAnAdminTokenIsAWriteTokenToo() {
        assertThat(tokens.open()).isFalse();
        assertThat(tokens.known("writer-1")).isTrue();
        assertThat(tokens.known("root")).isTrue();
        assertThat(tokens.admin("root")).isTrue();
        assertThat(tokens.admin("writer-1")).isFalse();
    }

    @Test
    void nearMissesAreNotTokens() {
        for (String wrong : List.of("", "writer", "writer-1 ", "Writer-1", "writer-12", "roo", "rootroot")) {
            assertThat(tokens.known(wrong)).as(wrong).isFalse();
            assertThat(tokens.admin(wrong)).as(wrong).isFalse();
        }
    }

    @Test
    void withoutTokensTheGatewayIsOpen() {
        assertThat(new AccessTokens(List.of(), List.of()).open()).isTrue();
        // Admin tokens alone still close it: they are write tokens.
        assertThat(new AccessTokens(List.of(), List.of("root")).open()).isFalse();
    }

    @Test
    void aJobRemembersAFingerprintNeverTheToken() {
        String fingerprint = AccessTokens.fingerprint("writer-1");

        assertThat(fingerprint).matches("token:[0-9a-f]{16}").doesNotContain("writer-1");
        assertThat(AccessTokens.fingerprint("writer-1")).isEqualTo(fingerprint);
        assertThat(AccessTokens.fingerprint("writer-2")).isNotEqualTo(fingerprint);
    }

    @Test
    void onlyTheCreatorOrAnAdminMayChangeAJob() {
        String mine = AccessTokens.fingerprint("writer-1");
        String theirs = AccessTokens.fingerprint("writer-2");

        assertThat(new Caller(mine, false).mayChange(mine)).isTrue();
        assertThat(new Caller(mine, false).mayChange(theirs)).isFalse();
        // Jobs of hooks have no creator: only an admin changes them.
        assertThat(new Caller(mine, false).mayChange(null)).isFalse();
        assertThat(new Caller(null, false).mayChange(null)).isFalse();
        assertThat(new Caller(null, true).mayChange(theirs)).isTrue();
        assertThat(new Caller(mine, true).mayChange(null)).isTrue();
    }
}
