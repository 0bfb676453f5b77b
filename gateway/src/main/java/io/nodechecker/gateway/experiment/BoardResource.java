package io.nodechecker.gateway.experiment;

import io.smallrye.common.annotation.Blocking;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** {@code /api/board}: the data of the ecosystem board page. */
@Path("/api/board")
@Blocking
public class BoardResource {

    private final Board board;

    BoardResource(Board board) {
        this.board = board;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Packages of the newest experiments × Node lines: each cell's newest outcome, newly failing"
            + " first, and each package's trend")
    public Board.View board() {
        return board.view();
    }
}
