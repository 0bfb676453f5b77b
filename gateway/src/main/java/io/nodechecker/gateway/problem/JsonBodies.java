package io.nodechecker.gateway.problem;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.nodechecker.gateway.config.GatewayConfig;
import jakarta.enterprise.context.ApplicationScoped;

import java.io.IOException;

/**
 * Request bodies of many entries (batches, experiments) read as JSON, refused by their size before they are
 * parsed ({@code batches.max-body-bytes}), so what a caller sends is never expanded past the limit.
 */
@ApplicationScoped
public class JsonBodies {

    private final ObjectMapper mapper;
    private final GatewayConfig config;

    JsonBodies(ObjectMapper mapper, GatewayConfig config) {
        this.mapper = mapper;
        this.config = config;
    }

    /**
     * The body as JSON, or null when there is none.
     *
     * @param what what the body is, for the problem's title ({@code Batch}, {@code Experiment})
     */
    public JsonNode read(byte[] bytes, String what) {
        int max = config.batches().maxBodyBytes();
        if (bytes != null && bytes.length > max) {
            throw new ApiException(413, what + " too large", "the body has " + bytes.length + " bytes; a "
                    + what.toLowerCase(java.util.Locale.ROOT) + " may have at most " + max + " (batches.max-body-bytes)");
        }
        try {
            return bytes == null || bytes.length == 0 ? null : mapper.readTree(bytes);
        } catch (IOException e) {
            throw new ApiException(400, "Invalid " + what.toLowerCase(java.util.Locale.ROOT), "the body is not JSON: "
                    + e.getMessage().lines().findFirst().orElse(""));
        }
    }

    /**
     * {@code body}, a JSON object, as {@code type}; 400 saying {@code shape} (what the body must be) when it is
     * not an object or does not fit.
     */
    public <T> T as(JsonNode body, Class<T> type, String what, String shape) {
        String title = "Invalid " + what.toLowerCase(java.util.Locale.ROOT);
        if (body == null || !body.isObject()) {
            throw new ApiException(400, title, "the body must be " + shape);
        }
        try {
            return mapper.treeToValue(body, type);
        } catch (JsonProcessingException e) {
            throw new ApiException(400, title, "the body must be " + shape + ": " + e.getOriginalMessage());
        }
    }
}
