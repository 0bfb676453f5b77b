package io.nodechecker.gateway.job;

import io.nodechecker.model.Problem.FieldError;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class OverridesCheckTest {

    private final List<FieldError> errors = new ArrayList<>();

    @Test
    void acceptsAScriptEnvironmentAndInstallFlags() {
        OverridesCheck.check("p", "node test.js --fast", Map.of("DEBUG", "1"), List.of("--legacy-peer-deps", "--omit=optional"), errors);

        assertThat(errors).isEmpty();
    }

    @Test
    void refusesVariablesTheSandboxReliesOn() {
        OverridesCheck.check("p", null, Map.of("NODE_OPTIONS", "--require /x", "npm_config_registry", "http://evil"), null, errors);

        assertThat(errors).hasSize(2).allMatch(e -> e.message().contains("cannot be overridden"));
    }

    @Test
    void refusesInstallArgumentsThatAreNotPlainFlags() {
        OverridesCheck.check("p", null, null, List.of("evil-package", "--registry=http://x; rm -rf /", "-g"), errors);

        assertThat(errors).hasSize(3).allMatch(e -> e.field().equals("p.installArgs"));
    }

    @Test
    void refusesBadNamesAndHugeValues() {
        OverridesCheck.check("p", "", Map.of("1BAD", "x", "OK", "y".repeat(5000)), null, errors);

        assertThat(errors).extracting(FieldError::field).containsExactlyInAnyOrder("p.script", "p.env", "p.env");
    }
}
