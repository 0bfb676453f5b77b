package io.nodechecker.runner.job;

import io.nodechecker.runner.output.TailSink;
import io.nodechecker.model.Phase;
import io.nodechecker.model.StreamName;
import io.nodechecker.runner.output.ChunkSink;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Passes a running {@code npm test}'s output on and reads from it which lifecycle step is running: npm
 * prints {@code > name@version pretest} (then the script) on standard output before each script it runs.
 * Only the package's own {@code pretest}, {@code test} and {@code posttest}, in that order, start a step:
 * a nested script's banner or a repeat does not. Keeps the end of each step's output to judge it by.
 * Before any banner (npm silenced, or a script override) the output belongs to one {@code test} step.
 */
final class LifecycleSteps implements ChunkSink {

    /** A step as it ran: when it started and the end of what it printed. */
    record Started(String name, Instant at, TailSink tail) {
    }

    private static final List<String> ORDER = List.of(Phase.PRETEST, Phase.TEST, Phase.POSTTEST);
    // Longer lines are no banner: what is kept of a line stays bounded whatever a package prints.
    private static final int MAX_LINE = 1024;

    private final ChunkSink next;
    private final String packageId;
    private final Clock clock;
    private final Started beforeAnyBanner;
    private final List<Started> steps = new ArrayList<>();
    private final StringBuilder line = new StringBuilder();
    private boolean lineTooLong;

    /** @param packageId the package's {@code name@version} as npm prints it; null to take any banner's */
    LifecycleSteps(ChunkSink next, String packageId, Clock clock) {
        this.next = next;
        this.packageId = packageId;
        this.clock = clock;
        this.beforeAnyBanner = new Started(Phase.TEST, clock.instant(), new TailSink(null));
    }

    @Override
    public synchronized void write(StreamName stream, String text) {
        next.write(stream, text);
        if (stream != StreamName.STDOUT) {
            current().tail().write(stream, text);
            return;
        }
        int segment = 0;
        int from = 0;
        while (from < text.length()) {
            int end = text.indexOf('\n', from);
            int stop = end < 0 ? text.length() : end;
            int lineStart = from - line.length();
            if (!lineTooLong && line.length() + stop - from <= MAX_LINE) {
                line.append(text, from, stop);
            } else {
                lineTooLong = true;
            }
            if (end < 0) {
                break;
            }
            String stage = lineTooLong ? null : stage(line.toString());
            if (stage != null) {
                // The banner's line, and what follows, is the new step's; a line begun in an earlier write stays where it was.
                int cut = Math.max(segment, lineStart);
                current().tail().write(stream, text.substring(segment, cut));
                steps.add(new Started(stage, clock.instant(), new TailSink(null)));
                segment = cut;
            }
            line.setLength(0);
            lineTooLong = false;
            from = end + 1;
        }
        current().tail().write(stream, text.substring(segment));
    }

    /** The steps that started, in order; the one {@code test} step when npm printed no banner. */
    synchronized List<Started> steps() {
        return steps.isEmpty() ? List.of(beforeAnyBanner) : List.copyOf(steps);
    }

    private Started current() {
        return steps.isEmpty() ? beforeAnyBanner : steps.get(steps.size() - 1);
    }

    /** The step a banner line starts, or null when the line is none or would not start one now. */
    private String stage(String candidate) {
        String text = TestCountParser.withoutAnsi(candidate).strip();
        if (!text.startsWith("> ")) {
            return null;
        }
        String[] words = text.substring(2).split(" ");
        String stage;
        if (words.length == 2 && (packageId == null || packageId.equals(words[0]))) {
            stage = words[1];
        } else if (words.length == 1 && packageId == null) {
            stage = words[0];
        } else {
            return null;
        }
        int at = ORDER.indexOf(stage);
        int last = steps.isEmpty() ? -1 : ORDER.indexOf(current().name());
        return at > last ? stage : null;
    }
}
