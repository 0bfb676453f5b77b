package io.nodechecker.e2e;

import org.junit.jupiter.api.Test;

import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The cluster rehearsal (k8s/rehearse.sh): the apps' images as containers on a Docker network,
 * found by DNS, a gateway killed under a viewer. It must pass and leave nothing running.
 */
class RehearsalIT {

    @Test
    void clusterOfContainersSurvivesALostGateway() throws Exception {
        TestStack.requireDockerEngine();
        Process rehearsal = new ProcessBuilder("bash", TestStack.ROOT.resolve("k8s/rehearse.sh").toString())
                .redirectErrorStream(true).start();
        String said = new String(rehearsal.getInputStream().readAllBytes());
        assertThat(rehearsal.waitFor(10, TimeUnit.MINUTES)).isTrue();

        assertThat(rehearsal.exitValue()).as(said).isZero();
        assertThat(said).contains("2 runners registered (found by DNS)").contains("REHEARSAL PASSED");
        Process leftovers = new ProcessBuilder("docker", "ps", "-aq", "--filter", "name=nc-rehearsal-").start();
        assertThat(new String(leftovers.getInputStream().readAllBytes()).trim()).isEmpty();
    }
}
