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

    @Command(name = "definitions", description = "The workflows the configuration defines; or, given a name, that one in full.")
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
                    "source", "project", "triggers"));
            return 0;
        }
    }
}
