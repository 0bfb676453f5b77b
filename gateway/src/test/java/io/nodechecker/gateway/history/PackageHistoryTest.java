package io.nodechecker.gateway.history;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class PackageHistoryTest {

    @Test
    void ordersVersionsAsSemverDoes() {
        List<String> versions = new ArrayList<>(List.of("1.10.0", "1.2.0", "1.2.0-beta.1", "0.9.9", "2.0.0", "1.2.1"));

        versions.sort(PackageHistory::compareVersions);

        assertThat(versions).containsExactly("0.9.9", "1.2.0-beta.1", "1.2.0", "1.2.1", "1.10.0", "2.0.0");
    }

    @Test
    void comparesPreReleaseIdentifiersByTheirNumbersAndIgnoresBuildMetadata() {
        List<String> versions = new ArrayList<>(List.of("1.0.0-beta.10", "1.0.0", "1.0.0-beta.2", "1.0.0-alpha",
                "1.0.0+build.5"));

        versions.sort(PackageHistory::compareVersions);

        assertThat(versions).containsExactly("1.0.0-alpha", "1.0.0-beta.2", "1.0.0-beta.10", "1.0.0", "1.0.0+build.5");
        assertThat(PackageHistory.compareVersions("1.0.0+build.5", "1.0.0+build.7")).isNotZero();
    }
}
