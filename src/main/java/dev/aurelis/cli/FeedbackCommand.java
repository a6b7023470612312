package dev.aurelis.cli;

import java.util.Map;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** {@code aurelis feedback}: rate one answer of the gateway, for the satisfaction analytics. */
@Command(name = "feedback", description = {"Rate an answer the gateway gave you (analytics' developer satisfaction).",
        "Feedback is given on one's own requests: pass your own key with --admin-key."},
        footer = {"", "Example:", "  aurelis feedback req_01HX... --rating 4 --accepted --comment 'close, needed a tweak'"})
final class FeedbackCommand extends ClientCommand {

    @Parameters(paramLabel = "REQUEST_ID", description = "The request id (the answer's x-aurelis-request-id header).")
    String requestId;

    @Option(names = "--rating", required = true, paramLabel = "N", description = "1 (useless) to 5 (exactly right).")
    int rating;

    @Option(names = "--accepted", negatable = true, description = "Whether the answer was used (--no-accepted if not).")
    Boolean accepted;

    @Option(names = "--comment", paramLabel = "TEXT", description = "What was good or wrong.")
    String comment;

    @Override
    public Integer call() {
        ObjectNode body = AurelisCommand.JSON.createObjectNode().put("request_id", requestId).put("rating", rating);
        if (accepted != null) {
            body.put("accepted", accepted);
        }
        if (comment != null) {
            body.put("comment", comment);
        }
        JsonNode answer = client().call("POST", "/api/v1/feedback", Map.of(), body);
        show(answer, () -> out().println("Recorded feedback on " + requestId + "."));
        return 0;
    }
}
