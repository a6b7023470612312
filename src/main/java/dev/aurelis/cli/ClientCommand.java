package dev.aurelis.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import tools.jackson.databind.JsonNode;

/** A subcommand that talks to the admin API: resolves the client options and prints through picocli. */
@Command(exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:done", "1:the server refused the request (its message is printed) or could not be reached",
                "2:wrong usage"})
abstract class ClientCommand implements Callable<Integer>, ClientOptions.Holder {

    @Spec
    CommandSpec spec;

    @Mixin
    ClientOptions options = new ClientOptions();

    @Mixin
    HelpOption help = new HelpOption();

    @Override
    public ClientOptions clientOptions() {
        return options;
    }

    AurelisCommand root() {
        return (AurelisCommand) spec.root().userObject();
    }

    PrintWriter out() {
        return spec.commandLine().getOut();
    }

    PrintWriter err() {
        return spec.commandLine().getErr();
    }

    String url() {
        String given = nearest(o -> o.url);
        if (given != null) {
            return given;
        }
        String fromEnvironment = root().environment("AURELIS_URL");
        return fromEnvironment != null ? fromEnvironment : ClientOptions.DEFAULT_URL;
    }

    String adminKey() {
        String given = nearest(o -> o.adminKey);
        return given != null ? given : root().environment("AURELIS_ADMIN_KEY");
    }

    OutputFormat output() {
        OutputFormat given = nearest(o -> o.output);
        return given != null ? given : OutputFormat.table;
    }

    boolean json() {
        return output() == OutputFormat.json;
    }

    AdminClient client() {
        return new AdminClient(url(), adminKey(), AurelisCommand.JSON);
    }

    void printJson(JsonNode node) {
        out().println(AurelisCommand.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(node));
        out().flush();
    }

    /** Prints {@code answer} as JSON with {@code -o json}, else as {@code table} lays it out. */
    void show(JsonNode answer, Runnable table) {
        if (json()) {
            printJson(answer);
        } else {
            table.run();
            out().flush();
        }
    }

    /** Reports a change the server answered without a body: a sentence, or {@code {"id":..,"status":..}} as JSON. */
    void done(String id, String status, String sentence) {
        if (json()) {
            printJson(AurelisCommand.JSON.createObjectNode().put("id", id).put("status", status));
        } else {
            out().println(sentence);
            out().flush();
        }
    }

    /** An admin API path with one more segment, such as an id, encoded. */
    static String apiPath(String base, String segment) {
        return base + "/" + AdminClient.segment(segment);
    }

    private <T> T nearest(java.util.function.Function<ClientOptions, T> option) {
        for (CommandLine command = spec.commandLine(); command != null; command = command.getParent()) {
            if (command.getCommand() instanceof ClientOptions.Holder holder && holder.clientOptions() != null) {
                T value = option.apply(holder.clientOptions());
                if (value != null) {
                    return value;
                }
            }
        }
        return null;
    }
}
