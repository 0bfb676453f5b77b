package io.nodechecker.gateway.experiment;

import com.fasterxml.jackson.databind.JsonNode;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.util.List;

/**
 * The body of {@code POST /api/experiments}.
 *
 * @param baseline    the Node line (or candidate build) expected to be good, e.g. {@code 24}
 * @param candidate   the one under test, e.g. {@code 26}
 * @param packages    CITGM's lookup.json object; an array of {@code "name"} or {@code "name@version"}; or
 *                    {@code {"top": N}}, the N most downloaded packages
 * @param includeTags with lookup.json: only modules with one of these tags
 * @param excludeTags with lookup.json: no module with one of these tags
 */
public record ExperimentRequest(String name, String baseline, String candidate,
                                @Schema(implementation = Object.class, description = "CITGM's lookup.json object,"
                                        + " an array of \"name\" or \"name@version\", or {\"top\": N}") JsonNode packages,
                                List<String> includeTags, List<String> excludeTags) {
}
