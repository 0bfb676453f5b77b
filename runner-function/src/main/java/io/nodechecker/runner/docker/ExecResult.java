package io.nodechecker.runner.docker;

/** How one command in a job container ended: its exit code, or that it ran out of time. */
public record ExecResult(Integer exitCode, boolean timedOut) {

    public boolean succeeded() {
        return !timedOut && exitCode != null && exitCode == 0;
    }
}
