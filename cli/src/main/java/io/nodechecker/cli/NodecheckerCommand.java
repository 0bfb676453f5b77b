package io.nodechecker.cli;

import io.quarkus.picocli.runtime.annotations.TopCommand;
import picocli.CommandLine.Command;

/** The {@code nodechecker} command line. */
@TopCommand
@Command(name = "nodechecker", mixinStandardHelpOptions = true,
        description = "Tests npm packages in Docker containers and shows their output live.",
        subcommands = {TestCommand.class, BatchCommand.class, ExperimentCommand.class, ReproCommand.class})
public class NodecheckerCommand {
}
