package dev.aurelis.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Unmatched;

/** {@code aurelis serve}: starts the server in this process, through the launcher the entry point provides. */
@Command(name = "serve",
        description = "Start the Aurelis server (gateway and admin API) in the foreground.",
        footer = {"", "Any other arguments, such as --spring.profiles.active=dev, are passed on to the server."})
final class ServeCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @picocli.CommandLine.Mixin
    HelpOption help = new HelpOption();

    @Option(names = {"-c", "--config"}, paramLabel = "FILE",
            description = "Aurelis configuration file (default: $AURELIS_CONFIG).")
    String config;

    @Option(names = "--port", paramLabel = "N", description = "HTTP port to listen on (default: $AURELIS_PORT, else 8080).")
    Integer port;

    @Unmatched
    List<String> passThrough = new ArrayList<>();

    @Override
    public Integer call() {
        if (port != null && (port < 0 || port > 65535)) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "Invalid value for option '--port': " + port + " is not a port number (0-65535)");
        }
        ServerLauncher launcher = ((AurelisCommand) spec.root().userObject()).launcher();
        if (launcher == null) {
            throw new CliException("the server can only be started through the Aurelis entry point",
                    "Run ./aurelis serve (or java -jar target/aurelis.jar serve).", 1);
        }
        List<String> arguments = new ArrayList<>();
        if (config != null) {
            arguments.add("--config=" + config);
        }
        if (port != null) {
            arguments.add("--port=" + port);
        }
        arguments.addAll(passThrough);
        try {
            launcher.start(List.copyOf(arguments));
        } catch (RuntimeException e) {
            // The server has already logged why it failed; repeating its exception chain here adds only noise.
            throw new CliException("the server failed to start (see the log above)", null, 1);
        }
        return 0;
    }
}
