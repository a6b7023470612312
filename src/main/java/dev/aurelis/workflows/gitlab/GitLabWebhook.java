package dev.aurelis.workflows.gitlab;

import dev.aurelis.workflows.definitions.RepositoryBinding;
import dev.aurelis.workflows.definitions.Trigger;
import dev.aurelis.workflows.definitions.WorkflowCatalog;
import dev.aurelis.workflows.execution.NewRun;
import dev.aurelis.workflows.execution.RunStarter;
import dev.aurelis.workflows.webhooks.WebhookAnswer;
import dev.aurelis.workflows.webhooks.WebhookBodies;
import dev.aurelis.workflows.webhooks.WebhookEndpoints;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code POST /webhooks/gitlab}: a delivery is authenticated by its {@code X-Gitlab-Token} (compared in constant time)
 * before anything in it is read, recognised by its {@code Idempotency-Key} (or {@code X-Gitlab-Event-UUID}) so a
 * retried delivery starts nothing, and answered at once. Merge request hooks with the action {@code open} or
 * {@code reopen} are {@code pr_created}, {@code update} with new commits ({@code oldrev}) is {@code commit_pushed}; a
 * push hook to a branch is {@code commit_pushed} without a merge request.
 */
@Component
class GitLabWebhook implements WebhookEndpoints.Receiver {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String NO_COMMIT = "0000000000000000000000000000000000000000";

    private final WorkflowCatalog catalog;
    private final RunStarter runs;

    GitLabWebhook(WorkflowCatalog catalog, RunStarter runs) {
        this.catalog = catalog;
        this.runs = runs;
    }

    @Override
    public String path() {
        return "/webhooks/gitlab";
    }

    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (!catalog.enabled()) {
            WebhookAnswer.error(response, 404, "not_found_error",
                    "Code-review workflows are off here (integrations.workflows.enabled).");
            return;
        }
        String secret = catalog.gitlab().webhookSecret();
        if (secret == null) {
            WebhookAnswer.error(response, 401, "authentication_error", "No GitLab webhook token is configured "
                    + "(integrations.workflows.gitlab.webhook_secret), so no delivery can be authenticated.");
            return;
        }
        if (!WebhookBodies.sameSecret(request.getHeader("X-Gitlab-Token"), secret)) {
            WebhookAnswer.error(response, 401, "authentication_error",
                    "The delivery's X-Gitlab-Token is not the configured secret token.");
            return;
        }
        byte[] body = WebhookBodies.read(request);
        if (body == null) {
            WebhookAnswer.error(response, 413, "invalid_request_error", "The delivery exceeds 25 MB.");
            return;
        }
        String event = request.getHeader("X-Gitlab-Event");
        if (!"Merge Request Hook".equals(event) && !"Push Hook".equals(event)) {
            WebhookAnswer.ignored(response, "the event '" + event + "' starts no workflow; send merge request and push events");
            return;
        }
        String delivery = request.getHeader("Idempotency-Key");
        if (delivery == null || delivery.isBlank()) {
            delivery = request.getHeader("X-Gitlab-Event-UUID");
        }
        if (delivery == null || delivery.isBlank()) {
            WebhookAnswer.error(response, 400, "invalid_request_error",
                    "The delivery has neither an Idempotency-Key nor an X-Gitlab-Event-UUID.");
            return;
        }
        if (!catalog.automatedReviews()) {
            WebhookAnswer.ignored(response, "automated reviews are off (integrations.workflows.automated_reviews)");
            return;
        }
        JsonNode payload;
        try {
            payload = JSON.readTree(body);
        } catch (JacksonException e) {
            WebhookAnswer.error(response, 400, "invalid_request_error", "The delivery's body is not JSON.");
            return;
        }
        String project = payload.path("project").path("path_with_namespace").asString("");
        Optional<RepositoryBinding> repository = catalog.repository("gitlab", project);
        if (repository.isEmpty()) {
            WebhookAnswer.ignored(response, "the project '" + project + "' is not in integrations.workflows.repositories");
            return;
        }
        Optional<NewRunParts> change = "Push Hook".equals(event) ? push(payload) : mergeRequest(payload);
        if (change.isEmpty()) {
            WebhookAnswer.ignored(response, "this " + event + " starts no review");
            return;
        }
        NewRunParts c = change.get();
        List<String> labels = "Push Hook".equals(event) ? null
                : payload.path("labels").valueStream().map(l -> l.path("title").asString("")).toList();
        List<NewRun> started = catalog.workflowsFor(repository.get(), c.trigger(), c.author(), labels).stream()
                .map(w -> new NewRun(w, repository.get(), c.number(), c.base(), c.head(), c.trigger(), c.author(),
                        c.title(), null))
                .toList();
        RunStarter.Started result = runs.start("gitlab", delivery.strip(), started);
        if (result.duplicate()) {
            WebhookAnswer.duplicate(response);
        } else {
            WebhookAnswer.accepted(response, result.runs());
        }
    }

    private record NewRunParts(Trigger trigger, Long number, String base, String head, String author, String title) {
    }

    private static Optional<NewRunParts> mergeRequest(JsonNode payload) {
        JsonNode mr = payload.path("object_attributes");
        Trigger trigger = switch (mr.path("action").asString("")) {
            case "open", "reopen" -> Trigger.PR_CREATED;
            case "update" -> mr.path("oldrev").isString() ? Trigger.COMMIT_PUSHED : null; // else only details changed
            default -> null;
        };
        boolean draft = mr.path("draft").asBoolean(false) || mr.path("work_in_progress").asBoolean(false);
        String head = mr.path("last_commit").path("id").asString(null);
        if (trigger == null || draft || head == null) {
            return Optional.empty();
        }
        return Optional.of(new NewRunParts(trigger, mr.path("iid").asLong(), null, head,
                payload.path("user").path("username").asString(null), mr.path("title").asString(null)));
    }

    private static Optional<NewRunParts> push(JsonNode payload) {
        String after = payload.path("after").asString("");
        if (!payload.path("ref").asString("").startsWith("refs/heads/") || after.isEmpty() || after.equals(NO_COMMIT)) {
            return Optional.empty(); // a deleted branch or a tag
        }
        JsonNode commits = payload.path("commits");
        String title = commits.isEmpty() ? null : commits.get(commits.size() - 1).path("title").asString(null);
        return Optional.of(new NewRunParts(Trigger.COMMIT_PUSHED, null, payload.path("before").asString(null), after,
                payload.path("user_username").asString(null), title));
    }
}
