package io.nodechecker.gateway.web;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * The browser pages, each a Qute template ({@code templates/Pages/}) that fills the one layout: its
 * {@code <head>}, navigation and scripts. The pages hold no data: their scripts read the API.
 */
@Path("/")
@Produces(MediaType.TEXT_HTML)
public class Pages {

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance index();

        static native TemplateInstance job();

        static native TemplateInstance batch();

        static native TemplateInstance packagePage();

        static native TemplateInstance runners();

        static native TemplateInstance board();

        static native TemplateInstance experiment();
    }

    @GET
    public TemplateInstance root() {
        return Templates.index();
    }

    @GET
    @Path("index.html")
    public TemplateInstance index() {
        return Templates.index();
    }

    @GET
    @Path("job.html")
    public TemplateInstance job() {
        return Templates.job();
    }

    @GET
    @Path("batch.html")
    public TemplateInstance batch() {
        return Templates.batch();
    }

    @GET
    @Path("package.html")
    public TemplateInstance packagePage() {
        return Templates.packagePage();
    }

    @GET
    @Path("runners.html")
    public TemplateInstance runners() {
        return Templates.runners();
    }

    @GET
    @Path("board")
    public TemplateInstance board() {
        return Templates.board();
    }

    @GET
    @Path("experiment.html")
    public TemplateInstance experiment() {
        return Templates.experiment();
    }
}
