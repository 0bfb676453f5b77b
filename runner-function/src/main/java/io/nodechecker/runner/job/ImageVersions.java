package io.nodechecker.runner.job;

import io.nodechecker.model.StreamName;
import io.nodechecker.runner.output.ChunkSink;
import io.nodechecker.runner.docker.ExecResult;
import io.nodechecker.runner.docker.Sandbox;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The line that says what an image really runs ({@code node v22.…, npm 10.…}), asked of the first
 * container of each image and remembered by the image's id: an exec costs the engine more CPU than a
 * short job's own commands, and the answer cannot change for one image. An image rebuilt under the same
 * tag has a new id and is asked again.
 */
@ApplicationScoped
class ImageVersions {

    static final List<String> COMMAND = List.of("sh", "-c", "echo \"node $(node --version), npm $(npm --version)\"");
    // Images a runner uses: one per Node line, a few more as they are rebuilt; past this, start over.
    private static final int MAX_IMAGES = 32;

    private final Map<String, String> byImage = new ConcurrentHashMap<>();

    /** Writes the image's line to {@code sink}: the one remembered, or the container's answer, remembered if it gave one. */
    void write(Sandbox container, String workDir, Duration limit, ChunkSink sink) throws InterruptedException {
        String image = container.imageId();
        String known = image == null ? null : byImage.get(image);
        if (known != null) {
            sink.write(StreamName.STDOUT, known);
            return;
        }
        StringBuilder answer = new StringBuilder();
        ExecResult result = container.exec(COMMAND, List.of(), workDir, null, limit, (stream, text) -> {
            sink.write(stream, text);
            if (stream == StreamName.STDOUT) {
                answer.append(text);
            }
        });
        if (image != null && result.succeeded() && !answer.isEmpty()) {
            if (byImage.size() >= MAX_IMAGES) {
                byImage.clear();
            }
            byImage.put(image, answer.toString());
        }
    }
}
