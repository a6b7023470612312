package dev.aurelis.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code aurelis review}: runs the repository's code-review workflow on a change from any CI system and exits 1 when
 * a blocking step found a problem, so the pipeline fails; 0 when the change may go on; 2 when no review could be made
 * (a gate that cannot look does not pass); 3 while an approval step still waits for its decision.
 */
@Command(name = "review",
        description = {"Review a change with the repository's code-review workflow.",
                "Exits 0 when the change passes, 1 when a blocking step found a problem, 2 when it could not be reviewed,",
                "3 while an approval step waits for its decision."})
final class ReviewCommand extends ClientCommand {

    static final int BLOCKED = 1;
    static final int NOT_REVIEWED = 2;
    static final int AWAITING_APPROVAL = 3;
    private static final Duration APPROVAL_POLL = Duration.ofSeconds(5);
    private static final Duration TIMEOUT = Duration.ofMinutes(15);

    @Option(names = "--repo", required = true, paramLabel = "REPOSITORY",
            description = "The repository as integrations.workflows.repositories names it (owner/name).")
    String repository;

    @Option(names = "--base", required = true, paramLabel = "SHA", description = "The commit the change starts from.")
    String base;

    @Option(names = "--head", required = true, paramLabel = "SHA", description = "The commit to review.")
    String head;

    @Option(names = "--diff", paramLabel = "FILE",
            description = "The diff to review ('-' for standard input); default: git diff BASE HEAD here.")
    String diff;

    @Option(names = "--workflow", paramLabel = "NAME", description = "The workflow to run; default: the repository's.")
    String workflow;

    @Option(names = "--ci", paramLabel = "SYSTEM",
            description = "github_actions, jenkins, azure_devops, gitlab_ci or other; default: detected from the environment.")
    String ci;

    @Option(names = "--wait-for-approval", paramLabel = "DURATION", converter = Durations.LifetimeConverter.class,
            description = {"When the workflow has an approval step, wait this long (such as 30m or 2h) for the decision;",
                    "default: do not wait, exit 3 while the approval is pending."})
    Duration waitForApproval;

    @Override
    public Integer call() {
        String text;
        try {
            text = diffText();
        } catch (CliException e) {
            throw new CliException(e.getMessage(), e.hint(), NOT_REVIEWED);
        }
        if (text.isBlank()) {
            out().println("Nothing to review: the diff between " + base + " and " + head + " is empty.");
            out().flush();
            return 0;
        }
        ObjectNode body = AurelisCommand.JSON.createObjectNode()
                .put("repository", repository).put("base", base).put("head", head).put("diff", text)
                .put("ci", ci != null ? ci : detectedCi());
        if (workflow != null) {
            body.put("workflow", workflow);
        }
        JsonNode result;
        try {
            result = client().call("POST", "/api/v1/workflows/reviews", Map.of(), body, TIMEOUT);
            result = awaitApproval(result);
        } catch (CliException e) {
            throw new CliException("the review could not be made: " + e.getMessage(), e.hint(), NOT_REVIEWED);
        }
        if (json()) {
            printJson(result);
        } else if (awaiting(result)) {
            printAwaiting(result);
        } else {
            print(result);
        }
        if (awaiting(result)) {
            return AWAITING_APPROVAL;
        }
        return result.path("blocked").asBoolean(true) ? BLOCKED : 0;
    }

    private static boolean awaiting(JsonNode result) {
        return "awaiting_approval".equals(result.path("status").asString());
    }

    /** While the run waits for approvals and {@code --wait-for-approval} allows, asks again where it stands. */
    private JsonNode awaitApproval(JsonNode result) {
        if (!awaiting(result) || waitForApproval == null) {
            return result;
        }
        long deadline = System.nanoTime() + waitForApproval.toNanos();
        String path = "/api/v1/workflows/reviews/" + result.path("run_id").asString();
        JsonNode now = result;
        while (awaiting(now) && System.nanoTime() < deadline) {
            try {
                TimeUnit.MILLISECONDS.sleep(Math.min(APPROVAL_POLL.toMillis(),
                        Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()))));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return now;
            }
            now = client().call("GET", path, Map.of(), null);
        }
        return now;
    }

    private void printAwaiting(JsonNode result) {
        for (JsonNode waiting : result.path("awaiting")) {
            out().println("Waiting for approval: " + waiting.path("step").asString() + " needs "
                    + waiting.path("required").asInt() + " (has " + waiting.path("approved").asInt() + ") from "
                    + Text.of(waiting.path("approvers")) + ", by " + waiting.path("decide_by").asString() + ".");
        }
        out().println("Approve with: aurelis workflows approve " + result.path("run_id").asString()
                + "   (the merge stays blocked until then)");
        out().flush();
    }

    private void print(JsonNode result) {
        Table table = new Table("STEP", "MODEL", "BLOCKING", "FINDINGS", "RESULT").alignRight(3);
        for (JsonNode step : result.path("steps")) {
            String outcome = step.path("error").isString() ? "could not complete: " + step.path("error").asString()
                    : step.path("blocking_findings").asInt() > 0 ? step.path("blocking_findings").asInt() + " blocking"
                    : "ok";
            table.add(step.path("name").asString(), step.path("model").asString(),
                    step.path("blocking").asBoolean() ? "yes" : "no", String.valueOf(step.path("findings").size()), outcome);
        }
        table.print(out());
        for (JsonNode step : result.path("steps")) {
            for (JsonNode finding : step.path("findings")) {
                String where = finding.path("file").isString() ? finding.path("file").asString()
                        + (finding.path("line").asInt() > 0 ? ":" + finding.path("line").asInt() : "") + " " : "";
                out().println(where + finding.path("severity").asString() + " (" + step.path("name").asString() + ")"
                        + (finding.path("title").isString() ? " " + finding.path("title").asString() : "") + ": "
                        + finding.path("message").asString());
            }
            if (step.path("summary").isString()) {
                out().println();
                out().println(step.path("summary").asString());
            }
        }
        out().println();
        String run = result.path("workflow").asString() + ", run " + result.path("run_id").asString();
        if ("skipped".equals(result.path("conclusion").asString())) {
            out().println("Skipped: the workflow does not review this change (" + run + ").");
        } else {
            out().println(result.path("blocked").asBoolean() ? "Blocked: a blocking step found a problem (" + run + ")."
                    : "Passed (" + run + ").");
        }
        out().flush();
    }

    private String diffText() {
        try {
            if ("-".equals(diff)) {
                return new String(System.in.readAllBytes(), StandardCharsets.UTF_8);
            }
            if (diff != null) {
                Path file = Path.of(diff);
                if (!Files.isRegularFile(file)) {
                    throw new CliException("the diff file " + diff + " does not exist");
                }
                return Files.readString(file);
            }
            return gitDiff();
        } catch (IOException e) {
            throw new CliException("the diff could not be read: " + e.getMessage());
        }
    }

    private String gitDiff() throws IOException {
        Process git = new ProcessBuilder(List.of("git", "diff", "--no-color", "--no-ext-diff", base, head))
                .redirectErrorStream(false).start();
        byte[] output;
        try (InputStream in = git.getInputStream()) {
            output = in.readAllBytes();
        }
        try {
            if (!git.waitFor(2, TimeUnit.MINUTES) || git.exitValue() != 0) {
                String error = new String(git.getErrorStream().readAllBytes(), StandardCharsets.UTF_8).strip();
                throw new CliException("git diff " + base + " " + head + " failed: " + error,
                        "Run it in a clone holding both commits (fetch-depth: 0), or pass --diff FILE.");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException("interrupted while running git diff");
        }
        return new String(output, StandardCharsets.UTF_8);
    }

    /** The CI system this runs in, from the variables each one sets in its jobs. */
    private String detectedCi() {
        if ("true".equalsIgnoreCase(root().environment("GITHUB_ACTIONS"))) {
            return "github_actions";
        }
        if ("true".equalsIgnoreCase(root().environment("GITLAB_CI"))) {
            return "gitlab_ci";
        }
        if ("true".equalsIgnoreCase(root().environment("TF_BUILD"))) {
            return "azure_devops";
        }
        if (root().environment("JENKINS_URL") != null) {
            return "jenkins";
        }
        return "other";
    }
}
