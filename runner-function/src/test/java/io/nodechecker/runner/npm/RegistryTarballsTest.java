package io.nodechecker.runner.npm;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RegistryTarballsTest {

    private static final byte[] TARBALL = "the published bytes".getBytes(StandardCharsets.UTF_8);

    @Test
    void acceptsBytesWhoseSha512MatchesTheIntegrity() throws Exception {
        ObjectNode dist = dist("sha1-AAAA sha512-" + Base64.getEncoder().encodeToString(
                MessageDigest.getInstance("SHA-512").digest(TARBALL)), null);

        assertThatCode(() -> RegistryTarballs.verify(dist, TARBALL, "x@1.0.0")).doesNotThrowAnyException();
    }

    @Test
    void refusesBytesThatDoNotMatchAndLetsAnotherAttemptTry() throws Exception {
        ObjectNode dist = dist("sha512-" + Base64.getEncoder().encodeToString(
                MessageDigest.getInstance("SHA-512").digest("other bytes".getBytes(StandardCharsets.UTF_8))), null);

        assertThatThrownBy(() -> RegistryTarballs.verify(dist, TARBALL, "x@1.0.0"))
                .isInstanceOfSatisfying(RegistryTarballs.FetchFailed.class, e -> {
                    org.assertj.core.api.Assertions.assertThat(e.permanent()).isFalse();
                    org.assertj.core.api.Assertions.assertThat(e.getMessage()).contains("does not match");
                });
    }

    @Test
    void fallsBackToTheSha1OfOldPackages() throws Exception {
        String sha1 = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(TARBALL));

        assertThatCode(() -> RegistryTarballs.verify(dist(null, sha1), TARBALL, "x@1.0.0")).doesNotThrowAnyException();
        assertThatThrownBy(() -> RegistryTarballs.verify(dist(null, sha1.replace(sha1.charAt(0), sha1.charAt(0) == 'a' ? 'b' : 'a')),
                TARBALL, "x@1.0.0")).isInstanceOf(RegistryTarballs.FetchFailed.class);
    }

    @Test
    void refusesADistWithoutAnyChecksum() {
        assertThatThrownBy(() -> RegistryTarballs.verify(dist(null, null), TARBALL, "x@1.0.0"))
                .isInstanceOfSatisfying(RegistryTarballs.FetchFailed.class,
                        e -> org.assertj.core.api.Assertions.assertThat(e.permanent()).isTrue());
    }

    private static ObjectNode dist(String integrity, String shasum) {
        ObjectNode dist = JsonNodeFactory.instance.objectNode();
        if (integrity != null) {
            dist.put("integrity", integrity);
        }
        if (shasum != null) {
            dist.put("shasum", shasum);
        }
        return dist;
    }
}
