package io.nodechecker.model;

import java.util.List;

/**
 * The body of {@code POST /api/batches}.
 *
 * @param callback URL that gets the batch's summary, HMAC-signed, once every job has its result
 */
public record BatchRequest(List<BatchEntry> packages, String callback) {
}
