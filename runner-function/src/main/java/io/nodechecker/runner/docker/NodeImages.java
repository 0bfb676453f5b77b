package io.nodechecker.runner.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.Image;
import io.nodechecker.runner.config.RunnerConfig;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.util.Map;
import java.util.TreeMap;

/**
 * The image of each Node line this runner may offer: the configured ones, and every candidate build an
 * operator made on this engine ({@code ./nodechecker candidate}, an image labelled {@value #CANDIDATE_LABEL}
 * with the candidate's name), read again at each {@link #refresh}.
 */
@ApplicationScoped
public class NodeImages {

    /** The label naming a candidate build's line, e.g. {@code 26-rc}. */
    public static final String CANDIDATE_LABEL = "io.nodechecker.candidate";
    private static final Logger LOG = Logger.getLogger(NodeImages.class);

    private final DockerClient docker;
    private final RunnerConfig config;
    private volatile Map<String, String> byNode;

    NodeImages(DockerClient docker, RunnerConfig config) {
        this.docker = docker;
        this.config = config;
        this.byNode = config.docker().imageByNode();
    }

    /** Node line → image, candidates included as of the last refresh. */
    public Map<String, String> byNode() {
        return byNode;
    }

    /** Reads the engine's candidate images again; keeps what it knew when the engine does not answer. */
    public Map<String, String> refresh() {
        Map<String, String> images = new TreeMap<>(config.docker().imageByNode());
        try {
            for (Image image : docker.listImagesCmd().withLabelFilter(CANDIDATE_LABEL).exec()) {
                String line = image.getLabels() == null ? null : image.getLabels().get(CANDIDATE_LABEL);
                String[] tags = image.getRepoTags();
                if (line != null && tags != null && tags.length > 0 && !images.containsKey(line)) {
                    images.put(line, tags[0]);
                }
            }
        } catch (RuntimeException e) {
            LOG.debugf("candidate images not listed: %s", e.getMessage());
            return byNode;
        }
        byNode = Map.copyOf(images);
        return byNode;
    }
}
