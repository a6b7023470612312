package dev.aurelis.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;

import picocli.CommandLine;
import tools.jackson.databind.JsonNode;

/** One invocation of the real command line against a running server: exit code and what it printed. */
record CliRun(int exitCode, String out, String err) {

    /** Runs {@code args} with the server's URL and admin key in the environment, plus {@code extra} variables. */
    static CliRun aurelis(String baseUrl, String adminKey, Map<String, String> extra, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        Map<String, String> environment = new HashMap<>(extra);
        environment.put("AURELIS_URL", baseUrl);
        environment.put("AURELIS_ADMIN_KEY", adminKey);
        AurelisCommand root = new AurelisCommand(environment, Clock.systemUTC(), serveArgs -> {
            throw new AssertionError("serve must not be called");
        });
        CommandLine commandLine = AurelisCommand.commandLine(root);
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        return new CliRun(commandLine.execute(args), out.toString(), err.toString());
    }

    JsonNode json() {
        return AurelisCommand.JSON.readTree(out);
    }
}
