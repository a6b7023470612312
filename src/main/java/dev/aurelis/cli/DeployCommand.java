package dev.aurelis.cli;

import dev.aurelis.configuration.ConfigurationLoader;
import dev.aurelis.configuration.InvalidConfigurationException;
import dev.aurelis.configuration.LoadedConfiguration;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import tools.jackson.dataformat.yaml.YAMLMapper;
import tools.jackson.dataformat.yaml.YAMLWriteFeature;

/** {@code aurelis deploy}: what a configuration file asks of the deployment, for the Helm chart. */
@Command(name = "deploy", description = "Render what a configuration file asks of the deployment, without a server.",
        synopsisSubcommandLabel = "COMMAND", commandListHeading = "%nCommands:%n",
        subcommands = {DeployCommand.Values.class})
final class DeployCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    HelpOption help = new HelpOption();

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getOut());
        return 0;
    }

    /** {@code aurelis deploy values [FILE] --environment NAME}: Helm values for deploy/helm/aurelis. */
    @Command(name = "values",
            description = {"Print the Helm values of deploy/helm/aurelis for one environment of a configuration file: "
                    + "replicas and autoscaling, anti-affinity, load balancing, the blue-green or canary rollout and "
                    + "its rollback thresholds, probes, resources, spot capacity, business-hours scaling and the "
                    + "disaster-recovery objectives (docs/operations.md#deployment-values). The file itself becomes "
                    + "the chart's ConfigMap as written, its ${VARIABLES} unresolved.",
                    "Example: aurelis deploy values enterprise.aurelis.yaml --environment production > values.yaml; "
                            + "helm upgrade --install aurelis deploy/helm/aurelis -f values.yaml"},
            exitCodeListHeading = "%nExit codes:%n",
            exitCodeList = {"0:rendered", "1:invalid file, an undeclared environment, or a value with no rendering",
                    "2:wrong usage"})
    static final class Values implements Callable<Integer> {

        // the file's text as a block, as written; every other string quoted (nginx's "off" is no boolean to Helm)
        private static final YAMLMapper YAML = YAMLMapper.builder()
                .enable(YAMLWriteFeature.LITERAL_BLOCK_STYLE).disable(YAMLWriteFeature.WRITE_DOC_START_MARKER).build();

        @Spec
        CommandSpec spec;

        @Mixin
        HelpOption help = new HelpOption();

        @Parameters(paramLabel = "FILE", arity = "0..1", description = "The configuration file (default: $AURELIS_CONFIG).")
        Path file;

        @Option(names = "--environment", paramLabel = "NAME",
                description = "The environment to deploy (default: $AURELIS_ENVIRONMENT, else the file's).")
        String environment;

        @Override
        public Integer call() {
            Map<String, String> variables = new HashMap<>(((AurelisCommand) spec.root().userObject()).environment());
            Path source = file != null ? file
                    : variables.get("AURELIS_CONFIG") == null ? null : Path.of(variables.get("AURELIS_CONFIG"));
            if (source == null) {
                throw new CliException("no configuration file given", "Name it, or set AURELIS_CONFIG.", 2);
            }
            if (!Files.isRegularFile(source)) {
                throw new CliException(source + ": the file does not exist or is not a regular file");
            }
            if (environment != null) {
                variables.put(ConfigurationLoader.ENVIRONMENT_VARIABLE, environment);
            }
            quietValidator();
            LoadedConfiguration loaded;
            String text;
            try {
                loaded = ConfigurationLoader.load(source, variables);
                text = Files.readString(source);
            } catch (InvalidConfigurationException invalid) {
                throw new CliException(invalid.getMessage(), null, 1);
            } catch (UncheckedIOException unreadable) {
                throw new CliException(source + ": " + unreadable.getCause().getMessage(), null, 1);
            } catch (IOException unreadable) {
                throw new CliException(source + ": " + unreadable.getMessage(), null, 1);
            }
            var config = loaded.config();
            if (!config.environments().isEmpty() && !config.environments().containsKey(config.environment())) {
                throw new CliException(source + " declares no environment '" + config.environment() + "'",
                        "Its environments: " + String.join(", ", config.environments().keySet()) + ".", 1);
            }
            PrintWriter out = spec.commandLine().getOut();
            out.println("# Helm values for deploy/helm/aurelis, rendered by `aurelis deploy values` from " + source
                    .getFileName() + " (environment " + config.environment() + "); regenerate rather than edit.");
            out.print(YAML.writeValueAsString(HelmValues.of(config, text)));
            out.flush();
            return 0;
        }

        /** The validator announces its version on standard output when first used; the values go there too. */
        private static void quietValidator() {
            if (org.slf4j.LoggerFactory.getLogger("org.hibernate.validator")
                    instanceof ch.qos.logback.classic.Logger logger) {
                logger.setLevel(ch.qos.logback.classic.Level.WARN);
            }
        }
    }
}
