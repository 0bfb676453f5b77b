package io.nodechecker.gateway.batch;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import org.semver4j.Semver;

import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * CITGM's match conditions ({@code lib/match-conditions.js}) for one Node release on the runners'
 * platform: a condition is {@code true}/{@code false}, a string, an array of conditions (any matches)
 * or an object whose keys are conditions and whose values are conditions again. A string matches when
 * it is a semver range the Node release satisfies, or when it is found (as a regular expression, the
 * way CITGM searches) in the distribution, its release, the Node version ({@code v22.23.3}),
 * {@code platform-arch} ({@code linux-x64}), the byte order or the FIPS flag. The expressions are a
 * caller's: RE2/J matches them in time linear in their length and the text's, and one it cannot (a back
 * reference, a look-around) matches nothing, as one that does not compile.
 */
final class CitgmConditions {

    private final Semver node;
    private final List<String> checks;

    /**
     * @param nodeRelease the exact release ({@code 22.23.3}), or a major alone when no runner said
     *                    which release its image is ({@code 22} stands for {@code 22.0.0})
     */
    CitgmConditions(String nodeRelease) {
        this.node = Semver.coerce(nodeRelease);
        // Job containers are Debian 12 on x86-64, little-endian, without FIPS (os-release's ID and VERSION_ID).
        this.checks = List.of("debian", "12", "v" + node.getVersion(), "linux-x64", "little", "");
    }

    boolean matches(JsonNode condition) {
        if (condition == null || condition.isMissingNode() || condition.isNull()) {
            return false;
        }
        if (condition.isBoolean()) {
            return condition.asBoolean();
        }
        if (condition.isTextual()) {
            return matches(condition.asText());
        }
        if (condition.isArray()) {
            for (JsonNode item : condition) {
                if (item.isBoolean() ? item.asBoolean() : (item.isTextual() || item.isObject()) && matches(item)) {
                    return true;
                }
            }
            return false;
        }
        if (condition.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> fields = condition.fields(); fields.hasNext(); ) {
                Map.Entry<String, JsonNode> field = fields.next();
                JsonNode value = field.getValue();
                if (matches(field.getKey()) && (value.isBoolean() || value.isTextual() || value.isArray())
                        && matches(value)) {
                    return true;
                }
            }
        }
        return false;
    }

    boolean matches(String condition) {
        if (node.satisfies(condition)) {
            return true;
        }
        Pattern pattern;
        try {
            pattern = Pattern.compile(condition);
        } catch (PatternSyntaxException e) {
            return false;
        }
        return checks.stream().anyMatch(check -> pattern.matcher(check).find());
    }
}
