package io.nodechecker.runner.source;

import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Mirrors for repositories, like git's {@code insteadOf}: each {@code FROM=TO} replaces a URL prefix, the
 * longest {@code FROM} that matches winning.
 */
public final class SourceRewrites {

    private final List<Map.Entry<String, String>> rules;

    private SourceRewrites(List<Map.Entry<String, String>> rules) {
        this.rules = rules;
    }

    /** The rules of {@code entries}, each {@code FROM=TO}; an entry without both sides is refused. */
    public static SourceRewrites of(List<String> entries) {
        return new SourceRewrites(entries.stream().map(String::strip).filter(entry -> !entry.isEmpty()).map(entry -> {
            int eq = entry.indexOf('=');
            if (eq <= 0 || eq == entry.length() - 1) {
                throw new IllegalArgumentException("nodechecker.runner.source.rewrites: '" + entry + "' is not FROM=TO");
            }
            return Map.entry(entry.substring(0, eq).strip(), entry.substring(eq + 1).strip());
        }).sorted(Comparator.comparingInt((Map.Entry<String, String> rule) -> rule.getKey().length()).reversed()).toList());
    }

    /** {@code url} with the longest matching prefix replaced; unchanged when no rule matches. */
    public String apply(String url) {
        for (Map.Entry<String, String> rule : rules) {
            if (url.startsWith(rule.getKey())) {
                return rule.getValue() + url.substring(rule.getKey().length());
            }
        }
        return url;
    }
}
