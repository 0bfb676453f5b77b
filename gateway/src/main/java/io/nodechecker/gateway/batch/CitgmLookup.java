package io.nodechecker.gateway.batch;

import com.fasterxml.jackson.databind.JsonNode;
import io.nodechecker.gateway.problem.ApiException;
import io.nodechecker.gateway.job.OverridesCheck;
import io.nodechecker.model.BatchEntry;
import io.nodechecker.model.CodeHints;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * CITGM's {@code lookup.json} (nodejs/citgm {@code lib/lookup.json}) as batch entries: one entry per
 * module and Node major, with {@code skip}, {@code flaky} and {@code expectFail} decided for that
 * major by {@link CitgmConditions}, {@code scripts} run instead of {@code npm test}, {@code envVar},
 * {@code install} flags and {@code timeout} (milliseconds) carried over, and {@code tags} filtered
 * the way {@code citgm-all --includeTags/--excludeTags} does (a module's name is one of its tags).
 * What cannot be honoured is written into the entry's notes, never silently dropped.
 */
public final class CitgmLookup {

    /** The entries, and what was said about the lookup as a whole. */
    record Converted(List<BatchEntry> entries, List<String> notes) {
    }

    /** Fields that change nothing about a run: who maintains the module, comments. */
    private static final Set<String> INFORMATIONAL = Set.of("maintainers", "comment", "npm", "stripAnsi");
    // What CITGM does that Nodechecker does not: it tests the published version, checked out without submodules.
    private static final Map<String, String> NOT_HONOURED = Map.of(
            "head", "the published version is tested, not the repository's default branch",
            "submodules", "the repository is checked out without its git submodules");
    // useGitClone, prefix, repo and ignoreGitHead choose the code (docs/CODE.md); yarn and pnpm install it.
    private static final Set<String> KNOWN = Set.of("skip", "flaky", "expectFail", "scripts", "envVar", "install",
            "timeout", "tags", "useGitClone", "prefix", "repo", "ignoreGitHead", "yarn", "pnpm");
    // What git allows at the start of a tag name, kept short.
    private static final Pattern TAG_PREFIX = Pattern.compile("^[A-Za-z0-9._@/+-]{1,100}$");
    // An npm script name with its arguments; nothing a shell would read as anything but words.
    private static final Pattern SCRIPT = Pattern.compile("^[A-Za-z0-9:._=/@ -]{1,300}$");

    private CitgmLookup() {
    }

    /** Whether {@code body} is a lookup table: an object of module names whose values are all objects. */
    public static boolean isLookup(JsonNode body) {
        if (body == null || !body.isObject() || body.isEmpty() || body.has("packages")) {
            return false;
        }
        for (JsonNode value : body) {
            if (!value.isObject()) {
                return false;
            }
        }
        return true;
    }

    /**
     * @param releases      the exact release of each major, as the runners' images say ({@code 22 → 22.23.3})
     * @param maxTimeoutSeconds the longest test limit a job may have: longer timeouts are cut to it
     */
    static Converted convert(JsonNode lookup, List<String> nodes, List<String> includeTags, List<String> excludeTags,
                             Map<String, String> releases, int maxTimeoutSeconds) {
        List<BatchEntry> entries = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        int left = 0;
        for (Iterator<Map.Entry<String, JsonNode>> modules = lookup.fields(); modules.hasNext(); ) {
            Map.Entry<String, JsonNode> module = modules.next();
            if (!selected(module.getKey(), module.getValue().path("tags"), includeTags, excludeTags)) {
                left++;
                continue;
            }
            for (String node : nodes) {
                entries.add(entry(module.getKey(), module.getValue(), node,
                        new CitgmConditions(releases.getOrDefault(node, node)), maxTimeoutSeconds));
            }
        }
        if (left > 0) {
            notes.add(left + " of " + lookup.size() + " modules left out by includeTags " + includeTags
                    + " / excludeTags " + excludeTags);
        }
        if (entries.isEmpty()) {
            throw new ApiException(400, "Invalid batch", "no module of the lookup table is left after the tag filters");
        }
        return new Converted(entries, notes);
    }

    /** How many modules of {@code lookup} the tag filters leave, counted without making any entry. */
    static int selected(JsonNode lookup, List<String> includeTags, List<String> excludeTags) {
        int selected = 0;
        for (Iterator<Map.Entry<String, JsonNode>> modules = lookup.fields(); modules.hasNext(); ) {
            Map.Entry<String, JsonNode> module = modules.next();
            if (selected(module.getKey(), module.getValue().path("tags"), includeTags, excludeTags)) {
                selected++;
            }
        }
        return selected;
    }

    /** {@code citgm-all}'s tag rule: an exclude match leaves a module out, then an include match takes it. */
    static boolean selected(String name, JsonNode tags, List<String> includeTags, List<String> excludeTags) {
        List<String> moduleTags = new ArrayList<>();
        if (tags.isTextual()) {
            moduleTags.add(tags.asText());
        } else if (tags.isArray()) {
            tags.forEach(tag -> moduleTags.add(tag.asText()));
        }
        moduleTags.add(name);
        if (moduleTags.stream().anyMatch(excludeTags::contains)) {
            return false;
        }
        return includeTags.isEmpty() || moduleTags.stream().anyMatch(includeTags::contains);
    }

    private static BatchEntry entry(String name, JsonNode rules, String node, CitgmConditions conditions,
                                    int maxTimeoutSeconds) {
        List<String> notes = new ArrayList<>();
        rules.fieldNames().forEachRemaining(field -> {
            if (NOT_HONOURED.containsKey(field)) {
                notes.add(field + ": not honoured, " + NOT_HONOURED.get(field));
            } else if (!KNOWN.contains(field) && !INFORMATIONAL.contains(field)) {
                notes.add(field + ": not a lookup.json field Nodechecker knows; ignored");
            }
        });
        String script = scripts(rules.path("scripts"), notes);
        Map<String, String> env = env(rules.path("envVar"), notes);
        List<String> install = install(rules.path("install"), notes);
        Integer timeout = null;
        if (rules.path("timeout").canConvertToLong() && rules.path("timeout").asLong() > 0) {
            long seconds = (rules.path("timeout").asLong() + 999) / 1000;
            if (seconds > maxTimeoutSeconds) {
                notes.add("timeout: " + seconds + " s cut to this gateway's longest test limit of " + maxTimeoutSeconds + " s");
                seconds = maxTimeoutSeconds;
            }
            timeout = (int) seconds;
        }
        boolean skip = conditions.matches(rules.path("skip"));
        // CITGM tests a module's repository when it says useGitClone; Nodechecker's auto does when the tarball has no tests.
        String code = rules.path("useGitClone").asBoolean(false) ? "repository" : null;
        CodeHints hints = hints(rules, notes);
        return new BatchEntry(name, "latest", node, script, skip ? Boolean.TRUE : null,
                conditions.matches(rules.path("expectFail")) ? Boolean.TRUE : null,
                conditions.matches(rules.path("flaky")) ? Boolean.TRUE : null, timeout, env, install, null, code, hints,
                notes.isEmpty() ? null : List.copyOf(notes));
    }

    /** lookup.json's prefix, repo and ignoreGitHead, for finding the repository and the version's commit; yarn and pnpm. */
    private static CodeHints hints(JsonNode rules, List<String> notes) {
        String prefix = rules.path("prefix").isTextual() ? rules.path("prefix").asText() : null;
        if (prefix != null && !TAG_PREFIX.matcher(prefix).matches()) {
            notes.add("prefix: not honoured, " + prefix.length() + " characters that are not a git tag prefix");
            prefix = null;
        }
        String repo = rules.path("repo").isTextual() ? rules.path("repo").asText() : null;
        if (repo != null && repo.length() > 300) {
            notes.add("repo: not honoured, longer than 300 characters");
            repo = null;
        }
        boolean ignoreGitHead = rules.path("ignoreGitHead").asBoolean(false);
        String manager = rules.path("pnpm").asBoolean(false) ? "pnpm" : rules.path("yarn").asBoolean(false) ? "yarn" : null;
        return prefix == null && repo == null && !ignoreGitHead && manager == null ? null
                : new CodeHints(prefix, repo, ignoreGitHead, manager);
    }

    /** CITGM runs each script with {@code npm run} instead of {@code npm test}, stopping at the first failure. */
    private static String scripts(JsonNode scripts, List<String> notes) {
        if (!scripts.isArray() || scripts.isEmpty()) {
            return null;
        }
        List<String> commands = new ArrayList<>();
        for (JsonNode script : scripts) {
            if (!script.isTextual() || !SCRIPT.matcher(script.asText()).matches()) {
                notes.add("scripts: '" + script.asText() + "' is not a plain npm script name with arguments; npm test runs instead");
                return null;
            }
            commands.add("npm run " + script.asText().strip());
        }
        return String.join(" && ", commands);
    }

    private static Map<String, String> env(JsonNode variables, List<String> notes) {
        Map<String, String> env = new LinkedHashMap<>();
        variables.fields().forEachRemaining(variable -> {
            String name = variable.getKey();
            if (OverridesCheck.isSandboxVariable(name)) {
                notes.add("envVar " + name + ": not honoured, the sandbox sets it");
            } else if (!OverridesCheck.isVariableName(name)) {
                notes.add("envVar " + name + ": not a variable name; ignored");
            } else {
                env.put(name, variable.getValue().asText());
            }
        });
        return env.isEmpty() ? null : env;
    }

    /** CITGM's {@code install} is the package manager's whole argument list: its flags carry over. */
    private static List<String> install(JsonNode install, List<String> notes) {
        if (!install.isArray() || install.isEmpty()) {
            return null;
        }
        List<String> flags = new ArrayList<>();
        List<String> dropped = new ArrayList<>();
        for (int i = 0; i < install.size(); i++) {
            String arg = install.get(i).asText();
            if (i == 0 && "install".equals(arg)) {
                continue;
            }
            // "--flag value" is npm's "--flag=value".
            if (arg.startsWith("--") && !arg.contains("=") && i + 1 < install.size()
                    && !install.get(i + 1).asText().startsWith("-")) {
                arg = arg + "=" + install.get(++i).asText();
            }
            if (OverridesCheck.isInstallFlag(arg)) {
                flags.add(arg);
            } else {
                dropped.add(arg);
            }
        }
        if (!dropped.isEmpty()) {
            notes.add("install: " + dropped + " not honoured, only npm install --flags carry over");
        }
        return flags.isEmpty() ? null : flags;
    }
}
