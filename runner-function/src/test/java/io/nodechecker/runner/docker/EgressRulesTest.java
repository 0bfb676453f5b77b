package io.nodechecker.runner.docker;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EgressRulesTest {

    /** What tinyproxy matches a request target against, with Java's engine standing in for POSIX ERE (same syntax here). */
    private static boolean allows(EgressRules rules, String target) {
        return rules.filter().lines().anyMatch(line -> Pattern.compile(line, Pattern.CASE_INSENSITIVE).matcher(target).find());
    }

    @Test
    void anHttpsRegistryIsATunnelToItsHostAndPortOnly() {
        EgressRules rules = new EgressRules(List.of("https://registry.npmjs.org/"));

        assertThat(allows(rules, "registry.npmjs.org:443")).isTrue();
        assertThat(allows(rules, "registry.npmjs.org:22")).isFalse();
        assertThat(allows(rules, "registry.npmjs.org.evil.example:443")).isFalse();
        assertThat(allows(rules, "registryxnpmjs.org:443")).as("the dots are literal").isFalse();
        assertThat(allows(rules, "172.17.0.1:443")).isFalse();
        assertThat(allows(rules, "http://registry.npmjs.org/")).as("no plain http to it").isFalse();
        assertThat(rules.config()).contains("ConnectPort 443\n", "FilterDefaultDeny Yes\n", "FilterURLs Yes\n",
                "FilterType ere\n");
    }

    @Test
    void anHttpRegistryIsRequestsForItsOriginOnly() {
        EgressRules rules = new EgressRules(List.of("http://172.17.0.1:4873/"));

        assertThat(allows(rules, "http://172.17.0.1:4873/xtend")).isTrue();
        assertThat(allows(rules, "http://172.17.0.1:4874/xtend")).isFalse();
        assertThat(allows(rules, "http://172.17.0.1:48730/")).isFalse();
        assertThat(allows(rules, "http://172.17.0.1:4873@10.0.0.1/")).as("user-info does not smuggle a host").isFalse();
        assertThat(allows(rules, "172.17.0.1:4873")).as("no tunnel").isFalse();
        assertThat(rules.config()).doesNotContain("ConnectPort");
    }

    @Test
    void theDefaultPortIsAllowedWrittenOrNot() {
        EgressRules rules = new EgressRules(List.of("http://mirror.example/npm/", "https://cdn.example:8443"));

        assertThat(allows(rules, "http://mirror.example/a")).isTrue();
        assertThat(allows(rules, "http://mirror.example:80/a")).isTrue();
        assertThat(allows(rules, "cdn.example:8443")).isTrue();
        assertThat(allows(rules, "cdn.example:443")).isFalse();
        assertThat(rules.config()).contains("ConnectPort 8443\n").doesNotContain("ConnectPort 443\n");
    }

    @Test
    void refusesWhatIsNotAnHttpUrl() {
        assertThatThrownBy(() -> new EgressRules(List.of("ftp://registry.example/")))
                .hasMessageContaining("not an http(s) URL");
        assertThatThrownBy(() -> new EgressRules(List.of("registry.npmjs.org")))
                .hasMessageContaining("not an http(s) URL");
    }

    @Test
    void escapesEverySpecialCharacter() {
        assertThat(EgressRules.ere("a.b[c]*+?{}|^$\\(d)")).isEqualTo("a\\.b\\[c\\]\\*\\+\\?\\{\\}\\|\\^\\$\\\\\\(d\\)");
    }
}
