package io.nodechecker.e2e;

import io.nodechecker.model.NodeLines;

import java.time.LocalDate;
import java.time.ZoneOffset;

/** The Node image jobs run in when they name no Node: the active LTS line's, as the gateway picks it. */
final class NodeImages {

    private NodeImages() {
    }

    static String defaultMajor() {
        return NodeLines.activeLts(LocalDate.now(ZoneOffset.UTC));
    }

    static String defaultImage() {
        return image(defaultMajor());
    }

    /** The image provisioning makes for Node line {@code major}. */
    static String image(String major) {
        return "nodechecker/node:" + major;
    }
}
