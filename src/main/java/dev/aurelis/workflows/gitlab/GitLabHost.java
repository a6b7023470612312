package dev.aurelis.workflows.gitlab;

import dev.aurelis.workflows.execution.ChangedFile;
import dev.aurelis.workflows.execution.CodeHost;
import dev.aurelis.workflows.execution.CodeHostHttp;
import dev.aurelis.workflows.execution.Finding;
import dev.aurelis.workflows.execution.Publications;
import dev.aurelis.workflows.execution.ResultText;
import dev.aurelis.workflows.execution.Run;
import dev.aurelis.workflows.execution.RunResult;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * GitLab as a code host: the merge request's diffs (or a compare for a push), a commit status per workflow run
 * ({@code running}, then {@code success} or {@code failed}, so a pipeline rule or merge check can require it), a
 * discussion on each finding that sits on a line the change adds, and one summary note per merge request and
 * workflow, edited on every later run.
 */
@Component
class GitLabHost implements CodeHost {

    private static final int MAX_PAGES = 30;
    private static final int MAX_DISCUSSIONS = 30;
    private static final int MAX_TEXT = 60_000;
    private static final String NO_COMMIT = "0000000000000000000000000000000000000000";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final GitLabApi api;
    private final Publications publications;

    GitLabHost(GitLabApi api, Publications publications) {
        this.api = api;
        this.publications = publications;
    }

    @Override
    public String source() {
        return "gitlab";
    }

    @Override
    public List<ChangedFile> files(Run run) {
        String project = GitLabApi.project(run.repository());
        List<ChangedFile> files = new ArrayList<>();
        if (run.pullNumber() != null) {
            for (int page = 1; page <= MAX_PAGES; page++) {
                JsonNode list = api.get(project + "/merge_requests/" + run.pullNumber() + "/diffs?per_page=100&page=" + page);
                list.forEach(diff -> files.add(file(diff)));
                if (list.size() < 100) {
                    break;
                }
            }
            return files;
        }
        JsonNode diffs = run.baseSha() == null || run.baseSha().equals(NO_COMMIT)
                ? api.get(project + "/repository/commits/" + run.headSha() + "/diff")
                : api.get(project + "/repository/compare?from=" + run.baseSha() + "&to=" + run.headSha()).path("diffs");
        diffs.forEach(diff -> files.add(file(diff)));
        return files;
    }

    private static ChangedFile file(JsonNode diff) {
        String status = diff.path("new_file").asBoolean(false) ? "added"
                : diff.path("deleted_file").asBoolean(false) ? "removed"
                : diff.path("renamed_file").asBoolean(false) ? "renamed" : "modified";
        String text = diff.path("diff").asString("");
        return new ChangedFile(diff.path("new_path").asString(), status, text.isEmpty() ? null : text);
    }

    @Override
    public Long started(Run run) {
        return status(run, "running", "Reviewing with " + run.workflow());
    }

    @Override
    public void publish(Run run, RunResult result, List<ChangedFile> files) {
        if (run.pullNumber() != null) {
            if (run.reviewId() == null) {
                discussions(run, result, files);
            }
            summaryNote(run, ResultText.summaryComment(run, result));
        }
        status(run, result.blocked() ? "failed" : "success", ResultText.title(result)); // last, as on GitHub
    }

    @Override
    public void skipped(Run run, String reason) {
        status(run, "skipped", "Not reviewed: " + reason);
    }

    @Override
    public String link(Run run) {
        String web = api.baseUrl().replaceFirst("/api/v4$", "");
        return web + "/" + run.repository() + (run.pullNumber() != null ? "/-/merge_requests/" + run.pullNumber()
                : "/-/commit/" + run.headSha());
    }

    @Override
    public void cancelled(Run run) {
        status(run, "canceled", "Cancelled by a newer push");
    }

    private Long status(Run run, String state, String description) {
        ObjectNode body = JSON.createObjectNode().put("state", state)
                .put("name", "Aurelis / " + run.workflow() + (run.pullNumber() == null ? " (push)" : ""))
                .put("description", description.length() > 255 ? description.substring(0, 255) : description);
        return api.post(GitLabApi.project(run.repository()) + "/statuses/" + run.headSha(), body).path("id").asLong();
    }

    /** A discussion on each finding on a line the merge request adds, positioned on the merge request's diff. */
    private void discussions(Run run, RunResult result, List<ChangedFile> files) {
        Map<String, BitSet> added = new HashMap<>();
        files.forEach(file -> added.put(file.path(), file.addedLines()));
        String mergeRequest = GitLabApi.project(run.repository()) + "/merge_requests/" + run.pullNumber();
        JsonNode refs = null;
        long first = 0;
        int posted = 0;
        for (Finding finding : result.findings()) {
            BitSet lines = finding.file() == null ? null : added.get(finding.file());
            if (lines == null || finding.line() <= 0 || !lines.get(finding.line()) || posted >= MAX_DISCUSSIONS) {
                continue;
            }
            if (refs == null) {
                refs = api.get(mergeRequest).path("diff_refs");
            }
            ObjectNode body = JSON.createObjectNode().put("body", ResultText.comment(finding));
            body.putObject("position").put("position_type", "text")
                    .put("base_sha", refs.path("base_sha").asString())
                    .put("start_sha", refs.path("start_sha").asString())
                    .put("head_sha", refs.path("head_sha").asString())
                    .put("old_path", finding.file()).put("new_path", finding.file())
                    .put("new_line", finding.line());
            JsonNode discussion = api.post(mergeRequest + "/discussions", body);
            if (first == 0) {
                first = discussion.path("notes").path(0).path("id").asLong();
            }
            posted++;
        }
        if (first != 0) {
            publications.reviewPosted(run, first);
        }
    }

    private void summaryNote(Run run, String text) {
        String notes = GitLabApi.project(run.repository()) + "/merge_requests/" + run.pullNumber() + "/notes";
        ObjectNode body = JSON.createObjectNode().put("body", text.length() <= MAX_TEXT ? text : text.substring(0, MAX_TEXT));
        Optional<Long> existing = publications.summaryComment(run);
        if (existing.isPresent()) {
            try {
                api.put(notes + "/" + existing.get(), body);
                return;
            } catch (CodeHostHttp.Failure e) {
                if (e.status != 404) {
                    throw e;
                }
            }
        }
        publications.summaryComment(run, api.post(notes, body).path("id").asLong());
    }
}
