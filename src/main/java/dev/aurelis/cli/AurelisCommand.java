package dev.aurelis.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The root of the {@code aurelis} command line. */
@Command(name = "aurelis", mixinStandardHelpOptions = true,
        description = "Aurelis: governed, metered gateway for AI code assistants.")
public class AurelisCommand {

    public static int run(String[] args) {
        return new CommandLine(new AurelisCommand()).execute(args);
    }
}
