package io.nodechecker.runner.job;

import io.nodechecker.model.StreamName;
import io.nodechecker.runner.output.ChunkSink;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class LifecycleStepsTest {

    private final List<String> passedOn = new ArrayList<>();
    private final ChunkSink next = (stream, text) -> passedOn.add(text);

    private LifecycleSteps steps(String id) {
        return new LifecycleSteps(next, id, Clock.fixed(Instant.EPOCH, ZoneOffset.UTC));
    }

    @Test
    void npmsBannersStartTheStepsInOrderAndEachKeepsItsOwnOutput() {
        LifecycleSteps steps = steps("semver@5.7.2");
        steps.write(StreamName.STDOUT, "\n> semver@5.7.2 pretest\n> node lint.js\n\nlint ok\n\n> semver@5.7.2 te");
        steps.write(StreamName.STDOUT, "st\n> tap test/*.js\n\n# pass 3\n");
        steps.write(StreamName.STDERR, "a warning\n");
        steps.write(StreamName.STDOUT, "\n> semver@5.7.2 posttest\n> npm run lint\n\n\n> semver@5.7.2 lint\n> eslint .\n\nbad\n");

        assertThat(steps.steps()).extracting(LifecycleSteps.Started::name).containsExactly("pretest", "test", "posttest");
        assertThat(steps.steps().get(0).tail().tail()).contains("lint ok").doesNotContain("# pass 3");
        assertThat(steps.steps().get(1).tail().tail()).contains("# pass 3", "a warning").doesNotContain("lint ok", "bad");
        assertThat(steps.steps().get(2).tail().tail()).contains("> semver@5.7.2 lint", "bad");
        assertThat(String.join("", passedOn)).contains("lint ok", "# pass 3", "a warning", "bad");
    }

    @Test
    void aNestedScriptsBannerOrALaterRepeatOrAnotherPackagesBannerStartsNothing() {
        LifecycleSteps steps = steps("p@1.0.0");
        steps.write(StreamName.STDOUT, "> p@1.0.0 test\n> npm run unit\n\n> p@1.0.0 unit\n> other@2.0.0 posttest\n"
                + "> p@1.0.0 pretest\n> p@1.0.0 test\n");

        assertThat(steps.steps()).extracting(LifecycleSteps.Started::name).containsExactly("test");
    }

    @Test
    void withoutAnyBannerEverythingIsTheTestStep() {
        LifecycleSteps steps = steps("p@1.0.0");
        steps.write(StreamName.STDOUT, "ok 1\nnot ok 2\n");
        steps.write(StreamName.STDOUT, "x".repeat(5000) + "> p@1.0.0 posttest\n");

        assertThat(steps.steps()).singleElement().satisfies(step -> {
            assertThat(step.name()).isEqualTo("test");
            assertThat(step.tail().tail()).contains("not ok 2");
        });
    }

    @Test
    void aPackageWithoutNameOrVersionHasBannersOfItsStageAlone() {
        LifecycleSteps steps = steps(null);
        steps.write(StreamName.STDOUT, "\n> pretest\n> x\n\n> test\n> y\n");

        assertThat(steps.steps()).extracting(LifecycleSteps.Started::name).containsExactly("pretest", "test");
    }
}
