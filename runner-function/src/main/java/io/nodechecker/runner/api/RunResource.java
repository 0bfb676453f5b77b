package io.nodechecker.runner.api;

import io.nodechecker.model.Problem;
import io.nodechecker.model.RunRequest;
import io.nodechecker.runner.config.RunnerConfig;
import io.nodechecker.runner.docker.EngineWatch;
import io.nodechecker.runner.job.JobSlots;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Map;

/** Where gateways hand this runner a job to run. */
@Path("/api/runs")
public class RunResource {

    private final JobSlots slots;
    private final RunnerConfig config;
    private final EngineWatch engine;

    RunResource(JobSlots slots, RunnerConfig config, EngineWatch engine) {
        this.slots = slots;
        this.config = config;
        this.engine = engine;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Response run(RunRequest request, @HeaderParam(RunRequest.SECRET_HEADER) String secret) {
        if (config.secret().isPresent() && !matches(config.secret().get(), secret)) {
            return problem(401, "Unauthorized", "only gateways that know the runner secret may hand this runner work");
        }
        if (request == null || request.jobId() == null || request.jobId().isBlank() || request.attempt() < 1) {
            return problem(400, "Invalid run request", "jobId and attempt (1 or more) are required");
        }
        String problem = engine.problem();
        if (problem != null) {
            return problem(503, "Runner is not ready", problem);
        }
        JobSlots.Refusal refusal = slots.offer(request);
        if (refusal == JobSlots.Refusal.DRAINING) {
            return problem(503, "Runner is draining", "this runner takes no new jobs");
        }
        if (refusal == JobSlots.Refusal.FULL) {
            return problem(429, "Runner is full", "every slot of this runner is taken");
        }
        return Response.accepted(Map.of("jobId", request.jobId(), "queued", slots.queued())).build();
    }

    private static boolean matches(String expected, String presented) {
        return presented != null && MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8),
                presented.getBytes(StandardCharsets.UTF_8));
    }

    private static Response problem(int status, String title, String detail) {
        return Response.status(status).type(Problem.MEDIA_TYPE).entity(Problem.of(status, title, detail)).build();
    }
}
