package io.nodechecker.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.nodechecker.model.constraint.NodeMajor;
import io.nodechecker.model.constraint.NpmName;
import io.nodechecker.model.constraint.NpmVersion;
import io.quarkus.runtime.annotations.RegisterForReflection;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;

import java.util.List;
import java.util.Map;

/**
 * One package of a batch, with CITGM-style overrides.
 *
 * @param skip       listed but not tested
 * @param expectFail a failure is what is expected: it does not fail the batch
 * @param flaky      a failure is reported as flaky and does not fail the batch; it is rerun first
 * @param retries    how many times a failure is rerun before it counts (default: the batch's)
 * @param code       what is tested: {@code auto} (the default), {@code tarball} or {@code repository}
 * @param codeHints  where the repository and commit are beyond the manifest (lookup.json's prefix, repo, ignoreGitHead)
 * @param notes      what could not be honoured of where the entry came from (CITGM's lookup.json),
 *                   said once per entry instead of dropped
 */
@RegisterForReflection
public record BatchEntry(
        @NpmName @JsonProperty("package") String packageName,
        @NpmVersion String version,
        @NodeMajor String node,
        String script,
        Boolean skip,
        Boolean expectFail,
        Boolean flaky,
        @Min(value = 1, message = "must be at least 1") Integer timeoutSeconds,
        Map<String, String> env,
        List<String> installArgs,
        Integer retries,
        @Pattern(regexp = "^(" + CodeChoice.WIRE_NAMES + ")$", message = "must be auto, tarball or repository") String code,
        CodeHints codeHints,
        List<String> notes) {

    public BatchEntry(String packageName, String version, String node, String script, Boolean skip, Boolean expectFail,
                      Boolean flaky, Integer timeoutSeconds, Map<String, String> env, List<String> installArgs) {
        this(packageName, version, node, script, skip, expectFail, flaky, timeoutSeconds, env, installArgs, null, null, null, null);
    }

    /** The same entry, rerun up to {@code times} when it fails. */
    public BatchEntry withRetries(int times) {
        return new BatchEntry(packageName, version, node, script, skip, expectFail, flaky, timeoutSeconds, env,
                installArgs, times, code, codeHints, notes);
    }

    public int retriesOrZero() {
        return retries == null ? 0 : retries;
    }

    /** The same entry on Node {@code major}. */
    public BatchEntry onNode(String major) {
        return new BatchEntry(packageName, version, major, script, skip, expectFail, flaky, timeoutSeconds, env,
                installArgs, retries, code, codeHints, notes);
    }

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
