package io.nodechecker.runner.job;

import java.util.List;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Why an install failed, when npm's or a build tool's output says it plainly: a dependency the registry
 * does not have, conflicting peer dependencies, a missing command, a native build without a tool or
 * header, a lifecycle script that failed. The first cause found, in this order, is named.
 */
final class InstallFailure {

    private record Cause(Pattern pattern, Function<Matcher, String> sentence) {
    }

    private static final String NPM = "(?:npm ERR!|npm error)";
    private static final List<Cause> CAUSES = List.of(
            new Cause(Pattern.compile("(?m)^" + NPM + " 404 +'([^'\\s]+)' is not in this registry"),
                    m -> "`" + m.group(1) + "` is not in the registry (E404)"),
            new Cause(Pattern.compile("(?m)^" + NPM + " 404 Not Found - GET \\S+/([^/\\s]+) - "),
                    m -> "`" + m.group(1).replace("%2f", "/").replace("%2F", "/") + "` is not in the registry (E404)"),
            new Cause(Pattern.compile("(?m)^" + NPM + " notarget No matching version found for (\\S+?)\\.?$"),
                    m -> "no version of `" + m.group(1) + "` in the registry matches (ETARGET)"),
            new Cause(Pattern.compile("(?m)^" + NPM + " (?:code )?ERESOLVE[\\s\\S]*?^" + NPM + " Could not resolve dependency:\\n"
                    + NPM + " (peer .+?)(?: from (\\S+))?$"),
                    m -> "npm could not resolve the dependency tree (ERESOLVE): " + m.group(1)
                            + (m.group(2) == null ? "" : " from " + m.group(2))),
            new Cause(Pattern.compile("(?m)^" + NPM + " (?:code )?ERESOLVE"),
                    m -> "npm could not resolve the dependency tree (ERESOLVE)"),
            new Cause(Pattern.compile("(?m)^Error: No compatible signature found in package metadata"),
                    m -> "corepack found no signature in the registry's metadata of the declared package manager"
                            + " (a registry without signatures needs nodechecker.runner.npm.signatures=false)"),
            new Cause(Pattern.compile("(?m)^gyp ERR! find Python"),
                    m -> "node-gyp found no Python for a native addon"),
            new Cause(Pattern.compile("(?m)^gyp ERR! stack Error: not found: (\\S+)"),
                    m -> "a native addon's build needs `" + m.group(1) + "`, which is not installed"),
            new Cause(Pattern.compile("(?m)fatal error: ([^:\\s]+): No such file or directory"),
                    m -> "a native addon's build needs the header `" + m.group(1) + "`, which is not installed"),
            new Cause(Pattern.compile("(?m)^(?:/bin/)?(?:sh|bash)(?:: line)?(?:: \\d+)?: ([^\\s:]+): (?:command )?not found"),
                    m -> "`" + m.group(1) + "` is not installed (command not found)"),
            new Cause(Pattern.compile("(?m)^" + NPM + " (?:code )?(?:EAI_AGAIN|ENOTFOUND|ECONNREFUSED|ETIMEDOUT)\\b"),
                    m -> "the registry could not be reached"),
            new Cause(Pattern.compile("(?m)^" + NPM + " command sh -c (.{1,200})$"),
                    m -> "the script `" + m.group(1).strip() + "` failed"));

    private InstallFailure() {
    }

    /** The cause {@code output} (the end of the install's output) states, as a clause; empty when none. */
    static String cause(String output) {
        String text = TestCountParser.withoutAnsi(output);
        for (Cause cause : CAUSES) {
            Matcher matcher = cause.pattern().matcher(text);
            if (matcher.find()) {
                return ": " + cause.sentence().apply(matcher);
            }
        }
        return "";
    }
}
