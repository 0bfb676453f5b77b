package io.nodechecker.e2e;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.nodechecker.model.generated.Cases;
import io.nodechecker.model.generated.Gen;
import io.nodechecker.model.generated.PrintSeedOnFailure;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Random job submissions against a real gateway: every answer is 202 or a 4xx with a problem body,
 * never a 5xx. The gateway has no runner, so whatever is accepted only waits in the queue.
 */
@ExtendWith(PrintSeedOnFailure.class)
class SubmissionFuzzIT {

    private static TestStack stack;
    private static Api api;

    @BeforeAll
    static void start() throws Exception {
        stack = new TestStack(1);
        api = stack.api(stack.startGateway("nodechecker.gateway.access.writes-per-minute=100000"));
    }

    @AfterAll
    static void stop() throws Exception {
        stack.close();
    }

    @ParameterizedTest
    @MethodSource("submissions")
    void neverAnswersWithAServerError(String body) throws Exception {
        Api.Answer answer = api.postJson(body);

        assertThat(answer.status()).as(body).isLessThan(500);
        if (answer.status() != 202) {
            assertThat(answer.status()).as(body).isBetween(400, 499);
            assertThat(answer.contentType()).as(body).startsWith("application/problem+json");
        }
    }

    static Stream<Arguments> submissions() {
        Gen<Object> value = Gen.oneOf(
                Gen.anyStrings(300),
                Gen.strings("abc-./@;$ ", 0, 20),
                Gen.anyIntegers(),
                Gen.just(null),
                Gen.just(true));
        Gen<String> json = random -> {
            ObjectNode body = Api.JSON.createObjectNode();
            body.putPOJO("package", value.apply(random));
            body.putPOJO("version", value.apply(random));
            body.putPOJO("node", value.apply(random));
            body.putPOJO("timeoutSeconds", value.apply(random));
            return body.toString();
        };
        return Cases.of(150, Gen.weighted(4, json, Gen.anyStrings(200)));
    }
}
