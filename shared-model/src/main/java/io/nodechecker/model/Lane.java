package io.nodechecker.model;

/**
 * Which queue a job waits in. Someone waiting at a terminal or a browser goes before work nobody is
 * watching: a runner with room takes an interactive job before any batch job, whatever their ages.
 */
public enum Lane {
    /** Asked for one at a time: the API, the web page, the CLI, a re-run. */
    INTERACTIVE,
    /** Part of a batch, a publish (hook or followed registry) or other scheduled work. */
    BATCH;

    /** Jobs stored before lanes existed were all asked for one at a time. */
    public static Lane of(Lane stored) {
        return stored == null ? INTERACTIVE : stored;
    }
}
