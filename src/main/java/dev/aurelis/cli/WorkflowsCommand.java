package dev.aurelis.cli;

import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** {@code aurelis workflows}: decide the approvals code-review runs wait for, and see where a review stands. */
@Command(name = "workflows",
        description = "Code-review workflows: approve or reject a change a run waits for, see where a review stands.",
        synopsisSubcommandLabel = "COMMAND",
        commandListHeading = "%nCommands:%n",
        subcommands = {WorkflowsCommand.Approve.class, WorkflowsCommand.Reject.class, WorkflowsCommand.Status.class,
                WorkflowsCommand.Runs.class, WorkflowsCommand.Definitions.class})
final class WorkflowsCommand extends CommandGroup {

    /** Approving and rejecting differ only in the decision sent. */
    abstract static class Decide extends ClientCommand {

        @Parameters(index = "0", paramLabel = "RUN", description = "The run's id (in the notification, or aurelis review's output).")
        String run;

        @Option(names = "--step", paramLabel = "NAME", description = "The approval step, when the run waits on several.")
        String step;

        @Option(names = "--comment", paramLabel = "TEXT", description = "Why (shown on the run, and in the audit trail).")
        String comment;

        abstract String decision();

        @Override
        public Integer call() {
            ObjectNode body = AurelisCommand.JSON.createObjectNode().put("decision", decision());
            if (step != null) {
                body.put("step", step);
            }
            if (comment != null) {
                body.put("comment", comment);
            }
            JsonNode answer = client().call("POST", "/api/v1/workflows/runs/" + run + "/approvals", Map.of(), body);
            if (json()) {
                printJson(answer);
                return 0;
            }
            String what = answer.path("decision").asString() + " '" + answer.path("step").asString() + "'";
            out().println(answer.path("settled").asBoolean()
                    ? "You " + what + "; the step is decided and the run finishes (" + answer.path("run_status").asString() + ")."
                    : "You " + what + "; it still waits for more approvals.");
            out().flush();
            return 0;
        }
    }

    @Command(name = "approve", description = "Approve the change a run waits for (you must be one of its approvers).")
    static final class Approve extends Decide {
        @Override
        String decision() {
            return "approve";
        }
    }

    @Command(name = "reject", description = "Reject the change a run waits for; a blocking approval then fails the run.")
    static final class Reject extends Decide {
        @Override
        String decision() {
            return "reject";
        }
    }

    @Command(name = "status", description = "Where a review stands: its conclusion, or the approvals it waits for.")
    static final class Status extends ClientCommand {

        @Parameters(index = "0", paramLabel = "RUN", description = "The run's id.")
        String run;

        @Override
        public Integer call() {
            JsonNode answer = client().call("GET", "/api/v1/workflows/reviews/" + run, Map.of(), null);
            if (json()) {
                printJson(answer);
                return 0;
            }
            out().println(answer.path("workflow").asString() + " on " + answer.path("repository").asString() + ": "
                    + answer.path("status").asString()
                    + (answer.path("conclusion").isString() ? " (" + answer.path("conclusion").asString() + ")" : ""));
            for (JsonNode waiting : answer.path("awaiting")) {
                out().println("  waiting: " + waiting.path("step").asString() + " needs " + waiting.path("required").asInt()
                        + " (has " + waiting.path("approved").asInt() + ") from " + Text.of(waiting.path("approvers"))
                        + ", by " + waiting.path("decide_by").asString());
            }
            out().flush();
            return 0;
        }
    }

    @Command(name = "runs", description = {"Recent workflow runs, newest first; or, given a run's id, that run with its steps."})
    static final class Runs extends ClientCommand {

        @Parameters(index = "0", arity = "0..1", paramLabel = "RUN", description = "One run's id.")
        String run;

        @Option(names = "--repository", paramLabel = "REPO", description = "Only runs on this repository (owner/name).")
        String repository;

        @Option(names = "--limit", paramLabel = "N", description = "At most this many (1-500, default 50).")
        Integer limit;

        @Override
        public Integer call() {
            if (run != null) {
                JsonNode detail = client().call("GET", apiPath("/api/v1/workflows/runs", run), Map.of(), null);
                show(detail, () -> {
                    Render.fields(out(), detail.path("run"));
                    out().println();
                    Render.rows(out(), detail.path("steps"), "No steps yet.", "name", "action", "status", "model",
                            "findings", "error");
                });
                return 0;
            }
            Map<String, String> query = new java.util.LinkedHashMap<>();
            query.put("repository", repository);
            query.put("limit", limit == null ? null : String.valueOf(limit));
            JsonNode runs = client().call("GET", "/api/v1/workflows/runs", query, null);
            show(runs, () -> Render.rows(out(), runs, "No workflow runs.", "id", "workflow", "repository",
                    "pull_number", "status", "conclusion", "author", "created_at"));
            return 0;
        }
    }

    @Command(name = "definitions", description = {"The workflows defined in the configuration file and through the API; "
            + "or, given a name, that one in full.",
            "create, update and delete change those defined through the API (the file's are changed in the file)."},
            subcommands = {DefinitionCreate.class, DefinitionUpdate.class, DefinitionDelete.class})
    static final class Definitions extends ClientCommand {

        @Parameters(index = "0", arity = "0..1", paramLabel = "NAME", description = "One workflow's name.")
        String name;

        @Override
        public Integer call() {
            if (name != null) {
                printJson(client().call("GET", apiPath("/api/v1/workflows/definitions", name), Map.of(), null));
                return 0;
            }
            JsonNode list = client().call("GET", "/api/v1/workflows/definitions", Map.of(), null);
            show(list, () -> Render.rows(out(), list.path("definitions"), "No workflows defined.", "name",
                    "source", "version", "project", "budget", "triggers"));
            return 0;
        }
    }

    /** A definition file: YAML or JSON in the shape of one entry of integrations.workflows.definitions. */
    abstract static class DefinitionFile extends ClientCommand {

        @Option(names = "--file", paramLabel = "FILE", description = "The definition (YAML or JSON): name, triggers, "
                + "steps, notifications, conditions, project, budget, repositories.")
        java.nio.file.Path file;

        ObjectNode definition() {
            if (file == null) {
                throw new CliException("--file is required: the workflow's definition (YAML or JSON)");
            }
            try {
                return dev.aurelis.configuration.ConfigurationLoader.readSection(java.nio.file.Files.readString(file));
            } catch (java.io.IOException e) {
                throw new CliException("cannot read " + file + ": " + e.getMessage());
            } catch (dev.aurelis.configuration.InvalidConfigurationException e) {
                throw new CliException(file + ": " + e.getMessage());
            }
        }

        void printDefinition(JsonNode answer, String done) {
            if (json()) {
                printJson(answer);
                return;
            }
            out().println(done + " '" + answer.path("name").asString() + "', version " + answer.path("version").asLong()
                    + ".");
            out().flush();
        }
    }

    @Command(name = "create", description = "Define a workflow through the API from a file.")
    static final class DefinitionCreate extends DefinitionFile {

        @Override
        public Integer call() {
            printDefinition(client().call("POST", "/api/v1/workflows/definitions", Map.of(), definition()), "Defined");
            return 0;
        }
    }

    @Command(name = "update", description = {"Replace a workflow defined through the API with the file's definition.",
            "It must name the version it changes (--version, or version: in the file), so that nobody's change is lost."})
    static final class DefinitionUpdate extends DefinitionFile {

        @Option(names = "--version", paramLabel = "N", description = "The version you changed (aurelis workflows "
                + "definitions NAME shows it).")
        Long version;

        @Override
        public Integer call() {
            ObjectNode definition = definition();
            String name = definition.path("name").asString("");
            if (name.isBlank()) {
                throw new CliException(file + ": name: the file must name the workflow it changes");
            }
            if (version != null) {
                definition.put("version", version);
            }
            printDefinition(client().call("PUT", apiPath("/api/v1/workflows/definitions", name), Map.of(), definition),
                    "Changed");
            return 0;
        }
    }

    @Command(name = "delete", description = "Delete a workflow defined through the API (by NAME, or the file's name).")
    static final class DefinitionDelete extends DefinitionFile {

        @Parameters(index = "0", arity = "0..1", paramLabel = "NAME", description = "The workflow's name.")
        String name;

        @Override
        public Integer call() {
            String workflow = name != null ? name : definition().path("name").asString("");
            if (workflow.isBlank()) {
                throw new CliException("name the workflow to delete: NAME, or --file with its name");
            }
            client().call("DELETE", apiPath("/api/v1/workflows/definitions", workflow), Map.of(), null);
            out().println("Deleted '" + workflow + "'.");
            out().flush();
            return 0;
        }
    }
}
