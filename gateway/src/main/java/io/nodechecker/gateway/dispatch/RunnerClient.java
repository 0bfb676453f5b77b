package io.nodechecker.gateway.dispatch;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.nodechecker.gateway.config.GatewayConfig;
import io.nodechecker.cluster.trace.JobTraces;
import io.nodechecker.model.RunRequest;
import io.nodechecker.model.RunnerInfo;
import jakarta.enterprise.context.ApplicationScoped;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/** Hands a job to a runner over its HTTP endpoint. */
@ApplicationScoped
class RunnerClient {

    private final HttpClient http;
    private final ObjectMapper mapper;
    private final GatewayConfig config;

    RunnerClient(ObjectMapper mapper, GatewayConfig config) {
        this.mapper = mapper;
        this.config = config;
        this.http = HttpClient.newBuilder().connectTimeout(config.dispatch().connectTimeout()).build();
    }

    /** True when the runner took the job; false when it refused or could not be reached. */
    boolean send(RunnerInfo runner, RunRequest request) {
        try {
            HttpRequest.Builder post = HttpRequest.newBuilder(URI.create(runner.endpoint() + "/api/runs"))
                    .timeout(config.dispatch().sendTimeout())
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(mapper.writeValueAsBytes(request)));
            config.dispatch().runnerSecret().ifPresent(secret -> post.header(RunRequest.SECRET_HEADER, secret));
            if (request.traceParent() != null) {
                post.header(JobTraces.header(), request.traceParent()); // the runner's request span joins the trace
            }
            HttpResponse<Void> response = http.send(post.build(), HttpResponse.BodyHandlers.discarding());
            return response.statusCode() == 202;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
