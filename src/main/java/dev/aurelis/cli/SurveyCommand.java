package dev.aurelis.cli;

import java.io.PrintWriter;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code aurelis survey}: this week's pulse survey (analytics.metrics.developer_satisfaction.survey_integration),
 * shown and answered from a terminal with one's own key (docs/analytics.md#pulse-survey).
 */
@Command(name = "survey",
        description = "This week's pulse survey: show it, or answer it (needs a personal key, e.g. after `aurelis login`).",
        synopsisSubcommandLabel = "COMMAND",
        commandListHeading = "%nCommands:%n",
        subcommands = {SurveyCommand.Show.class, SurveyCommand.Answer.class})
final class SurveyCommand extends CommandGroup {

    static void print(PrintWriter out, JsonNode current) {
        JsonNode period = current.path("period");
        out.println("Week " + period.path("period").asString() + " (" + period.path("starts").asString() + " to "
                + period.path("ends").asString() + ")");
        if (current.path("answered").asBoolean()) {
            JsonNode answer = current.path("answer");
            out.println("Your answer: satisfaction " + answer.path("satisfaction").asInt() + " of 5, time saved "
                    + answer.path("time_saved").asString()
                    + (answer.path("comment").isString() ? ", \"" + answer.path("comment").asString() + "\"" : ""));
        } else {
            out.println("Not answered yet: aurelis survey answer --satisfaction N --time-saved BUCKET");
        }
        out.println("Time saved buckets: " + String.join(", ", current.path("time_saved_choices").propertyNames()));
    }

    @Command(name = "show", description = "This week's survey and your answer so far.")
    static final class Show extends ClientCommand {

        @Override
        public Integer call() {
            JsonNode answer = client().call("GET", "/api/v1/surveys/current", Map.of(), null);
            show(answer, () -> print(out(), answer));
            return 0;
        }
    }

    @Command(name = "answer", description = "Answer this week's survey (a second answer replaces the first).",
            footer = {"", "Example:", "  aurelis survey answer --satisfaction 4 --time-saved 1_to_3h --comment 'reviews are faster'"})
    static final class Answer extends ClientCommand {

        @Option(names = "--satisfaction", required = true, paramLabel = "N",
                description = "How satisfied you are with the assistants: 1 (very unsatisfied) to 5 (very satisfied).")
        int satisfaction;

        @Option(names = "--time-saved", required = true, paramLabel = "BUCKET",
                description = "About how much time they saved you this week: none, under_1h, 1_to_3h, 3_to_5h, over_5h.")
        String timeSaved;

        @Option(names = "--comment", paramLabel = "TEXT", description = "Anything to add (at most 1000 characters).")
        String comment;

        @Override
        public Integer call() {
            ObjectNode body = AurelisCommand.JSON.createObjectNode().put("satisfaction", satisfaction)
                    .put("time_saved", timeSaved);
            if (comment != null) {
                body.put("comment", comment);
            }
            JsonNode answer = client().call("POST", "/api/v1/surveys/responses", Map.of(), body);
            show(answer, () -> {
                out().println("Thank you: your answer for this week is recorded.");
                print(out(), answer);
            });
            return 0;
        }
    }
}
