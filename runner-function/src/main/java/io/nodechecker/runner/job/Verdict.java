package io.nodechecker.runner.job;

import io.nodechecker.model.JobState;
import io.nodechecker.model.TestCounts;

import java.util.regex.Pattern;

/** A job's final state with the sentence that explains it and the exit code that decided it. */
record Verdict(JobState state, String reason, Integer exitCode, TestCounts tests) {

    Verdict(JobState state, String reason, Integer exitCode) {
        this(state, reason, exitCode, null);
    }

    // TAP plan "1..0" or a runner's summary of zero tests (tape, node:test, mocha, jest).
    private static final Pattern ZERO_TESTS = Pattern.compile(
            "(?m)^\\s*(1\\.\\.0\\b|# tests 0\\b|ℹ tests 0\\b|0 passing\\b|Tests:\\s+0 total)");

    static Verdict timedOut(String phase, String limit) {
        return new Verdict(JobState.TIMED_OUT, phase + " did not finish within " + limit + "; the container was killed", null);
    }

    static Verdict fetchFailed(Integer exitCode) {
        return new Verdict(JobState.INSTALL_FAILED, "the package could not be fetched (exit code " + exitCode + ")", exitCode);
    }

    static Verdict installFailed(Integer exitCode) {
        return new Verdict(JobState.INSTALL_FAILED, "npm install " + exited(exitCode), exitCode);
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
        return new Verdict(phase.equals("test") ? JobState.FAILED : JobState.INSTALL_FAILED,
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

    /** Judges {@code npm test} by its exit code and, for a zero-test run, by what it printed. */
    static Verdict ofTest(int exitCode, String testOutputTail) {
        TestCounts tests = TestCountParser.parse(testOutputTail);
        if (exitCode == 0) {
            if (ZERO_TESTS.matcher(testOutputTail).find() || (tests != null && tests.total() == 0)) {
                return new Verdict(JobState.NO_TESTS, "npm test ran zero tests", 0, tests);
            }
            return new Verdict(JobState.PASSED, "npm test exited with code 0" + summary(tests), 0, tests);
        }
        return new Verdict(JobState.FAILED, "npm test " + exited(exitCode) + summary(tests), exitCode, tests);
    }

    private static String summary(TestCounts tests) {
        return tests == null ? "" : " (" + tests.passed() + " passed, " + tests.failed() + " failed, "
                + tests.skipped() + " skipped)";
    }
}
