package dev.aurelis.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Unmatched;
import tools.jackson.databind.JsonNode;

/** {@code aurelis backup}: encrypted backups of the database (docs/disaster-recovery.md). */
@Command(name = "backup",
        description = "Take, list and verify encrypted backups of the database; restore one into an empty database.",
        synopsisSubcommandLabel = "COMMAND",
        commandListHeading = "%nCommands:%n",
        subcommands = {BackupCommand.Create.class, BackupCommand.ListBackups.class, BackupCommand.Verify.class,
                BackupCommand.Restore.class})
final class BackupCommand extends CommandGroup {

    private static final String PATH = "/api/v1/backups";
    /** A backup of a large ledger takes a while; the default request timeout is for quick calls. */
    private static final Duration SLOW = Duration.ofMinutes(30);

    static void print(ClientCommand command, JsonNode backup) {
        String size = backup.path("rows").isMissingNode() ? ""
                : ", " + Text.of(backup.path("tables")) + " tables, " + Text.of(backup.path("rows")) + " rows";
        command.out().println("Backup " + Text.of(backup.path("id")) + " (" + Text.of(backup.path("file")) + ", "
                + Text.of(backup.path("bytes")) + " bytes, schema version " + Text.of(backup.path("schema_version"))
                + size + ")");
    }

    @Command(name = "create", description = "Take a backup now, on the server, into its backup directory.")
    static final class Create extends ClientCommand {
        @Override
        public Integer call() {
            JsonNode backup = client().call("POST", PATH, Map.of(), null, SLOW);
            if (json()) {
                printJson(backup);
            } else {
                out().print("Written: ");
                print(this, backup);
            }
            out().flush();
            return 0;
        }
    }

    @Command(name = "list", description = "The backups in the server's backup directory, newest first, and the schedule.")
    static final class ListBackups extends ClientCommand {
        @Override
        public Integer call() {
            JsonNode answer = client().call("GET", PATH, Map.of(), null);
            if (json()) {
                printJson(answer);
                return 0;
            }
            out().println("Directory " + Text.of(answer.path("directory")) + "; "
                    + (answer.path("scheduled").asBoolean()
                            ? "every " + Text.of(answer.path("frequency_minutes")) + " minutes"
                            : "on demand only")
                    + ", kept " + Text.of(answer.path("retention_days")) + " days.");
            JsonNode note = answer.path("objectives").path("note");
            if (!note.isMissingNode()) {
                out().println(note.asString());
            }
            Table table = new Table("ID", "CREATED", "TRIGGER", "SCHEMA", "BYTES");
            answer.path("backups").forEach(b -> table.add(Text.of(b.path("id")), Text.time(b.path("created_at")),
                    Text.of(b.path("trigger")), Text.of(b.path("schema_version")), Text.of(b.path("bytes"))));
            table.print(out());
            out().flush();
            return 0;
        }
    }

    @Command(name = "verify",
            description = "Read a backup back on the server: it must open with the deployment's keys and every table "
                    + "must match its row count and SHA-256.")
    static final class Verify extends ClientCommand {
        @Parameters(paramLabel = "ID", description = "The backup's id, as `backup list` shows it.")
        String id;

        @Override
        public Integer call() {
            JsonNode answer = client().call("POST", PATH + "/" + AdminClient.segment(id) + "/verify", Map.of(), null, SLOW);
            if (json()) {
                printJson(answer);
            } else {
                out().print("Verified: ");
                print(this, answer.path("backup"));
            }
            out().flush();
            return 0;
        }
    }

    /** Starts the server restoring the backup first; a running server's database is never overwritten. */
    @Command(name = "restore",
            description = {"Start the server with a backup restored into its database, which must be empty (a new",
                    "AURELIS_DB_URL database, or an empty AURELIS_DATA_DIR) and at the backup's schema version.",
                    "Needs the keyring (or Vault / KMS key) the backup was made with. A refused backup writes nothing."},
            footer = {"", "Any other arguments are passed on to the server, as for `serve`."})
    static final class Restore implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        HelpOption help = new HelpOption();

        @Parameters(paramLabel = "FILE",
                description = "The backup file (aurelis-backup-<id>.aurbak), or a backup's id to fetch from the bucket.")
        Path file;

        @Option(names = {"-c", "--config"}, paramLabel = "FILE", description = "Aurelis configuration file.")
        String config;

        @Option(names = "--port", paramLabel = "N", description = "HTTP port to listen on.")
        Integer port;

        @Unmatched
        List<String> passThrough = new ArrayList<>();

        @Override
        public Integer call() {
            // a bare id or file name that is not here is fetched from the bucket (AURELIS_BACKUP_S3_BUCKET) by the server
            boolean inBucket = !Files.exists(file) && file.getParent() == null
                    && file.toString().matches("aurelis-backup-\\d{8}T\\d{6}Z-[0-9a-f]{6}\\.aurbak|\\d{8}T\\d{6}Z-[0-9a-f]{6}");
            if (!Files.isRegularFile(file) && !inBucket) {
                throw new CliException("no backup file " + file,
                        "Give the path of an aurelis-backup-*.aurbak file, or a backup's id to fetch it from the bucket.", 2);
            }
            ServerLauncher launcher = ((AurelisCommand) spec.root().userObject()).launcher();
            if (launcher == null) {
                throw new CliException("the server can only be started through the Aurelis entry point",
                        "Run ./aurelis backup restore FILE.", 1);
            }
            List<String> arguments = new ArrayList<>();
            arguments.add("--aurelis.backup.restore-from=" + (inBucket ? file.toString() : file.toAbsolutePath()));
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
                throw new CliException("the backup was not restored (see the log above)", null, 1);
            }
            return 0;
        }
    }
}
