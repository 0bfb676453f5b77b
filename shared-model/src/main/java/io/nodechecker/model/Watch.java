package io.nodechecker.model;

import io.quarkus.runtime.annotations.RegisterForReflection;

import java.time.Instant;
import java.util.List;

/**
 * A package whose new versions are tested as they are published.
 *
 * @param source      who asked: {@code config}, {@code api} or {@code feed} (the replication feed named it)
 * @param versions    every version the registry listed at the last poll; one not among them is new
 * @param etag        the registry's ETag of that answer, sent back as {@code If-None-Match}
 * @param polls       requests made for it; {@code notModified} of them answered 304
 * @param bytes       bytes of the answers' bodies
 * @param problem     why the last poll failed, or {@code null}
 */
@RegisterForReflection
public record Watch(String name, String source, List<String> versions, String etag, Instant added, Instant lastPolled,
                    Instant lastPublished, long polls, long notModified, long bytes, String problem) {

    public static Watch added(String name, String source, Instant now) {
        return new Watch(name, source, null, null, now, null, null, 0, 0, 0, null);
    }

    /** Whether it has been polled once: until then every version it lists is the baseline, not news. */
    public boolean hasBaseline() {
        return versions != null;
    }

    public Watch polled(List<String> listed, String newEtag, long bodyBytes, boolean published, Instant now) {
        return new Watch(name, source, List.copyOf(listed), newEtag, added, now, published ? now : lastPublished,
                polls + 1, notModified, bytes + bodyBytes, null);
    }

    public Watch notModified(Instant now) {
        return new Watch(name, source, versions, etag, added, now, lastPublished, polls + 1, notModified + 1, bytes, null);
    }

    public Watch failed(String why, Instant now) {
        return new Watch(name, source, versions, etag, added, now, lastPublished, polls + 1, notModified, bytes, why);
    }
}
