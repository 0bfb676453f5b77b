package io.nodechecker.model;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;
import java.util.Map;

/**
 * One package of a batch, with CITGM-style overrides.
 *
 * @param skip       listed but not tested
 * @param expectFail a failure is what is expected: it does not fail the batch
 * @param flaky      a failure is reported as flaky and does not fail the batch
 */
public record BatchEntry(
        @JsonProperty("package") String packageName,
        String version,
        String node,
        String script,
        Boolean skip,
        Boolean expectFail,
        Boolean flaky,
        Integer timeoutSeconds,
        Map<String, String> env,
        List<String> installArgs) {

    public boolean skipped() {
        return Boolean.TRUE.equals(skip);
    }

    public boolean failureExpected() {
        return Boolean.TRUE.equals(expectFail);
    }

    public boolean isFlaky() {
        return Boolean.TRUE.equals(flaky);
    }
}
