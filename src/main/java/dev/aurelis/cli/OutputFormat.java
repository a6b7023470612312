package dev.aurelis.cli;

/** How commands print what the server answered. */
enum OutputFormat {
    /** Aligned columns and short sentences, for people. */
    table,
    /** The server's JSON, indented, for scripts. */
    json
}
