package dev.aurelis.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.JsonNode;

/** {@code aurelis sdks}: the client libraries this server hands out ({@code advanced_features.sdk_support}). */
@Command(name = "sdks", description = "The client libraries the server hands out (advanced_features.sdk_support).",
        synopsisSubcommandLabel = "COMMAND",
        commandListHeading = "%nCommands:%n",
        subcommands = {SdksCommand.ListSdks.class, SdksCommand.Download.class})
final class SdksCommand extends CommandGroup {

    @Command(name = "list", description = "Each SDK: language, version, file and how to install it.")
    static final class ListSdks extends ClientCommand {

        @Override
        public Integer call() {
            JsonNode answer = client().call("GET", "/api/v1/sdks", Map.of(), null);
            show(answer, () -> Render.rows(out(), answer.path("sdks"), "No SDK is packaged with this server.",
                    "language", "name", "version", "file_name", "install"));
            return 0;
        }
    }

    @Command(name = "download", description = {"Save an SDK's file:",
            "  aurelis sdks download java            (writes the file name the server gives)",
            "  aurelis sdks download python --file aurelis-client-python.zip"})
    static final class Download extends ClientCommand {

        @Parameters(index = "0", paramLabel = "LANGUAGE", description = "java or python")
        String language;

        @Option(names = "--file", paramLabel = "FILE", description = "Where to write it (default: the server's file name).")
        Path file;

        @Override
        public Integer call() {
            Path target = file;
            if (target == null) {
                JsonNode sdks = client().call("GET", "/api/v1/sdks", Map.of(), null).path("sdks");
                String name = null;
                for (JsonNode sdk : sdks) {
                    if (language.equals(sdk.path("language").asString())) {
                        name = sdk.path("file_name").asString();
                    }
                }
                target = Path.of(name == null ? "aurelis-client-" + language : name);
            }
            byte[] bytes = client().download(apiPath("/api/v1/sdks", language));
            try {
                Files.write(target, bytes);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write " + target, e);
            }
            out().println("Wrote " + target + " (" + bytes.length + " bytes).");
            out().flush();
            return 0;
        }
    }
}
