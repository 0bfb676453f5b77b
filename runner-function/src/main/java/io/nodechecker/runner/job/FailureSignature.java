package io.nodechecker.runner.job;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a failed test run failed on, normalised so that the same failure tomorrow reads the same: the first
 * failing test's name (TAP and node:test's {@code not ok}, mocha's {@code 1) …}, jest's {@code ●}) and the first
 * assertion or error line after it, with numbers, hex ids, paths and durations taken out. A history compares
 * these to say "the same failure as last night" or "a new failure".
 */
final class FailureSignature {

    static final int MAX_LENGTH = 300;
    // Each runner's way of naming a failing test, at the start of a line.
    private static final Pattern FAILING_TEST = Pattern.compile(
            "(?m)^[ \\t]*(?:not ok \\d+ (?:- )?([^\\n#]{1,200})|\\d+\\) ([^\\n]{1,200})|● ([^\\n]{1,200}))$");
    private static final Pattern ERROR_LINE = Pattern.compile(
            "(?m)^[ \\t#]*((?:\\w{0,40}Error|AssertionError \\[[A-Z_]{1,40}\\])(?::| -)[^\\n]{0,200})$");
    private static final Pattern PATH = Pattern.compile("(?:/[\\w.@-]{1,100}){2,30}");
    // An id: eight or more hex digits with a letter among them (plain numbers are numbers).
    private static final Pattern HEX = Pattern.compile("\\b(?:0x)?(?=[0-9]{0,63}[a-f])[0-9a-f]{8,64}\\b");
    private static final Pattern DURATION = Pattern.compile("\\(?\\b\\d+(?:\\.\\d+)?\\s?(?:ms|s)\\b\\)?");
    private static final Pattern NUMBER = Pattern.compile("\\d+");
    private static final Pattern SPACE = Pattern.compile("\\s+");

    private FailureSignature() {
    }

    /** The signature of {@code output}, the end of a failed test step; empty when it names no failing test or error. */
    static Optional<String> of(String output) {
        if (output == null) {
            return Optional.empty();
        }
        Matcher test = FAILING_TEST.matcher(output);
        String name = null;
        int from = 0;
        if (test.find()) {
            name = test.group(1) != null ? test.group(1) : test.group(2) != null ? test.group(2) : test.group(3);
            from = test.end();
        }
        Matcher error = ERROR_LINE.matcher(output);
        String assertion = error.find(from) ? error.group(1) : null;
        if (name == null && assertion == null) {
            return Optional.empty();
        }
        String signature = (name == null ? "" : normalise(name)) + (name != null && assertion != null ? " — " : "")
                + (assertion == null ? "" : normalise(assertion));
        return Optional.of(signature.length() > MAX_LENGTH ? signature.substring(0, MAX_LENGTH) : signature);
    }

    static String normalise(String text) {
        String clean = PATH.matcher(text).replaceAll("<path>");
        clean = HEX.matcher(clean).replaceAll("<id>");
        clean = DURATION.matcher(clean).replaceAll("");
        clean = NUMBER.matcher(clean).replaceAll("N");
        return SPACE.matcher(clean).replaceAll(" ").trim();
    }
}
