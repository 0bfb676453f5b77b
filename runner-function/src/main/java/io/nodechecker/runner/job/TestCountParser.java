package io.nodechecker.runner.job;

import io.nodechecker.model.TestCounts;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads passed, failed and skipped counts from the summary a test runner prints at the end: TAP
 * (tape, node-tap, node:test's TAP reporter), node:test's spec reporter, mocha and jest; failing
 * those, counts TAP's {@code ok} / {@code not ok} lines.
 */
final class TestCountParser {

    private static final Pattern ANSI = Pattern.compile("\u001b\\[[0-9;]*[A-Za-z]");
    private static final Pattern TAP_PASS = Pattern.compile("(?m)^# pass\\s+(\\d+)");
    private static final Pattern TAP_FAIL = Pattern.compile("(?m)^# fail\\s+(\\d+)");
    private static final Pattern TAP_SKIP = Pattern.compile("(?m)^# (?:skip|todo)\\s+(\\d+)");
    private static final Pattern NODE_PASS = Pattern.compile("(?m)^ℹ pass (\\d+)");
    private static final Pattern NODE_FAIL = Pattern.compile("(?m)^ℹ fail (\\d+)");
    private static final Pattern NODE_SKIP = Pattern.compile("(?m)^ℹ (?:skipped|todo) (\\d+)");
    private static final Pattern MOCHA_PASS = Pattern.compile("(?m)^\\s*(\\d+) passing\\b");
    private static final Pattern MOCHA_FAIL = Pattern.compile("(?m)^\\s*(\\d+) failing\\b");
    private static final Pattern MOCHA_SKIP = Pattern.compile("(?m)^\\s*(\\d+) pending\\b");
    private static final Pattern JEST = Pattern.compile("(?m)^Tests:\\s+(.*\\d+ total)");
    private static final Pattern TAP_LINE = Pattern.compile("(?m)^(not )?ok \\d+\\b(.*)$");

    private TestCountParser() {
    }

    /** {@code output} without its ANSI colour and cursor codes. */
    static String withoutAnsi(String output) {
        return ANSI.matcher(output).replaceAll("");
    }

    /** The counts the output states, or {@code null} when it states none. */
    static TestCounts parse(String output) {
        String text = withoutAnsi(output);
        TestCounts counts = summary(text, TAP_PASS, TAP_FAIL, TAP_SKIP);
        if (counts == null) {
            counts = summary(text, NODE_PASS, NODE_FAIL, NODE_SKIP);
        }
        if (counts == null) {
            counts = summary(text, MOCHA_PASS, MOCHA_FAIL, MOCHA_SKIP);
        }
        if (counts == null) {
            counts = jest(text);
        }
        return counts != null ? counts : tapLines(text);
    }

    private static TestCounts summary(String text, Pattern pass, Pattern fail, Pattern skip) {
        Integer passed = last(pass, text);
        Integer failed = last(fail, text);
        if (passed == null && failed == null) {
            return null;
        }
        Integer skipped = last(skip, text);
        return new TestCounts(or0(passed), or0(failed), or0(skipped));
    }

    private static TestCounts jest(String text) {
        Matcher line = JEST.matcher(text);
        String summary = null;
        while (line.find()) {
            summary = line.group(1);
        }
        if (summary == null) {
            return null;
        }
        return new TestCounts(count(summary, "passed"), count(summary, "failed"), count(summary, "skipped")
                + count(summary, "todo"));
    }

    private static TestCounts tapLines(String text) {
        int passed = 0;
        int failed = 0;
        int skipped = 0;
        Matcher line = TAP_LINE.matcher(text);
        while (line.find()) {
            if (line.group(2).matches("(?i).*#\\s*(skip|todo).*")) {
                skipped++;
            } else if (line.group(1) != null) {
                failed++;
            } else {
                passed++;
            }
        }
        return passed + failed + skipped == 0 ? null : new TestCounts(passed, failed, skipped);
    }

    private static int count(String summary, String word) {
        Matcher m = Pattern.compile("(\\d+) " + word).matcher(summary);
        return m.find() ? Integer.parseInt(m.group(1)) : 0;
    }

    private static Integer last(Pattern pattern, String text) {
        Matcher m = pattern.matcher(text);
        Integer value = null;
        while (m.find()) {
            value = Integer.parseInt(m.group(1));
        }
        return value;
    }

    private static int or0(Integer value) {
        return value == null ? 0 : value;
    }
}
