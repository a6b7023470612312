package dev.aurelis.workflows.github;

import dev.aurelis.workflows.execution.ChangedFile;
import dev.aurelis.workflows.execution.CodeHost;
import dev.aurelis.workflows.execution.CodeHostHttp;
import dev.aurelis.workflows.execution.Finding;
import dev.aurelis.workflows.execution.Publications;
import dev.aurelis.workflows.execution.ResultText;
import dev.aurelis.workflows.execution.Run;
import dev.aurelis.workflows.execution.RunResult;
import dev.aurelis.workflows.definitions.Severity;
import java.time.Instant;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * GitHub as a code host: the change's files from the pull request files API (or the compare API for a push), a
 * check run per workflow run (in progress, then completed with its conclusion and annotations), one review holding
 * the findings on changed lines, and one summary comment per pull request and workflow, edited on every later run.
 */
@Component
class GitHubHost implements CodeHost {

    /** GitHub lists at most 3,000 files of a pull request, 100 a page. */
    private static final int MAX_PAGES = 30;
    /** The Checks API takes at most 50 annotations per request. */
    private static final int MAX_ANNOTATIONS = 50;
    private static final int MAX_REVIEW_COMMENTS = 50;
    private static final int MAX_TEXT = 60_000;
    private static final String NO_COMMIT = "0000000000000000000000000000000000000000";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final GitHubApi api;
    private final Publications publications;

    GitHubHost(GitHubApi api, Publications publications) {
        this.api = api;
        this.publications = publications;
    }

    @Override
    public String source() {
        return "github";
    }

    @Override
    public List<ChangedFile> files(Run run) {
        String repo = "/repos/" + run.repository();
        if (run.pullNumber() != null) {
            List<ChangedFile> files = new ArrayList<>();
            for (int page = 1; page <= MAX_PAGES; page++) {
                JsonNode list = api.get(repo + "/pulls/" + run.pullNumber() + "/files?per_page=100&page=" + page);
                list.forEach(file -> files.add(file(file)));
                if (list.size() < 100) {
                    break;
                }
            }
            return files;
        }
        JsonNode answer = run.baseSha() == null || run.baseSha().equals(NO_COMMIT)
                ? api.get(repo + "/commits/" + run.headSha())
                : api.get(repo + "/compare/" + run.baseSha() + "..." + run.headSha());
        List<ChangedFile> files = new ArrayList<>();
        answer.path("files").forEach(file -> files.add(file(file)));
        return files;
    }

    private static ChangedFile file(JsonNode file) {
        JsonNode patch = file.path("patch");
        return new ChangedFile(file.path("filename").asString(), file.path("status").asString("modified"),
                patch.isString() ? patch.asString() : null);
    }

    @Override
    public Long started(Run run) {
        ObjectNode body = JSON.createObjectNode()
                .put("name", checkName(run))
                .put("head_sha", run.headSha())
                .put("status", "in_progress")
                .put("external_id", run.id().toString())
                .put("started_at", Instant.now().toString());
        return api.post("/repos/" + run.repository() + "/check-runs", body).path("id").asLong();
    }

    @Override
    public void publish(Run run, RunResult result, List<ChangedFile> files) {
        if (run.pullNumber() != null) {
            if (run.reviewId() == null) {
                review(run, result, files);
            }
            summaryComment(run, ResultText.summaryComment(run, result));
        }
        completeCheck(run, result); // last: a completed check means everything else is shown
    }

    @Override
    public void skipped(Run run, String reason) {
        ObjectNode body = JSON.createObjectNode().put("status", "completed").put("conclusion", "skipped")
                .put("completed_at", Instant.now().toString());
        body.putObject("output").put("title", "Not reviewed").put("summary", run.workflow() + " does not review this "
                + "change: " + reason + ".");
        if (run.checkRunId() == null) {
            body.put("name", checkName(run)).put("head_sha", run.headSha()).put("external_id", run.id().toString());
            api.post("/repos/" + run.repository() + "/check-runs", body);
        } else {
            api.patch("/repos/" + run.repository() + "/check-runs/" + run.checkRunId(), body);
        }
    }

    @Override
    public String link(Run run) {
        String base = api.baseUrl();
        String web = base.equals(GitHubApi.DEFAULT_URL) ? "https://github.com" : base.replaceFirst("/api/v3$", "");
        return web + "/" + run.repository() + (run.pullNumber() != null ? "/pull/" + run.pullNumber()
                : "/commit/" + run.headSha());
    }

    @Override
    public void cancelled(Run run) {
        if (run.checkRunId() != null) {
            ObjectNode body = JSON.createObjectNode().put("status", "completed").put("conclusion", "cancelled")
                    .put("completed_at", Instant.now().toString());
            body.putObject("output").put("title", "Cancelled by a newer push")
                    .put("summary", "A newer push to the pull request started a new run of " + run.workflow() + ".");
            api.patch("/repos/" + run.repository() + "/check-runs/" + run.checkRunId(), body);
        }
    }

    private void completeCheck(Run run, RunResult result) {
        ObjectNode body = JSON.createObjectNode()
                .put("status", "completed")
                .put("conclusion", result.conclusion())
                .put("completed_at", Instant.now().toString());
        ObjectNode output = body.putObject("output");
        output.put("title", ResultText.title(result));
        output.put("summary", cut(result.summary() == null ? ResultText.title(result) : result.summary()));
        output.put("text", cut(ResultText.details(result)));
        ArrayNode annotations = output.putArray("annotations");
        for (RunResult.StepResult step : result.steps()) {
            for (Finding finding : step.findings()) {
                if (finding.file() != null && finding.line() > 0 && annotations.size() < MAX_ANNOTATIONS) {
                    annotations.addObject()
                            .put("path", finding.file())
                            .put("start_line", finding.line())
                            .put("end_line", finding.line())
                            .put("annotation_level", level(finding, step.blockingFindings().contains(finding)))
                            .put("title", finding.title() == null ? step.name() : step.name() + ": " + finding.title())
                            .put("message", finding.message());
                }
            }
        }
        if (run.checkRunId() == null) { // the check could not be started: create it completed
            body.put("name", checkName(run)).put("head_sha", run.headSha()).put("external_id", run.id().toString());
            api.post("/repos/" + run.repository() + "/check-runs", body);
        } else {
            api.patch("/repos/" + run.repository() + "/check-runs/" + run.checkRunId(), body);
        }
    }

    /** One review with a comment on each finding that sits on a line the pull request's diff shows. */
    private void review(Run run, RunResult result, List<ChangedFile> files) {
        Map<String, BitSet> commentable = new HashMap<>();
        files.forEach(file -> commentable.put(file.path(), file.commentableLines()));
        ArrayNode comments = JSON.createArrayNode();
        for (Finding finding : result.findings()) {
            BitSet lines = finding.file() == null ? null : commentable.get(finding.file());
            if (lines != null && finding.line() > 0 && lines.get(finding.line()) && comments.size() < MAX_REVIEW_COMMENTS) {
                comments.addObject().put("path", finding.file()).put("line", finding.line()).put("side", "RIGHT")
                        .put("body", ResultText.comment(finding));
            }
        }
        if (comments.isEmpty()) {
            return;
        }
        ObjectNode body = JSON.createObjectNode()
                .put("commit_id", run.headSha())
                .put("event", "COMMENT")
                .put("body", "Aurelis " + run.workflow() + ": " + ResultText.title(result));
        body.set("comments", comments);
        JsonNode review = api.post("/repos/" + run.repository() + "/pulls/" + run.pullNumber() + "/reviews", body);
        publications.reviewPosted(run, review.path("id").asLong());
    }

    /** Edits the pull request's summary comment of this workflow, or writes it the first time. */
    private void summaryComment(Run run, String text) {
        ObjectNode body = JSON.createObjectNode().put("body", cut(text));
        Optional<Long> existing = publications.summaryComment(run);
        if (existing.isPresent()) {
            try {
                api.patch("/repos/" + run.repository() + "/issues/comments/" + existing.get(), body);
                return;
            } catch (CodeHostHttp.Failure e) {
                if (e.status != 404) {
                    throw e;
                }
                // someone deleted the comment: write a new one
            }
        }
        JsonNode comment = api.post("/repos/" + run.repository() + "/issues/" + run.pullNumber() + "/comments", body);
        publications.summaryComment(run, comment.path("id").asLong());
    }

    private static String level(Finding finding, boolean blocking) {
        if (blocking) {
            return "failure";
        }
        return finding.severity().atLeast(Severity.MEDIUM) ? "warning" : "notice";
    }

    /** Pushes to a branch get a check of their own name, apart from the pull request's check on the same commit. */
    static String checkName(Run run) {
        return "Aurelis / " + run.workflow() + (run.pullNumber() == null ? " (push)" : "");
    }

    private static String cut(String text) {
        return text.length() <= MAX_TEXT ? text : text.substring(0, MAX_TEXT) + "\n\n(cut at " + MAX_TEXT + " characters)";
    }
}
