package dev.aurelis.cli;

import picocli.CommandLine.Option;

/**
 * How to reach the admin API and how to print its answers. Mixed into the root command and every client
 * subcommand, so the options go before or after the subcommand name alike; the value given nearest to the
 * subcommand wins, then the environment, then the default.
 */
final class ClientOptions {

    static final String DEFAULT_URL = "http://localhost:8080";

    /** A command that carries these options. */
    interface Holder {
        ClientOptions clientOptions();
    }

    @Option(names = "--url", paramLabel = "URL",
            description = "Base URL of the Aurelis server (default: $AURELIS_URL, else " + DEFAULT_URL + ").")
    String url;

    @Option(names = "--admin-key", paramLabel = "KEY",
            description = "Admin key for the admin API (default: $AURELIS_ADMIN_KEY).")
    String adminKey;

    @Option(names = {"-o", "--output"}, paramLabel = "FORMAT",
            description = "Output format: ${COMPLETION-CANDIDATES} (default: table).")
    OutputFormat output;
}
