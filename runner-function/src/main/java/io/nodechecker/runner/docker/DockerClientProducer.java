package io.nodechecker.runner.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.httpclient5.ApacheDockerHttpClient;
import io.nodechecker.runner.config.RunnerConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;

import java.io.IOException;

/** The one Docker client of the runner, over the engine's socket. */
@ApplicationScoped
class DockerClientProducer {

    // The engine here speaks 1.41; newer API versions would be refused by older engines.
    private static final String API_VERSION = "1.41";

    @Produces
    @ApplicationScoped
    DockerClient dockerClient(RunnerConfig config) {
        DefaultDockerClientConfig clientConfig = DefaultDockerClientConfig.createDefaultConfigBuilder()
                .withDockerHost(config.docker().host())
                .withApiVersion(API_VERSION)
                .build();
        // No response timeout: attach and exec streams last as long as the job does.
        ApacheDockerHttpClient http = new ApacheDockerHttpClient.Builder()
                .dockerHost(clientConfig.getDockerHost())
                .maxConnections(200)
                .connectionTimeout(config.docker().connectTimeout())
                .build();
        return DockerClientImpl.getInstance(clientConfig, http);
    }

    void close(@Disposes DockerClient client) throws IOException {
        client.close();
    }
}
