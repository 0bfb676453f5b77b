package io.nodechecker.model.constraint;

import io.nodechecker.model.BatchEntry;
import io.nodechecker.model.JobRequest;
import io.nodechecker.model.NetworkPolicy;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import jakarta.validation.ValidatorFactory;
import org.hibernate.validator.HibernateValidator;
import org.hibernate.validator.messageinterpolation.ParameterMessageInterpolator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** The shapes the request records declare, run through Hibernate Validator as the gateway runs them. */
class RequestConstraintsTest {

    private static ValidatorFactory factory;
    private static Validator validator;

    @BeforeAll
    static void start() {
        factory = Validation.byProvider(HibernateValidator.class).configure()
                .messageInterpolator(new ParameterMessageInterpolator()).buildValidatorFactory();
        validator = factory.getValidator();
    }

    @AfterAll
    static void stop() {
        factory.close();
    }

    @Test
    void aWellFormedRequestHasNoProblems() {
        assertThat(validator.validate(new JobRequest("JSONStream", "1.3.5", List.of("22", "24"), 60, "full", "repository"))).isEmpty();
        assertThat(validator.validate(new JobRequest("@scope/pkg", null, null, null, null, null))).isEmpty();
        assertThat(validator.validate(new JobRequest("left-pad", "next", null, null, "install-only", "auto"))).isEmpty();
    }

    @Test
    void eachBadFieldSaysWhatIsWrongInNpmsWords() {
        Map<String, String> problems = problems(new JobRequest("_private", "^1.0.0", List.of("22", "v24"), 0, "FULL", "git"));
        assertThat(problems).containsOnly(
                Map.entry("packageName", "package name cannot start with a period or an underscore"),
                Map.entry("version", "version must be an exact semver version (1.2.3) or a dist-tag (latest, next)"),
                Map.entry("node[1].<list element>", "must be a Node major version such as 22, or a candidate build such as 26-rc"),
                Map.entry("timeoutSeconds", "must be at least 1"),
                Map.entry("network", "must be none, install-only or full"),
                Map.entry("code", "must be auto, tarball or repository"));
    }

    @Test
    void aMissingPackageIsAProblemAndAMissingVersionIsLatest() {
        assertThat(problems(new JobRequest(null, null, null, null, null, null)))
                .containsOnly(Map.entry("packageName", "package name is required"));
    }

    @Test
    void atMostTenNodeVersions() {
        List<String> eleven = Collections.nCopies(11, "22");
        assertThat(problems(new JobRequest("a", null, eleven, null, null, null)))
                .containsOnly(Map.entry("node", "at most 10 Node versions"));
    }

    @Test
    void nodeMajorsAreOneOrTwoDigitsWithoutALeadingZeroAndCandidatesNameTheirMajor() {
        for (String bad : List.of("0", "022", "v22", "22.1.0", "100", "", " 22", "rc", "26-", "26-RC", "26-rc/../x",
                "26-" + "a".repeat(21))) {
            assertThat(validator.validateValue(BatchEntry.class, "node", bad)).as(bad).hasSize(1);
        }
        for (String good : List.of("9", "22", "99", "26-rc", "26-rc.1", "27-nightly")) {
            assertThat(validator.validateValue(BatchEntry.class, "node", good)).as(good).isEmpty();
        }
    }

    @Test
    void aReservedNameIsNamedInItsProblem() {
        assertThat(problems(new JobRequest("node_modules", null, null, null, null, null)))
                .containsOnly(Map.entry("packageName", "package name 'node_modules' is reserved"));
    }

    @Test
    void everyNetworkPolicyIsAnAcceptedWireName() {
        List<String> wireNames = Arrays.stream(NetworkPolicy.values()).map(NetworkPolicy::wireName).toList();
        assertThat(wireNames).allMatch(name -> name.matches(NetworkPolicy.WIRE_NAMES));
        assertThat(List.of(NetworkPolicy.WIRE_NAMES.replaceAll("[\\^$()]", "").split("\\|")))
                .containsExactlyInAnyOrderElementsOf(wireNames);
        assertThat("full-ish").doesNotMatch(NetworkPolicy.WIRE_NAMES);
    }

    @Test
    void batchEntriesHoldTheSameShapes() {
        BatchEntry entry = new BatchEntry("Bad Name", "1.x", "v22", null, null, null, null, -5, null, null);
        assertThat(problems(entry).keySet()).containsExactlyInAnyOrder("packageName", "version", "node", "timeoutSeconds");
    }

    private static <T> Map<String, String> problems(T bean) {
        return validator.validate(bean).stream()
                .collect(Collectors.toMap(v -> v.getPropertyPath().toString(), ConstraintViolation::getMessage));
    }
}
