package io.nodechecker.cli;

import picocli.CommandLine.Option;

import java.net.URI;

/** {@code -g/--gateway}: the one gateway a command talks to. */
class GatewayOption {

    @Option(names = {"-g", "--gateway"}, defaultValue = "${NODECHECKER_GATEWAY:-http://127.0.0.1:8080}",
            description = "Gateway URL. Default: ${DEFAULT-VALUE}")
    URI gateway;
}
