package io.nodechecker.gateway.history;

import io.nodechecker.model.JobState;

import java.util.Locale;

/** A shields.io-style SVG badge: "nodechecker | passing". */
final class Badge {

    private Badge() {
    }

    static String svg(JobState outcome) {
        String message;
        String colour;
        if (outcome == null) {
            message = "unknown";
            colour = "#9f9f9f";
        } else {
            switch (outcome) {
                case PASSED -> { message = "passing"; colour = "#4c1"; }
                case NO_TESTS -> { message = "no tests"; colour = "#9f9f9f"; }
                case TIMED_OUT -> { message = "timed out"; colour = "#e05d44"; }
                default -> { message = "failing"; colour = "#e05d44"; }
            }
        }
        String label = "nodechecker";
        int labelWidth = 6 * label.length() + 10;
        int messageWidth = 6 * message.length() + 10;
        int width = labelWidth + messageWidth;
        return String.format(Locale.ROOT, """
                <svg xmlns="http://www.w3.org/2000/svg" width="%1$d" height="20" role="img" aria-label="%2$s: %3$s">
                  <title>%2$s: %3$s</title>
                  <linearGradient id="s" x2="0" y2="100%%"><stop offset="0" stop-color="#bbb" stop-opacity=".1"/><stop offset="1" stop-opacity=".1"/></linearGradient>
                  <clipPath id="r"><rect width="%1$d" height="20" rx="3" fill="#fff"/></clipPath>
                  <g clip-path="url(#r)">
                    <rect width="%4$d" height="20" fill="#555"/>
                    <rect x="%4$d" width="%5$d" height="20" fill="%6$s"/>
                    <rect width="%1$d" height="20" fill="url(#s)"/>
                  </g>
                  <g fill="#fff" text-anchor="middle" font-family="Verdana,Geneva,DejaVu Sans,sans-serif" font-size="11">
                    <text x="%7$d" y="14">%2$s</text>
                    <text x="%8$d" y="14">%3$s</text>
                  </g>
                </svg>
                """, width, label, message, labelWidth, messageWidth, colour, labelWidth / 2, labelWidth + messageWidth / 2);
    }
}
