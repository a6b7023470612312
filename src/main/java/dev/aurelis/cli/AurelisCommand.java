package dev.aurelis.cli;

import java.io.PrintWriter;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.Callable;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.UnmatchedArgumentException;
import tools.jackson.databind.json.JsonMapper;

/**
 * The root of the {@code aurelis} command line. Apart from {@code serve}, which hands over to the
 * {@link ServerLauncher} it is given, every subcommand is a plain HTTP client of a running server's admin API.
 */
@Command(name = "aurelis", mixinStandardHelpOptions = true, versionProvider = AurelisCommand.Version.class,
        description = "Aurelis: governed, metered gateway for AI code assistants.",
        synopsisSubcommandLabel = "COMMAND",
        commandListHeading = "%nCommands:%n",
        subcommands = {ServeCommand.class, ConfigCommand.class, DeployCommand.class, LoginCommand.class, KeysCommand.class, UsageCommand.class,
                ReportCommand.class, StatusCommand.class, ReviewCommand.class, AuditCommand.class, ComplianceCommand.class,
                PrivacyCommand.class, KeysAtRestCommand.class, WebhooksCommand.class, BackupCommand.class,
                OnboardCommand.class, WorkflowsCommand.class, WorkspacesCommand.class, SessionsCommand.class, BudgetsCommand.class,
                ConsentsCommand.class,
                AlertsCommand.class, AnalyticsCommand.class, FeedbackCommand.class, SurveyCommand.class, ProvidersCommand.class,
                RolesCommand.class, PermissionsCommand.class, RoleBindingsCommand.class, UsersCommand.class,
                LocalAccountsCommand.class, TeamsCommand.class, LineageCommand.class, SystemCommand.class,
                MonitoringCommand.class, SdksCommand.class, IdeCommand.class, ModelsCommand.class, HelpCommand.class},
        footerHeading = "%nEnvironment:%n",
        footer = {
                "  AURELIS_URL         base URL of the server (default " + ClientOptions.DEFAULT_URL + ")",
                "  AURELIS_ADMIN_KEY   admin key for the admin API",
                "",
                "  AURELIS_CREDENTIALS where `login` stores your personal key (default $XDG_CONFIG_HOME or $HOME/.config, then aurelis/credentials)",
                "",
                "  AURELIS_JAVA_OPTS   JVM options for ./aurelis (default: heap at most 512 MB, the G1 collector)",
                "  AURELIS_AOT_CACHE   off: ./aurelis serve starts without the JVM's start-up cache (JDK 25+; made once",
                "                      per build under target/aot/ by a loopback training run, in the background after",
                "                      the first start; wait: the first start waits for it; ./aurelis aot-cache makes it)",
                "",
                "Start the server with `./aurelis serve`, then for example:",
                "  ./aurelis login",
                "  ./aurelis keys create --user alice@example.com --team platform --expires 90d",
                "  ./aurelis usage --from 2026-05-01 --group-by team,model"})
public class AurelisCommand implements Callable<Integer>, ClientOptions.Holder {

    /** Decimals (money) are read exactly, never through a binary floating point number. */
    static final JsonMapper JSON = JsonMapper.builder()
            .enable(tools.jackson.databind.DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(tools.jackson.core.StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN).build();

    @Spec
    CommandSpec spec;

    @Mixin
    ClientOptions options = new ClientOptions();

    private final Map<String, String> environment;

    private final Clock clock;

    private final ServerLauncher launcher;

    AurelisCommand(Map<String, String> environment, Clock clock, ServerLauncher launcher) {
        this.environment = Map.copyOf(environment);
        this.clock = clock;
        this.launcher = launcher;
    }

    /** Runs the command line without a server to start: {@code serve} then reports that it cannot. */
    public static int run(String[] args) {
        return run(args, null);
    }

    /** Runs the command line; {@code serve} calls {@code launcher}. Returns the process exit code. */
    public static int run(String[] args, ServerLauncher launcher) {
        return commandLine(new AurelisCommand(System.getenv(), Clock.systemUTC(), launcher)).execute(args);
    }

    /** Runs the command line printing to the given writers (for embedding the client in another program). */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine commandLine = commandLine(new AurelisCommand(System.getenv(), Clock.systemUTC(), null));
        commandLine.setOut(out);
        commandLine.setErr(err);
        return commandLine.execute(args);
    }

    /** The configured picocli command line for {@code root}: errors print as {@code error: ...}. */
    static CommandLine commandLine(AurelisCommand root) {
        return new CommandLine(root)
                .setCaseInsensitiveEnumValuesAllowed(true)
                .setParameterExceptionHandler(AurelisCommand::usageError)
                .setExecutionExceptionHandler(AurelisCommand::failure);
    }

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getOut());
        return 0;
    }

    @Override
    public ClientOptions clientOptions() {
        return options;
    }

    /** Every environment variable, as the configuration file's {@code ${VAR}} references see them. */
    Map<String, String> environment() {
        return environment;
    }

    /** An environment variable, or {@code null} when it is unset or blank. */
    String environment(String name) {
        String value = environment.get(name);
        return value == null || value.isBlank() ? null : value.strip();
    }

    Clock clock() {
        return clock;
    }

    ServerLauncher launcher() {
        return launcher;
    }

    static String version() {
        String version = AurelisCommand.class.getPackage().getImplementationVersion();
        return version != null ? version : "development";
    }

    private static int usageError(ParameterException e, String[] args) {
        CommandLine command = e.getCommandLine();
        PrintWriter err = command.getErr();
        err.println("error: " + e.getMessage());
        UnmatchedArgumentException.printSuggestions(e, err);
        err.println("Try '" + command.getCommandSpec().qualifiedName() + " --help' for more information.");
        err.flush();
        return command.getCommandSpec().exitCodeOnInvalidInput();
    }

    private static int failure(Exception e, CommandLine command, CommandLine.ParseResult parsed) {
        PrintWriter err = command.getErr();
        if (e instanceof CliException failure) {
            err.println("error: " + failure.getMessage());
            if (failure.hint() != null) {
                err.println(failure.hint());
            }
            err.flush();
            return failure.exitCode();
        }
        err.println("error: " + (e.getMessage() != null ? e.getMessage() : e.getClass().getName()));
        if (System.getenv("AURELIS_DEBUG") != null) {
            e.printStackTrace(err);
        }
        err.flush();
        return command.getCommandSpec().exitCodeOnExecutionException();
    }

    /** The version from the jar's manifest. */
    static final class Version implements IVersionProvider {

        @Override
        public String[] getVersion() {
            return new String[] {"aurelis " + version()};
        }
    }
}
