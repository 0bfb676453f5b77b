package io.nodechecker.gateway.api;

import io.nodechecker.gateway.problem.ApiException;
import io.nodechecker.cluster.store.JobStore;
import io.nodechecker.cluster.store.OutputLog;
import io.nodechecker.gateway.access.Caller;
import io.nodechecker.gateway.job.JobCanceller;
import io.nodechecker.gateway.job.JobIntake;
import io.nodechecker.gateway.access.LiveTickets;
import io.nodechecker.model.Job;
import io.nodechecker.model.JobRequest;
import io.nodechecker.model.OutputChunk;
import io.nodechecker.model.Problem;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.common.annotation.Blocking;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.multipart.FileUpload;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Instant;
import java.util.List;

/** The jobs API: submit a package (by name or as a tarball), read a job, read its whole log. */
@Path("/api/jobs")
@Blocking
public class JobResource {

    private final JobIntake intake;
    private final JobStore jobs;
    private final OutputLog output;
    private final JobCanceller canceller;
    private final SecurityIdentity identity;
    private final LiveTickets tickets;

    JobResource(JobIntake intake, JobStore jobs, OutputLog output, JobCanceller canceller, SecurityIdentity identity,
                LiveTickets tickets) {
        this.identity = identity;
        this.tickets = tickets;
        this.intake = intake;
        this.jobs = jobs;
        this.output = output;
        this.canceller = canceller;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Test a published package", description = "version defaults to latest, node to the gateway's default")
    @APIResponse(responseCode = "202", description = "queued: the job, or the group of jobs when several Node versions were asked for",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(anyOf = {Job.class, JobGroup.class})))
    @APIResponse(responseCode = "400", description = "the request is malformed; errors names each invalid field",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Response submit(JobRequest request) {
        return grouped(intake.submit(request, Caller.of(identity).owner()));
    }

    /** One job as itself; the jobs of a Node matrix as their group. */
    private Response grouped(List<Job> jobs) {
        if (jobs.size() == 1) {
            return accepted(jobs.get(0));
        }
        return Response.accepted(new JobGroup(jobs.get(0).group(), jobs)).build();
    }

    /** Jobs made from one request for several Node versions. */
    public record JobGroup(String group, List<Job> jobs) {
    }

    @POST
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Test an unpublished package", description = "a tarball part as npm pack makes it; optional node, several as 22,26 (one job each, grouped);"
            + " optional code, auto or tarball (an upload is tested as uploaded)")
    @APIResponse(responseCode = "202", description = "queued: the job, or the group of jobs when several Node versions were asked for",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(anyOf = {Job.class, JobGroup.class})))
    public Response submitTarball(@RestForm("tarball") FileUpload tarball, @RestForm("node") String node,
                                  @RestForm("timeoutSeconds") String timeoutSeconds,
                                  @RestForm("network") String network, @RestForm("code") String code) {
        return grouped(intake.submitTarball(read(tarball), node, wholeNumber("timeoutSeconds", timeoutSeconds), network,
                code, Caller.of(identity).owner()));
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "The most recent jobs, newest first")
    public List<Job> recent(@QueryParam("limit") @DefaultValue("20") String limitParameter) {
        Integer limit = wholeNumber("limit", limitParameter);
        if (limit == null || limit < 1 || limit > 500) {
            throw new ApiException(400, "Invalid limit", "limit must be between 1 and 500");
        }
        return jobs.recent(limit);
    }

    @GET
    @Path("/{id}")
    @Produces(MediaType.APPLICATION_JSON)
    public Job job(@PathParam("id") String id) {
        return find(id);
    }

    @GET
    @Path("/{id}/live-ticket")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "A short-lived ticket that opens this job's live stream (?ticket=)",
            description = "for browsers, which cannot send Authorization on a WebSocket when reads are private")
    public LiveTickets.Ticket liveTicket(@PathParam("id") String id) {
        find(id);
        return tickets.issue(id, Instant.now());
    }

    @POST
    @Path("/{id}/cancel")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Cancel a job that has no result yet; its container is stopped",
            description = "only the token that created the job, or an admin token, may cancel it")
    public Job cancel(@PathParam("id") String id) {
        Job job = find(id);
        Caller caller = Caller.of(identity);
        if (!caller.mayChange(job.owner())) {
            throw new ApiException(403, "Not your job", "job " + id + " was created with another token; only that"
                    + " token or an admin token (access.admin-tokens) may cancel it");
        }
        return canceller.cancel(id)
                .orElseThrow(() -> new ApiException(409, "Job has its result", "job " + id + " has ended already"));
    }

    @POST
    @Path("/{id}/rerun")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Test the same package again: same exact version (or uploaded tarball), Node, network and overrides")
    @APIResponse(responseCode = "202", description = "queued",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Job.class)))
    public Response rerun(@PathParam("id") String id) {
        return accepted(intake.rerun(find(id), Caller.of(identity).owner()));
    }

    @GET
    @Path("/{id}/log")
    @Produces("text/plain;charset=utf-8")
    @Operation(summary = "The job's whole output so far, ANSI colours kept")
    @APIResponse(responseCode = "200", description = "the output",
            content = @Content(mediaType = "text/plain;charset=utf-8", schema = @Schema(type = SchemaType.STRING)))
    public Response log(@PathParam("id") String id) {
        Job job = find(id);
        if (job.state().isFinal() && job.outputChunks() > 0 && output.reader(id).get(job.attempts(), 0) == null) {
            throw new ApiException(410, "Log expired", "the log of job " + id + " was removed when its retention time"
                    + " passed; the job's record and its package's history are kept");
        }
        StreamingOutput body = out -> {
            OutputLog.Reader reader = output.reader(id);
            long seq = 0;
            for (OutputChunk chunk = reader.get(job.attempts(), seq); chunk != null; chunk = reader.get(job.attempts(), ++seq)) {
                out.write(chunk.data().getBytes(StandardCharsets.UTF_8));
            }
        };
        return Response.ok(body).build();
    }

    private Job find(String id) {
        return jobs.find(id).orElseThrow(() -> ApiException.notFound("no job with id " + id));
    }

    /** A whole-number parameter, or a 400 that names it; {@code null} when absent. */
    private static Integer wholeNumber(String name, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Integer.valueOf(value.trim());
        } catch (NumberFormatException e) {
            throw new ApiException(400, "Invalid " + name, name + " must be a whole number, not '" + value + "'");
        }
    }

    private static Response accepted(Job job) {
        return Response.accepted(job).location(URI.create(job.links().self())).build();
    }

    private static byte[] read(FileUpload upload) {
        if (upload == null) {
            return null;
        }
        try {
            return Files.readAllBytes(upload.uploadedFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

}
