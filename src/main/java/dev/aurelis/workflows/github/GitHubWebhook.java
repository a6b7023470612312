package dev.aurelis.workflows.github;

import dev.aurelis.workflows.definitions.RepositoryBinding;
import dev.aurelis.workflows.definitions.Trigger;
import dev.aurelis.workflows.definitions.Workflow;
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
 * {@code POST /webhooks/github}: a delivery is authenticated by its {@code X-Hub-Signature-256} before anything in
 * it is read, recognised by its {@code X-GitHub-Delivery} id (a redelivery starts nothing), and answered at once;
 * the runs it starts execute in the background. {@code pull_request} events {@code opened}, {@code reopened} and
 * {@code ready_for_review} are {@code pr_created}, {@code synchronize} is {@code commit_pushed}; a {@code push} to a
 * branch is {@code commit_pushed} without a pull request.
 */
@Component
class GitHubWebhook implements WebhookEndpoints.Receiver {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final WorkflowCatalog catalog;
    private final RunStarter runs;
    private final GitHubAppTokens appTokens;

    GitHubWebhook(WorkflowCatalog catalog, RunStarter runs, GitHubAppTokens appTokens) {
        this.catalog = catalog;
        this.runs = runs;
        this.appTokens = appTokens;
    }

    @Override
    public String path() {
        return "/webhooks/github";
    }

    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (!catalog.enabled()) {
            WebhookAnswer.error(response, 404, "not_found_error",
                    "Code-review workflows are off here (integrations.workflows.enabled).");
            return;
        }
        String secret = catalog.github().webhookSecret();
        if (secret == null) {
            WebhookAnswer.error(response, 401, "authentication_error", "No GitHub webhook secret is configured "
                    + "(integrations.workflows.github.webhook_secret), so no delivery can be authenticated.");
            return;
        }
        byte[] body = WebhookBodies.read(request);
        if (body == null) {
            WebhookAnswer.error(response, 413, "invalid_request_error", "The delivery exceeds 25 MB.");
            return;
        }
        if (!WebhookSignature.valid(secret, body, request.getHeader(WebhookSignature.HEADER))) {
            WebhookAnswer.error(response, 401, "authentication_error",
                    "The delivery's X-Hub-Signature-256 does not match its body under the configured secret.");
            return;
        }
        String event = request.getHeader("X-GitHub-Event");
        String delivery = request.getHeader("X-GitHub-Delivery");
        if ("ping".equals(event)) {
            WebhookAnswer.ok(response, "pong");
            return;
        }
        if (!"pull_request".equals(event) && !"push".equals(event)) {
            WebhookAnswer.ignored(response, "the event '" + event + "' starts no workflow; send pull_request and push");
            return;
        }
        if (delivery == null || delivery.isBlank()) {
            WebhookAnswer.error(response, 400, "invalid_request_error", "The delivery has no X-GitHub-Delivery id.");
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
        String repositoryName = payload.path("repository").path("full_name").asString("");
        Optional<RepositoryBinding> repository = catalog.repository("github", repositoryName);
        if (repository.isEmpty()) {
            WebhookAnswer.ignored(response, "the repository '" + repositoryName
                    + "' is not in integrations.workflows.repositories");
            return;
        }
        Optional<Change> change = "push".equals(event) ? push(payload) : pullRequest(payload);
        if (change.isEmpty()) {
            WebhookAnswer.ignored(response, "this " + event + " action starts no review");
            return;
        }
        Change c = change.get();
        // an app's delivery names its installation: the runs' calls use that installation's token
        appTokens.remember(repositoryName, payload.path("installation").path("id").asLong(0));
        List<NewRun> started = catalog.workflowsFor(repository.get(), c.trigger(), c.author(), c.labels()).stream()
                .map((Workflow w) -> new NewRun(w, repository.get(), c.pullNumber(), c.base(), c.head(), c.trigger(),
                        c.author(), c.title(), null))
                .toList();
        RunStarter.Started result = runs.start("github", delivery.strip(), started);
        if (result.duplicate()) {
            WebhookAnswer.duplicate(response);
        } else {
            WebhookAnswer.accepted(response, result.runs());
        }
    }

    /** @param labels the pull request's labels; null for a push, which has none */
    private record Change(Trigger trigger, Long pullNumber, String base, String head, String author, String title,
            List<String> labels) {
    }

    private static Optional<Change> pullRequest(JsonNode payload) {
        JsonNode pr = payload.path("pull_request");
        Trigger trigger = switch (payload.path("action").asString("")) {
            case "opened", "reopened", "ready_for_review" -> Trigger.PR_CREATED;
            case "synchronize" -> Trigger.COMMIT_PUSHED;
            default -> null;
        };
        if (trigger == null || pr.path("draft").asBoolean(false) || !pr.path("head").path("sha").isString()) {
            return Optional.empty(); // drafts are reviewed once they are ready for review
        }
        return Optional.of(new Change(trigger, pr.path("number").asLong(payload.path("number").asLong()),
                pr.path("base").path("sha").asString(null), pr.path("head").path("sha").asString(),
                pr.path("user").path("login").asString(null), pr.path("title").asString(null),
                pr.path("labels").valueStream().map(l -> l.path("name").asString("")).toList()));
    }

    private static Optional<Change> push(JsonNode payload) {
        if (payload.path("deleted").asBoolean(false) || !payload.path("ref").asString("").startsWith("refs/heads/")
                || !payload.path("after").isString()) {
            return Optional.empty(); // a deleted branch or a tag: nothing to review
        }
        String author = payload.path("pusher").path("name").asString(payload.path("sender").path("login").asString(null));
        String title = payload.path("head_commit").path("message").asString(null);
        return Optional.of(new Change(Trigger.COMMIT_PUSHED, null, payload.path("before").asString(null),
                payload.path("after").asString(), author, title == null ? null : title.lines().findFirst().orElse(null),
                null));
    }
}
