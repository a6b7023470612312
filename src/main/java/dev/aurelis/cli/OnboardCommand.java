package dev.aurelis.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import tools.jackson.databind.JsonNode;

/** {@code aurelis onboard}: the brief's twelve onboarding steps against the running server (docs/onboarding.md). */
@Command(name = "onboard",
        description = {"Run the twelve onboarding steps for your organisation against the running server: each checks",
                "(or applies) what the configuration declares and the run stops at the first error. Running again",
                "resumes after the last step that succeeded, unless --restart or the file changed."},
        footer = {"", "Exit status: 0 when every step succeeded, 1 when a step failed (the summary says why)."})
final class OnboardCommand extends ClientCommand {

    private static final String PATH = "/api/v1/onboarding";
    /** A step may take a backup of a large database. */
    private static final Duration SLOW = Duration.ofMinutes(30);

    @Option(names = {"-c", "--config"}, paramLabel = "FILE",
            description = "The configuration to onboard with (default: the server's own).")
    Path config;

    @Option(names = "--restart", description = "Run every step again, even those that succeeded before.")
    boolean restart;

    @Option(names = "--status", description = "Only show the last run's summary.")
    boolean status;

    @Option(names = "--training", paramLabel = "GUIDE",
            description = "Print one training guide (markdown) instead; an unknown name lists the guides.")
    String training;

    @Override
    public Integer call() {
        if (training != null) {
            out().print(client().text(PATH + "/training/" + AdminClient.segment(training), Map.of(), "text/markdown"));
            out().flush();
            return 0;
        }
        JsonNode report;
        if (status) {
            report = client().call("GET", PATH, Map.of(), null);
        } else {
            Map<String, String> query = new LinkedHashMap<>();
            query.put("restart", restart ? "true" : null);
            String text = null;
            if (config != null) {
                text = read(config);
                query.put("file", config.getFileName().toString());
            }
            report = client().send("POST", PATH, query, "application/yaml", text, SLOW);
        }
        if (json()) {
            printJson(report);
        } else {
            print(report);
        }
        out().flush();
        return "failed".equals(report.path("onboarding_status").asString()) ? 1 : 0;
    }

    private void print(JsonNode report) {
        for (JsonNode step : report.path("results")) {
            boolean ok = "success".equals(step.path("status").asString());
            String line = (ok ? "  ok     " : "  error  ") + Text.of(step.path("step"));
            if (step.path("resumed").asBoolean(false)) {
                line += " (succeeded in an earlier run)";
            }
            if (!ok) {
                line += ": " + Text.of(step.path("error"));
            }
            out().println(line);
        }
        out().println("onboarding_status: " + Text.of(report.path("onboarding_status")));
        out().println("steps_completed: " + Text.of(report.path("steps_completed")));
        out().println("total_steps: " + Text.of(report.path("total_steps")));
    }

    private static String read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new CliException("no configuration file " + file, "Give the path of your aurelis.yaml.", 2);
        }
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new CliException("cannot read " + file + ": " + e.getMessage(), null, 2);
        }
    }
}
