package io.nodechecker.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.http.WebSocket;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** What a WebSocket viewer of a job sees: everything, in order, once, then the result. */
@ExtendWith(SharedStack.class)
class LiveStreamIT {

    private static Api api;

    @BeforeAll
    static void connect(SharedStack.Running running) {
        api = running.api();
    }

    @Test
    void deliversOutputInOrderWithStreamsTaggedThenTheResult() throws Exception {
        String id = api.submitTarball(Fixtures.tarball("chatty"));
        LiveRecorder viewer = LiveRecorder.watch(api.liveUri(id, 0));

        assertThat(viewer.awaitClose(120)).isEqualTo(WebSocket.NORMAL_CLOSURE);

        List<JsonNode> outputs = viewer.outputs();
        long end = assertContiguous(outputs, 0);
        assertThat(outputs).anySatisfy(m -> {
            assertThat(m.path("stream").asText()).isEqualTo("stderr");
            assertThat(m.path("data").asText()).contains("err 0 ✗ ünïcødé");
        });
        assertThat(outputs).anySatisfy(m -> {
            assertThat(m.path("stream").asText()).isEqualTo("stdout");
            assertThat(m.path("data").asText()).contains("out 1 ✓");
        });
        assertThat(outputs).noneSatisfy(m -> {
            assertThat(m.path("stream").asText()).isEqualTo("stdout");
            assertThat(m.path("data").asText()).contains("err ");
        });
        assertThat(viewer.messages).anySatisfy(m -> assertThat(m.path("type").asText()).isEqualTo("state"));
        JsonNode result = viewer.last();
        assertThat(result.path("type").asText()).isEqualTo("result");
        assertThat(result.path("outcome").asText()).isEqualTo("PASSED");
        assertThat(result.path("job").path("outputChunks").asLong()).isEqualTo(end);
        assertStreamOrder(viewer.text());
    }

    @Test
    void lateViewerFromZeroGetsExactlyTheLog() throws Exception {
        String id = api.submitTarball(Fixtures.tarball("chatty"));
        api.awaitFinal(id, Duration.ofMinutes(2));

        LiveRecorder late = LiveRecorder.watch(api.liveUri(id, 0));

        assertThat(late.awaitClose(60)).isEqualTo(WebSocket.NORMAL_CLOSURE);
        assertThat(late.text()).isEqualTo(api.log(id));
        assertThat(late.last().path("type").asText()).isEqualTo("result");
    }

    @Test
    void reconnectingViewerSeesNoGapAndNoDuplicate() throws Exception {
        String id = api.submitTarball(Fixtures.tarball("chatty"));
        LiveRecorder first = LiveRecorder.watch(api.liveUri(id, 0), 12);
        first.awaitClose(60);
        List<JsonNode> before = first.outputs();
        long resumeFrom = before.get(before.size() - 1).path("seq").asLong() + 1;

        LiveRecorder second = LiveRecorder.watch(api.liveUri(id, resumeFrom));

        assertThat(second.awaitClose(120)).isEqualTo(WebSocket.NORMAL_CLOSURE);
        assertContiguous(second.outputs(), resumeFrom);
        assertThat(first.text().substring(0, textUpTo(before)) + second.text()).isEqualTo(api.log(id));
    }

    @Test
    void refusesAStreamOfAnUnknownJobOrABadFrom() throws Exception {
        Api.Answer unknown = api.get("/api/jobs/no-such-job/live");
        String id = api.submitTarball(Fixtures.tarball("passing"));
        Api.Answer badFrom = api.get("/api/jobs/" + id + "/live?from=-3");

        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.contentType()).startsWith("application/problem+json");
        assertThat(badFrom.status()).isEqualTo(400);
        assertThat(badFrom.json().path("detail").asText()).contains("from");
        api.awaitFinal(id, Duration.ofMinutes(2));
    }

    /**
     * The output messages cover chunks {@code from}, {@code from + 1}, … each once, in order (a message
     * may join several: {@code first} to {@code seq}); returns the sequence number after the last.
     */
    static long assertContiguous(List<JsonNode> outputs, long from) {
        long next = from;
        for (JsonNode output : outputs) {
            long first = output.has("first") ? output.path("first").asLong() : output.path("seq").asLong();
            assertThat(first).as("first chunk of %s", output).isEqualTo(next);
            assertThat(output.path("seq").asLong()).isGreaterThanOrEqualTo(first);
            next = output.path("seq").asLong() + 1;
        }
        return next;
    }

    /** Lines of each stream arrive in the order the package wrote them. */
    private static void assertStreamOrder(String text) {
        int lastOut = -1;
        int lastErr = -1;
        for (String line : text.split("\n")) {
            String plain = line.replaceAll("\u001b\\[[0-9;]*m", "");
            if (plain.startsWith("out ")) {
                int n = Integer.parseInt(plain.split(" ")[1]);
                assertThat(n).isGreaterThan(lastOut);
                lastOut = n;
            } else if (plain.startsWith("err ")) {
                int n = Integer.parseInt(plain.split(" ")[1]);
                assertThat(n).isGreaterThan(lastErr);
                lastErr = n;
            }
        }
        assertThat(lastOut).isEqualTo(199);
        assertThat(lastErr).isEqualTo(198);
    }

    private static int textUpTo(List<JsonNode> outputs) {
        int length = 0;
        for (JsonNode output : outputs) {
            length += output.path("data").asText().length();
        }
        return length;
    }
}
