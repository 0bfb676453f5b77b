package io.nodechecker.e2e;

import com.fasterxml.jackson.databind.node.ObjectNode;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Random job submissions against a real gateway: every answer is 202 or a 4xx with a problem body,
 * never a 5xx. The gateway has no runner, so whatever is accepted only waits in the queue.
 */
class SubmissionFuzzIT {

    private static TestStack stack;
    private static Api api;

    @BeforeContainer
    static void start() throws Exception {
        stack = new TestStack(1);
        api = stack.api(stack.startGateway("nodechecker.gateway.access.writes-per-minute=100000"));
    }

    @AfterContainer
    static void stop() throws Exception {
        stack.close();
    }

    @Property(tries = 150)
    void neverAnswersWithAServerError(@ForAll("submissions") String body) throws Exception {
        Api.Answer answer = api.postJson(body);

        assertThat(answer.status()).as(body).isLessThan(500);
        if (answer.status() != 202) {
            assertThat(answer.status()).as(body).isBetween(400, 499);
            assertThat(answer.contentType()).as(body).startsWith("application/problem+json");
        }
    }

    @Provide
    Arbitrary<String> submissions() {
        Arbitrary<Object> value = Arbitraries.oneOf(
                Arbitraries.strings().ofMaxLength(300),
                Arbitraries.strings().withChars("abc-./@;$ ").ofMaxLength(20),
                Arbitraries.integers(),
                Arbitraries.just(null),
                Arbitraries.just(true));
        Arbitrary<String> json = Combinators.combine(value, value, value, value).as((pkg, version, node, timeout) -> {
            ObjectNode node0 = Api.JSON.createObjectNode();
            node0.putPOJO("package", pkg);
            node0.putPOJO("version", version);
            node0.putPOJO("node", node);
            node0.putPOJO("timeoutSeconds", timeout);
            return node0.toString();
        });
        Arbitrary<String> broken = Arbitraries.strings().ofMaxLength(200);
        return Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(4, json), net.jqwik.api.Tuple.of(1, broken));
    }
}
