package io.nodechecker.runner.job;

import io.nodechecker.model.JobState;
import io.nodechecker.model.Phase;
import io.nodechecker.model.TestCounts;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A job's final state with the sentence that explains it and the exit code that decided it.
 *
 * @param failure what a failed test run failed on ({@link FailureSignature}), or null
 */
record Verdict(JobState state, String reason, Integer exitCode, TestCounts tests, String failure) {

    Verdict(JobState state, String reason, Integer exitCode) {
        this(state, reason, exitCode, null, null);
    }

    Verdict(JobState state, String reason, Integer exitCode, TestCounts tests) {
        this(state, reason, exitCode, tests, null);
    }

    /** This verdict with the signature of its failure, read from what the failing step printed. */
    Verdict failingOn(String output) {
        return state != JobState.FAILED ? this
                : new Verdict(state, reason, exitCode, tests, FailureSignature.of(output).orElse(null));
    }

    /**
     * One step of npm's test lifecycle ({@code pretest}, {@code test}, {@code posttest}) as it ran: the
     * script, its exit code and the end of what it printed.
     */
    record Step(String name, String script, int exitCode, String tail) {

        boolean failed() {
            return exitCode != 0;
        }
    }

    // A test runner saying it found nothing to run (mocha, jest, tap, node:test): no tests, whatever the exit code.
    private static final Pattern NO_TEST_FILES = Pattern.compile(
            "(?m)^\\s*(?:Error: )?(No test files found[^\\n]*|No tests found[^\\n]*)");
    // sh, dash and bash saying a command does not exist.
    private static final Pattern NOT_FOUND = Pattern.compile(
            "(?m)^(?:/bin/)?(?:sh|bash)(?:: line)?(?:: \\d+)?: ([^\\s:]+): (?:command )?not found");
    // Name resolution or routing failing: what a test sees of the network that is cut while testing.
    private static final Pattern NETWORK = Pattern.compile(
            "(getaddrinfo (?:EAI_AGAIN|ENOTFOUND) [^\\s'\"]+|connect (?:ENETUNREACH|EHOSTUNREACH) [^\\s'\"]+)");

    static Verdict timedOut(String phase, String limit) {
        return new Verdict(JobState.TIMED_OUT, phase + " did not finish within " + limit + "; the container was killed", null);
    }

    static Verdict fetchFailed(Integer exitCode) {
        return new Verdict(JobState.INSTALL_FAILED, "the package could not be fetched (exit code " + exitCode + ")", exitCode);
    }

    /** @param output the end of what the install printed, for its cause */
    static Verdict installFailed(String shown, Integer exitCode, String output) {
        return new Verdict(JobState.INSTALL_FAILED, shown + " " + exited(exitCode) + InstallFailure.cause(output), exitCode);
    }

    /** How a command ended, naming the signal when one killed it (exit codes above 128). */
    static String exited(Integer exitCode) {
        if (exitCode == null) {
            return "ended without an exit code";
        }
        return switch (exitCode) {
            case 137 -> "was killed (SIGKILL, exit code 137)";
            case 134 -> "aborted (SIGABRT, exit code 134): most often Node running out of heap";
            case 139 -> "crashed (SIGSEGV, exit code 139)";
            case 143 -> "was terminated (SIGTERM, exit code 143)";
            default -> "exited with code " + exitCode;
        };
    }

    /** A phase killed by the kernel for the container's memory limit, as the engine reported it. */
    static Verdict outOfMemory(String phase, long memoryMb) {
        return new Verdict(phase.equals(Phase.INSTALL) || phase.equals(Phase.FETCH) ? JobState.INSTALL_FAILED : JobState.FAILED,
                phase + " was killed for using more than the container's memory limit of " + memoryMb
                        + " MB (the engine reported an OOM kill)", 137);
    }

    /** The container was stopped or removed by something other than the job's own limits: not the package's doing. */
    static Verdict killedFromOutside(String phase, int exitCode) {
        return errored(phase + " was killed (exit code " + exitCode + ") because its container was stopped or"
                + " removed from outside the job, not by its own limits");
    }

    static Verdict noTestScript() {
        return new Verdict(JobState.NO_TESTS, "package.json has no test script (or npm's placeholder)", null);
    }

    static Verdict outputCapped(long capBytes) {
        return new Verdict(JobState.FAILED, "the output passed the cap of " + capBytes + " bytes; the job was stopped", null);
    }

    static Verdict errored(String why) {
        return new Verdict(JobState.ERRORED, why, null);
    }

    /**
     * Judges the test lifecycle as npm ran it: the exit code of each step decides, in npm's order (a failed
     * {@code pretest} means the tests never ran, so there may be no test step); the test counts annotate;
     * the reason names the step that failed and, where its output makes it plain, why.
     *
     * @param networkCut whether the container had no network while testing
     */
    static Verdict ofLifecycle(List<Step> steps, boolean networkCut) {
        Step test = steps.stream().filter(step -> step.name().equals(Phase.TEST)).findFirst().orElse(null);
        TestCounts tests = test == null ? null : TestCountParser.parse(test.tail());
        Matcher none = NO_TEST_FILES.matcher(test == null ? "" : TestCountParser.withoutAnsi(test.tail()));
        if (none.find()) {
            return new Verdict(JobState.NO_TESTS, "the test runner found no tests: \"" + none.group(1).strip() + "\"",
                    test.exitCode(), tests);
        }
        for (Step step : steps) {
            if (!step.failed()) {
                continue;
            }
            String cause = cause(step, networkCut);
            String reason = switch (step.name()) {
                case Phase.PRETEST -> "pretest `" + step.script() + "` " + exited(step.exitCode()) + cause
                        + "; the tests did not run";
                case Phase.POSTTEST -> passed(tests) + "; posttest `" + step.script() + "` " + exited(step.exitCode()) + cause;
                default -> "npm test " + exited(step.exitCode()) + summary(tests) + cause;
            };
            return new Verdict(JobState.FAILED, reason, step.exitCode(), tests);
        }
        return new Verdict(JobState.PASSED, "npm test exited with code 0" + summary(tests), 0, tests);
    }

    /** The likely cause of a step's failure when its output states it, as a clause; empty otherwise. */
    static String cause(Step step, boolean networkCut) {
        String tail = TestCountParser.withoutAnsi(step.tail());
        if (step.exitCode() == 127) {
            Matcher missing = NOT_FOUND.matcher(tail);
            return missing.find() ? ": `" + missing.group(1) + "` is not installed (command not found)"
                    : ": a command it runs was not found";
        }
        if (networkCut) {
            Matcher network = NETWORK.matcher(tail);
            if (network.find()) {
                return ": a test tried to reach the network, which is cut while testing (" + network.group(1) + ")";
            }
        }
        return "";
    }

    private static String passed(TestCounts tests) {
        if (tests == null) {
            return "npm test passed";
        }
        if (tests.failed() == 0) {
            return "all " + tests.passed() + " tests passed" + (tests.skipped() == 0 ? "" : " (" + tests.skipped() + " skipped)");
        }
        return "npm test passed" + summary(tests);
    }

    private static String summary(TestCounts tests) {
        return tests == null ? "" : " (" + tests.passed() + " passed, " + tests.failed() + " failed, "
                + tests.skipped() + " skipped)";
    }
}
