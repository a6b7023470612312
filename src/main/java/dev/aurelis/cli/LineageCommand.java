package dev.aurelis.cli;

import java.util.LinkedHashMap;
import java.util.Map;

import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.JsonNode;

/** {@code aurelis lineage}: where an answer came from and went (compliance.data_lineage). */
@Command(name = "lineage",
        description = {"Data lineage: the model, provider and policies behind one exchange, or the exchanges",
                "behind a pull request or commit (needs compliance.data_lineage)."},
        footer = {"", "Examples:", "  aurelis lineage req_01HX...", "  aurelis lineage --pull-request acme/api#42",
                "  aurelis lineage --commit 3f2a9c1"})
final class LineageCommand extends ClientCommand {

    static final String LINEAGE = "/api/v1/lineage";

    @Parameters(paramLabel = "REQUEST_ID", arity = "0..1", description = "One exchange's request id.")
    String requestId;

    /** The other way in: what was linked to a pull request or a commit. */
    static final class Link {

        @Option(names = "--pull-request", paramLabel = "PR", description = "The exchanges linked to this pull request.")
        String pullRequest;

        @Option(names = "--commit", paramLabel = "SHA", description = "The exchanges linked to this commit.")
        String commit;
    }

    @ArgGroup(exclusive = true)
    Link link;

    @Override
    public Integer call() {
        if ((requestId == null) == (link == null)) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "Give either a REQUEST_ID or one of --pull-request, --commit.");
        }
        if (requestId != null) {
            JsonNode exchange = client().call("GET", apiPath(LINEAGE, requestId), Map.of(), null);
            show(exchange, () -> Render.fields(out(), exchange));
            return 0;
        }
        Map<String, String> query = new LinkedHashMap<>();
        query.put("pull_request", link.pullRequest);
        query.put("commit", link.commit);
        JsonNode answer = client().call("GET", LINEAGE, query, null);
        show(answer, () -> Render.rows(out(), answer.path("exchanges"), "No exchanges are linked to it.",
                "request_id", "requested_at", "user", "team", "task", "model_requested"));
        return 0;
    }
}
