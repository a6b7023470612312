package dev.aurelis.cli;

import dev.aurelis.configuration.ConfigurationLoader;
import dev.aurelis.configuration.EffectiveSettings;
import dev.aurelis.configuration.ConfigurationStatus;
import dev.aurelis.configuration.InvalidConfigurationException;
import dev.aurelis.configuration.LoadedConfiguration;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code aurelis config}: work with configuration files without a server ({@code check}, {@code diff}), or ask a
 * running one what it loaded ({@code status}, the only subcommand that calls the admin API).
 */
@Command(name = "config", description = {"Check a configuration file, or compare two environments, without a server;",
        "or ask a running server what it loaded (status)."},
        subcommands = {ConfigCommand.Check.class, ConfigCommand.Diff.class, ConfigCommand.Status.class})
final class ConfigCommand implements Callable<Integer> {

    /** Valid, but with warnings, and {@code --strict} was given. */
    static final int EXIT_WARNINGS = 3;

    @Spec
    CommandSpec spec;

    @Mixin
    HelpOption help = new HelpOption();

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getOut());
        return 0;
    }

    /** {@code aurelis config check FILE}: loads and validates the file as {@code aurelis serve} would, and says so. */
    @Command(name = "check",
            description = {"Validate a configuration file as the server would load it, without starting it (no database "
                    + "needed). Lists invalid values with their line and YAML path, unknown keys, unset environment "
                    + "variables, and the keys Aurelis accepts but does not enforce yet."},
            exitCodeListHeading = "%nExit codes:%n",
            exitCodeList = {"0:valid", "1:invalid, or the file cannot be read",
                    "2:wrong usage", EXIT_WARNINGS + ":valid with warnings, and --strict was given"})
    static final class Check implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Mixin
        HelpOption help = new HelpOption();

        @Parameters(paramLabel = "FILE", description = "The configuration file (YAML or JSON).")
        Path file;

        @Option(names = "--environment", paramLabel = "NAME",
                description = "Check as environment NAME runs it (default: $AURELIS_ENVIRONMENT, else the file's).")
        String environment;

        @Option(names = "--strict",
                description = "Exit " + EXIT_WARNINGS + " when the file is valid but has warnings (unknown keys, unset "
                        + "variables, keys not yet enforced).")
        boolean strict;

        @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", description = "table (default) or json.")
        OutputFormat output = OutputFormat.table;

        @Override
        public Integer call() {
            if (!Files.isRegularFile(file)) {
                throw new CliException(file + ": the file does not exist or is not a regular file");
            }
            Map<String, String> variables = new HashMap<>(((AurelisCommand) spec.root().userObject()).environment());
            if (environment != null) {
                variables.put(ConfigurationLoader.ENVIRONMENT_VARIABLE, environment);
            }
            LoadedConfiguration loaded;
            try {
                loaded = ConfigurationLoader.load(file, variables);
            } catch (InvalidConfigurationException invalid) {
                throw new CliException(invalid.getMessage(), null, 1);
            } catch (UncheckedIOException unreadable) {
                throw new CliException(file + ": " + unreadable.getCause().getMessage(), null, 1);
            }
            ConfigurationStatus status = ConfigurationStatus.of(file, loaded);
            PrintWriter out = spec.commandLine().getOut();
            if (output == OutputFormat.json) {
                out.println(AurelisCommand.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(json(status)));
            } else {
                print(status, out);
            }
            out.flush();
            return strict && status.hasWarnings() ? EXIT_WARNINGS : 0;
        }

        private void print(ConfigurationStatus status, PrintWriter out) {
            out.println(file + ": valid (environment " + status.environment() + ")");
            printList(out, "Feature flags", status.featureFlags());
            printList(out, "Accepted, not yet enforced", status.notYetEnforced());
            printList(out, "Unknown keys, ignored", status.unknownKeys());
            printList(out, "Environment variables not set (their values are empty)", status.unresolvedVariables());
        }

        private static void printList(PrintWriter out, String heading, List<String> items) {
            if (!items.isEmpty()) {
                out.println(heading + ": " + String.join(", ", items));
            }
        }

        /** The same fields and names as {@code GET /api/v1/configuration/status}. */
        private static Map<String, Object> json(ConfigurationStatus status) {
            Map<String, Object> json = new java.util.LinkedHashMap<>();
            json.put("file", status.file());
            json.put("environment", status.environment());
            json.put("not_yet_enforced", status.notYetEnforced());
            json.put("unknown_keys", status.unknownKeys());
            json.put("unresolved_variables", status.unresolvedVariables());
            json.put("feature_flags", status.featureFlags());
            return json;
        }
    }

    /** {@code aurelis config diff [FILE] --environment A B}: what differs between two environments' settings. */
    @Command(name = "diff",
            description = {"Show the settings that differ between two environments of a configuration file, as the "
                    + "server would run each (the environment's entry laid over the file's values). Secrets are shown "
                    + "only as a fingerprint."},
            exitCodeListHeading = "%nExit codes:%n",
            exitCodeList = {"0:compared (whether or not anything differs)",
                    "1:invalid file, or an environment it does not declare", "2:wrong usage"})
    static final class Diff implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Mixin
        HelpOption help = new HelpOption();

        @Parameters(paramLabel = "FILE", arity = "0..1",
                description = "The configuration file (default: $AURELIS_CONFIG).")
        Path file;

        @Option(names = "--environment", arity = "2", required = true, paramLabel = "NAME",
                description = "The two environments to compare, e.g. --environment staging production.")
        List<String> environments;

        @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", description = "table (default) or json.")
        OutputFormat output = OutputFormat.table;

        @Override
        public Integer call() {
            Map<String, String> variables = ((AurelisCommand) spec.root().userObject()).environment();
            Path source = file != null ? file
                    : variables.get("AURELIS_CONFIG") == null ? null : Path.of(variables.get("AURELIS_CONFIG"));
            if (source == null) {
                throw new CliException("no configuration file given", "Name it, or set AURELIS_CONFIG.", 2);
            }
            if (!Files.isRegularFile(source)) {
                throw new CliException(source + ": the file does not exist or is not a regular file");
            }
            LoadedConfiguration loaded;
            try {
                loaded = ConfigurationLoader.load(source, variables);
            } catch (InvalidConfigurationException invalid) {
                throw new CliException(invalid.getMessage(), null, 1);
            } catch (UncheckedIOException unreadable) {
                throw new CliException(source + ": " + unreadable.getCause().getMessage(), null, 1);
            }
            var config = loaded.config();
            for (String environment : environments) {
                if (!config.environments().containsKey(environment)) {
                    throw new CliException(source + " declares no environment '" + environment + "'",
                            config.environments().isEmpty() ? "It has no 'environments:' section."
                                    : "Its environments: " + String.join(", ", config.environments().keySet()) + ".", 1);
                }
            }
            String left = environments.get(0);
            String right = environments.get(1);
            List<EffectiveSettings.Difference> differences = EffectiveSettings.diff(
                    EffectiveSettings.of(config, left), EffectiveSettings.of(config, right));
            PrintWriter out = spec.commandLine().getOut();
            if (output == OutputFormat.json) {
                List<Map<String, Object>> rows = differences.stream().map(d -> {
                    Map<String, Object> row = new java.util.LinkedHashMap<>();
                    row.put("setting", d.path());
                    row.put(left, d.left());
                    row.put(right, d.right());
                    return row;
                }).toList();
                out.println(AurelisCommand.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(
                        Map.of("file", source.toString(), "environments", List.of(left, right), "differences", rows)));
            } else if (differences.isEmpty()) {
                out.println("Environments " + left + " and " + right + " run with the same settings.");
            } else {
                Table table = new Table("SETTING", left.toUpperCase(java.util.Locale.ROOT),
                        right.toUpperCase(java.util.Locale.ROOT));
                differences.forEach(d -> table.add(d.path(), d.left() == null ? "-" : d.left(),
                        d.right() == null ? "-" : d.right()));
                table.print(out);
            }
            out.flush();
            return 0;
        }
    }

    /**
     * {@code aurelis config status}: the running server's view of its configuration file, the admin API
     * counterpart of {@code config check}.
     */
    @Command(name = "status",
            description = {"Ask the running server which configuration file and environment it loaded, and which keys",
                    "it does not enforce yet, does not know, or could not resolve (${VAR} unset)."})
    static final class Status extends ClientCommand {

        @Override
        public Integer call() {
            tools.jackson.databind.JsonNode status = client().call("GET", "/api/v1/configuration/status", Map.of(), null);
            show(status, () -> Render.fields(out(), status));
            return 0;
        }
    }
}
